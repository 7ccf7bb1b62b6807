/**
 * The Polar action node against the stand-in, in-process through n8n-core's ExecuteContext:
 * - requests per job, counted by the stand-in: Return All over N records, Ingest of 1,000 items, Get State
 *   by external ID, each against what the job needs at least;
 * - Get Many (Return All) of 10,000 customers, timed against the floor: a plain loop of HTTP requests for
 *   the same pages, each answer parsed and its records kept. The node runs with Output Raw (like for like,
 *   what the target is judged on) and Simplified (the default). Rounds rotate which side goes first, so
 *   that a busy machine slows all alike; ratios are taken per round and reported as their median.
 */
import * as http from 'node:http';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { N8nAction } from '../tools/n8nAction';
import {
	ACTION_TOKEN,
	DEFAULT_ORGANIZATION_ID,
	PolarStandIn,
	actionTokenInfo,
} from '../tools/polar-stand-in/server';
import { type Spread, formatMs, formatRatioSpread, markdownTable, spread } from './stats';
import { preferTypeScriptSources } from './tsResolution';

/** The target: the node's Get Many at most this much slower than the plain loop (bench/README.md). */
export const ACTIONS_TARGET = { maxGetManyOverFloor: 1.2 };

export interface ActionsOptions {
	/** Customers for the timed Get Many (default 10,000). */
	customers: number;
	/** Timed rounds, each one node run and one floor run. */
	rounds: number;
	log?: (line: string) => void;
}

export interface RequestCount {
	job: string;
	/** What the job needs at least. */
	expected: number;
	measured: number;
}

export interface ActionsResult {
	requests: RequestCount[];
	getMany: {
		customers: number;
		pages: number;
		/** Output Raw: the records as the plain loop has them, the like-for-like measure. */
		nodeMs: Spread;
		/** Output Simplified, the default: the same plus a simplified copy of each record. */
		simplifiedMs: Spread;
		floorMs: Spread;
		/** node (Raw) / floor, per round: what the target is judged on. */
		ratio: Spread;
		/** node (Simplified) / floor, per round. */
		simplifiedRatio: Spread;
	};
	summary: { requestsAsExpected: boolean; getManyOverFloor: number; meetsTarget: boolean };
}

async function loadN8nAction(): Promise<typeof N8nAction> {
	preferTypeScriptSources();
	return (await import('../tools/n8nAction')).N8nAction;
}

const ALL_CUSTOMERS: INodeParameters = {
	resource: 'customer',
	operation: 'getMany',
	returnAll: true,
};

