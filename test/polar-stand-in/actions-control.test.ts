import { parseArgs } from '../../tools/polar-stand-in/cli';
import {
	ACTION_TOKEN,
	DEFAULT_ORGANIZATION_ID,
	MUST_SET_SCOPES,
	PolarStandIn,
} from '../../tools/polar-stand-in/server';
import { request } from './test-helpers';

describe('action data over the control routes (a stand-in in another process)', () => {
	let polar: PolarStandIn;
	const control = (method: string, path: string, body?: unknown) =>
		request(polar.url, method, `/_standin/actions${path}`, { token: null, body });

	beforeAll(async () => {
		polar = await PolarStandIn.start({ controlRoutes: true, actions: { seed: { customers: 3 } } });
	});
	afterAll(async () => {
		await polar.close();
	});

	it('reads the catalog and the records, adds records, resets with another seed', async () => {
		const catalog = (await control('GET', '/catalog')).json as { products: { pro: string } };
		expect(catalog.products.pro).toBe(polar.actions.catalog.products.pro);
		expect((await control('GET', '/customers')).json).toHaveLength(3);
		const added = await control('POST', '/customers', {
			email: 'control@example.com',
			external_id: 'ctl_1',
		});
		expect(added.status).toBe(201);
		const id = (added.json as { id: string }).id;
		expect((await control('GET', `/customers/${id}`)).json).toMatchObject({
			email: 'control@example.com',
		});
		const api = await request(polar.url, 'GET', '/v1/customers/external/ctl_1', {
			token: ACTION_TOKEN,
		});
		expect(api.json).toMatchObject({ id });
		const order = await control('POST', '/orders', { customer_id: id, status: 'pending' });
		expect(order.json).toMatchObject({ customer_id: id, status: 'pending', paid: false });
		expect((await control('GET', '/events')).json).toEqual([]);
		expect((await control('POST', '/reset', { customers: 0 })).status).toBe(200);
		expect((await control('GET', '/customers')).json).toEqual([]);
		expect((await control('GET', '/nothing')).status).toBe(404);
		expect((await control('POST', '/events', {})).status).toBe(404);
	});

	it('after-page: adds a record once a given page of a list was computed (a mid-run insert)', async () => {
		await control('POST', '/reset', { customers: 15 });
		expect(
			(
				await control('POST', '/after-page', {
					operationId: 'customers:list',
					page: 1,
					resource: 'customers',
					input: { email: 'mid.run@example.com' },
				})
			).status,
		).toBe(200);
		const list = (page: number) =>
			request(polar.url, 'GET', `/v1/customers/?limit=10&page=${page}&sorting=created_at`, {
				token: ACTION_TOKEN,
			}).then((answer) => answer.json as { items: Array<{ email: string }> });
		expect((await list(1)).items).toHaveLength(10);
		const second = await list(2);
		expect(second.items).toHaveLength(6);
		expect(second.items[5]?.email).toBe('mid.run@example.com');
		expect((await list(1)).items).toHaveLength(10);
		expect((await control('GET', '/customers')).json).toHaveLength(16);
		expect((await control('POST', '/after-page', { operationId: 'x' })).status).toBe(400);
	});
});

describe('CLI flags of the action routes', () => {
	it('--action-token gets every scope of the must set; --seed-customers sets the seed', () => {
		const config = parseArgs(['--action-token', 'polar_oat_actions_cli', '--seed-customers', '40']);
		if (config === 'help') throw new Error('unexpected help');
		expect(config.actionToken).toBe('polar_oat_actions_cli');
		expect(config.options.tokens?.polar_oat_actions_cli).toEqual({
			kind: 'organization',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: [...MUST_SET_SCOPES],
		});
		expect(config.options.actions).toEqual({
			organizationId: DEFAULT_ORGANIZATION_ID,
			seed: { customers: 40 },
		});
		const defaults = parseArgs([]);
		if (defaults === 'help') throw new Error('unexpected help');
		expect(defaults.options.tokens?.[ACTION_TOKEN]).toBeDefined();
	});
});
