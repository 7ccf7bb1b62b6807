/**
 * Customer: Get State, Get, Get Many, Create, Update and Create Portal Session against the stand-in, through
 * n8n-core's ExecuteContext: the exact requests, the output in each mode, and the errors Polar's answers map to.
 */
import {
	ACTION_TOKEN,
	DEFAULT_ORGANIZATION_ID,
	PERSONAL_TOKEN,
	credentials,
	locator,
	nodeError,
	request,
	runNode,
	useStandIn,
} from './polarNode';

const polar = useStandIn();

/** Seeded customer 0: external ID usr_1000, an active Pro subscription, benefits, a meter. */
function activeCustomer() {
	return polar.actions.customers.list()[0] as { id: string; email: string; external_id: string };
}

describe('Customer › Get State', () => {
	const getState = (mode: string, value: string, extra: object = {}) => ({
		resource: 'customer',
		operation: 'getState',
		customer: locator(mode, value),
		...extra,
	});

	it('by external ID is one request to the external-ID path, output simplified with product and benefit IDs', async () => {
		const customer = activeCustomer();
		const { items, calls } = await runNode(polar, getState('externalId', 'usr_1000'));
		expect(calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/customers/external/usr_1000/state',
				query: {},
				body: undefined,
			},
		]);
		const state = polar.actions.customers.state(customer.id)!;
		const subscriptions = state.active_subscriptions as Array<Record<string, unknown>>;
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			id: customer.id,
			external_id: 'usr_1000',
			email: customer.email,
			active_product_ids: [polar.actions.catalog.products.pro],
			granted_benefit_ids: expect.arrayContaining([
				polar.actions.catalog.benefits.licenseKeys,
				polar.actions.catalog.benefits.support,
			]),
		});
		expect((items[0].json.active_subscriptions as object[])[0]).toEqual({
			id: subscriptions[0].id,
			product_id: polar.actions.catalog.products.pro,
			status: 'active',
			amount_cents: subscriptions[0].amount,
			currency: subscriptions[0].currency,
			recurring_interval: 'month',
			current_period_end: subscriptions[0].current_period_end,
			cancel_at_period_end: false,
			ends_at: null,
			metadata: subscriptions[0].metadata,
		});
		expect(items[0].json.active_meters).toEqual([
			expect.objectContaining({ meter_id: polar.actions.catalog.meter, consumed_units: 42 }),
		]);
	});

	it('by ID uses the ID path; Raw is Polar’s answer; Selected Fields only the fields chosen', async () => {
		const customer = activeCustomer();
		const raw = await runNode(polar, getState('id', customer.id, { output: 'raw' }));
		expect(raw.calls.map((call) => call.path)).toEqual([`/v1/customers/${customer.id}/state`]);
		expect(raw.items[0].json).toEqual(polar.actions.customers.state(customer.id));

		const selected = await runNode(
			polar,
			getState('id', customer.id, { output: 'selected', fields: ['email', 'active_meters'] }),
		);
		expect(selected.items[0].json).toEqual({
			email: customer.email,
			active_meters: polar.actions.customers.state(customer.id)!.active_meters,
		});
	});

	it('by email looks the customer up first (two requests)', async () => {
		const customer = activeCustomer();
		const { calls, items } = await runNode(polar, getState('email', customer.email));
		expect(calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/customers/',
				query: { email: customer.email, limit: '1' },
				body: undefined,
			},
			{ method: 'GET', path: `/v1/customers/${customer.id}/state`, query: {}, body: undefined },
		]);
		expect(items[0].json.id).toBe(customer.id);
	});

	it('encodes an external ID into one path segment, and finds one with "/" by search (Polar cannot route it)', async () => {
		const odd = polar.actions.customers.add({ external_id: 'a b?c#d%e' });
		const spaced = await runNode(polar, getState('externalId', 'a b?c#d%e'));
		expect(spaced.calls.map((call) => call.path)).toEqual([
			'/v1/customers/external/a%20b%3Fc%23d%25e/state',
		]);
		expect(spaced.items[0].json.id).toBe(odd.id);

		const slashed = polar.actions.customers.add({ external_id: 'team/42' });
		const found = await runNode(polar, getState('externalId', 'team/42'));
		expect(found.calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/customers/',
				query: { query: 'team/42', limit: '100' },
				body: undefined,
			},
			{ method: 'GET', path: `/v1/customers/${slashed.id}/state`, query: {}, body: undefined },
		]);
	});

	it('names the customer Polar does not have, with the item it was for', async () => {
		const { error } = await nodeError(polar, getState('externalId', '={{ $json.user }}'), [
			{ user: 'usr_1000' },
			{ user: 'nobody' },
		]);
		expect(error.message).toBe('Polar has no customer with the external ID "nobody"');
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(1);
	});

	it('refuses an empty customer before asking Polar, and a "By ID" that is not a UUID in Polar’s words', async () => {
		const empty = await nodeError(polar, getState('externalId', '  '));
		expect(empty.error.message).toBe('The external ID is empty');
		expect(empty.calls).toEqual([]);

		const notUuid = await nodeError(polar, getState('id', 'not-a-uuid'));
		expect(notUuid.error.httpCode).toBe('422');
		expect(notUuid.error.message).toMatch(
			/^Polar refused a field to get the customer state: Customer: /,
		);
	});

	it('by email: no such customer is a clear error, not an empty item', async () => {
		const { error, calls } = await nodeError(polar, getState('email', 'nobody@example.com'));
		expect(error.message).toBe('Polar has no customer with the email "nobody@example.com"');
		expect(calls).toHaveLength(1);
	});
});

