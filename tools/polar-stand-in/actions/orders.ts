/**
 * Orders: list, get, and the invoice: `POST .../invoice` answers 202 and the invoice is ready a short
 * while later (`invoiceDelayMs`); until then `GET .../invoice` answers 404 `InvoiceDoesNotExist`, as
 * Polar's order service does.
 */
import { notFound, polarError } from '../answers';
import type { ActionHandler, ActionRequest } from './context';
import { listAnswer, matchesMetadata, passes, time } from './context';
import { embedCustomer } from './customers';
import { pick } from './shapes';
import type { ActionStore, Fields, OrderRecord } from './store';

/** Statuses of an order that was paid (refunds keep it paid). */
const PAID = ['paid', 'refunded', 'partially_refunded'];

export interface OrderInput {
	customer_id: string;
	product_id?: string | null;
	subscription_id?: string | null;
	/** Default `paid`. `refunded` / `partially_refunded` also set the refunded amounts. */
	status?: string;
	/** Net amount in minor units (default: the product's price). */
	net_amount?: number;
	/** Default 10 % of the net amount. */
	tax_amount?: number;
	/** For `partially_refunded` (default half the net amount). */
	refunded_amount?: number;
	/** Default: the customer's name and address (null ones make the order ineligible for an invoice). */
	billing_name?: string | null;
	billing_address?: Fields | null;
	metadata?: Record<string, string | number | boolean>;
	created_at?: string;
}

export function createOrder(store: ActionStore, input: OrderInput): OrderRecord {
	const product = input.product_id ? store.products.get(input.product_id) : undefined;
	const customer = store.customers.get(input.customer_id);
	const created = input.created_at ?? store.stamp();
	const status = input.status ?? 'paid';
	const net = input.net_amount ?? product?.prices[0]?.price_amount ?? 0;
	const tax = input.tax_amount ?? Math.round(net / 10);
	const refunded =
		status === 'refunded'
			? net
			: status === 'partially_refunded'
				? (input.refunded_amount ?? Math.floor(net / 2))
				: 0;
	const paid = PAID.includes(status);
	const label = product?.name ?? 'Order';
	const order: OrderRecord = {
		id: store.id(),
		created_at: created,
		modified_at: null,
		status,
		paid,
		subtotal_amount: net,
		discount_amount: 0,
		net_amount: net,
		tax_amount: tax,
		total_amount: net + tax,
		applied_balance_amount: 0,
		due_amount: paid ? 0 : net + tax,
		refunded_amount: refunded,
		refunded_tax_amount: refunded === net ? tax : Math.round((refunded * tax) / Math.max(net, 1)),
		currency: 'usd',
		billing_reason: input.subscription_id ? 'subscription_create' : 'purchase',
		billing_name: input.billing_name === undefined ? (customer?.name ?? null) : input.billing_name,
		billing_address:
			input.billing_address === undefined
				? (customer?.billing_address ?? null)
				: input.billing_address,
		invoice_number: `ACME-${String(store.orders.size + 1).padStart(5, '0')}`,
		is_invoice_generated: false,
		receipt_number: paid ? `ACME-R-${String(store.orders.size + 1).padStart(5, '0')}` : null,
		seats: null,
		customer_id: input.customer_id,
		product_id: input.product_id ?? null,
		discount_id: null,
		subscription_id: input.subscription_id ?? null,
		checkout_id: null,
		next_payment_attempt_at: null,
		metadata: { ...(input.metadata ?? {}) },
		custom_field_data: {},
		platform_fee_amount: paid ? Math.round(net * 0.04) + 40 : 0,
		platform_fee_currency: paid ? 'usd' : null,
		items: [
			{
				created_at: created,
				modified_at: null,
				id: store.id(),
				label,
				amount: net,
				tax_amount: tax,
				proration: false,
				product_price_id: product?.prices[0]?.id ?? null,
			},
		],
		description: label,
	};
	store.orders.set(order.id, order);
	return order;
}

/** True once a requested invoice has had `invoiceDelayMs` (wall-clock time) to be generated. */
function invoiceReady(store: ActionStore, order: OrderRecord): boolean {
	const request = store.invoices.get(order.id);
	return !!request && Date.now() - request.requestedAt >= store.invoiceDelayMs;
}

