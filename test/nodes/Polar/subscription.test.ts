/**
 * Subscription: Get, Get Many, Cancel (at period end), Uncancel and Revoke against the stand-in, including
 * the repeat a webhook-driven workflow makes: canceling or revoking what has already ended.
 */
import { locator, nodeError, request, runNode, useStandIn } from './polarNode';

const polar = useStandIn();

type Subscription = {
	id: string;
	status: string;
	cancel_at_period_end: boolean;
	customer_id: string;
	product_id: string;
};

/** Seeded: customer 0 renews, customer 1 cancels at period end, customer 2 was revoked. */
function seeded(): { active: Subscription; canceling: Subscription; revoked: Subscription } {
	const all = polar.actions.subscriptions.list() as Subscription[];
	return {
		active: all.find((s) => s.status === 'active' && !s.cancel_at_period_end)!,
		canceling: all.find((s) => s.status === 'active' && s.cancel_at_period_end)!,
		revoked: all.find((s) => s.status === 'canceled')!,
	};
}

const on = (operation: string, id: string, extra: object = {}) => ({
	resource: 'subscription',
	operation,
	subscription: locator('id', id),
	...extra,
});

describe('Subscription › Get', () => {
	it('one request; Simplified names the customer and product, the amount in cents', async () => {
		const { active } = seeded();
		const { calls, items } = await runNode(polar, on('get', active.id));
		expect(calls.map(request)).toEqual([
			{ method: 'GET', path: `/v1/subscriptions/${active.id}`, query: {}, body: undefined },
		]);
		const stored = polar.actions.subscriptions.get(active.id) as Record<string, unknown> & {
			customer: { email: string };
		};
		expect(items[0]).toEqual({
			json: expect.objectContaining({
				id: active.id,
				status: 'active',
				customer_id: active.customer_id,
				customer_email: stored.customer.email,
				product_id: active.product_id,
				product_name: 'Pro plan',
				amount_cents: stored.amount,
				currency: stored.currency,
				cancel_at_period_end: false,
			}),
			pairedItem: { item: 0 },
		});
		expect(items[0].json).not.toHaveProperty('amount');
		expect(items[0].json).not.toHaveProperty('prices');
	});

	it('Raw is the whole subscription; an unknown one is named', async () => {
		const { active } = seeded();
		const raw = await runNode(polar, on('get', active.id, { output: 'raw' }));
		expect(raw.items[0].json).toEqual(polar.actions.subscriptions.get(active.id));
		const missing = '00000000-0000-4000-8000-000000000000';
		const { error } = await nodeError(polar, on('get', missing));
		expect(error.message).toBe(`Polar has no subscription with the ID "${missing}"`);
	});
});

describe('Subscription › Get Many', () => {
	it('filters by customer external ID and statuses (repeated parameters)', async () => {
		const { calls, items } = await runNode(polar, {
			resource: 'subscription',
			operation: 'getMany',
			returnAll: true,
			filters: { external_customer_id: 'usr_1000', status: ['active', 'trialing'] },
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/subscriptions/',
				query: {
					external_customer_id: 'usr_1000',
					status: ['active', 'trialing'],
					sorting: 'started_at',
					page: '1',
					limit: '100',
				},
				body: undefined,
			},
		]);
		expect(items.map((item) => item.json.customer_external_id)).toEqual(['usr_1000']);
	});
});

describe('Subscription › Cancel', () => {
	it('sets cancel_at_period_end with the reason and comment', async () => {
		const { active } = seeded();
		const { calls, items } = await runNode(
			polar,
			on('cancel', active.id, {
				options: {
					customer_cancellation_reason: 'too_expensive',
					customer_cancellation_comment: 'Budget cut',
				},
			}),
		);
		expect(calls.map(request)).toEqual([
			{
				method: 'PATCH',
				path: `/v1/subscriptions/${active.id}`,
				query: {},
				body: {
					cancel_at_period_end: true,
					customer_cancellation_reason: 'too_expensive',
					customer_cancellation_comment: 'Budget cut',
				},
			},
		]);
		expect(items[0].json).toMatchObject({
			id: active.id,
			status: 'active',
			cancel_at_period_end: true,
			customer_cancellation_reason: 'too_expensive',
		});
	});

	it('already canceled: succeeds with the subscription as it is (the default), or fails when told to', async () => {
		const { canceling } = seeded();
		const again = await runNode(polar, on('cancel', canceling.id));
		expect(again.calls.map((call) => `${call.method} ${call.status}`)).toEqual([
			'PATCH 403',
			'GET 200',
		]);
		expect(again.items[0].json).toMatchObject({ id: canceling.id, cancel_at_period_end: true });

		const { error } = await nodeError(
			polar,
			on('cancel', canceling.id, { options: { succeedIfAlreadyCanceled: false } }),
		);
		expect(error.httpCode).toBe('403');
		expect(error.message).toMatch(/^Polar refused to cancel the subscription: /);
		expect(error.description).toContain('AlreadyCanceledSubscription');
	});
});

describe('Subscription › Uncancel', () => {
	it('clears cancel_at_period_end', async () => {
		const { canceling } = seeded();
		const { calls, items } = await runNode(polar, on('uncancel', canceling.id));
		expect(calls.map(request)).toEqual([
			{
				method: 'PATCH',
				path: `/v1/subscriptions/${canceling.id}`,
				query: {},
				body: { cancel_at_period_end: false },
			},
		]);
		expect(items[0].json).toMatchObject({ cancel_at_period_end: false, ends_at: null });
	});

	it('says why when there is nothing to uncancel, or the subscription has ended', async () => {
		const { active, revoked } = seeded();
		const renewing = await nodeError(polar, on('uncancel', active.id));
		expect(renewing.error.message).toBe(
			'The subscription is not set to cancel at period end: there is nothing to uncancel',
		);
		expect(renewing.error.httpCode).toBe('400');
		const ended = await nodeError(polar, on('uncancel', revoked.id));
		expect(ended.error.message).toMatch(/^The subscription has ended: it cannot be uncanceled/);
		expect(ended.error.httpCode).toBe('410');
	});
});

describe('Subscription › Revoke', () => {
	it('DELETE ends it now', async () => {
		const { active } = seeded();
		const { calls, items } = await runNode(polar, on('revoke', active.id, { output: 'raw' }));
		expect(calls.map(request)).toEqual([
			{ method: 'DELETE', path: `/v1/subscriptions/${active.id}`, query: {}, body: undefined },
		]);
		expect(items[0].json).toMatchObject({ status: 'canceled', ended_at: expect.any(String) });
	});

	it('already revoked: succeeds by default (a repeated webhook), fails when told to', async () => {
		const { revoked } = seeded();
		const again = await runNode(polar, on('revoke', revoked.id));
		expect(again.items[0].json).toMatchObject({ id: revoked.id, status: 'canceled' });

		const { error } = await nodeError(
			polar,
			on('revoke', revoked.id, { options: { succeedIfAlreadyCanceled: false } }),
		);
		expect(error.message).toMatch(/^Polar refused to revoke the subscription: /);
	});

	it('a revoke of the same subscription twice in one run (two items) succeeds for both', async () => {
		const { active } = seeded();
		const { items } = await runNode(polar, on('revoke', '={{ $json.id }}'), [
			{ id: active.id },
			{ id: active.id },
		]);
		expect(items.map((item) => [item.pairedItem, item.json.status])).toEqual([
			[{ item: 0 }, 'canceled'],
			[{ item: 1 }, 'canceled'],
		]);
	});
});