describe('Customer › Get', () => {
	it('by ID, by external ID and by email, one request each', async () => {
		const customer = activeCustomer();
		const expected = polar.actions.customers.get(customer.id);
		for (const [mode, value, path, query] of [
			['id', customer.id, `/v1/customers/${customer.id}`, {}],
			['externalId', 'usr_1000', '/v1/customers/external/usr_1000', {}],
			['email', customer.email, '/v1/customers/', { email: customer.email, limit: '1' }],
		] as const) {
			const { calls, items } = await runNode(polar, {
				resource: 'customer',
				operation: 'get',
				customer: locator(mode, value),
				output: 'raw',
			});
			expect(calls.map(request)).toEqual([{ method: 'GET', path, query, body: undefined }]);
			expect(items.map((item) => item.json)).toEqual([expected]);
		}
	});

	it('Simplified keeps the fields a workflow needs', async () => {
		const customer = activeCustomer();
		const { items } = await runNode(polar, {
			resource: 'customer',
			operation: 'get',
			customer: locator('id', customer.id),
		});
		expect(Object.keys(items[0].json).sort()).toEqual(
			[
				'created_at',
				'deleted_at',
				'email',
				'external_id',
				'id',
				'locale',
				'metadata',
				'name',
				'type',
			].sort(),
		);
		expect(items[0].json.metadata).toEqual({ source: 'seed', tier: 'gold' });
	});
});

