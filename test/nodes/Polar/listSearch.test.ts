/**
 * The "From List" modes of the customer, product, subscription and order locators, through n8n-core's
 * LoadOptionsContext: Polar's search, readable names, the next page on request, and refusals shown as errors.
 */
import { N8nAction } from '../../../tools/n8nAction';
import { NO_SCOPE_TOKEN, credentials, request, useStandIn } from './polarNode';

const polar = useStandIn({}, { reseed: false });

function editor(accessToken?: string): N8nAction {
	return new N8nAction({
		credentials: credentials(polar, accessToken),
		parameters: { resource: 'customer', operation: 'getState' },
	});
}

type Customer = { id: string; email: string; name: string; external_id: string | null };

describe('list search', () => {
	beforeEach(() => polar.actions.reset({ customers: 120 }));

	it('customers: newest first, 50 a page, named with email and external ID, then the next page', async () => {
		polar.resetCalls();
		const first = await editor().listSearch('searchCustomers');
		const customers = [...(polar.actions.customers.list() as Customer[])].reverse();
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({
			name: `${customers[0].name} <${customers[0].email}>${customers[0].external_id ? ` (${customers[0].external_id})` : ''}`,
			value: customers[0].id,
		});
		expect(first.paginationToken).toBe('2');
		const third = await editor().listSearch('searchCustomers', undefined, '3');
		expect(third.results).toHaveLength(20);
		expect(third.paginationToken).toBeUndefined();
		expect(polar.calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/customers/',
				query: { sorting: '-created_at', page: '1', limit: '50' },
				body: undefined,
			},
			{
				method: 'GET',
				path: '/v1/customers/',
				query: { sorting: '-created_at', page: '3', limit: '50' },
				body: undefined,
			},
		]);
	});

	it('customers: the filter is Polar’s search (name, email, external ID)', async () => {
		const results = (await editor().listSearch('searchCustomers', 'usr_1004')).results;
		expect(results.map((result) => result.value)).toEqual([
			(polar.actions.customers.list() as Customer[])[4].id,
		]);
		expect(results[0].name).toMatch(/\(usr_1004\)$/);
	});

	it('products: by name, kind and archived state', async () => {
		const results = (await editor().listSearch('searchProducts')).results;
		expect(results.map((result) => result.name).sort()).toEqual([
			'Lifetime license (one-time)',
			'Pro plan (month)',
			'Starter (legacy) (year, archived)',
		]);
		expect((await editor().listSearch('searchProducts', 'pro')).results).toEqual([
			{ name: 'Pro plan (month)', value: polar.actions.catalog.products.pro },
		]);
	});

	it('subscriptions: a search finds the customers first, then lists their subscriptions', async () => {
		const customer = (polar.actions.customers.list() as Customer[])[0];
		polar.resetCalls();
		const { results } = await editor().listSearch('searchSubscriptions', customer.email);
		expect(polar.calls.map((call) => [call.path, call.query])).toEqual([
			['/v1/customers/', { query: customer.email, page: '1', limit: '50' }],
			[
				'/v1/subscriptions/',
				{ customer_id: customer.id, sorting: '-started_at', page: '1', limit: '50' },
			],
		]);
		expect(results).toEqual([
			{ name: `${customer.email} · Pro plan · USD 19.00 · active`, value: expect.any(String) },
		]);
	});

	it('orders: named by customer, what was bought, total and date; no matching customer, no request for orders', async () => {
		const customer = (polar.actions.customers.list() as Customer[])[3];
		const { results } = await editor().listSearch('searchOrders', customer.email);
		expect(results).toHaveLength(1);
		expect(results[0].name).toMatch(
			new RegExp(
				`^${customer.email.replace(/\./g, '\\.')} · Lifetime license · USD \\d+\\.\\d{2} · paid · \\d{4}-\\d{2}-\\d{2}$`,
			),
		);

		polar.resetCalls();
		expect(await editor().listSearch('searchOrders', 'nobody-at-all')).toEqual({ results: [] });
		expect(polar.calls.map((call) => call.path)).toEqual(['/v1/customers/']);
	});

	it('a token that may not list shows Polar’s refusal, not an empty list', async () => {
		await expect(editor(NO_SCOPE_TOKEN).listSearch('searchCustomers')).rejects.toThrow(
			'The Polar access token is not allowed to list customers',
		);
	});
});
