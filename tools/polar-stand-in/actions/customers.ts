/**
 * Customers: list, create, get and update by ID or external ID, and the customer state. Uniqueness rules
 * and messages as Polar's customer service has them.
 */
import { type ApiResponse, notFound, unprocessable } from '../answers';
import { type FastApiError, payloadOrganization, valueError } from '../validation';
import type { ActionHandler, ActionRequest } from './context';
import { listAnswer, matchesMetadata, passes, time } from './context';
import { pick } from './shapes';
import type { ActionStore, CustomerRecord, Fields } from './store';

const FIRST_NAMES = ['Jane', 'John', 'Amira', 'Lukas', 'Sofia', 'Kenji', 'Chloe', 'Mateo'];
const LAST_NAMES = ['Doe', 'Smith', 'Haddad', 'Schmidt', 'Rossi', 'Tanaka', 'Martin', 'Garcia'];

const EMAIL_TAKEN = 'A customer with this email address already exists.';
const EXTERNAL_ID_TAKEN = 'A customer with this external ID already exists.';

export type CustomerInput = Partial<CustomerRecord>;

/** A customer with a name and e-mail address of its own (unless `input` sets them). */
export function createCustomer(store: ActionStore, input: CustomerInput = {}): CustomerRecord {
	const n = store.customers.size + 1;
	const first = FIRST_NAMES[n % FIRST_NAMES.length] as string;
	const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length] as string;
	const customer: CustomerRecord = {
		id: store.id(),
		created_at: store.stamp(),
		modified_at: null,
		metadata: {},
		external_id: null,
		email: `${first}.${last}.${n}@example.com`.toLowerCase(),
		email_verified: false,
		type: 'individual',
		name: `${first} ${last}`,
		billing_name: null,
		billing_address: {
			line1: null,
			line2: null,
			postal_code: null,
			city: null,
			state: null,
			country: 'US',
		},
		tax_id: null,
		locale: null,
		organization_id: store.organizationId,
		default_payment_method_id: null,
		deleted_at: null,
		first_user_event_at: null,
		...input,
	};
	store.customers.set(customer.id, customer);
	return customer;
}

/** A Customer as Polar answers it (avatar derived from the e-mail, billing name defaulting to the name). */
export function presentCustomer(store: ActionStore, customer: CustomerRecord): Fields {
	return {
		...structuredClone(customer),
		billing_name: customer.billing_name ?? customer.name,
		avatar_url: store.avatarUrl(customer.email),
	};
}

/** The customer as another object embeds it (`OrderCustomer`, `SubscriptionCustomer`...). */
export function embedCustomer(store: ActionStore, customerId: string, schemaName: string): Fields {
	const customer = store.customers.get(customerId);
	return customer ? pick(presentCustomer(store, customer), schemaName) : {};
}

/** The token's live customer with this ID or external ID. */
function findCustomer(request: ActionRequest): CustomerRecord | undefined {
	const { store, subject, params } = request;
	if (params.external_id !== undefined)
		return store.customerByExternalId(subject.organizationId, params.external_id);
	const customer = store.customers.get(params.id as string);
	return customer && customer.organization_id === subject.organizationId && !customer.deleted_at
		? customer
		: undefined;
}

function emailTaken(
	store: ActionStore,
	organizationId: string,
	email: string,
	except?: string,
): boolean {
	return store
		.liveCustomers(organizationId)
		.some(
			(customer) => customer.id !== except && customer.email?.toLowerCase() === email.toLowerCase(),
		);
}

/** A subscription status that makes a customer "active" (Polar: trialing, active or past_due). */
const ACTIVE_CUSTOMER_STATUSES = ['trialing', 'active', 'past_due'];

function hasActiveSubscription(store: ActionStore, customerId: string): boolean {
	return [...store.subscriptions.values()].some(
		(subscription) =>
			subscription.customer_id === customerId &&
			ACTIVE_CUSTOMER_STATUSES.includes(subscription.status),
	);
}

