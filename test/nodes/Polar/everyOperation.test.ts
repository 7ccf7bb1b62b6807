/**
 * Every one of the 26 operations, the same checks: it works and pairs its output with its input item, and
 * each refusal Polar can give any call (401, 403 for a scope, 409, 429 beyond the wait, 5xx) becomes an
 * error that says what the node was doing, names the item, and with "Continue (using error output)" is an
 * item on the error output paired with its input.
 */
import { POLAR_OPERATIONS } from '../../../nodes/shared/operations';
import { OPERATION_CASES } from './operations';
import { NO_SCOPE_TOKEN, nodeError, runNode, useStandIn } from './polarNode';

const polar = useStandIn();
beforeEach(() => polar.clearFaults());

/** The table row of the first call an operation makes with OPERATION_CASES' parameters (named alike). */
function firstCall(name: string) {
	return POLAR_OPERATIONS[name as keyof typeof POLAR_OPERATIONS];
}

it('covers the 26 operations of the must set', () => {
	expect(OPERATION_CASES).toHaveLength(26);
});

describe.each(OPERATION_CASES)('%s', (name, parameters) => {
	const operation = firstCall(name);

	it('works without organization_id (an organization token), every output item paired with the input item', async () => {
		const { items, calls } = await runNode(polar, await parameters(polar), [{ input: 'a' }]);
		expect(calls.length).toBeGreaterThan(0);
		// Get Invoice first finds no invoice (404), then generates it.
		expect(calls.every((call) => call.status < 300 || name === 'order.getInvoice')).toBe(true);
		// An organization token never sends organization_id; only license keys need it with every token.
		const sent = JSON.stringify(calls.map((call) => [call.query, call.body]));
		if (!name.startsWith('licenseKey.')) expect(sent).not.toContain('organization_id');
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).not.toHaveProperty('error');
		}
	});

	it('401: says the token was rejected while doing it, for item 0', async () => {
		const { error } = await nodeError(polar, await parameters(polar), [{}], {
			accessToken: 'polar_oat_revoked_token',
		});
		expect(error.message).toBe(
			`Polar rejected the access token while trying to ${operation.action}`,
		);
		expect(error.httpCode).toBe('401');
		expect(error.context.itemIndex).toBe(0);
	});

	it('403 insufficient_scope: names the scopes, any one of which is enough', async () => {
		const { error } = await nodeError(polar, await parameters(polar), [{}], {
			accessToken: NO_SCOPE_TOKEN,
		});
		expect(error.message).toBe(`The Polar access token is not allowed to ${operation.action}`);
		for (const scope of operation.scopes) expect(error.description).toContain(scope);
	});

	it('409: Polar’s state conflict, with its reason', async () => {
		const given = await parameters(polar);
		polar.failNext({}, { status: 409, body: { error: 'SubscriptionLocked', detail: 'Locked' } });
		const { error } = await nodeError(polar, given);
		expect(error.httpCode).toBe('409');
		expect(error.message).toMatch(new RegExp(`^Polar refused to ${operation.action} in the `));
		expect(error.description).toContain('SubscriptionLocked');
	});

	it('429 for longer than the node waits: the rate limit, and when to try again', async () => {
		const given = await parameters(polar);
		polar.failNext({}, { status: 429, headers: { 'retry-after': '3600' } });
		const { error } = await nodeError(polar, given);
		expect(error.message).toBe(
			`Polar's rate limit was reached while trying to ${operation.action}`,
		);
		expect(error.description).toContain('in 3600 seconds');
	});

	it('500: Polar’s side, try again in a minute', async () => {
		const given = await parameters(polar);
		polar.failNext({}, { status: 500, body: { detail: 'Internal Server Error' } });
		const { error } = await nodeError(polar, given);
		expect(error.message).toBe(
			`Polar had a server error (500) while trying to ${operation.action}`,
		);
	});

	it('with Continue (using error output): the refusal is an item on the error output, paired', async () => {
		const { outputs } = await runNode(polar, await parameters(polar), [{ input: 'a' }], {
			onError: 'continueErrorOutput',
			accessToken: 'polar_oat_revoked_token',
		});
		expect(outputs[0]).toEqual([]);
		expect(outputs[1]).toEqual([
			{
				json: {
					input: 'a',
					error: `Polar rejected the access token while trying to ${operation.action}`,
					message: expect.stringContaining('Check Environment and Access Token'),
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
