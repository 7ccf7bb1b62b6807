/** Benefit grants: `GET /v1/benefit-grants/`, and granting/revoking when subscriptions and orders change. */
import type { ActionHandler } from './context';
import { listAnswer, passes, time } from './context';
import { presentCustomer } from './customers';
import type { ActionStore, BenefitGrantRecord, Fields } from './store';

export interface BenefitGrantInput {
	customer_id: string;
	benefit_id: string;
	subscription_id?: string | null;
	order_id?: string | null;
	/** Revoked grants have `is_granted: false` and `revoked_at`. */
	revoked?: boolean;
	/** Properties of the grant (license keys: `license_key_id`, `display_key`). */
	properties?: Fields;
	created_at?: string;
}

export function createBenefitGrant(
	store: ActionStore,
	input: BenefitGrantInput,
): BenefitGrantRecord {
	const created = input.created_at ?? store.stamp();
	const grant: BenefitGrantRecord = {
		created_at: created,
		modified_at: null,
		id: store.id(),
		granted_at: created,
		is_granted: !input.revoked,
		revoked_at: input.revoked ? created : null,
		is_revoked: !!input.revoked,
		subscription_id: input.subscription_id ?? null,
		order_id: input.order_id ?? null,
		customer_id: input.customer_id,
		member_id: null,
		benefit_id: input.benefit_id,
		error: null,
		properties: { ...(input.properties ?? {}) },
	};
	store.benefitGrants.set(grant.id, grant);
	return grant;
}

/**
 * Revokes the granted grants `which` selects, and the license keys they gave (Polar revokes benefits
 * when a subscription is revoked, or when a refund asks for it).
 */
export function revokeGrants(
	store: ActionStore,
	which: (grant: BenefitGrantRecord) => boolean,
): void {
	for (const grant of store.benefitGrants.values()) {
		if (!grant.is_granted || !which(grant)) continue;
		const now = store.stamp();
		Object.assign(grant, {
			is_granted: false,
			is_revoked: true,
			revoked_at: now,
			modified_at: now,
		});
		const key = store.licenseKeys.get(String(grant.properties.license_key_id));
		if (key) Object.assign(key, { status: 'revoked', modified_at: now });
	}
}

function presentGrant(store: ActionStore, grant: BenefitGrantRecord): Fields {
	const customer = store.customers.get(grant.customer_id);
	return {
		...structuredClone(grant),
		customer: customer ? presentCustomer(store, customer) : null,
		member: null,
		benefit: structuredClone(store.benefits.get(grant.benefit_id)),
	};
}

export const listBenefitGrants: ActionHandler = (request) => {
	const { store, subject, query } = request;
	const all = [...store.benefitGrants.values()].filter((grant) => {
		const customer = store.customers.get(grant.customer_id);
		return (
			customer?.organization_id === subject.organizationId &&
			passes(request, 'organization_id', customer.organization_id) &&
			passes(request, 'customer_id', grant.customer_id) &&
			passes(request, 'external_customer_id', customer.external_id) &&
			(query.is_granted === undefined || grant.is_granted === query.is_granted)
		);
	});
	return listAnswer(
		request,
		all,
		{
			created_at: (grant) => time(grant.created_at),
			granted_at: (grant) => time(grant.granted_at),
			revoked_at: (grant) => time(grant.revoked_at),
		},
		(grant) => presentGrant(store, grant),
	);
};