export const listCustomers: ActionHandler = (request) => {
	const { store, subject, query } = request;
	const email = typeof query.email === 'string' ? query.email.toLowerCase() : undefined;
	const text = typeof query.query === 'string' ? query.query.toLowerCase() : undefined;
	const all = store
		.liveCustomers(subject.organizationId)
		.filter(
			(customer) =>
				passes(request, 'organization_id', customer.organization_id) &&
				(email === undefined || customer.email?.toLowerCase() === email) &&
				(text === undefined ||
					[customer.email, customer.name, customer.billing_name].some(
						(value) => typeof value === 'string' && value.toLowerCase().includes(text),
					) ||
					customer.external_id?.toLowerCase().startsWith(text)) &&
				(query.active === undefined ||
					hasActiveSubscription(store, customer.id) === query.active) &&
				matchesMetadata(request, customer.metadata),
		);
	return listAnswer(
		request,
		all,
		{
			created_at: (customer) => time(customer.created_at),
			email: (customer) => customer.email,
			name: (customer) => customer.name,
		},
		(customer) => presentCustomer(store, customer),
	);
};

export const createCustomerHandler: ActionHandler = ({ store, subject, body }) => {
	const organization = payloadOrganization(subject, body.organization_id, [
		'body',
		'organization_id',
	]);
	if ('errors' in organization) return unprocessable(organization.errors);
	const organizationId = organization.organizationId;
	const email = (body.email as string | null | undefined) ?? null;
	const externalId = (body.external_id as string | null | undefined) ?? null;
	const errors: FastApiError[] = [];
	if (email !== null && emailTaken(store, organizationId, email))
		errors.push(valueError(['body', 'email'], EMAIL_TAKEN, email));
	if (externalId !== null && store.customerByExternalId(organizationId, externalId))
		errors.push(valueError(['body', 'external_id'], EXTERNAL_ID_TAKEN, externalId));
	if (errors.length > 0) return unprocessable(errors);
	const taxId = taxIdProblem(body.tax_id, body.billing_address ?? null);
	if (taxId) return unprocessable([taxId]);

	const customer = createCustomer(store, {
		organization_id: organizationId,
		email,
		external_id: externalId,
		name: (body.name as string | null | undefined) ?? null,
		type: (body.type as CustomerRecord['type'] | undefined) ?? 'individual',
		billing_address: (body.billing_address as Fields | null | undefined) ?? null,
		tax_id: typeof body.tax_id === 'string' ? [body.tax_id, 'eu_vat'] : null,
		locale: (body.locale as string | null | undefined) ?? null,
		metadata: { ...((body.metadata as CustomerRecord['metadata'] | undefined) ?? {}) },
	});
	return { status: 201, json: presentCustomer(store, customer) };
};

/** Polar needs a billing address (its country) to validate a tax ID. */
function taxIdProblem(taxId: unknown, billingAddress: unknown): FastApiError | undefined {
	if (typeof taxId !== 'string' || billingAddress !== null) return undefined;
	return valueError(
		['body', 'billing_address'],
		'Country is required to validate tax ID.',
		null,
		'missing',
	);
}

export const getCustomer: ActionHandler = (request) => {
	const customer = findCustomer(request);
	if (!customer) return notFound();
	return { status: 200, json: presentCustomer(request.store, customer) };
};

