/**
 * How long the action node waits out Polar's 429s: what `Retry-After` asks, up to a minute in all per
 * request (RATE_LIMIT_WAIT_SECONDS.action) and five times at most; beyond that, a clear error. n8n's
 * `sleep` is replaced by one that records the wait and returns at once.
 */
import { RATE_LIMIT_WAIT_SECONDS } from '../../../nodes/shared/transport';
import { locator, nodeError, runNode, useStandIn } from './polarNode';

const waits: number[] = [];
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: async (ms: number) => {
		waits.push(ms);
	},
}));

const polar = useStandIn({}, { reseed: false });
beforeEach(() => {
	waits.length = 0;
	polar.clearFaults();
});

const getState = {
	resource: 'customer',
	operation: 'getState',
	customer: locator('externalId', 'usr_1000'),
};

function tooManyRequests(seconds: number, times = 1): void {
	for (let index = 0; index < times; index++)
		polar.failNext({}, { status: 429, headers: { 'retry-after': String(seconds) } });
}

describe('Polar’s rate limit, for an action', () => {
	it('waits as long as Retry-After says, then answers', async () => {
		tooManyRequests(7);
		const { items, calls } = await runNode(polar, getState);
		expect(waits).toEqual([7000]);
		expect(calls.map((call) => call.status)).toEqual([429, 200]);
		expect(items[0].json.external_id).toBe('usr_1000');
	});

	it(`waits up to ${RATE_LIMIT_WAIT_SECONDS.action} seconds in all, then stops with the rate-limit error`, async () => {
		tooManyRequests(25, 3);
		const { error, calls } = await nodeError(polar, getState);
		expect(waits).toEqual([25000, 25000]);
		expect(calls).toHaveLength(3);
		expect(error.message).toBe(
			"Polar's rate limit was reached while trying to get the customer state",
		);
		expect(error.description).toContain('Run the node again in 25 seconds');
	});

	it('does not wait for a Retry-After longer than the limit at all', async () => {
		tooManyRequests(RATE_LIMIT_WAIT_SECONDS.action + 1);
		const { error } = await nodeError(polar, getState);
		expect(waits).toEqual([]);
		expect(error.httpCode).toBe('429');
	});

	it('gives up after five waits, however short', async () => {
		tooManyRequests(0, 6);
		const { error, calls } = await nodeError(polar, getState);
		expect(waits).toEqual([0, 0, 0, 0, 0]);
		expect(calls).toHaveLength(6);
		expect(error.httpCode).toBe('429');
	});

	it('Ingest waits per request: a limited batch is sent again, not lost', async () => {
		tooManyRequests(2);
		const { items, calls } = await runNode(
			polar,
			{
				resource: 'event',
				operation: 'ingest',
				eventName: 'api_call',
				customer: locator('externalId', 'usr_1000'),
			},
			[{}, {}, {}],
		);
		expect(calls.map((call) => call.status)).toEqual([429, 200]);
		expect(items.map((item) => item.json.ingested)).toEqual([true, true, true]);
	});
});
