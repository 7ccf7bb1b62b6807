/**
 * Get Many over Polar's page/limit lists, as the node runs it: ceil(N/100) requests for Return All, one item
 * per record, every record once even when records are created during the run, Polar's rate limit waited
 * out, and a server that never stops answering full pages stopped at the cap.
 */

import { MAX_PAGES } from '../../../nodes/shared/pagination';
import { serve } from '../../helpers/throwawayServer';
import { credentials, nodeError, runNode, startPolar, useStandIn } from './polarNode';

const polar = useStandIn({}, { reseed: false });

const allCustomers = { resource: 'customer', operation: 'getMany', returnAll: true, output: 'raw' };

describe('Get Many › Return All', () => {
	it.each([
		[0, 1],
		[1, 1],
		[100, 1],
		[101, 2],
		[250, 3],
	])(
		'%i customers: %i list request(s), one item per customer, each once',
		async (count, requests) => {
			polar.actions.reset({ customers: count });
			const { items, calls } = await runNode(polar, allCustomers);
			expect(calls.map((call) => call.query)).toEqual(
				Array.from({ length: requests }, (_, index) => ({
					sorting: 'created_at',
					page: String(index + 1),
					limit: '100',
				})),
			);
			expect(items).toHaveLength(count);
			const ids = items.map((item) => item.json.id);
			expect(new Set(ids).size).toBe(count);
			expect(ids).toEqual(polar.actions.customers.list().map((customer) => customer.id));
		},
	);

	it('customers created during the run come last, none twice and none missed', async () => {
		polar.actions.reset({ customers: 250 });
		let added = 0;
		const stop = polar.actions.onPage((page) => {
			if (page.operationId === 'customers:list' && page.page === 1 && added === 0) {
				polar.actions.customers.addMany(5);
				added = 5;
			}
		});
		try {
			const { items, calls } = await runNode(polar, allCustomers);
			expect(calls).toHaveLength(3);
			const ids = items.map((item) => item.json.id);
			expect(new Set(ids).size).toBe(255);
			expect(ids).toEqual(polar.actions.customers.list().map((customer) => customer.id));
		} finally {
			stop();
		}
	});

	it('a Limit of 150 reads two pages of 100 and stops at 150', async () => {
		polar.actions.reset({ customers: 250 });
		const { items, calls } = await runNode(polar, {
			resource: 'customer',
			operation: 'getMany',
			limit: 150,
		});
		expect(calls.map((call) => call.query.page)).toEqual(['1', '2']);
		expect(items).toHaveLength(150);
	});

	it('waits out Polar’s rate limit (429 with Retry-After) and still returns every record', async () => {
		const limited = await startPolar({
			rateLimitPerMinute: 2,
			rateLimitWindowMs: 1000,
			actions: { seed: { customers: 250 } },
		});
		try {
			const started = Date.now();
			const { items, calls } = await runNode(limited, allCustomers);
			expect(items).toHaveLength(250);
			expect(calls.map((call) => call.status)).toEqual([200, 200, 429, 200]);
			expect(Date.now() - started).toBeGreaterThanOrEqual(500);
		} finally {
			await limited.close();
		}
	});
});

describe('Get Many › a server that never ends', () => {
	it(`stops after ${MAX_PAGES} pages with an error that says to filter or limit`, async () => {
		let requests = 0;
		const endless = await serve((response) => {
			requests++;
			const items = Array.from({ length: 100 }, (_, index) => ({
				id: `${requests}-${index}`,
				email: `c${requests}.${index}@example.com`,
			}));
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({ items, pagination: { total_count: 1e9, max_page: 1e7 } }));
		});
		try {
			const { error } = await nodeError(polar, allCustomers, [{}], {
				credentials: { ...credentials(polar), baseUrl: endless.url },
			});
			expect(error.message).toBe(`Stopped after ${MAX_PAGES} pages of 100 records`);
			expect(error.description).toMatch(/narrow the list with filters/);
			expect(requests).toBe(MAX_PAGES);
		} finally {
			await endless.close();
		}
	});
});
