import { validateSchema } from '../../tools/polar-stand-in/openapi';
import { DEFAULT_ORGANIZATION_ID } from '../../tools/polar-stand-in/server';
import { OTHER_ORG, UNKNOWN_ID, useStandIn, validationDetail } from './action-helpers';

type Listed = { items: Array<Record<string, unknown>>; pagination: { total_count: number } };

describe('checkouts', () => {
	const context = useStandIn();

	it('201 Checkout (open, url, client_secret) for products: uuid[]; GET by ID answers the same', async () => {
		const { catalog } = context.polar.actions;
		const customer = context.polar.actions.customers.list()[0] as { id: string; email: string };
		const created = await context.call('POST', '/v1/checkouts/', {
			body: {
				products: [catalog.products.pro, catalog.products.lifetime],
				customer_id: customer.id,
				success_url: 'https://app.example.com/thanks?checkout_id={CHECKOUT_ID}',
				metadata: { campaign: 'spring' },
			},
		});
		expect(created.status).toBe(201);
		expect(validateSchema('Checkout', created.json)).toEqual([]);
		const checkout = created.json as Record<string, unknown>;
		expect(checkout).toMatchObject({
			status: 'open',
			organization_id: DEFAULT_ORGANIZATION_ID,
			product_id: catalog.products.pro,
			amount: 1900,
			total_amount: 1900,
			currency: 'usd',
			customer_id: customer.id,
			customer_email: customer.email,
			success_url: 'https://app.example.com/thanks?checkout_id={CHECKOUT_ID}',
			metadata: { campaign: 'spring' },
		});
		expect(checkout.client_secret).toMatch(/^polar_c_[0-9a-f]{32}$/);
		expect(checkout.url).toBe(
			`https://sandbox.polar.sh/checkout/${String(checkout.client_secret)}`,
		);
		expect((checkout.products as Array<{ id: string }>).map((product) => product.id)).toEqual([
			catalog.products.pro,
			catalog.products.lifetime,
		]);
		const got = await context.call('GET', `/v1/checkouts/${String(checkout.id)}`);
		expect(got.json).toEqual(checkout);
		expect((await context.call('GET', `/v1/checkouts/${UNKNOWN_ID}`)).status).toBe(404);
	});

	it('422: products required (a list of at least one UUID), unknown or archived products at their index', async () => {
		const { catalog } = context.polar.actions;
		expect(
			validationDetail(
				await context.call('POST', '/v1/checkouts/', {
					body: { product_id: catalog.products.pro },
				}),
			).map((item) => [item.type, item.loc.join('.')]),
		).toEqual([
			['missing', 'body.products'],
			['extra_forbidden', 'body.product_id'],
		]);
		expect(
			validationDetail(await context.call('POST', '/v1/checkouts/', { body: { products: [] } }))[0],
		).toMatchObject({ type: 'too_short', loc: ['body', 'products'] });
		expect(
			validationDetail(
				await context.call('POST', '/v1/checkouts/', {
					body: { products: [catalog.products.pro, 'not-a-uuid'] },
				}),
			)[0],
		).toMatchObject({ type: 'uuid_parsing', loc: ['body', 'products', 1] });
		expect(
			validationDetail(
				await context.call('POST', '/v1/checkouts/', {
					body: { products: [catalog.products.pro, catalog.products.legacy, UNKNOWN_ID] },
				}),
			),
		).toEqual([
			{
				type: 'value_error',
				loc: ['body', 'products', 1],
				msg: 'Product does not exist.',
				input: catalog.products.legacy,
			},
			{
				type: 'value_error',
				loc: ['body', 'products', 2],
				msg: 'Product does not exist.',
				input: UNKNOWN_ID,
			},
		]);
		expect(
			validationDetail(
				await context.call('POST', '/v1/checkouts/', {
					body: { products: [catalog.products.pro], customer_id: UNKNOWN_ID },
				}),
			)[0],
		).toMatchObject({ loc: ['body', 'customer_id'], msg: 'Customer does not exist.' });
	});

	it('checkout links: products, product_id or product_price_id; 201 CheckoutLink with its redirect URL', async () => {
		const { catalog } = context.polar.actions;
		const viaProducts = await context.call('POST', '/v1/checkout-links/', {
			body: {
				payment_processor: 'stripe',
				products: [catalog.products.pro],
				label: 'Pricing page',
			},
		});
		expect(viaProducts.status).toBe(201);
		expect(validateSchema('CheckoutLink', viaProducts.json)).toEqual([]);
		const link = viaProducts.json as { url: string; client_secret: string; label: string };
		expect(link.client_secret).toMatch(/^polar_cl_[0-9a-f]{32}$/);
		expect(link.url).toBe(
			`https://sandbox-api.polar.sh/v1/checkout-links/${link.client_secret}/redirect`,
		);
		expect(link.label).toBe('Pricing page');
		const price = (
			context.polar.actions.products.get(catalog.products.lifetime) as {
				prices: Array<{ id: string }>;
			}
		).prices[0]?.id;
		const viaPrice = await context.call('POST', '/v1/checkout-links/', {
			body: { payment_processor: 'stripe', product_price_id: price },
		});
		expect(viaPrice.json).toMatchObject({ products: [{ id: catalog.products.lifetime }] });
		const viaProduct = await context.call('POST', '/v1/checkout-links/', {
			body: { payment_processor: 'stripe', product_id: catalog.products.pro },
		});
		expect(viaProduct.status).toBe(201);
		expect(context.polar.actions.checkoutLinks.list()).toHaveLength(3);
	});

	it('checkout links: 422 when no variant fits, and for unknown products or prices', async () => {
		const none = validationDetail(
			await context.call('POST', '/v1/checkout-links/', { body: { payment_processor: 'stripe' } }),
		);
		expect(none.map((item) => item.loc.join('.'))).toEqual([
			'body.product_price_id',
			'body.product_id',
			'body.products',
		]);
		expect(
			validationDetail(
				await context.call('POST', '/v1/checkout-links/', {
					body: { payment_processor: 'paypal', products: [UNKNOWN_ID] },
				}),
			)[0],
		).toMatchObject({ type: 'literal_error', loc: ['body', 'payment_processor'] });
		expect(
			validationDetail(
				await context.call('POST', '/v1/checkout-links/', {
					body: { payment_processor: 'stripe', product_price_id: UNKNOWN_ID },
				}),
			),
		).toEqual([
			{
				type: 'value_error',
				loc: ['body', 'product_price_id'],
				msg: 'Price does not exist.',
				input: UNKNOWN_ID,
			},
		]);
	});
});

