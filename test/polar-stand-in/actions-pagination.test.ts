import { validateSchema } from '../../tools/polar-stand-in/openapi';
import { ACTION_TOKEN, PolarStandIn } from '../../tools/polar-stand-in/server';
import { useStandIn, validationDetail } from './action-helpers';
import { request } from './test-helpers';

type Page = {
	items: Array<{ id: string; email: string; name: string; created_at: string }>;
	pagination: { total_count: number; max_page: number };
};

describe('pagination of the action lists', () => {
	const context = useStandIn();
	const page = async (query: string): Promise<Page> => {
		const answer = await context.call('GET', `/v1/customers/?${query}`);
		expect(answer.status).toBe(200);
		return answer.json as Page;
	};

	it.each([
		[0, 10, 0],
		[1, 10, 1],
		[100, 100, 1],
		[101, 100, 2],
		[250, 100, 3],
		[250, 10, 25],
	])(
		'%i customers, limit %i: max_page %i, every page full but the last, past the last: empty',
		async (count, limit, maxPage) => {
			context.polar.actions.reset({ customers: count });
			const first = await page(`limit=${limit}`);
			expect(validateSchema('ListResource_Customer_', first)).toEqual([]);
			expect(first.pagination).toEqual({ total_count: count, max_page: maxPage });
			const seen = new Set<string>();
			for (let number = 1; number <= maxPage; number++) {
				const items = (await page(`limit=${limit}&page=${number}`)).items;
				expect(items.length).toBe(number < maxPage ? limit : count - limit * (maxPage - 1));
				for (const item of items) seen.add(item.id);
			}
			expect(seen.size).toBe(count);
			expect(await page(`limit=${limit}&page=${maxPage + 1}`)).toEqual({
				items: [],
				pagination: { total_count: count, max_page: maxPage },
			});
		},
	);

	it('limit defaults to 10 and is clamped to 100 silently; limit=0, page=0 and non-numbers are 422', async () => {
		context.polar.actions.reset({ customers: 150 });
		expect((await page('')).items).toHaveLength(10);
		const clamped = await page('limit=500');
		expect(clamped.items).toHaveLength(100);
		expect(clamped.pagination).toEqual({ total_count: 150, max_page: 2 });
		expect(validationDetail(await context.call('GET', '/v1/customers/?limit=0'))).toEqual([
			{
				type: 'greater_than',
				loc: ['query', 'limit'],
				msg: 'Input should be greater than 0',
				input: '0',
				ctx: { gt: 0 },
			},
		]);
		expect(validationDetail(await context.call('GET', '/v1/customers/?page=0'))[0]).toMatchObject({
			type: 'greater_than',
			loc: ['query', 'page'],
		});
		expect(validationDetail(await context.call('GET', '/v1/orders/?limit=ten'))[0]).toMatchObject({
			type: 'int_parsing',
			loc: ['query', 'limit'],
		});
	});

	it('sorting: newest first by default, created_at ascending, e-mail, several criteria in order', async () => {
		context.polar.actions.reset({ customers: 30 });
		const stored = context.polar.actions.customers.list() as Page['items'];
		const ids = (items: Page['items']) => items.map((item) => item.id);
		expect(ids((await page('limit=100')).items)).toEqual(ids([...stored].reverse()));
		expect(ids((await page('limit=100&sorting=created_at')).items)).toEqual(ids(stored));
		const byEmail = [...stored].sort((a, b) => (a.email < b.email ? -1 : 1));
		expect(ids((await page('limit=100&sorting=email')).items)).toEqual(ids(byEmail));
		const byNameThenNewest = [...stored].sort((a, b) =>
			a.name === b.name ? (a.created_at < b.created_at ? 1 : -1) : a.name < b.name ? 1 : -1,
		);
		expect(ids((await page('limit=100&sorting=-name&sorting=-created_at')).items)).toEqual(
			ids(byNameThenNewest),
		);
		expect(
			validationDetail(await context.call('GET', '/v1/customers/?sorting=-price'))[0],
		).toMatchObject({
			type: 'enum',
			loc: ['query', 'sorting', 0],
		});
	});

	it('a record created during a run (onPage) sorts newest: it lands after the last page ascending, before page 1 descending', async () => {
		context.polar.actions.reset({ customers: 25 });
		let added: string | undefined;
		const remove = context.polar.actions.onPage(({ operationId, page: number }) => {
			if (operationId === 'customers:list' && number === 1 && !added)
				added = context.polar.actions.customers.add({ email: 'mid.run@example.com' }).id as string;
		});
		const ascending: string[] = [];
		for (let number = 1; number <= 3; number++)
			ascending.push(
				...(await page(`limit=10&page=${number}&sorting=created_at`)).items.map((item) => item.id),
			);
		expect(ascending).toHaveLength(26);
		expect(new Set(ascending).size).toBe(26);
		expect(ascending[25]).toBe(added);
		remove();

		added = undefined;
		const again = context.polar.actions.onPage(({ page: number }) => {
			if (number === 1 && !added)
				added = context.polar.actions.customers.add({ email: 'mid.run.2@example.com' })
					.id as string;
		});
		const firstPage = (await page('limit=10&page=1')).items.map((item) => item.id);
		const secondPage = (await page('limit=10&page=2')).items.map((item) => item.id);
		again();
		// Polar's offset pagination: the newcomer on page 1 pushes the last item of page 1 onto page 2.
		expect(secondPage[0]).toBe(firstPage[9]);
		expect((await page('limit=10&page=1')).items[0]?.id).toBe(added);
	});

	it('repeated filters, deepObject metadata, email (exact, any case), query, active', async () => {
		context.polar.actions.reset({ customers: 12 });
		const stored = context.polar.actions.customers.list() as Array<
			Page['items'][number] & {
				external_id: string | null;
				metadata: { tier: string };
			}
		>;
		const ids = async (query: string) =>
			(await page(`limit=100&${query}`)).items.map((item) => item.id).sort();
		const gold = stored
			.filter((item) => item.metadata.tier === 'gold')
			.map((item) => item.id)
			.sort();
		expect(await ids('metadata[tier]=gold')).toEqual(gold);
		expect((await ids('metadata[tier]=gold&metadata[tier]=standard')).length).toBe(12);
		expect(await ids('metadata[tier]=gold&metadata[source]=elsewhere')).toEqual([]);
		const first = stored[0] as (typeof stored)[number];
		expect(await ids(`email=${first.email.toUpperCase()}`)).toEqual([first.id]);
		expect(await ids(`query=${first.external_id}`)).toEqual([first.id]);
		const activeIds = context.polar.actions.subscriptions
			.list()
			.filter((subscription) =>
				['active', 'trialing', 'past_due'].includes(subscription.status as string),
			)
			.map((subscription) => subscription.customer_id as string)
			.sort();
		expect(await ids('active=true')).toEqual(activeIds);
		expect(
			validationDetail(await context.call('GET', '/v1/customers/?active=maybe'))[0],
		).toMatchObject({
			type: 'bool_parsing',
			loc: ['query', 'active'],
		});
	});
});