/** PATCH by ID (`CustomerUpdate`) or by external ID (`CustomerUpdateExternalID`: no external_id, no type). */
export const updateCustomer: ActionHandler = (request) => {
	const { store, body } = request;
	const customer = findCustomer(request);
	if (!customer) return notFound();
	const errors = updateProblems(store, customer, body);
	if (errors.length > 0) return unprocessable(errors);
	const billingAddress =
		'billing_address' in body ? (body.billing_address as Fields) : customer.billing_address;
	const taxId = taxIdProblem(body.tax_id, billingAddress);
	if (taxId) return unprocessable([taxId]);

	if (
		typeof body.email === 'string' &&
		body.email.toLowerCase() !== customer.email?.toLowerCase()
	) {
		customer.email = body.email;
		customer.email_verified = false;
	}
	if ('name' in body) customer.name = (body.name as string | null) ?? null;
	if ('locale' in body) customer.locale = (body.locale as string | null) ?? null;
	if (typeof body.external_id === 'string') customer.external_id = body.external_id;
	if (typeof body.type === 'string') customer.type = body.type as CustomerRecord['type'];
	if ('billing_address' in body) customer.billing_address = billingAddress;
	if (typeof body.tax_id === 'string') customer.tax_id = [body.tax_id, 'eu_vat'];
	if (body.metadata !== undefined)
		customer.metadata = { ...(body.metadata as CustomerRecord['metadata']) };
	customer.modified_at = store.stamp();
	return { status: 200, json: presentCustomer(store, customer) };
};

function updateProblems(
	store: ActionStore,
	customer: CustomerRecord,
	body: Fields,
): FastApiError[] {
	const errors: FastApiError[] = [];
	const email = body.email;
	if (
		typeof email === 'string' &&
		email.toLowerCase() !== customer.email?.toLowerCase() &&
		emailTaken(store, customer.organization_id, email, customer.id)
	)
		errors.push(valueError(['body', 'email'], EMAIL_TAKEN, email));
	if ('billing_address' in body && body.billing_address === null)
		errors.push(
			valueError(
				['body', 'billing_address'],
				'Customer billing address cannot be reset to null once set.',
				null,
			),
		);
	if ('external_id' in body && body.external_id !== customer.external_id) {
		if (customer.external_id !== null)
			errors.push(
				valueError(
					['body', 'external_id'],
					'Customer external ID cannot be updated.',
					body.external_id,
				),
			);
		else if (
			typeof body.external_id === 'string' &&
			store.customerByExternalId(customer.organization_id, body.external_id)
		)
			errors.push(valueError(['body', 'external_id'], EXTERNAL_ID_TAKEN, body.external_id));
	}
	if (customer.type === 'team' && body.type === 'individual')
		errors.push(
			valueError(
				['body', 'type'],
				"Customer type cannot be downgraded from 'team' to 'individual'.",
				body.type,
			),
		);
	return errors;
}

/** The customer with its active subscriptions, granted benefits and active meters (`CustomerState`). */
export function customerState(store: ActionStore, customer: CustomerRecord): Fields {
	const subscriptions = [...store.subscriptions.values()].filter(
		(subscription) =>
			subscription.customer_id === customer.id &&
			['active', 'trialing'].includes(subscription.status),
	);
	const grants = [...store.benefitGrants.values()].filter(
		(grant) => grant.customer_id === customer.id && grant.is_granted,
	);
	const meters = [...store.customerMeters.values()].filter(
		(meter) => meter.customer_id === customer.id,
	);
	return {
		...presentCustomer(store, customer),
		active_subscriptions: subscriptions.map((subscription) => ({
			...pick(subscription, 'CustomerStateSubscription'),
			meters: [],
		})),
		granted_benefits: grants.map((grant) => {
			const benefit = store.benefits.get(grant.benefit_id);
			return {
				id: grant.id,
				created_at: grant.created_at,
				modified_at: grant.modified_at ?? null,
				granted_at: grant.granted_at,
				benefit_id: grant.benefit_id,
				benefit_type: benefit?.type,
				benefit_metadata: benefit?.metadata ?? {},
				properties: structuredClone(grant.properties),
			};
		}),
		active_meters: meters.map((meter) => pick(meter, 'CustomerStateMeter')),
	};
}

export const getCustomerState: ActionHandler = (request): ApiResponse => {
	const customer = findCustomer(request);
	if (!customer) return notFound();
	return { status: 200, json: customerState(request.store, customer) };
};
