/**
 * The node over several input items, as n8n runs it: each item's parameters (expressions) apart, output
 * paired with the item it came from, n8n's three On Error settings, the credential read once per run,
 * and "Custom API Call" answered with the way to make one.
 */
import { N8nAction } from '../../../tools/n8nAction';
import { credentials, locator, nodeError, runNode, useStandIn } from './polarNode';

const polar = useStandIn();

const stateOf = {
	resource: 'customer',
	operation: 'getState',
	customer: locator('externalId', '={{ $json.user }}'),
};
const users = [{ user: 'usr_1000' }, { user: 'nobody' }, { user: 'usr_1002' }];

describe('several input items', () => {
	it('each item’s own customer, its output paired with it', async () => {
		const { items, calls } = await runNode(polar, stateOf, [
			{ user: 'usr_1000' },
			{ user: 'usr_1002' },
		]);
		expect(calls.map((call) => call.path)).toEqual([
			'/v1/customers/external/usr_1000/state',
			'/v1/customers/external/usr_1002/state',
		]);
		expect(items.map((item) => [item.pairedItem, item.json.external_id])).toEqual([
			[{ item: 0 }, 'usr_1000'],
			[{ item: 1 }, 'usr_1002'],
		]);
	});

	it('a Get Many per item: all records of each paired with that item', async () => {
		const { items } = await runNode(
			polar,
			{
				resource: 'benefitGrant',
				operation: 'getMany',
				returnAll: true,
				filters: { external_customer_id: '={{ $json.user }}' },
			},
			[{ user: 'usr_1000' }, { user: 'usr_1002' }],
		);
		const byItem = items.map((item) => [
			(item.pairedItem as { item: number }).item,
			item.json.customer_external_id,
		]);
		expect(byItem.length).toBeGreaterThan(2);
		for (const [index, user] of byItem) expect(user).toBe(`usr_${1000 + 2 * (index as number)}`);
	});

	it('On Error "Stop Workflow": the error of item 1, naming it', async () => {
		const { error, calls } = await nodeError(polar, stateOf, users);
		expect(error.context.itemIndex).toBe(1);
		expect(error.message).toBe('Polar has no customer with the external ID "nobody"');
		expect(calls).toHaveLength(2);
	});

	it('On Error "Continue": an error item in place of item 1, the others go on', async () => {
		const { outputs } = await runNode(polar, stateOf, users, { onError: 'continueRegularOutput' });
		expect(outputs).toHaveLength(1);
		expect(
			outputs[0].map((item) => [item.pairedItem, item.json.error ?? item.json.external_id]),
		).toEqual([
			[{ item: 0 }, 'usr_1000'],
			[{ item: 1 }, 'Polar has no customer with the external ID "nobody"'],
			[{ item: 2 }, 'usr_1002'],
		]);
		expect(Object.keys(outputs[0][1].json).sort()).toEqual(['error', 'message']);
	});

	it('the error item is one n8n 1.x routes to the error output too: json with only `error`, or `error` and `message` (1.123’s handleNodeErrorOutput; 2.x also takes `details`)', async () => {
		// n8n 1.123.81, n8n-core WorkflowExecute.handleNodeErrorOutput: what it moves to the error output.
		const n8n1TakesAsError = (json: Record<string, unknown>): boolean =>
			(!!json.error && Object.keys(json).length === 1) ||
			(!!json.error && !!json.message && Object.keys(json).length === 2);
		const { outputs } = await runNode(polar, stateOf, users, { onError: 'continueRegularOutput' });
		expect(outputs[0].map((item) => n8n1TakesAsError(item.json))).toEqual([false, true, false]);
		expect(outputs[0][1].json.message).toMatch(/^Check the ID/);
	});

	it('On Error "Continue (using error output)": item 1 on the error output, with its input and paired', async () => {
		const { outputs } = await runNode(polar, stateOf, users, { onError: 'continueErrorOutput' });
		expect(outputs[0].map((item) => [item.pairedItem, item.json.external_id])).toEqual([
			[{ item: 0 }, 'usr_1000'],
			[{ item: 2 }, 'usr_1002'],
		]);
		expect(outputs[1]).toEqual([
			{
				json: {
					user: 'nobody',
					error: 'Polar has no customer with the external ID "nobody"',
					message: expect.stringContaining('Check the ID'),
				},
				pairedItem: { item: 1 },
			},
		]);
	});

	it('reads the credential once per run, however many items', async () => {
		const n8n = new N8nAction({ credentials: credentials(polar), parameters: stateOf });
		await n8n.execute(Array.from({ length: 10 }, () => ({ user: 'usr_1000' })));
		expect(n8n.credentialReads).toBe(1);
	});
});

describe('Custom API Call', () => {
	it.each([
		['resource', { resource: '__CUSTOM_API_CALL__', operation: '__CUSTOM_API_CALL__' }],
		['operation', { resource: 'customer', operation: '__CUSTOM_API_CALL__' }],
	])(
		'chosen as %s: points to the HTTP Request node with this credential, sends nothing',
		async (_, parameters) => {
			const { error, calls } = await nodeError(polar, parameters);
			expect(error.message).toBe('Custom API calls go through the HTTP Request node');
			expect(error.description).toContain('Predefined Credential Type');
			expect(error.description).toContain('Polar API');
			expect(calls).toEqual([]);
		},
	);
});