/** An Order as Polar answers it (customer, product and subscription embedded, refundable amounts). */
export function presentOrder(store: ActionStore, order: OrderRecord): Fields {
	const product = order.product_id ? store.products.get(order.product_id) : undefined;
	const subscription = order.subscription_id
		? store.subscriptions.get(order.subscription_id)
		: undefined;
	return {
		...structuredClone(order),
		is_invoice_generated: invoiceReady(store, order),
		customer: embedCustomer(store, order.customer_id, 'OrderCustomer'),
		product: product ? pick(product, 'OrderProduct') : null,
		discount: null,
		subscription: subscription ? pick(subscription, 'OrderSubscription') : null,
		refundable_amount: order.net_amount - order.refunded_amount,
		refundable_tax_amount: order.tax_amount - order.refunded_tax_amount,
	};
}

/** The token's order with the path's ID (orders belong to their customer's organization). */
export function findOrder(
	store: ActionStore,
	organizationId: string,
	id: string,
): OrderRecord | undefined {
	const order = store.orders.get(id);
	return order && store.organizationOfCustomer(order.customer_id) === organizationId
		? order
		: undefined;
}

function between(value: string, after: unknown, before: unknown): boolean {
	const at = Date.parse(value);
	return (
		(after === undefined || at >= Date.parse(String(after))) &&
		(before === undefined || at <= Date.parse(String(before)))
	);
}

export const listOrders: ActionHandler = (request) => {
	const { store, subject, query } = request;
	const all = [...store.orders.values()].filter((order) => {
		const customer = store.customers.get(order.customer_id);
		const product = order.product_id ? store.products.get(order.product_id) : undefined;
		return (
			customer?.organization_id === subject.organizationId &&
			passes(request, 'organization_id', customer.organization_id) &&
			passes(request, 'product_id', order.product_id) &&
			passes(request, 'product_billing_type', product?.is_recurring ? 'recurring' : 'one_time') &&
			passes(request, 'discount_id', order.discount_id) &&
			passes(request, 'customer_id', order.customer_id) &&
			passes(request, 'external_customer_id', customer.external_id) &&
			passes(request, 'checkout_id', order.checkout_id) &&
			passes(request, 'subscription_id', order.subscription_id) &&
			passes(request, 'status', order.status) &&
			between(order.created_at, query.created_after, query.created_before) &&
			matchesMetadata(request, order.metadata)
		);
	});
	return listAnswer(
		request,
		all,
		{
			created_at: (order) => time(order.created_at),
			status: (order) => order.status,
			invoice_number: (order) => order.invoice_number as string | null,
			amount: (order) => order.total_amount,
			net_amount: (order) => order.net_amount,
			customer: (order) => store.customers.get(order.customer_id)?.email ?? null,
			product: (order) =>
				order.product_id ? (store.products.get(order.product_id)?.name ?? null) : null,
			discount: (order) => order.discount_id,
			subscription: (order) => order.subscription_id,
		},
		(order) => presentOrder(store, order),
	);
};

function requestedOrder(request: ActionRequest): OrderRecord | undefined {
	return findOrder(request.store, request.subject.organizationId, request.params.id as string);
}

export const getOrder: ActionHandler = (request) => {
	const order = requestedOrder(request);
	if (!order) return notFound();
	return { status: 200, json: presentOrder(request.store, order) };
};

export const getInvoice: ActionHandler = (request) => {
	const order = requestedOrder(request);
	if (!order) return notFound();
	if (!invoiceReady(request.store, order))
		return polarError(404, 'InvoiceDoesNotExist', `No invoice exists for order ${order.id}.`);
	return {
		status: 200,
		json: {
			// Where Polar answers a signed download URL of the PDF (the stand-in serves no file).
			url: `https://polar-invoices.s3.amazonaws.com/${order.id}/Invoice-${String(order.invoice_number)}.pdf?X-Amz-Expires=3600`,
		},
	};
};

export const generateInvoice: ActionHandler = (request) => {
	const order = requestedOrder(request);
	if (!order) return notFound();
	if (!order.paid)
		return polarError(
			409,
			'OrderNotEligibleForInvoice',
			`Order ${order.id} is not paid, so an invoice cannot be generated.`,
		);
	if (order.billing_name === null || order.billing_address === null)
		return polarError(
			422,
			'MissingInvoiceBillingDetails',
			'Billing name and address are required to generate an invoice for this order.',
		);
	if (!request.store.invoices.has(order.id))
		request.store.invoices.set(order.id, { requestedAt: Date.now() });
	return { status: 202, json: null };
};