/** The floor: the same pages as the node's Return All, one plain request after another, parsed, kept. */
async function plainLoop(baseUrl: string, pages: number): Promise<number> {
	const agent = new http.Agent({ keepAlive: true });
	const records: unknown[] = [];
	try {
		for (let page = 1; page <= pages; page++) {
			const body = await new Promise<string>((resolve, reject) => {
				const request = http.get(
					`${baseUrl}/v1/customers/?sorting=created_at&page=${page}&limit=100`,
					{ agent, headers: { authorization: `Bearer ${ACTION_TOKEN}` } },
					(response) => {
						const chunks: Buffer[] = [];
						response.on('data', (chunk: Buffer) => chunks.push(chunk));
						response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
						response.on('error', reject);
					},
				);
				request.on('error', reject);
			});
			records.push(...(JSON.parse(body) as { items: unknown[] }).items);
		}
	} finally {
		agent.destroy();
	}
	return records.length;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const started = process.hrtime.bigint();
	const value = await run();
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

export async function runActions(options: ActionsOptions): Promise<ActionsResult> {
	const log = options.log ?? (() => undefined);
	const Action = await loadN8nAction();
	const polar = await PolarStandIn.start({
		tokens: { [ACTION_TOKEN]: actionTokenInfo(DEFAULT_ORGANIZATION_ID) },
		actions: { seed: { customers: 0 } },
	});
	const node = (parameters: INodeParameters) =>
		new Action({
			credentials: { accessToken: ACTION_TOKEN, environment: 'custom', baseUrl: polar.url },
			parameters,
		});
	const requestsOf = async (parameters: INodeParameters, input: IDataObject[] = [{}]) => {
		polar.resetCalls();
		await node(parameters).execute(input);
		return polar.calls.length;
	};

	try {
		const requests: RequestCount[] = [];
		for (const count of [1, 100, 101, 250, 1000]) {
			polar.actions.reset({ customers: 0 });
			polar.actions.customers.addMany(count);
			requests.push({
				job: `Get Many, Return All over ${count.toLocaleString('en-US')} customers`,
				expected: Math.ceil(count / 100),
				measured: await requestsOf(ALL_CUSTOMERS),
			});
		}
		polar.actions.reset({ customers: 1 });
		const ingest = {
			resource: 'event',
			operation: 'ingest',
			eventName: 'api_call',
			customer: { __rl: true, mode: 'externalId', value: 'usr_1000' },
		};
		requests.push({
			job: 'Event Ingest of 1,000 items',
			expected: 10,
			measured: await requestsOf(
				ingest,
				Array.from({ length: 1000 }, () => ({})),
			),
		});
		requests.push({
			job: 'Customer Get State by external ID',
			expected: 1,
			measured: await requestsOf({
				resource: 'customer',
				operation: 'getState',
				customer: { __rl: true, mode: 'externalId', value: 'usr_1000' },
			}),
		});
		log(`requests: ${requests.map((count) => `${count.measured}/${count.expected}`).join(', ')}`);

		polar.actions.reset({ customers: 0 });
		polar.actions.customers.addMany(options.customers);
		const pages = Math.ceil(options.customers / 100);
		// Untimed: the first run of each side warms the stand-in's validators, n8n-core and the JIT.
		await node(ALL_CUSTOMERS).execute();
		await plainLoop(polar.url, pages);

		const sides = {
			raw: { ...ALL_CUSTOMERS, output: 'raw' },
			simplified: ALL_CUSTOMERS,
		} as const;
		const nodeRun = (parameters: INodeParameters) => async () => {
			const { ms, value } = await timed(async () => await node(parameters).execute());
			if (value[0].length !== options.customers) throw new Error('the node missed customers');
			return ms;
		};
		const runs: Record<'raw' | 'simplified' | 'floor', () => Promise<number>> = {
			raw: nodeRun(sides.raw),
			simplified: nodeRun(sides.simplified),
			floor: async () => {
				const { ms, value } = await timed(async () => await plainLoop(polar.url, pages));
				if (value !== options.customers) throw new Error('the plain loop missed customers');
				return ms;
			},
		};
		const order = ['raw', 'simplified', 'floor'] as const;
		const times = { raw: [] as number[], simplified: [] as number[], floor: [] as number[] };
		for (let round = 0; round < options.rounds; round++) {
			// Each round starts with another side, so that none always runs on a warmer or quieter machine.
			for (let step = 0; step < order.length; step++) {
				const side = order[(round + step) % order.length];
				times[side].push(await runs[side]());
			}
			log(
				`get many round ${round + 1}/${options.rounds}: node raw ${formatMs(times.raw[round])}, simplified ${formatMs(times.simplified[round])}, plain loop ${formatMs(times.floor[round])}`,
			);
		}
		const ratios = times.raw.map((ms, round) => ms / times.floor[round]);
		const simplifiedRatios = times.simplified.map((ms, round) => ms / times.floor[round]);
		const ratio = spread(ratios);
		return {
			requests,
			getMany: {
				customers: options.customers,
				pages,
				nodeMs: spread(times.raw),
				simplifiedMs: spread(times.simplified),
				floorMs: spread(times.floor),
				ratio,
				simplifiedRatio: spread(simplifiedRatios),
			},
			summary: {
				requestsAsExpected: requests.every((count) => count.measured === count.expected),
				getManyOverFloor: ratio.median,
				meetsTarget: ratio.median <= ACTIONS_TARGET.maxGetManyOverFloor,
			},
		};
	} finally {
		await polar.close();
	}
}

export function actionsTables(result: ActionsResult): string {
	const requests = markdownTable(
		['job', 'requests it needs', 'requests the node made'],
		result.requests.map((count) => [count.job, String(count.expected), String(count.measured)]),
		['l', 'r', 'r'],
	);
	const { getMany } = result;
	const cell = (value: Spread) =>
		`${formatMs(value.median)} (${formatMs(value.p25)}–${formatMs(value.p75)})`;
	const pagesLabel = `${getMany.customers.toLocaleString('en-US')} customers, ${getMany.pages} pages`;
	const timing = markdownTable(
		['Return All', 'time, median (p25–p75)', 'node / plain loop, per round'],
		[
			[`plain loop of requests for the same pages (${pagesLabel})`, cell(getMany.floorMs), '1x'],
			[
				'Polar node, Output Raw (like for like)',
				cell(getMany.nodeMs),
				`${formatRatioSpread(getMany.ratio)}, target ≤ ${ACTIONS_TARGET.maxGetManyOverFloor}x`,
			],
			[
				'Polar node, Output Simplified (the default)',
				cell(getMany.simplifiedMs),
				formatRatioSpread(getMany.simplifiedRatio),
			],
		],
		['l', 'r', 'r'],
	);
	return `${requests}\n\n${timing}`;
}
