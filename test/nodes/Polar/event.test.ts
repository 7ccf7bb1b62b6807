/**
 * Event: Ingest against the stand-in: input items batched into requests, output paired 1:1 with the input,
 * Polar's de-duplication by event ID, and a refused batch reported item by item.
 */
import type { IDataObject } from 'n8n-workflow';

import {
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

/** One event per item: the user in `user`, the event ID in `id`, tokens as metadata. */
const ingest = (extra: object = {}) => ({
	resource: 'event',
	operation: 'ingest',
	eventName: 'api_call',
	customer: locator('externalId', '={{ $json.user }}'),
	options: {
		external_id: '={{ $json.id }}',
		metadata: { entries: [{ key: 'tokens', type: 'number', value: '={{ $json.tokens }}' }] },
	},
	...extra,
});

function usage(count: number, prefix = 'evt'): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		user: 'usr_1000',
		id: `${prefix}_${index}`,
		tokens: index,
	}));
}

describe('Event › Ingest', () => {
	it('250 items make 3 requests of 100, 100 and 50 events; 250 output items paired 1:1 in order', async () => {
		const { calls, items } = await runNode(polar, ingest(), usage(250));
		expect(calls.map((call) => [call.method, call.path])).toEqual([
			['POST', '/v1/events/ingest'],
			['POST', '/v1/events/ingest'],
			['POST', '/v1/events/ingest'],
		]);
		expect(calls.map((call) => (call.body as { events: unknown[] }).events.length)).toEqual([
			100, 100, 50,
		]);
		expect((calls[0].body as { events: unknown[] }).events[3]).toEqual({
			name: 'api_call',
			external_customer_id: 'usr_1000',
			external_id: 'evt_3',
			metadata: { tokens: 3 },
		});
		expect(items).toHaveLength(250);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.external_id).toBe(`evt_${index}`);
		});
		expect(items[249].json).toEqual({
			name: 'api_call',
			external_customer_id: 'usr_1000',
			external_id: 'evt_249',
			metadata: { tokens: 249 },
			ingested: true,
			batch: { number: 3, size: 50, inserted: 50, duplicates: 0 },
		});
		expect(polar.actions.events.list()).toHaveLength(250);
	});

	it('a second run with the same event IDs inserts nothing: Polar counts them as duplicates', async () => {
		await runNode(polar, ingest(), usage(30));
		const { items } = await runNode(polar, ingest(), usage(30));
		expect(items[0].json.batch).toEqual({ number: 1, size: 30, inserted: 0, duplicates: 30 });
		expect(polar.actions.events.list()).toHaveLength(30);
	});

	it('Batch Size sets the events per request; a customer by Polar ID and a timestamp are sent as such', async () => {
		const customer = polar.actions.customers.list()[1] as { id: string };
		const { calls } = await runNode(
			polar,
			ingest({
				customer: locator('id', customer.id),
				options: { batchSize: 2, timestamp: '2026-01-02T03:04:05.000Z' },
			}),
			usage(5),
		);
		expect(calls.map((call) => (call.body as { events: unknown[] }).events.length)).toEqual([
			2, 2, 1,
		]);
		expect(calls.map(request)[0].body).toEqual({
			events: [
				{ name: 'api_call', customer_id: customer.id, timestamp: '2026-01-02T03:04:05.000Z' },
				{ name: 'api_call', customer_id: customer.id, timestamp: '2026-01-02T03:04:05.000Z' },
			],
		});
	});

	it('with a personal token every event carries the credential’s organization ID (none in the output)', async () => {
		const { calls, items } = await runNode(polar, ingest(), usage(2), {
			credentials: {
				...credentials(polar, PERSONAL_TOKEN),
				organizationId: DEFAULT_ORGANIZATION_ID,
			},
		});
		expect(
			(calls[0].body as { events: IDataObject[] }).events.map((event) => event.organization_id),
		).toEqual([DEFAULT_ORGANIZATION_ID, DEFAULT_ORGANIZATION_ID]);
		expect(items[0].json).not.toHaveProperty('organization_id');
	});
});

describe('Event › Ingest › a refused batch', () => {
	/** 250 items; item 137 names a customer Polar does not have, so the second batch is refused. */
	function withOneBadItem(): IDataObject[] {
		const input = usage(250);
		input[137] = { ...input[137], customer: '00000000-0000-4000-8000-000000000000' };
		return input;
	}
	const mixed = ingest({
		customer: locator(
			'={{ $json.customer ? "id" : "externalId" }}',
			'={{ $json.customer ?? $json.user }}',
		),
	});

	it('without Continue: stops naming item 137 and its field; the first batch stays ingested', async () => {
		const { error, calls } = await nodeError(polar, mixed, withOneBadItem());
		expect(calls.map((call) => call.status)).toEqual([200, 422]);
		expect(error.message).toBe(
			'Polar refused the event of item 137: Customer: Customer not found.',
		);
		expect(error.context.itemIndex).toBe(137);
		expect(error.description).toContain('(items 100–199)');
		expect(error.description).toContain('Earlier batches (100 events) were ingested.');
		expect(polar.actions.events.list()).toHaveLength(100);
	});

	it('with Continue: every item of the refused batch fails, item 137 with its reason; the other batches go through', async () => {
		const { items, calls } = await runNode(polar, mixed, withOneBadItem(), {
			onError: 'continueRegularOutput',
		});
		expect(calls.map((call) => call.status)).toEqual([200, 422, 200]);
		expect(items).toHaveLength(250);
		items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		expect(items[99].json.ingested).toBe(true);
		expect(items[137].json.error).toBe(
			'Polar refused the event of item 137: Customer: Customer not found.',
		);
		expect(items[100].json.error).toBe(
			'Not ingested: Polar refused the batch of this item because of item 137',
		);
		expect(items[200].json.ingested).toBe(true);
		expect(polar.actions.events.list()).toHaveLength(150);
	});

	it('with Continue (using error output): the refused batch’s items on the error output, paired', async () => {
		const { outputs } = await runNode(polar, mixed, withOneBadItem(), {
			onError: 'continueErrorOutput',
		});
		const [success, failed] = outputs;
		expect(success).toHaveLength(150);
		expect(failed).toHaveLength(100);
		expect(failed.map((item) => (item.pairedItem as { item: number }).item)).toEqual(
			Array.from({ length: 100 }, (_, index) => 100 + index),
		);
		expect(failed[37].json).toMatchObject({
			user: 'usr_1000',
			error: expect.stringContaining('item 137'),
		});
	});

	it('an item with an empty event name fails alone, before any request; the others are ingested', async () => {
		const { items, calls } = await runNode(
			polar,
			ingest({ eventName: '={{ $json.name }}', options: { external_id: '={{ $json.id }}' } }),
			[
				{ name: 'api_call', user: 'usr_1000', id: 'a' },
				{ name: ' ', user: 'usr_1000', id: 'b' },
				{ name: 'api_call', user: 'usr_1000', id: 'c' },
			],
			{ onError: 'continueRegularOutput' },
		);
		expect(calls).toHaveLength(1);
		expect((calls[0].body as { events: unknown[] }).events).toHaveLength(2);
		expect(
			items.map((item) => [item.pairedItem, item.json.error ?? item.json.external_id]),
		).toEqual([
			[{ item: 0 }, 'a'],
			[{ item: 1 }, 'The event name is empty'],
			[{ item: 2 }, 'c'],
		]);
	});
});
