import { validateSchema } from '../../tools/polar-stand-in/openapi';
import { UNKNOWN_ID, useStandIn, validationDetail } from './action-helpers';

type Subscription = {
	id: string;
	status: string;
	cancel_at_period_end: boolean;
	canceled_at: string | null;
	ends_at: string | null;
	ended_at: string | null;
	current_period_end: string;
	customer_id: string;
	[key: string]: unknown;
};

const ALREADY_CANCELED = {
	error: 'AlreadyCanceledSubscription',
	detail: 'This subscription is already canceled or will be at the end of the period.',
};

describe('subscriptions', () => {
	const context = useStandIn();
	const active = (): Subscription =>
		context.polar.actions.subscriptions.add({ status: 'active' }) as Subscription;

	it('GET by ID: the Subscription with its customer, product and prices', async () => {
		const subscription = active();
		const answer = await context.call('GET', `/v1/subscriptions/${subscription.id}`);
		expect(answer.status).toBe(200);
		expect(validateSchema('Subscription', answer.json)).toEqual([]);
		expect(answer.json).toMatchObject({
			id: subscription.id,
			status: 'active',
			product: { id: context.polar.actions.catalog.products.pro, name: 'Pro plan' },
			customer: { id: subscription.customer_id },
			prices: [{ amount_type: 'fixed', price_amount: 1900 }],
			amount: 1900,
			currency: 'usd',
		});
		expect((await context.call('GET', `/v1/subscriptions/${UNKNOWN_ID}`)).status).toBe(404);
		expect(validationDetail(await context.call('GET', '/v1/subscriptions/42'))[0]).toMatchObject({
			type: 'uuid_parsing',
			loc: ['path', 'id'],
		});
	});

	it('cancel at period end: PATCH {cancel_at_period_end: true}, with a reason; again: 403 AlreadyCanceledSubscription', async () => {
		const subscription = active();
		const answer = await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
			body: {
				cancel_at_period_end: true,
				customer_cancellation_reason: 'too_expensive',
				customer_cancellation_comment: 'Budget cuts',
			},
		});
		expect(answer.status).toBe(200);
		const canceled = answer.json as Subscription;
		expect(canceled).toMatchObject({
			status: 'active',
			cancel_at_period_end: true,
			ends_at: subscription.current_period_end,
			ended_at: null,
			customer_cancellation_reason: 'too_expensive',
			customer_cancellation_comment: 'Budget cuts',
		});
		expect(canceled.canceled_at).not.toBeNull();
		const again = await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
			body: { cancel_at_period_end: true },
		});
		expect(again.status).toBe(403);
		expect(again.json).toEqual(ALREADY_CANCELED);
	});

	it('uncancel: PATCH {cancel_at_period_end: false} clears the cancellation; on one not canceling: 400 BadRequest', async () => {
		const subscription = active();
		await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
			body: { cancel_at_period_end: true, customer_cancellation_reason: 'unused' },
		});
		const answer = await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
			body: { cancel_at_period_end: false },
		});
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({
			cancel_at_period_end: false,
			canceled_at: null,
			ends_at: null,
			customer_cancellation_reason: null,
		});
		const notCanceling = await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
			body: { cancel_at_period_end: false },
		});
		expect(notCanceling.status).toBe(400);
		expect(notCanceling.json).toEqual({ error: 'BadRequest', detail: 'Bad request' });
	});

	it('revoke now: DELETE (status canceled, ended_at set, benefits and license keys revoked); again: 403; uncancel: 410', async () => {
		const seeded = (context.polar.actions.subscriptions.list() as Subscription[]).find(
			(item) => item.status === 'active' && !item.cancel_at_period_end,
		) as Subscription;
		const answer = await context.call('DELETE', `/v1/subscriptions/${seeded.id}`);
		expect(answer.status).toBe(200);
		expect(validateSchema('Subscription', answer.json)).toEqual([]);
		const revoked = answer.json as Subscription;
		expect(revoked.status).toBe('canceled');
		expect(revoked.ended_at).not.toBeNull();
		expect(revoked.ends_at).toBe(revoked.ended_at);
		const grants = context.polar.actions.benefitGrants
			.list()
			.filter((grant) => grant.subscription_id === seeded.id);
		expect(grants.length).toBeGreaterThan(0);
		expect(grants.every((grant) => grant.is_revoked && !grant.is_granted)).toBe(true);
		const key = context.polar.actions.licenseKeys
			.list()
			.find((item) => item.customer_id === seeded.customer_id);
		expect(key).toMatchObject({ status: 'revoked' });

		const again = await context.call('DELETE', `/v1/subscriptions/${seeded.id}`);
		expect(again.status).toBe(403);
		expect(again.json).toEqual(ALREADY_CANCELED);
		expect(validateSchema('AlreadyCanceledSubscription', again.json)).toEqual([]);
		const cancel = await context.call('PATCH', `/v1/subscriptions/${seeded.id}`, {
			body: { cancel_at_period_end: true },
		});
		expect(cancel.json).toEqual(ALREADY_CANCELED);
		const uncancel = await context.call('PATCH', `/v1/subscriptions/${seeded.id}`, {
			body: { cancel_at_period_end: false },
		});
		expect(uncancel.status).toBe(410);
		expect(uncancel.json).toEqual({ error: 'ResourceUnavailable', detail: 'Unavailable' });
	});

	it('a subscription canceling at period end can still be revoked (PATCH {revoke: true} works too)', async () => {
		const subscription = context.polar.actions.subscriptions.add({ cancel_at_period_end: true });
		const answer = await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
			body: { revoke: true, customer_cancellation_reason: 'other' },
		});
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({
			status: 'canceled',
			customer_cancellation_reason: 'other',
		});
	});

	it('PATCH bodies are validated against the SubscriptionUpdate union', async () => {
		const subscription = active();
		const wrong = validationDetail(
			await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
				body: { cancel_at_period_end: 'soon' },
			}),
		);
		expect(wrong).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ type: 'bool_type', loc: ['body', 'cancel_at_period_end'] }),
			]),
		);
		expect(
			validationDetail(
				await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
					body: { revoke: false },
				}),
			),
		).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ type: 'literal_error', loc: ['body', 'revoke'] }),
			]),
		);
		const unserved = await context.call('PATCH', `/v1/subscriptions/${subscription.id}`, {
			body: { seats: 3 },
		});
		expect(unserved.status).toBe(501);
		expect(
			(await context.call('PATCH', `/v1/subscriptions/${UNKNOWN_ID}`, { body: { revoke: true } }))
				.status,
		).toBe(404);
	});

	describe('list filters', () => {
		it('customer_id (repeated), external_customer_id, product_id, status, active, cancel_at_period_end', async () => {
			const all = context.polar.actions.subscriptions.list() as Subscription[];
			const call = async (query: string) =>
				(
					(await context.call('GET', `/v1/subscriptions/?limit=100&${query}`)).json as {
						items: Subscription[];
					}
				).items.map((item) => item.id);
			const [a, b] = all as [Subscription, Subscription];
			expect(
				(await call(`customer_id=${a.customer_id}&customer_id=${b.customer_id}`)).sort(),
			).toEqual([a.id, b.id].sort());
			const customer = context.polar.actions.customers.get(a.customer_id) as {
				external_id: string;
			};
			expect(await call(`external_customer_id=${customer.external_id}`)).toEqual([a.id]);
			expect((await call(`product_id=${context.polar.actions.catalog.products.pro}`)).length).toBe(
				all.length,
			);
			expect(await call(`product_id=${context.polar.actions.catalog.products.lifetime}`)).toEqual(
				[],
			);
			const canceled = all.filter((item) => item.status === 'canceled').map((item) => item.id);
			expect((await call('status=canceled')).sort()).toEqual(canceled.sort());
			expect((await call('active=false')).sort()).toEqual(canceled.sort());
			expect((await call('active=true')).length).toBe(all.length - canceled.length);
			expect((await call('status=active&status=canceled')).length).toBe(all.length);
			const canceling = all.filter((item) => item.cancel_at_period_end).map((item) => item.id);
			expect((await call('cancel_at_period_end=true')).sort()).toEqual(canceling.sort());
		});

		it('422 for a bad status, a non-UUID customer_id at its index, and an unknown sorting key', async () => {
			const detail = validationDetail(
				await context.call(
					'GET',
					`/v1/subscriptions/?status=paused_forever&customer_id=${UNKNOWN_ID}&customer_id=nope&sorting=created_at`,
				),
			);
			expect(detail.map((item) => [item.type, item.loc])).toEqual([
				['uuid_parsing', ['query', 'customer_id', 1]],
				['enum', ['query', 'status']],
				['enum', ['query', 'sorting', 0]],
			]);
		});
	});
});
