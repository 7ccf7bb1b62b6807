/** The 31 event types the product promises, exactly as Polar documents them (README.md's Events table). */
export const PROMISED_EVENT_TYPES =
	`benefit.created benefit.updated benefit_grant.created benefit_grant.cycled benefit_grant.revoked
benefit_grant.updated checkout.created checkout.updated customer.created customer.deleted
customer.state_changed customer.updated customer_seat.assigned customer_seat.claimed customer_seat.revoked
order.created order.paid order.refunded order.updated organization.updated product.created product.updated
refund.created refund.updated subscription.active subscription.canceled subscription.created
subscription.past_due subscription.revoked subscription.uncanceled subscription.updated`.split(
		/\s+/,
	);

/** The types API version 2026-10 added. */
export const NEWER_EVENT_TYPES = [
	'checkout.expired',
	'member.created',
	'member.updated',
	'member.deleted',
	'subscription.cycled',
	'subscription.paused',
	'subscription.resumed',
	'discount.created',
	'discount.updated',
	'discount.deleted',
];

/** Types Polar sends that the 2026-10 OpenAPI document predates (its SDKs list them): 42 types in all. */
export const LATEST_EVENT_TYPES = ['subscription.migrated'];
