/**
 * Checkout: Create and Get, Checkout Link: Create, Product: Get and Get Many, and the product picker they
 * use, against the stand-in.
 */
import { N8nAction } from '../../../tools/n8nAction';
import { credentials, locator, nodeError, request, runNode, useStandIn } from './polarNode';

const polar = useStandIn();

describe('Checkout › Create', () => {
	it('sends the products and the filled-in fields; Simplified gives the payment page URL', async () => {
		const { pro, lifetime } = polar.actions.catalog.products;
		const { calls, items } = await runNode(polar, {
			resource: 'checkout',
			operation: 'create',
			products: [pro, lifetime],
			additionalFields: {
				customer_email: 'buyer@example.com',
				external_customer_id: 'usr_9',
				success_url: 'https://example.com/thanks?checkout_id={CHECKOUT_ID}',
				allow_discount_codes: false,
				customer_name: '',
				metadata: { entries: [{ key: 'campaign', type: 'string', value: 'spring' }] },
			},
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'POST',
				path: '/v1/checkouts/',
				query: {},
				body: {
					customer_email: 'buyer@example.com',
					external_customer_id: 'usr_9',
					success_url: 'https://example.com/thanks?checkout_id={CHECKOUT_ID}',
					allow_discount_codes: false,
					metadata: { campaign: 'spring' },
					products: [pro, lifetime],
				},
			},
		]);
		expect(items[0].json).toMatchObject({
			url: expect.stringMatching(/^https:\/\/.*\/checkout\//),
			status: 'open',
			product_id: pro,
			product_ids: [pro, lifetime],
			amount_cents: expect.any(Number),
			customer_email: 'buyer@example.com',
			metadata: { campaign: 'spring' },
		});
		expect(items[0].json).not.toHaveProperty('client_secret');
	});

	it('takes product IDs from an expression as a comma-separated text', async () => {
		const { pro, lifetime } = polar.actions.catalog.products;
		const { calls } = await runNode(
			polar,
			{ resource: 'checkout', operation: 'create', products: '={{ $json.products }}' },
			[{ products: `${pro}, ${lifetime}` }],
		);
		expect((calls[0].body as { products: string[] }).products).toEqual([pro, lifetime]);
	});

	it('an unknown product is Polar’s 422 on the products field', async () => {
		const { error } = await nodeError(polar, {
			resource: 'checkout',
			operation: 'create',
			products: ['00000000-0000-4000-8000-000000000000'],
		});
		expect(error.httpCode).toBe('422');
		expect(error.message).toMatch(
			/^Polar refused a field to create the checkout session: Product Names or IDs: /,
		);
	});

	it('no product at all is refused before anything is sent', async () => {
		const { error, calls } = await nodeError(polar, {
			resource: 'checkout',
			operation: 'create',
			products: [],
		});
		expect(error.message).toBe('No product chosen');
		expect(calls).toEqual([]);
	});
});

describe('Checkout › Get', () => {
	it('reads a checkout session by ID; Raw is Polar’s answer', async () => {
		const created = await runNode(polar, {
			resource: 'checkout',
			operation: 'create',
			products: [polar.actions.catalog.products.pro],
		});
		const id = created.items[0].json.id as string;
		const { calls, items } = await runNode(polar, {
			resource: 'checkout',
			operation: 'get',
			checkoutId: ` ${id} `,
			output: 'raw',
		});
		expect(calls.map(request)).toEqual([
			{ method: 'GET', path: `/v1/checkouts/${id}`, query: {}, body: undefined },
		]);
		expect(items[0].json).toEqual(polar.actions.checkouts.get(id));
	});

	it('an unknown ID is named', async () => {
		const missing = '00000000-0000-4000-8000-000000000000';
		const { error } = await nodeError(polar, {
			resource: 'checkout',
			operation: 'get',
			checkoutId: missing,
		});
		expect(error.message).toBe(`Polar has no checkout session with the ID "${missing}"`);
	});
});

describe('Checkout Link › Create', () => {
	it('sends Stripe as the processor, the products and the fields; outputs the link', async () => {
		const { pro } = polar.actions.catalog.products;
		const { calls, items } = await runNode(polar, {
			resource: 'checkoutLink',
			operation: 'create',
			products: [pro],
			additionalFields: { label: 'Newsletter', require_billing_address: true },
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'POST',
				path: '/v1/checkout-links/',
				query: {},
				body: {
					label: 'Newsletter',
					require_billing_address: true,
					payment_processor: 'stripe',
					products: [pro],
				},
			},
		]);
		expect(items[0].json).toMatchObject({
			label: 'Newsletter',
			url: expect.stringMatching(/^https:\/\//),
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});

describe('Product › Get and Get Many', () => {
	it('Get: Simplified prices in cents and benefit IDs', async () => {
		const { pro } = polar.actions.catalog.products;
		const { calls, items } = await runNode(polar, {
			resource: 'product',
			operation: 'get',
			product: locator('list', pro),
		});
		expect(calls.map(request)).toEqual([
			{ method: 'GET', path: `/v1/products/${pro}`, query: {}, body: undefined },
		]);
		expect(items[0].json).toMatchObject({
			id: pro,
			name: 'Pro plan',
			is_recurring: true,
			recurring_interval: 'month',
			prices: [expect.objectContaining({ price_amount_cents: 1900, currency: 'usd' })],
			benefit_ids: [
				polar.actions.catalog.benefits.licenseKeys,
				polar.actions.catalog.benefits.support,
			],
		});
	});

	it('Get Many: archived filter and search sent as query parameters', async () => {
		const { calls, items } = await runNode(polar, {
			resource: 'product',
			operation: 'getMany',
			returnAll: true,
			filters: { is_archived: false, query: 'l' },
			sort: { order: 'name' },
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/products/',
				query: { is_archived: 'false', query: 'l', sorting: 'name', page: '1', limit: '100' },
				body: undefined,
			},
		]);
		expect(items.map((item) => item.json.name)).toEqual(['Lifetime license', 'Pro plan']);
	});

	it('the product picker of the checkout operations lists products on sale by name', async () => {
		const n8n = new N8nAction({
			credentials: credentials(polar),
			parameters: { resource: 'checkout', operation: 'create' },
		});
		polar.resetCalls();
		expect(await n8n.loadOptions('getProducts')).toEqual([
			{ name: 'Lifetime license (one-time)', value: polar.actions.catalog.products.lifetime },
			{ name: 'Pro plan (month)', value: polar.actions.catalog.products.pro },
		]);
		expect(polar.calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/products/',
				query: { is_archived: 'false', sorting: 'name', page: '1', limit: '100' },
				body: undefined,
			},
		]);
	});
});
