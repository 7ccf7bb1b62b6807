/**
 * Subscriptions: list, get, cancel at period end / uncancel (`PATCH {cancel_at_period_end}`), revoke
 * (`DELETE`, or `PATCH {revoke: true}`), with the rules of Polar's
 * subscription service (`Subscription.can_cancel` decides what can still be canceled).
 */
import { type ApiResponse, notFound, polarError } from '../answers';
import type { ActionHandler, ActionRequest } from './context';
import { listAnswer, matchesMetadata, passes, time } from './context';
import { revokeGrants } from './benefitGrants';
import { embedCustomer } from './customers';
import { presentProduct } from './products';
import type { ActionStore, Fields, SubscriptionRecord } from './store';

const DAY = 86_400_000;
/** Statuses Polar bills (and may cancel): `SubscriptionStatus.billable_statuses()`. */
const BILLABLE = ['trialing', 'active', 'past_due'];
/** `active=true` / `active=false` in the list filter: active vs revoked statuses. */
const ACTIVE = ['trialing', 'active'];
const REVOKED = ['past_due', 'canceled', 'unpaid'];

/** 403 for canceling or revoking a subscription that already is (`AlreadyCanceledSubscription`). */
function alreadyCanceled(): ApiResponse {
	return polarError(
		403,
		'AlreadyCanceledSubscription',
		'This subscription is already canceled or will be at the end of the period.',
	);
}

export interface SubscriptionInput {
	customer_id: string;
	product_id: string;
	/** Default `active`; `canceled` also sets `ended_at` (a revoked subscription). */
	status?: string;
	cancel_at_period_end?: boolean;
	metadata?: Record<string, string | number | boolean>;
	created_at?: string;
}

export function createSubscription(
	store: ActionStore,
	input: SubscriptionInput,
): SubscriptionRecord {
	const product = store.products.get(input.product_id);
	const created = input.created_at ?? store.stamp();
	const status = input.status ?? 'active';
	const periodStart = store.at(-5 * DAY);
	const periodEnd = store.at(25 * DAY);
	const canceling = !!input.cancel_at_period_end;
	const ended = status === 'canceled' ? store.at(-DAY) : null;
	const subscription: SubscriptionRecord = {
		created_at: created,
		modified_at: null,
		id: store.id(),
		amount: product?.prices[0]?.price_amount ?? 0,
		currency: 'usd',
		recurring_interval: product?.recurring_interval ?? 'month',
		recurring_interval_count: 1,
		status,
		current_period_start: periodStart,
		current_period_end: periodEnd,
		current_meter_period_start: null,
		current_meter_period_end: null,
		trial_start: null,
		trial_end: null,
		cancel_at_period_end: canceling,
		canceled_at: canceling ? store.at(-2 * DAY) : ended,
		started_at: created,
		ends_at: canceling ? periodEnd : ended,
		ended_at: ended,
		past_due_at: null,
		pause_at_period_end: false,
		paused_at: null,
		resumes_at: null,
		customer_id: input.customer_id,
		product_id: input.product_id,
		discount_id: null,
		checkout_id: null,
		seats: null,
		customer_cancellation_reason: null,
		customer_cancellation_comment: null,
		metadata: { ...(input.metadata ?? {}) },
		custom_field_data: {},
	};
	store.subscriptions.set(subscription.id, subscription);
	return subscription;
}

/** A Subscription as Polar answers it (customer, product and prices embedded). */
export function presentSubscription(store: ActionStore, subscription: SubscriptionRecord): Fields {
	const product = store.products.get(subscription.product_id);
	return {
		...structuredClone(subscription),
		customer: embedCustomer(store, subscription.customer_id, 'SubscriptionCustomer'),
		product: product ? presentProduct(store, product) : null,
		discount: null,
		prices: product ? structuredClone(product.prices) : [],
		meters: [],
		pending_update: null,
	};
}

/** The token's subscription with the path's ID (Polar lists and finds only started subscriptions). */
function findSubscription(request: ActionRequest): SubscriptionRecord | undefined {
	const { store, subject, params } = request;
	const subscription = store.subscriptions.get(params.id as string);
	if (!subscription || subscription.started_at === null) return undefined;
	return store.organizationOfCustomer(subscription.customer_id) === subject.organizationId
		? subscription
		: undefined;
}

function after(value: string | null, bound: unknown): boolean {
	return bound === undefined || (value !== null && Date.parse(value) >= Date.parse(String(bound)));
}

function before(value: string | null, bound: unknown): boolean {
	return bound === undefined || (value !== null && Date.parse(value) <= Date.parse(String(bound)));
}

