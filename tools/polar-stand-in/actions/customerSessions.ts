/**
 * Customer sessions: `POST /v1/customer-sessions/` with `customer_id` or `external_customer_id`, answering
 * a session token and the customer portal URL, as Polar's customer-session service does.
 */
import { unprocessable } from '../answers';
import { valueError } from '../validation';
import type { ActionHandler } from './context';
import { presentCustomer } from './customers';
import { organizationRecord } from './organizations';
import type { CustomerRecord, Fields } from './store';

const HOUR = 3_600_000;

export const createCustomerSession: ActionHandler = ({ store, subject, body }) => {
	const field = 'customer_id' in body ? 'customer_id' : 'external_customer_id';
	const value = String(body[field]);
	let customer: CustomerRecord | undefined;
	if (field === 'customer_id') {
		const candidate = store.customers.get(value.toLowerCase());
		if (candidate?.organization_id === subject.organizationId && !candidate.deleted_at)
			customer = candidate;
	} else customer = store.customerByExternalId(subject.organizationId, value);
	if (!customer)
		return unprocessable([valueError(['body', field], 'Customer does not exist.', body[field])]);

	const token = `polar_cst_${store.hex(40).toLowerCase()}`;
	const slug = organizationRecord(store, customer.organization_id).slug;
	const portal = new URL(`${store.frontendUrl}/${slug}/portal`);
	portal.searchParams.set('customer_session_token', token);
	if (customer.email) portal.searchParams.set('email', customer.email);
	const session: Fields = {
		created_at: store.stamp(),
		modified_at: null,
		id: store.id(),
		token,
		expires_at: store.at(HOUR),
		return_url: (body.return_url as string | null | undefined) ?? null,
		customer_portal_url: portal.href,
		customer_id: customer.id,
	};
	store.customerSessions.set(session.id as string, session);
	return { status: 201, json: { ...session, customer: presentCustomer(store, customer) } };
};
