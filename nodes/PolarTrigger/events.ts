/**
 * Every Polar webhook event type the node knows, as data. The node description, the lifecycle
 * (what `*` subscribes to), the README table and the tests all read this one list.
 *
 * `catalogue: 'documented'` marks the 31 types Polar has long documented; `'2026-10'` marks the types
 * added in API version 2026-10; `'newer'` marks types Polar sends that the 2026-10 OpenAPI document does not
 * list yet (its SDKs do). Polar keeps adding types: a verified delivery of a type missing here is still
 * emitted when the user chose all events.
 */
export interface PolarEventType {
	/** Exact type string, as in the delivery's `type` and the endpoint's `events`. */
	type: string;
	/** Readable name shown in the events list. */
	name: string;
	/** When Polar sends it, in one line. */
	description: string;
	/** The Polar object carried in the delivery's `data`. */
	dataObject: string;
	catalogue: 'documented' | '2026-10' | 'newer';
}

export const POLAR_EVENT_TYPES: readonly PolarEventType[] = [
	{
		type: 'benefit.created',
		name: 'Benefit Created',
		description: 'A benefit was created',
		dataObject: 'Benefit',
		catalogue: 'documented',
	},
	{
		type: 'benefit.updated',
		name: 'Benefit Updated',
		description: 'A benefit was updated',
		dataObject: 'Benefit',
		catalogue: 'documented',
	},
	{
		type: 'benefit_grant.created',
		name: 'Benefit Grant Created',
		description: 'A customer was granted a benefit',
		dataObject: 'BenefitGrant',
		catalogue: 'documented',
	},
	{
		type: 'benefit_grant.cycled',
		name: 'Benefit Grant Cycled',
		description: 'A benefit grant was renewed for a new billing period',
		dataObject: 'BenefitGrant',
		catalogue: 'documented',
	},
	{
		type: 'benefit_grant.revoked',
		name: 'Benefit Grant Revoked',
		description: "A customer's benefit was revoked",
		dataObject: 'BenefitGrant',
		catalogue: 'documented',
	},
	{
		type: 'benefit_grant.updated',
		name: 'Benefit Grant Updated',
		description: 'A benefit grant changed, e.g. its properties',
		dataObject: 'BenefitGrant',
		catalogue: 'documented',
	},
	{
		type: 'checkout.created',
		name: 'Checkout Created',
		description: 'A checkout session was created',
		dataObject: 'Checkout',
		catalogue: 'documented',
	},
	{
		type: 'checkout.updated',
		name: 'Checkout Updated',
		description: 'A checkout session changed, e.g. it was confirmed or succeeded',
		dataObject: 'Checkout',
		catalogue: 'documented',
	},
	{
		type: 'customer.created',
		name: 'Customer Created',
		description: 'A customer was created',
		dataObject: 'Customer',
		catalogue: 'documented',
	},
	{
		type: 'customer.deleted',
		name: 'Customer Deleted',
		description: 'A customer was deleted',
		dataObject: 'Customer',
		catalogue: 'documented',
	},
	{
		type: 'customer.state_changed',
		name: 'Customer State Changed',
		description: "A customer's subscriptions, benefits or meters changed",
		dataObject: 'CustomerState',
		catalogue: 'documented',
	},
	{
		type: 'customer.updated',
		name: 'Customer Updated',
		description: 'A customer was updated',
		dataObject: 'Customer',
		catalogue: 'documented',
	},
	{
		type: 'customer_seat.assigned',
		name: 'Customer Seat Assigned',
		description: 'A seat was assigned to a member of a team customer',
		dataObject: 'CustomerSeat',
		catalogue: 'documented',
	},
	{
		type: 'customer_seat.claimed',
		name: 'Customer Seat Claimed',
		description: 'An assigned seat was claimed',
		dataObject: 'CustomerSeat',
		catalogue: 'documented',
	},
	{
		type: 'customer_seat.revoked',
		name: 'Customer Seat Revoked',
		description: 'A seat was revoked',
		dataObject: 'CustomerSeat',
		catalogue: 'documented',
	},
	{
		type: 'order.created',
		name: 'Order Created',
		description: 'An order was created (purchase or renewal), possibly not paid yet',
		dataObject: 'Order',
		catalogue: 'documented',
	},
	{
		type: 'order.paid',
		name: 'Order Paid',
		description: 'An order was fully processed and paid',
		dataObject: 'Order',
		catalogue: 'documented',
	},
	{
		type: 'order.refunded',
		name: 'Order Refunded',
		description: 'An order was fully or partially refunded',
		dataObject: 'Order',
		catalogue: 'documented',
	},
	{
		type: 'order.updated',
		name: 'Order Updated',
		description: 'An order changed, e.g. its status',
		dataObject: 'Order',
		catalogue: 'documented',
	},
	{
		type: 'organization.updated',
		name: 'Organization Updated',
		description: 'Your organization was updated',
		dataObject: 'Organization',
		catalogue: 'documented',
	},
	{
		type: 'product.created',
		name: 'Product Created',
		description: 'A product was created',
		dataObject: 'Product',
		catalogue: 'documented',
	},
	{
		type: 'product.updated',
		name: 'Product Updated',
		description: 'A product was updated or archived',
		dataObject: 'Product',
		catalogue: 'documented',
	},
	{
		type: 'refund.created',
		name: 'Refund Created',
		description: 'A refund was created, whatever its status',
		dataObject: 'Refund',
		catalogue: 'documented',
	},
	{
		type: 'refund.updated',
		name: 'Refund Updated',
		description: 'A refund changed, e.g. it succeeded',
		dataObject: 'Refund',
		catalogue: 'documented',
	},
	{
		type: 'subscription.active',
		name: 'Subscription Active',
		description: 'A subscription became active',
		dataObject: 'Subscription',
		catalogue: 'documented',
	},
	{
		type: 'subscription.canceled',
		name: 'Subscription Canceled',
		description: 'A subscription was canceled, usually effective at the end of the period',
		dataObject: 'Subscription',
		catalogue: 'documented',
	},
	{
		type: 'subscription.created',
		name: 'Subscription Created',
		description: 'A subscription was created',
		dataObject: 'Subscription',
		catalogue: 'documented',
	},
	{
		type: 'subscription.past_due',
		name: 'Subscription Past Due',
		description: 'A renewal payment failed and the subscription is past due',
		dataObject: 'Subscription',
		catalogue: 'documented',
	},
	{
		type: 'subscription.revoked',
		name: 'Subscription Revoked',
		description: 'A subscription ended and the customer lost access',
		dataObject: 'Subscription',
		catalogue: 'documented',
	},
	{
		type: 'subscription.uncanceled',
		name: 'Subscription Uncanceled',
		description: 'A pending cancellation was withdrawn',
		dataObject: 'Subscription',
		catalogue: 'documented',
	},
	{
		type: 'subscription.updated',
		name: 'Subscription Updated',
		description: 'A subscription changed in any way, renewals included',
		dataObject: 'Subscription',
		catalogue: 'documented',
	},
	{
		type: 'checkout.expired',
		name: 'Checkout Expired',
		description: 'A checkout session expired without being completed',
		dataObject: 'Checkout',
		catalogue: '2026-10',
	},
	{
		type: 'discount.created',
		name: 'Discount Created',
		description: 'A discount was created',
		dataObject: 'Discount',
		catalogue: '2026-10',
	},
	{
		type: 'discount.deleted',
		name: 'Discount Deleted',
		description: 'A discount was deleted',
		dataObject: 'Discount',
		catalogue: '2026-10',
	},
	{
		type: 'discount.updated',
		name: 'Discount Updated',
		description: 'A discount was updated',
		dataObject: 'Discount',
		catalogue: '2026-10',
	},
	{
		type: 'member.created',
		name: 'Member Created',
		description: 'A member was added to a team customer',
		dataObject: 'Member',
		catalogue: '2026-10',
	},
	{
		type: 'member.deleted',
		name: 'Member Deleted',
		description: 'A member was removed from a team customer',
		dataObject: 'Member',
		catalogue: '2026-10',
	},
	{
		type: 'member.updated',
		name: 'Member Updated',
		description: 'A member of a team customer was updated',
		dataObject: 'Member',
		catalogue: '2026-10',
	},
	{
		type: 'subscription.cycled',
		name: 'Subscription Cycled',
		description: 'A subscription entered a new billing period',
		dataObject: 'Subscription',
		catalogue: '2026-10',
	},
	{
		type: 'subscription.paused',
		name: 'Subscription Paused',
		description: 'A subscription was paused and the customer temporarily lost access',
		dataObject: 'Subscription',
		catalogue: '2026-10',
	},
	{
		type: 'subscription.resumed',
		name: 'Subscription Resumed',
		description: "A paused subscription resumed, restoring the customer's access",
		dataObject: 'Subscription',
		catalogue: '2026-10',
	},
	// Beside `data`, its payload carries `provider` and `provider_subscription_id` at the top level.
	{
		type: 'subscription.migrated',
		name: 'Subscription Migrated',
		description: 'Polar took over billing of a subscription migrated from another provider',
		dataObject: 'Subscription',
		catalogue: 'newer',
	},
];

/** The "all events" choice: subscribes to every known type and emits unknown ones too. */
export const ALL_EVENTS = '*';

export const KNOWN_EVENT_TYPES: readonly string[] = POLAR_EVENT_TYPES.map((event) => event.type);

/**
 * The event types to register in Polar for a selection. `*` means every type this version knows;
 * duplicates are dropped and the result is sorted, so it can be compared with what Polar returns.
 */
export function eventTypesToRegister(selected: readonly string[]): string[] {
	const types = selected.includes(ALL_EVENTS) ? KNOWN_EVENT_TYPES : selected;
	return [...new Set(types)].sort();
}

/** Whether a verified delivery of `type` should start the workflow for this selection. */
export function isEventSelected(selected: readonly string[], type: string): boolean {
	return selected.includes(ALL_EVENTS) || selected.includes(type);
}
