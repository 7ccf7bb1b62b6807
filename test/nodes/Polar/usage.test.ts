/**
 * Benefit Grant: Get Many and Customer Meter: Get Many against the stand-in: the filters as Polar's query
 * parameters and the simplified records.
 */
import { nodeError, request, runNode, useStandIn } from './polarNode';

const polar = useStandIn();

describe('Benefit Grant › Get Many', () => {
	it('the granted benefits of one customer by external ID, with the benefit’s type', async () => {
		const { calls, items } = await runNode(polar, {
			resource: 'benefitGrant',
			operation: 'getMany',
			returnAll: true,
			filters: { external_customer_id: 'usr_1000', is_granted: true },
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/benefit-grants/',
				query: {
					external_customer_id: 'usr_1000',
					is_granted: 'true',
					sorting: 'created_at',
					page: '1',
					limit: '100',
				},
				body: undefined,
			},
		]);
		expect(items.map((item) => item.json.benefit_type).sort()).toEqual(['custom', 'license_keys']);
		expect(items[0].json).toMatchObject({
			customer_external_id: 'usr_1000',
			is_granted: true,
			is_revoked: false,
		});
		expect(items[0].json).not.toHaveProperty('customer');
	});

	it('Selected Fields keeps what is chosen, nested objects included', async () => {
		const { items } = await runNode(polar, {
			resource: 'benefitGrant',
			operation: 'getMany',
			limit: 1,
			output: 'selected',
			fields: ['id', 'benefit'],
		});
		expect(Object.keys(items[0].json).sort()).toEqual(['benefit', 'id']);
		expect(items[0].json.benefit).toEqual(expect.objectContaining({ type: expect.any(String) }));
	});
});

describe('Customer Meter › Get Many', () => {
	it('the meters of one customer, with the meter’s name and the balance', async () => {
		const customer = polar.actions.customers.list()[0] as { id: string };
		const { calls, items } = await runNode(polar, {
			resource: 'customerMeter',
			operation: 'getMany',
			filters: { customer_id: customer.id },
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'GET',
				path: '/v1/customer-meters/',
				query: { customer_id: customer.id, page: '1', limit: '50' },
				body: undefined,
			},
		]);
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				customer_id: customer.id,
				meter_id: polar.actions.catalog.meter,
				meter_name: 'API calls',
				consumed_units: 42,
				balance: expect.any(Number),
			}),
		]);
	});

	it('a customer ID that is not a UUID is Polar’s 422 on Customer ID', async () => {
		const { error } = await nodeError(polar, {
			resource: 'customerMeter',
			operation: 'getMany',
			filters: { customer_id: 'usr_1000' },
		});
		expect(error.message).toMatch(/^Polar refused a field to list customer meters: Customer ID: /);
	});
});
