import { validateSchema } from '../../tools/polar-stand-in/openapi';
import {
	type ActionContext,
	OTHER_ORG,
	UNKNOWN_ID,
	useStandIn,
	validationDetail,
} from './action-helpers';

type Order = {
	id: string;
	status: string;
	paid: boolean;
	net_amount: number;
	tax_amount: number;
	refunded_amount: number;
	refunded_tax_amount: number;
	refundable_amount: number;
	subscription_id: string | null;
	customer_id: string;
	[key: string]: unknown;
};

const INVOICE_DELAY_MS = 150;

/** The first stored order that is paid (not refunded), of a subscription or one-time. */
function paidSeededOrder(polar: ActionContext['polar'], ofSubscription: boolean): Order {
	const order = (polar.actions.orders.list() as Order[]).find(
		(candidate) =>
			(candidate.subscription_id !== null) === ofSubscription && candidate.status === 'paid',
	);
	if (!order) throw new Error('no such seeded order');
	return order;
}

describe('orders', () => {
	const context = useStandIn({ actions: { invoiceDelayMs: INVOICE_DELAY_MS } });

	it('GET by ID: the Order with customer, product, subscription and refundable amounts', async () => {
		const seeded = paidSeededOrder(context.polar, true);
		const answer = await context.call('GET', `/v1/orders/${seeded.id}`);
		expect(answer.status).toBe(200);
		expect(validateSchema('Order', answer.json)).toEqual([]);
		expect(answer.json).toMatchObject({
			id: seeded.id,
			paid: true,
			customer: { id: seeded.customer_id },
			product: { id: context.polar.actions.catalog.products.pro },
			subscription: { id: seeded.subscription_id },
			billing_reason: 'subscription_create',
			refundable_amount: seeded.net_amount,
			items: [expect.objectContaining({ label: 'Pro plan', amount: seeded.net_amount })],
		});
		expect((await context.call('GET', `/v1/orders/${UNKNOWN_ID}`)).status).toBe(404);
	});

	it('list filters: customer_id, external_customer_id, product_id, product_billing_type, status, subscription_id', async () => {
		const orders = context.polar.actions.orders.list() as Order[];
		const ids = async (query: string) =>
			(
				(await context.call('GET', `/v1/orders/?limit=100&${query}`)).json as { items: Order[] }
			).items
				.map((order) => order.id)
				.sort();
		const { catalog } = context.polar.actions;
		const first = orders[0] as Order;
		expect(await ids(`customer_id=${first.customer_id}`)).toEqual([first.id]);
		const customer = context.polar.actions.customers.get(first.customer_id) as {
			external_id: string;
		};
		expect(await ids(`external_customer_id=${customer.external_id}`)).toEqual([first.id]);
		const oneTime = orders
			.filter((order) => order.subscription_id === null)
			.map((order) => order.id);
		expect(await ids(`product_id=${catalog.products.lifetime}`)).toEqual(oneTime.sort());
		expect(await ids('product_billing_type=one_time')).toEqual(oneTime.sort());
		expect(await ids(`subscription_id=${first.subscription_id}`)).toEqual([first.id]);
		const pending = orders.filter((order) => order.status === 'pending').map((order) => order.id);
		expect(await ids('status=pending')).toEqual(pending.sort());
		expect(pending.length).toBeGreaterThan(0);
	});

	describe('invoice', () => {
		it('GET before generation: 404 InvoiceDoesNotExist; POST: 202; after the delay GET: 200 OrderInvoice', async () => {
			const order = context.polar.actions.orders.add({ status: 'paid' }) as Order;
			const before = await context.call('GET', `/v1/orders/${order.id}/invoice`);
			expect(before.status).toBe(404);
			expect(before.json).toEqual({
				error: 'InvoiceDoesNotExist',
				detail: `No invoice exists for order ${order.id}.`,
			});
			const generate = await context.call('POST', `/v1/orders/${order.id}/invoice`);
			expect(generate.status).toBe(202);
			expect(context.polar.actions.orders.invoiceRequested(order.id)).toBe(true);
			expect((await context.call('GET', `/v1/orders/${order.id}/invoice`)).status).toBe(404);
			await new Promise((resolve) => setTimeout(resolve, INVOICE_DELAY_MS + 30));
			const ready = await context.call('GET', `/v1/orders/${order.id}/invoice`);
			expect(ready.status).toBe(200);
			expect(validateSchema('OrderInvoice', ready.json)).toEqual([]);
			expect((ready.json as { url: string }).url).toMatch(/^https:\/\/.+\.pdf/);
			expect(context.polar.actions.orders.get(order.id)).toMatchObject({
				is_invoice_generated: true,
			});
			expect((await context.call('POST', `/v1/orders/${order.id}/invoice`)).status).toBe(202);
		});

		it('409 OrderNotEligibleForInvoice for an unpaid order, 422 MissingInvoiceBillingDetails without a billing address', async () => {
			const pending = context.polar.actions.orders.add({ status: 'pending' }) as Order;
			const unpaid = await context.call('POST', `/v1/orders/${pending.id}/invoice`);
			expect(unpaid.status).toBe(409);
			expect(unpaid.json).toEqual({
				error: 'OrderNotEligibleForInvoice',
				detail: `Order ${pending.id} is not paid, so an invoice cannot be generated.`,
			});
			const noAddress = context.polar.actions.orders.add({ billing_address: null }) as Order;
			const missing = await context.call('POST', `/v1/orders/${noAddress.id}/invoice`);
			expect(missing.status).toBe(422);
			expect(missing.json).toEqual({
				error: 'MissingInvoiceBillingDetails',
				detail: 'Billing name and address are required to generate an invoice for this order.',
			});
			expect((await context.call('POST', `/v1/orders/${UNKNOWN_ID}/invoice`)).status).toBe(404);
			expect(
				validationDetail(await context.call('POST', '/v1/orders/nope/invoice'))[0],
			).toMatchObject({
				loc: ['path', 'id'],
			});
		});
	});
});

