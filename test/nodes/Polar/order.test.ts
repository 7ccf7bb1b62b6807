/**
 * Order: Get, Get Many and Get Invoice (read, or generate and wait), and Refund: Create, against the stand-in.
 */
import { INVOICE_WAIT_SECONDS } from '../../../nodes/Polar/actions/order/getInvoice.operation';
import { locator, nodeError, request, runNode, useStandIn } from './polarNode';

const polar = useStandIn();

type Order = {
	id: string;
	status: string;
	customer_id: string;
	net_amount: number;
	refunded_amount: number;
	refundable_amount: number;
	billing_name: string | null;
	billing_address: unknown;
};

function orders(status: string): Order[] {
	return (polar.actions.orders.list() as Order[]).filter((order) => order.status === status);
}

const onOrder = (operation: string, id: string, extra: object = {}) => ({
	resource: 'order',
	operation,
	order: locator('id', id),
	...extra,
});

describe('Order › Get', () => {
	it('one request; Simplified labels every amount in cents', async () => {
		const [paid] = orders('paid');
		const { calls, items } = await runNode(polar, onOrder('get', paid.id));
		expect(calls.map(request)).toEqual([
			{ method: 'GET', path: `/v1/orders/${paid.id}`, query: {}, body: undefined },
		]);
		const stored = polar.actions.orders.get(paid.id) as Record<string, number>;
		expect(items[0].json).toMatchObject({
			id: paid.id,
			status: 'paid',
			total_amount_cents: stored.total_amount,
			refundable_amount_cents: stored.refundable_amount,
			subtotal_amount_cents: stored.subtotal_amount,
		});
		expect(Object.keys(items[0].json).filter((key) => key.endsWith('_amount'))).toEqual([]);
	});
});

describe('Order › Get Many', () => {
	it('filters by status and creation time (in UTC), newest first within a Limit', async () => {
		const { calls, items } = await runNode(polar, {
			resource: 'order',
			operation: 'getMany',
			limit: 3,
			filters: { status: ['paid'], created_after: '2000-01-01T00:00:00.000Z' },
			sort: { order: '-created_at' },
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/orders/',
				query: {
					status: 'paid',
					created_after: '2000-01-01T00:00:00.000Z',
					sorting: '-created_at',
					page: '1',
					limit: '3',
				},
				body: undefined,
			},
		]);
		expect(items).toHaveLength(3);
		expect(items.every((item) => item.json.status === 'paid')).toBe(true);
		const created = items.map((item) => item.json.created_at as string);
		expect(created).toEqual([...created].sort().reverse());
	});
});