describe('Customer › Get Many', () => {
	it('sends filters and sort as Polar’s query parameters, one item per customer', async () => {
		const { calls, items } = await runNode(polar, {
			resource: 'customer',
			operation: 'getMany',
			returnAll: false,
			limit: 5,
			filters: { active: true, query: 'example.com' },
			sort: { order: '-email' },
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/customers/',
				query: { active: 'true', query: 'example.com', sorting: '-email', page: '1', limit: '5' },
				body: undefined,
			},
		]);
		expect(items).toHaveLength(4);
		const emails = items.map((item) => item.json.email as string);
		expect(emails).toEqual([...emails].sort().reverse());
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('an email filter returns exactly that customer; no match returns no item', async () => {
		const customer = activeCustomer();
		const one = await runNode(polar, {
			resource: 'customer',
			operation: 'getMany',
			filters: { email: customer.email },
		});
		expect(one.items.map((item) => item.json.id)).toEqual([customer.id]);
		const none = await runNode(polar, {
			resource: 'customer',
			operation: 'getMany',
			filters: { email: 'nobody@example.com' },
		});
		expect(none.items).toEqual([]);
	});

	it('a bad filter value is named by its field label', async () => {
		const { error } = await nodeError(polar, {
			resource: 'customer',
			operation: 'getMany',
			sort: { order: 'nonsense' },
		});
		expect(error.httpCode).toBe('422');
		expect(error.message).toMatch(/^Polar refused a field to list customers: Sort: /);
	});
});

describe('Customer › Create', () => {
	const create = (extra: object = {}) => ({
		resource: 'customer',
		operation: 'create',
		email: 'new.customer@example.com',
		...extra,
	});

	it('sends the filled-in fields (no organization_id with an organization token), metadata typed', async () => {
		const { calls, items } = await runNode(
			polar,
			create({
				additionalFields: {
					name: 'New Customer',
					external_id: 'usr_new',
					billing_address: { address: { country: 'de', city: 'Berlin', line1: '' } },
					metadata: {
						entries: [
							{ key: 'plan_level', type: 'number', value: '2' },
							{ key: 'beta', type: 'boolean', value: 'true' },
							{ key: 'source', type: 'string', value: 'n8n' },
						],
					},
				},
			}),
		);
		expect(calls.map(request)).toEqual([
			{
				method: 'POST',
				path: '/v1/customers/',
				query: {},
				body: {
					email: 'new.customer@example.com',
					name: 'New Customer',
					external_id: 'usr_new',
					billing_address: { country: 'DE', city: 'Berlin' },
					metadata: { plan_level: 2, beta: true, source: 'n8n' },
				},
			},
		]);
		expect(items[0].json).toMatchObject({
			email: 'new.customer@example.com',
			external_id: 'usr_new',
			metadata: { plan_level: 2, beta: true, source: 'n8n' },
		});
		expect(polar.actions.customers.get(items[0].json.id as string)).toBeDefined();
	});

	it('with a personal token, sends the credential’s organization ID', async () => {
		const { calls } = await runNode(polar, create(), [{}], {
			credentials: {
				...credentials(polar, PERSONAL_TOKEN),
				organizationId: DEFAULT_ORGANIZATION_ID,
			},
		});
		expect(calls[0].body).toEqual({
			email: 'new.customer@example.com',
			organization_id: DEFAULT_ORGANIZATION_ID,
		});
	});

	it('a taken email is Polar’s 422 on the Email field', async () => {
		const { error } = await nodeError(polar, create({ email: activeCustomer().email }));
		expect(error.message).toBe(
			'Polar refused a field to create the customer: Email: A customer with this email address already exists.',
		);
	});

	it('a metadata value that is not its type is refused before anything is sent', async () => {
		const { error, calls } = await nodeError(
			polar,
			create({
				additionalFields: { metadata: { entries: [{ key: 'n', type: 'number', value: 'two' }] } },
			}),
		);
		expect(error.message).toBe('The metadata value of "n" is not a number');
		expect(calls).toEqual([]);
	});
});

describe('Customer › Update', () => {
	it('patches only the filled-in fields, by external ID', async () => {
		const { calls, items } = await runNode(polar, {
			resource: 'customer',
			operation: 'update',
			customer: locator('externalId', 'usr_1000'),
			updateFields: { name: 'Renamed', locale: '' },
			output: 'raw',
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'PATCH',
				path: '/v1/customers/external/usr_1000',
				query: {},
				body: { name: 'Renamed' },
			},
		]);
		expect(items[0].json.name).toBe('Renamed');
	});

	it('refuses an empty change without a request', async () => {
		const { error, calls } = await nodeError(polar, {
			resource: 'customer',
			operation: 'update',
			customer: locator('id', activeCustomer().id),
			updateFields: { name: '  ' },
		});
		expect(error.message).toBe('Nothing to update');
		expect(calls).toEqual([]);
	});

	it('an external ID that is already set cannot change: Polar’s 422 on External ID', async () => {
		const { error } = await nodeError(polar, {
			resource: 'customer',
			operation: 'update',
			customer: locator('id', activeCustomer().id),
			updateFields: { external_id: 'other' },
		});
		expect(error.message).toBe(
			'Polar refused a field to update the customer: External ID: Customer external ID cannot be updated.',
		);
	});
});

describe('Customer › Create Portal Session', () => {
	it('by external ID, the portal URL and when it expires', async () => {
		const { calls, items } = await runNode(polar, {
			resource: 'customer',
			operation: 'createPortalSession',
			customer: locator('externalId', 'usr_1000'),
			options: { return_url: 'https://example.com/account' },
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'POST',
				path: '/v1/customer-sessions/',
				query: {},
				body: { external_customer_id: 'usr_1000', return_url: 'https://example.com/account' },
			},
		]);
		expect(Object.keys(items[0].json).sort()).toEqual([
			'customer_email',
			'customer_id',
			'customer_portal_url',
			'expires_at',
			'return_url',
		]);
		expect(items[0].json.customer_portal_url).toMatch(/^https:\/\//);
	});

	it('by ID sends customer_id; an unknown one is Polar’s 422 on Customer', async () => {
		const customer = activeCustomer();
		const { calls } = await runNode(polar, {
			resource: 'customer',
			operation: 'createPortalSession',
			customer: locator('id', customer.id),
		});
		expect(calls[0].body).toEqual({ customer_id: customer.id });

		const { error } = await nodeError(polar, {
			resource: 'customer',
			operation: 'createPortalSession',
			customer: locator('id', '00000000-0000-4000-8000-000000000000'),
		});
		expect(error.httpCode).toBe('422');
		expect(error.message).toMatch(/Customer: /);
	});
});

describe('Customer › the token', () => {
	it('an organization token never sends organization_id', async () => {
		const { calls } = await runNode(
			polar,
			{ resource: 'customer', operation: 'create', email: 'x@example.com' },
			[{}],
			{ accessToken: ACTION_TOKEN },
		);
		expect(JSON.stringify(calls.map(request))).not.toContain('organization_id');
	});
});