describe('products, benefit grants, customer meters, organizations', () => {
	const context = useStandIn();
	const list = async (path: string): Promise<Listed> =>
		(await context.call('GET', path)).json as Listed;

	it('products: one recurring, one one-time, one archived, each with fixed prices and benefits', async () => {
		const answer = await context.call('GET', '/v1/products/');
		expect(validateSchema('ListResource_Product_', answer.json)).toEqual([]);
		const { catalog } = context.polar.actions;
		const names = (query: string) =>
			list(`/v1/products/?${query}`).then((page) => page.items.map((product) => product.name));
		expect(await names('is_recurring=true&is_archived=false')).toEqual(['Pro plan']);
		expect(await names('is_recurring=false')).toEqual(['Lifetime license']);
		expect(await names('is_archived=true')).toEqual(['Starter (legacy)']);
		expect(await names('query=LIFE')).toEqual(['Lifetime license']);
		expect(await names('sorting=name')).toEqual([
			'Lifetime license',
			'Pro plan',
			'Starter (legacy)',
		]);
		expect(await names(`benefit_id=${catalog.benefits.support}&sorting=-name`)).toEqual([
			'Starter (legacy)',
			'Pro plan',
		]);
		expect(await names('metadata[tier]=pro')).toEqual(['Pro plan']);
		const pro = await context.call('GET', `/v1/products/${catalog.products.pro}`);
		expect(validateSchema('Product', pro.json)).toEqual([]);
		expect(pro.json).toMatchObject({
			is_recurring: true,
			recurring_interval: 'month',
			prices: [{ amount_type: 'fixed', price_amount: 1900, price_currency: 'usd' }],
			benefits: [{ type: 'license_keys' }, { type: 'custom' }],
		});
		expect((await context.call('GET', `/v1/products/${UNKNOWN_ID}`)).status).toBe(404);
	});

	it('benefit grants: filters customer_id, external_customer_id, is_granted; each grant embeds customer and benefit', async () => {
		const answer = await context.call('GET', '/v1/benefit-grants/?limit=100');
		expect(validateSchema('ListResource_BenefitGrant_', answer.json)).toEqual([]);
		const all = (answer.json as Listed).items;
		expect(all.length).toBe(context.polar.actions.benefitGrants.list().length);
		const revoked = await list('/v1/benefit-grants/?limit=100&is_granted=false');
		expect(revoked.items.every((grant) => grant.is_revoked === true)).toBe(true);
		expect(revoked.items.length).toBeGreaterThan(0);
		const customer = context.polar.actions.customers.list()[0] as {
			id: string;
			external_id: string;
		};
		const mine = await list(`/v1/benefit-grants/?customer_id=${customer.id}`);
		expect(mine.items.map((grant) => (grant.benefit as { type: string }).type).sort()).toEqual([
			'custom',
			'license_keys',
		]);
		expect(
			(await list(`/v1/benefit-grants/?external_customer_id=${customer.external_id}`)).items,
		).toEqual(mine.items);
	});

	it('customer meters: filters customer_id, meter_id; ingested events add usage', async () => {
		const answer = await context.call('GET', '/v1/customer-meters/');
		expect(validateSchema('ListResource_CustomerMeter_', answer.json)).toEqual([]);
		const { catalog } = context.polar.actions;
		const customer = context.polar.actions.customers.list()[0] as { id: string };
		const mine = await list(
			`/v1/customer-meters/?customer_id=${customer.id}&meter_id=${catalog.meter}`,
		);
		expect(mine.items).toEqual([
			expect.objectContaining({
				consumed_units: 42,
				balance: -42,
				meter: expect.objectContaining({ name: 'API calls' }),
			}),
		]);
		await context.call('POST', '/v1/events/ingest', {
			body: {
				events: [
					{ name: 'api_call', customer_id: customer.id },
					{ name: 'other', customer_id: customer.id },
				],
			},
		});
		const after = await list(`/v1/customer-meters/?customer_id=${customer.id}`);
		expect(after.items[0]).toMatchObject({ consumed_units: 43 });
		expect(
			validationDetail(await context.call('GET', '/v1/customer-meters/?sorting=colour'))[0],
		).toMatchObject({ type: 'enum', loc: ['query', 'sorting', 0] });
	});

	it('organizations: an organization token sees its own organization only', async () => {
		const answer = await context.call('GET', '/v1/organizations/');
		expect(validateSchema('ListResource_Organization_', answer.json)).toEqual([]);
		expect(answer.json).toMatchObject({
			items: [{ id: DEFAULT_ORGANIZATION_ID, name: 'Acme Inc.', slug: 'acme' }],
			pagination: { total_count: 1, max_page: 1 },
		});
		context.polar.addToken('polar_oat_other_orgs', {
			kind: 'organization',
			organizationId: OTHER_ORG,
			scopes: ['organizations:read'],
		});
		const other = await context.call('GET', '/v1/organizations/', {
			token: 'polar_oat_other_orgs',
		});
		expect((other.json as Listed).items.map((item) => item.id)).toEqual([OTHER_ORG]);
		expect((await list('/v1/organizations/?slug=nope')).items).toEqual([]);
	});
});