describe('Order › Get Invoice', () => {
	it('an order with an invoice: one request, its URL', async () => {
		const [paid] = orders('paid');
		await runNode(polar, onOrder('getInvoice', paid.id));
		const { calls, items } = await runNode(polar, onOrder('getInvoice', paid.id));
		expect(calls.map(request)).toEqual([
			{ method: 'GET', path: `/v1/orders/${paid.id}/invoice`, query: {}, body: undefined },
		]);
		expect(items).toEqual([
			{
				json: { order_id: paid.id, url: expect.stringMatching(/^https:\/\//) },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('without one: generates it once and waits until Polar has it', async () => {
		const [paid] = orders('paid');
		const { calls, items } = await runNode(polar, onOrder('getInvoice', paid.id));
		expect(calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
			`GET /v1/orders/${paid.id}/invoice 404`,
			`POST /v1/orders/${paid.id}/invoice 202`,
			`GET /v1/orders/${paid.id}/invoice 200`,
		]);
		expect(items[0].json.url).toMatch(/Invoice/);
		expect(polar.actions.orders.invoiceRequested(paid.id)).toBe(true);
	});

	it('with Generate If Missing off: no invoice is an error, and nothing is generated', async () => {
		const [paid] = orders('paid');
		const { error, calls } = await nodeError(
			polar,
			onOrder('getInvoice', paid.id, { generateIfMissing: false }),
		);
		expect(error.message).toBe('The order has no invoice yet');
		expect(calls.map((call) => call.method)).toEqual(['GET', 'GET']);
		expect(polar.actions.orders.invoiceRequested(paid.id)).toBe(false);
	});

	it('an unpaid order is Polar’s 409; missing billing details Polar’s 422; an unknown order a 404', async () => {
		const [pending] = orders('pending');
		const unpaid = await nodeError(polar, onOrder('getInvoice', pending.id));
		expect(unpaid.error.httpCode).toBe('409');
		expect(unpaid.error.description).toContain('OrderNotEligibleForInvoice');

		const bare = polar.actions.orders.add({ billing_name: null, billing_address: null });
		const noDetails = await nodeError(polar, onOrder('getInvoice', bare.id as string));
		expect(noDetails.error.httpCode).toBe('422');
		expect(noDetails.error.description).toContain('Billing name and address are required');

		const missing = '00000000-0000-4000-8000-000000000000';
		const unknown = await nodeError(polar, onOrder('getInvoice', missing));
		expect(unknown.error.message).toBe(`Polar has no order with the ID "${missing}"`);
	});

	it('waits about 30 seconds in all before giving up (the schedule; invoiceTimeout.test.ts gives up)', () => {
		const total = INVOICE_WAIT_SECONDS.reduce((sum, seconds) => sum + seconds, 0);
		expect(total).toBeGreaterThanOrEqual(25);
		expect(total).toBeLessThanOrEqual(35);
	});
});

describe('Refund › Create', () => {
	it('the full remaining amount: reads the order’s refundable amount, then refunds exactly that', async () => {
		const partial = orders('partially_refunded')[0];
		const { calls, items } = await runNode(polar, {
			resource: 'refund',
			operation: 'create',
			order: locator('id', partial.id),
			reason: 'customer_request',
		});
		expect(calls.map(request)).toEqual([
			{ method: 'GET', path: `/v1/orders/${partial.id}`, query: {}, body: undefined },
			{
				method: 'POST',
				path: '/v1/refunds/',
				query: {},
				body: {
					order_id: partial.id,
					reason: 'customer_request',
					amount: partial.refundable_amount,
				},
			},
		]);
		expect(items[0].json).toMatchObject({
			order_id: partial.id,
			amount: partial.refundable_amount,
		});
		expect(polar.actions.orders.get(partial.id)).toMatchObject({ status: 'refunded' });
	});

	it('an amount in cents, with comment, metadata and benefit revocation', async () => {
		const lifetime = polar.actions.orders.add({ status: 'paid' }) as unknown as Order;
		const { calls } = await runNode(polar, {
			resource: 'refund',
			operation: 'create',
			order: locator('id', lifetime.id),
			amountType: 'amount',
			amount: 500,
			reason: 'service_disruption',
			options: {
				comment: 'Outage',
				revoke_benefits: false,
				metadata: { entries: [{ key: 'ticket', type: 'number', value: '42' }] },
			},
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'POST',
				path: '/v1/refunds/',
				query: {},
				body: {
					order_id: lifetime.id,
					reason: 'service_disruption',
					amount: 500,
					comment: 'Outage',
					revoke_benefits: false,
					metadata: { ticket: 42 },
				},
			},
		]);
	});

	it('more than is refundable is Polar’s 422 on Amount (Cents); a refunded order says nothing is left', async () => {
		const [paid] = orders('paid');
		const tooMuch = await nodeError(polar, {
			resource: 'refund',
			operation: 'create',
			order: locator('id', paid.id),
			amountType: 'amount',
			amount: paid.net_amount + 1,
			reason: 'other',
		});
		expect(tooMuch.error.message).toBe(
			'Polar refused a field to refund the order: Amount (Cents): Refund amount exceeds refundable amount',
		);

		const [refunded] = orders('refunded');
		const nothing = await nodeError(polar, {
			resource: 'refund',
			operation: 'create',
			order: locator('id', refunded.id),
			reason: 'other',
		});
		expect(nothing.error.message).toBe('Nothing is left to refund on this order');
		expect(nothing.calls.map((call) => call.method)).toEqual(['GET']);
	});

	it('an already refunded order refunded by amount: Polar’s RefundedAlready', async () => {
		const [refunded] = orders('refunded');
		const { error } = await nodeError(polar, {
			resource: 'refund',
			operation: 'create',
			order: locator('id', refunded.id),
			amountType: 'amount',
			amount: 1,
			reason: 'other',
		});
		expect(error.httpCode).toBe('403');
		expect(error.message).toMatch(
			/^Polar refused to refund the order: Order is already fully refunded/,
		);
	});
});
