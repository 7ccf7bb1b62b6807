/**
 * Delivery bodies for the bench: compact JSON `order.paid` events shaped like Polar's, padded to an exact
 * byte size. Deterministic (no randomness), so every run signs and verifies the same bytes.
 */

export const ORDER_PAID = 'order.paid';

function uuid(n: number): string {
	const hex = (n * 2654435761 + 0x9e3779b9).toString(16).padStart(8, '0').slice(-8);
	return `${hex}-6699-4840-9f55-${String(n).padStart(12, '0')}`;
}

function lineItem(n: number): Record<string, unknown> {
	return {
		id: uuid(1000 + n),
		created_at: '2026-09-21T14:03:13.027741Z',
		modified_at: null,
		label: `Team plan seat ${n}`,
		amount: 1000 + (n % 7) * 250,
		tax_amount: 80,
		proration: false,
		product_price_id: uuid(5000 + n),
	};
}

function order(items: number): Record<string, unknown> {
	return {
		id: uuid(1),
		created_at: '2026-09-21T14:03:10.120004Z',
		modified_at: '2026-09-21T14:03:13.001337Z',
		status: 'paid',
		paid: true,
		subtotal_amount: 10000,
		discount_amount: 0,
		net_amount: 10000,
		tax_amount: 800,
		total_amount: 10800,
		currency: 'usd',
		billing_reason: 'subscription_create',
		customer_id: uuid(2),
		product_id: uuid(3),
		subscription_id: uuid(4),
		metadata: {},
		items: Array.from({ length: items }, (_, index) => lineItem(index)),
	};
}

/**
 * A compact JSON `order.paid` delivery body of exactly `bytes` bytes (UTF-8, ASCII only): an order with
 * as many line items as fit, then a padding string in `data.metadata` to reach the size.
 */
export function orderPaidBody(bytes: number): Buffer {
	const envelope = (items: number, padding: string): string => {
		const data = order(items);
		data.metadata = { bench_padding: padding };
		return JSON.stringify({
			type: ORDER_PAID,
			timestamp: '2026-09-21T14:03:13.027741Z',
			api_version: '2026-10',
			data,
		});
	};
	const bare = envelope(0, '').length;
	if (bytes < bare) throw new Error(`a body needs at least ${bare} bytes`);
	const perItem = envelope(1, '').length - bare;
	let items = Math.max(0, Math.floor((bytes - bare) / perItem) - 1);
	while (items > 0 && envelope(items, '').length > bytes) items -= 1;
	const body = envelope(items, 'x'.repeat(bytes - envelope(items, '').length));
	if (body.length !== bytes) throw new Error(`body is ${body.length} bytes, wanted ${bytes}`);
	return Buffer.from(body, 'utf8');
}
