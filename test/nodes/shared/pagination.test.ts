/**
 * The one paginator (nodes/shared/pagination.ts), through a real n8n HookContext: against the stand-in's
 * webhook-endpoint list (Polar's page/limit/max_page), and against servers that misbehave on purpose
 * (records created mid-run, pages that never end).
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callError } from '../../../nodes/shared/api';
import { MAX_PAGES, listRecords } from '../../../nodes/shared/pagination';
import type { PolarOperationKey } from '../../../nodes/shared/operations';
import { polarConnection } from '../../../nodes/shared/transport';
import { N8nTrigger } from '../../../tools/n8nTrigger';
import { DEFAULT_TOKEN, PolarStandIn } from '../../../tools/polar-stand-in/server';
import { serve } from '../../helpers/throwawayServer';

let polar: PolarStandIn;
beforeAll(async () => {
	polar = await PolarStandIn.start();
});
afterAll(async () => await polar.close());
beforeEach(() => polar.reset());

async function list(
	baseUrl: string,
	limit?: number,
	key: PolarOperationKey = 'webhookEndpoint.getMany',
): Promise<IDataObject[]> {
	const n8n = new N8nTrigger({
		credentials: { accessToken: DEFAULT_TOKEN, environment: 'custom', baseUrl },
	});
	return await n8n.withHookContext(async (context: IHookFunctions) =>
		listRecords(context, await polarConnection(context), key, {
			limit,
			error: (response) => callError(context.getNode(), key, response, { retry: 'try again' }),
		}),
	);
}

function seed(count: number): void {
	for (let index = 0; index < count; index++)
		polar.seedEndpoint({ url: `https://n8n.example.com/webhook/${index}`, events: ['order.paid'] });
}

describe('listRecords reads every page Polar has, and no more', () => {
	it.each([
		[0, 1],
		[1, 1],
		[100, 1],
		[101, 2],
		[250, 3],
	])('%i records in %i requests of limit=100', async (count, requests) => {
		seed(count);
		const records = await list(polar.url);
		expect(records).toHaveLength(count);
		expect(new Set(records.map((record) => record.id)).size).toBe(count);
		expect(polar.calls.map((call) => call.query)).toEqual(
			Array.from({ length: requests }, (_, index) => ({
				page: String(index + 1),
				limit: '100',
			})),
		);
	});

	it('a Limit below a page asks for just that many, in one request', async () => {
		seed(30);
		expect(await list(polar.url, 7)).toHaveLength(7);
		expect(polar.calls.map((call) => call.query)).toEqual([{ page: '1', limit: '7' }]);
	});

	it('a Limit above a page keeps limit=100 on every page and stops at the Limit', async () => {
		seed(250);
		expect(await list(polar.url, 150)).toHaveLength(150);
		expect(polar.calls.map((call) => call.query.limit)).toEqual(['100', '100']);
	});
});

/** A Polar-like list of `records()`, answering `page`/`limit` and `sorting` (created_at either way). */
async function listServer(records: () => IDataObject[], onPage: (page: number) => void = () => {}) {
	const queries: Array<Record<string, string>> = [];
	const server = await serve((res, req) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const query = Object.fromEntries(url.searchParams);
		queries.push(query);
		const page = Number(query.page);
		const limit = Number(query.limit);
		onPage(page);
		const all = [...records()].sort((a, b) =>
			query.sorting === 'created_at'
				? Number(a.created_at) - Number(b.created_at)
				: Number(b.created_at) - Number(a.created_at),
		);
		const items = all.slice((page - 1) * limit, page * limit);
		res.writeHead(200, { 'content-type': 'application/json' }).end(
			JSON.stringify({
				items,
				pagination: { total_count: all.length, max_page: Math.ceil(all.length / limit) },
			}),
		);
	});
	return { ...server, queries };
}

describe('Return All stays stable while records are created during the run', () => {
	const records = (count: number) =>
		Array.from({ length: count }, (_, index) => ({ id: `r${index}`, created_at: index }));

	it('sorts by creation, oldest first, so new records only add to the last page', async () => {
		const store = records(250);
		const server = await listServer(
			() => store,
			(page) => {
				if (page === 2) store.push({ id: 'new', created_at: 1000 });
			},
		);
		try {
			const read = await list(server.url, undefined, 'customer.getMany');
			expect(server.queries.map((query) => query.sorting)).toEqual([
				'created_at',
				'created_at',
				'created_at',
			]);
			expect(read.map((record) => record.id)).toEqual([
				...records(250).map((record) => record.id),
				'new',
			]);
		} finally {
			await server.close();
		}
	});

	it('never returns a record twice when a newest-first list shifts under it', async () => {
		const store = records(150);
		let created = 150;
		const server = await listServer(
			() => store,
			() => store.push({ id: `r${created}`, created_at: created++ }),
		);
		try {
			// A Limit keeps Polar's own order (newest first); new records shift the pages by one each time.
			const read = await list(server.url, 199, 'customer.getMany');
			const ids = read.map((record) => record.id);
			expect(new Set(ids).size).toBe(ids.length);
		} finally {
			await server.close();
		}
	});
});

describe('a server that never stops answering full pages', () => {
	it(`is given up on after ${MAX_PAGES} pages, with an error naming the fix`, async () => {
		let served = 0;
		const server = await serve((res) => {
			served++;
			const items = Array.from({ length: 100 }, (_, index) => ({ id: `${served}-${index}` }));
			res
				.writeHead(200, { 'content-type': 'application/json' })
				.end(JSON.stringify({ items, pagination: { total_count: 1e9, max_page: 1e7 } }));
		});
		try {
			const error = await list(server.url).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toBe(`Stopped after ${MAX_PAGES} pages of 100 records`);
			expect((error as { description: string }).description).toMatch(/filters|Limit/);
			expect(served).toBe(MAX_PAGES);
		} finally {
			await server.close();
		}
	});

	it('an answer that is not a list is an error, not an empty result', async () => {
		const server = await serve((res) =>
			res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'),
		);
		try {
			await expect(list(server.url)).rejects.toThrow("Polar's answer is not a list");
		} finally {
			await server.close();
		}
	});
});