describe('refunds', () => {
	const context = useStandIn();
	const paidOrder = (): Order =>
		context.polar.actions.orders.add({
			status: 'paid',
			net_amount: 10_000,
			tax_amount: 2_000,
		}) as Order;
	const refund = (body: Record<string, unknown>) => context.call('POST', '/v1/refunds/', { body });

	it('201 Refund; the order records the refunded amount and tax, pro rata, and becomes partially refunded', async () => {
		const order = paidOrder();
		const answer = await refund({
			order_id: order.id,
			reason: 'customer_request',
			amount: 2_500,
			comment: 'Goodwill',
			metadata: { ticket: 'T-1' },
		});
		expect(answer.status).toBe(201);
		expect(validateSchema('Refund', answer.json)).toEqual([]);
		expect(answer.json).toMatchObject({
			status: 'succeeded',
			reason: 'customer_request',
			amount: 2_500,
			tax_amount: 500,
			order_id: order.id,
			customer_id: order.customer_id,
			metadata: { ticket: 'T-1' },
		});
		expect(context.polar.actions.orders.get(order.id)).toMatchObject({
			status: 'partially_refunded',
			refunded_amount: 2_500,
			refunded_tax_amount: 500,
			refundable_amount: 7_500,
			refundable_tax_amount: 1_500,
		});
		expect(context.polar.actions.refunds.list()).toHaveLength(1);
	});

	it('422 "Refund amount exceeds refundable amount"; the rest refunds in full (all remaining tax); then 403 RefundedAlready', async () => {
		const order = paidOrder();
		await refund({ order_id: order.id, reason: 'duplicate', amount: 4_000 });
		expect(
			validationDetail(await refund({ order_id: order.id, reason: 'duplicate', amount: 6_001 })),
		).toEqual([
			{
				type: 'value_error',
				loc: ['body', 'amount'],
				msg: 'Refund amount exceeds refundable amount',
				input: 6_001,
			},
		]);
		const rest = await refund({ order_id: order.id, reason: 'duplicate', amount: 6_000 });
		expect(rest.status).toBe(201);
		expect(rest.json).toMatchObject({ tax_amount: 1_200 });
		expect(context.polar.actions.orders.get(order.id)).toMatchObject({
			status: 'refunded',
			refundable_amount: 0,
			refundable_tax_amount: 0,
		});
		const again = await refund({ order_id: order.id, reason: 'duplicate', amount: 1 });
		expect(again.status).toBe(403);
		expect(again.json).toEqual({
			error: 'RefundedAlready',
			detail: `Order is already fully refunded: ${order.id}`,
		});
		expect(validateSchema('RefundedAlready', again.json)).toEqual([]);
	});

	it('revoke_benefits on a one-time order revokes its grants; on a subscription order: 400', async () => {
		const seededOneTime = paidSeededOrder(context.polar, false);
		const answer = await refund({
			order_id: seededOneTime.id,
			reason: 'satisfaction_guarantee',
			amount: 100,
			revoke_benefits: true,
		});
		expect(answer.status).toBe(201);
		const grants = context.polar.actions.benefitGrants
			.list()
			.filter((grant) => grant.order_id === seededOneTime.id);
		expect(grants.every((grant) => grant.is_revoked)).toBe(true);
		const subscriptionOrder = paidSeededOrder(context.polar, true);
		const refused = await refund({
			order_id: subscriptionOrder.id,
			reason: 'other',
			amount: 100,
			revoke_benefits: true,
		});
		expect(refused.status).toBe(400);
		expect(refused.json).toEqual({
			error: 'RevokeSubscriptionBenefitsProhibited',
			detail: 'Subscription benefits can only be revoked upon cancellation',
		});
	});

	it('422 "Order not found" for unknown and other-organization orders; validation of amount and reason', async () => {
		expect(
			validationDetail(await refund({ order_id: UNKNOWN_ID, reason: 'other', amount: 1 })),
		).toEqual([
			{ type: 'value_error', loc: ['body', 'order_id'], msg: 'Order not found', input: UNKNOWN_ID },
		]);
		const theirs = context.polar.actions.orders.add({
			customer_id: context.polar.actions.customers.add({ organization_id: OTHER_ORG }).id as string,
		}) as Order;
		expect(
			validationDetail(await refund({ order_id: theirs.id, reason: 'other', amount: 1 }))[0],
		).toMatchObject({ msg: 'Order not found' });
		const detail = validationDetail(
			await refund({ order_id: paidOrder().id, reason: 'because', amount: 0 }),
		);
		expect(detail.map((item) => [item.type, item.loc.join('.')])).toEqual([
			['enum', 'body.reason'],
			['greater_than', 'body.amount'],
		]);
		expect(
			validationDetail(await refund({ reason: 'other' })).map((item) => item.loc.join('.')),
		).toEqual(['body.order_id', 'body.amount']);
	});

	it('404 RefundUnknownPayment for an order that was never paid', async () => {
		const pending = context.polar.actions.orders.add({ status: 'pending' }) as Order;
		const answer = await refund({ order_id: pending.id, reason: 'other', amount: 1 });
		expect(answer.status).toBe(404);
		expect(answer.json).toEqual({
			error: 'RefundUnknownPayment',
			detail: `Refund issued for unknown order: ${pending.id}`,
		});
	});
});