export const listSubscriptions: ActionHandler = (request) => {
	const { store, subject, query } = request;
	const all = [...store.subscriptions.values()].filter((subscription) => {
		const customer = store.customers.get(subscription.customer_id);
		return (
			subscription.started_at !== null &&
			customer?.organization_id === subject.organizationId &&
			passes(request, 'organization_id', customer.organization_id) &&
			passes(request, 'product_id', subscription.product_id) &&
			passes(request, 'customer_id', subscription.customer_id) &&
			passes(request, 'external_customer_id', customer.external_id) &&
			passes(request, 'discount_id', subscription.discount_id) &&
			(query.active === undefined ||
				(query.active ? ACTIVE : REVOKED).includes(subscription.status)) &&
			passes(request, 'status', subscription.status) &&
			(query.cancel_at_period_end === undefined ||
				subscription.cancel_at_period_end === query.cancel_at_period_end) &&
			passes(request, 'customer_cancellation_reason', subscription.customer_cancellation_reason) &&
			after(subscription.canceled_at, query.canceled_at_after) &&
			before(subscription.canceled_at, query.canceled_at_before) &&
			after(subscription.started_at, query.started_after) &&
			before(subscription.started_at, query.started_before) &&
			matchesMetadata(request, subscription.metadata)
		);
	});
	return listAnswer(
		request,
		all,
		{
			customer: (subscription) => store.customers.get(subscription.customer_id)?.email ?? null,
			status: (subscription) => subscription.status,
			started_at: (subscription) => time(subscription.started_at),
			current_period_end: (subscription) => time(subscription.current_period_end),
			ended_at: (subscription) => time(subscription.ended_at),
			ends_at: (subscription) => time(subscription.ends_at),
			amount: (subscription) => subscription.amount,
			product: (subscription) => store.products.get(subscription.product_id)?.name ?? null,
			discount: (subscription) => subscription.discount_id as string | null,
		},
		(subscription) => presentSubscription(store, subscription),
	);
};

export const getSubscription: ActionHandler = (request) => {
	const subscription = findSubscription(request);
	if (!subscription) return notFound();
	return { status: 200, json: presentSubscription(request.store, subscription) };
};

/** `Subscription.can_cancel(immediately)`: billable, not ended, and (at period end) not already canceling. */
function canCancel(subscription: SubscriptionRecord, immediately: boolean): boolean {
	if (!BILLABLE.includes(subscription.status) || subscription.ended_at) return false;
	return immediately || !(subscription.cancel_at_period_end || subscription.ends_at);
}

function cancellationReason(subscription: SubscriptionRecord, body: Record<string, unknown>): void {
	if (typeof body.customer_cancellation_reason === 'string')
		subscription.customer_cancellation_reason = body.customer_cancellation_reason;
	if (typeof body.customer_cancellation_comment === 'string' && body.customer_cancellation_comment)
		subscription.customer_cancellation_comment = body.customer_cancellation_comment;
}

function revoke(
	store: ActionStore,
	subscription: SubscriptionRecord,
	body: Record<string, unknown>,
): ApiResponse {
	if (!canCancel(subscription, true)) return alreadyCanceled();
	const now = store.stamp();
	Object.assign(subscription, {
		canceled_at: now,
		ends_at: now,
		ended_at: now,
		status: 'canceled',
		modified_at: now,
	});
	cancellationReason(subscription, body);
	revokeGrants(store, (grant) => grant.subscription_id === subscription.id);
	return { status: 200, json: presentSubscription(store, subscription) };
}

export const updateSubscription: ActionHandler = (request) => {
	const { store, body } = request;
	const subscription = findSubscription(request);
	if (!subscription) return notFound();
	if (body.revoke === true) return revoke(store, subscription, body);
	if (typeof body.cancel_at_period_end !== 'boolean')
		return polarError(
			501,
			'NotImplemented',
			'The Polar stand-in serves only cancel_at_period_end and revoke subscription updates.',
		);

	if (body.cancel_at_period_end) {
		if (!canCancel(subscription, false)) return alreadyCanceled();
		const now = store.stamp();
		Object.assign(subscription, {
			canceled_at: now,
			cancel_at_period_end: true,
			ends_at: subscription.current_period_end,
			modified_at: now,
		});
		cancellationReason(subscription, body);
	} else {
		// Uncancel: ResourceUnavailable for an ended subscription, BadRequest when it is not canceling.
		if (subscription.ended_at) return polarError(410, 'ResourceUnavailable', 'Unavailable');
		if (!(BILLABLE.includes(subscription.status) && subscription.cancel_at_period_end))
			return polarError(400, 'BadRequest', 'Bad request');
		Object.assign(subscription, {
			cancel_at_period_end: false,
			ends_at: null,
			canceled_at: null,
			customer_cancellation_reason: null,
			customer_cancellation_comment: null,
			modified_at: store.stamp(),
		});
	}
	return { status: 200, json: presentSubscription(store, subscription) };
};

export const revokeSubscription: ActionHandler = (request) => {
	const subscription = findSubscription(request);
	if (!subscription) return notFound();
	return revoke(request.store, subscription, {});
};