describe('seeded data', () => {
	it('is deterministic: two stand-ins seed the same IDs, e-mail addresses and license keys', async () => {
		const [a, b] = await Promise.all([PolarStandIn.start(), PolarStandIn.start()]);
		try {
			const shape = (polar: PolarStandIn) => ({
				catalog: polar.actions.catalog,
				customers: polar.actions.customers
					.list()
					.map((item) => [item.id, item.email, item.external_id]),
				keys: polar.actions.licenseKeys.list().map((item) => [item.id, item.key, item.status]),
			});
			expect(shape(a)).toEqual(shape(b));
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('answers every list schema-valid and cross-referenced (subscriptions, orders, grants, keys point at stored records)', async () => {
		const polar = await PolarStandIn.start({ actions: { seed: { customers: 36 } } });
		try {
			for (const [path, schema] of [
				['/v1/customers/', 'ListResource_Customer_'],
				['/v1/subscriptions/', 'ListResource_Subscription_'],
				['/v1/orders/', 'ListResource_Order_'],
				['/v1/products/', 'ListResource_Product_'],
				['/v1/benefit-grants/', 'ListResource_BenefitGrant_'],
				['/v1/customer-meters/', 'ListResource_CustomerMeter_'],
			] as const) {
				const answer = await request(polar.url, 'GET', `${path}?limit=100`, {
					token: ACTION_TOKEN,
				});
				expect([path, validateSchema(schema, answer.json)]).toEqual([path, []]);
			}
			expect(polar.schemaViolations).toEqual([]);
			const { actions } = polar;
			const customers = new Set(actions.customers.list().map((item) => item.id));
			const products = new Set(actions.products.list().map((item) => item.id));
			const subscriptions = actions.subscriptions.list();
			expect(subscriptions).toHaveLength(18);
			for (const subscription of subscriptions) {
				expect(customers.has(subscription.customer_id as string)).toBe(true);
				expect(products.has(subscription.product_id as string)).toBe(true);
			}
			const orders = actions.orders.list();
			expect(orders).toHaveLength(36);
			for (const order of orders) expect(customers.has(order.customer_id as string)).toBe(true);
			expect(new Set(orders.map((order) => order.status))).toEqual(
				new Set(['paid', 'refunded', 'partially_refunded', 'pending']),
			);
			const keys = new Map(actions.licenseKeys.list().map((key) => [key.id, key]));
			for (const grant of actions.benefitGrants.list()) {
				expect(customers.has(grant.customer_id as string)).toBe(true);
				const keyId = (grant.properties as { license_key_id?: string }).license_key_id;
				if (keyId) expect(keys.get(keyId)).toMatchObject({ customer_id: grant.customer_id });
			}
			expect(new Set([...keys.values()].map((key) => key.status))).toEqual(
				new Set(['granted', 'revoked']),
			);
			expect(actions.customers.list().filter((item) => item.external_id !== null)).toHaveLength(18);
		} finally {
			await polar.close();
		}
	});
});
