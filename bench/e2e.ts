/**
 * End to end on a real n8n (2.41.1, Node 24, SQLite) over loopback: one n8n instance, two published
 * workflows that are equally light (the trigger and nothing else):
 *
 * - `polar`: the Polar Trigger (packed and installed as a community package), registered with the Polar
 *   stand-in; deliveries are signed with the endpoint's secret and verified by the node;
 * - `webhook`: n8n's built-in Webhook node (POST, respond on received), which a user would wire up by
 *   hand; it gets the same signed requests and verifies nothing;
 * - `webhookV1`: the same Webhook node at typeVersion 1, the same-class baseline. n8n makes an
 *   expression isolate for the webhook phase of every start node except its own Webhook node above
 *   typeVersion 1 with static parameters; at typeVersion 1 the Webhook node pays that isolate as the Polar
 *   Trigger (and every community trigger) does, so the ratio against it is the node's own cost.
 *
 * For each concurrency level, N deliveries go to each workflow in interleaved blocks (A B B A ...), each
 * block on its own keep-alive agent with as many sockets as the concurrency. After every block the bench
 * waits until n8n has finished that block's executions, so one block's background work never lands in
 * the next. Reported per workflow and level: answer throughput (deliveries / time to the last answer),
 * completed throughput (deliveries / time until their executions finished), answer latency p50/p95/p99,
 * and how many answers took longer than Polar's 10 s. n8n's public API must then list exactly one
 * successful execution per delivery.
 *
 * The same instance can be measured in several n8n configurations (restarted with other environment
 * variables, same data folder, same port, same workflows): `default` is what users run and is the one
 * the targets are judged on; `lazy-isolates` (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true) keeps n8n's
 * expression sandbox but creates an isolate only when an expression is evaluated, which takes away the
 * webhook-phase isolate that n8n spares only its own Webhook node; `legacy-expressions`
 * (N8N_EXPRESSION_ENGINE=legacy) takes the sandbox out of the picture altogether.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

import type { N8nClient } from '../tools/n8n-local/http';
import {
	type N8nInstallation,
	type WorkflowInput,
	N8nServer,
	POLAR_TRIGGER_TYPE,
	POLAR_WEBHOOK_PATH,
	freePort,
	hasNodeType,
	importCredential,
	importWorkflow,
	listExecutions,
	polarCredential,
	polarTriggerWorkflow,
	prepareN8n,
	publishWorkflow,
	setLogSink,
	unpublishWorkflow,
} from '../tools/n8n-local';
import { inPool } from '../tools/pool';
import { DEFAULT_TOKEN, PolarStandIn, type SecretScheme } from '../tools/polar-stand-in/server';
import { sendRaw } from '../tools/polar-stand-in/rawPost';
import { sign } from '../tools/polar-stand-in/signing';
import { ORDER_PAID } from './bodies';
import {
	type LatencySummary,
	type Spread,
	formatMs,
	formatRatio,
	latencySummary,
	markdownTable,
	spread,
} from './stats';

export type Target = 'polar' | 'webhook' | 'webhookV1';
export const TARGETS: readonly Target[] = ['polar', 'webhook', 'webhookV1'];
const TARGET_LABELS: Record<Target, string> = {
	polar: 'Polar Trigger',
	webhook: 'n8n Webhook node',
	webhookV1: 'n8n Webhook node v1',
};

/** n8n configurations the e2e part knows, by name: extra environment variables for n8n. */
export const N8N_CONFIGS: Record<string, { env: Record<string, string>; description: string }> = {
	default: { env: {}, description: "n8n's defaults (expressions in isolated-vm isolates)" },
	'legacy-expressions': {
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
		description: 'N8N_EXPRESSION_ENGINE=legacy (no per-request expression isolates)',
	},
	'lazy-isolates': {
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
		description:
			'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (same sandbox; an isolate only when an expression is evaluated)',
	},
};

/** Measured by default, in this order; the first is the one the targets are judged on. */
export const DEFAULT_N8N_CONFIGS: readonly string[] = [
	'default',
	'lazy-isolates',
	'legacy-expressions',
];

export const E2E_TARGETS = {
	/** Polar Trigger throughput / Webhook node throughput. */
	minThroughputRatio: 0.9,
	/** Polar Trigger throughput / Webhook node v1 throughput: the same class, the same isolate. */
	minSameClassThroughputRatio: 0.95,
	/** Polar asks for an answer within 2 s. */
	maxP99Ms: 2000,
};

/** Polar's limit: an answer after 10 s is a failed delivery (and a retry later). */
export const POLAR_TIMEOUT_MS = 10_000;
/** The bench waits longer, so that every delivery is answered and executions can be counted exactly. */
const REQUEST_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 120_000;

export interface E2eOptions {
	/** Deliveries per workflow per concurrency level (split into `blocks` blocks). */
	n?: number;
	concurrency?: number[];
	/** Blocks per workflow per level, interleaved A B B A ... (fewer when a block would hold fewer than `concurrency` deliveries). */
	blocks?: number;
	/** Untimed deliveries per workflow before each configuration (they are counted as executions too). */
	warmup?: number;
	/** Names from N8N_CONFIGS, measured in this order; the first is the one the targets are judged on. */
	configs?: string[];
	/** n8n user folder; default a new temporary folder, removed afterwards. */
	dataDir?: string;
	keepDataDir?: boolean;
	/** Start no new block once the e2e part has run this long (the results say so); the first configuration may use 60 % of it. */
	budgetMs?: number;
	log?: (line: string) => void;
}

export interface BlockResult {
	target: Target;
	concurrency: number;
	index: number;
	deliveries: number;
	ok: number;
	failures: Record<string, number>;
	/** Answers that took longer than Polar's 10 s. */
	overPolarTimeout: number;
	/** First request sent to last answer received. */
	answerMs: number;
	/** Last answer to the moment n8n had finished every execution of the block (polled every 50 ms). */
	drainMs: number;
	answerPerSecond: number;
	completedPerSecond: number;
}

export interface LevelTargetResult {
	deliveries: number;
	ok: number;
	failures: Record<string, number>;
	overPolarTimeout: number;
	answerPerSecond: number;
	completedPerSecond: number;
	latencyMs: LatencySummary;
	/** Per-block answer throughput, for the spread. */
	blockAnswerPerSecond: Spread;
}

export interface LevelResult {
	concurrency: number;
	targets: Record<Target, LevelTargetResult>;
	/** polar / webhook, pooled over the level. */
	answerThroughputRatio: number;
	completedThroughputRatio: number;
	/** polar / webhook, paired block by block. */
	blockAnswerThroughputRatio: Spread;
	/** polar / webhookV1 (the same class: both pay the webhook-phase isolate), pooled over the level. */
	sameClassAnswerThroughputRatio: number;
	sameClassCompletedThroughputRatio: number;
}

export interface ExecutionCheck {
	/** Deliveries answered 2xx so far (warm-ups included), i.e. executions there must be. */
	expected: number;
	/** Executions of the workflow the public API lists. */
	counted: number;
	success: number;
	byStatus: Record<string, number>;
	exactlyOnePerDelivery: boolean;
}

export interface E2eSummary {
	minAnswerThroughputRatio: number;
	minCompletedThroughputRatio: number;
	minSameClassAnswerThroughputRatio: number;
	minSameClassCompletedThroughputRatio: number;
	worstPolarP99Ms: number;
	polarOverPolarTimeout: number;
	targets: typeof E2E_TARGETS;
	throughputTargetMet: boolean;
	sameClassTargetMet: boolean;
	p99TargetMet: boolean;
	executionsVerified: boolean;
}

export interface ConfigResult {
	name: string;
	description: string;
	env: Record<string, string>;
	levels: LevelResult[];
	blocks: BlockResult[];
	/** Cumulative over this and the earlier configurations (the workflows stay the same). */
	executions: Record<Target, ExecutionCheck>;
	forgedDeliveryStatus: number;
	summary: E2eSummary;
	truncated: boolean;
	startMs: number;
	loadMs: number;
}

export interface E2eResult {
	settings: {
		n: number;
		concurrency: number[];
		blocks: number;
		warmup: number;
		configs: string[];
		requestTimeoutMs: number;
		polarTimeoutMs: number;
	};
	n8n: {
		version: string;
		node: string;
		webhookNodeTypeVersion: number;
		sameClassWebhookNodeTypeVersion: number;
		polarTriggerTypeVersion: number;
	};
	polarEndpoint: { secretScheme: SecretScheme; usesStandardSignature: boolean };
	bodyBytes: number;
	configs: ConfigResult[];
	/** The first configuration's summary (n8n's defaults unless told otherwise): what the targets are judged on. */
	summary: E2eSummary & { config: string };
	truncated: boolean;
	timings: { prepareMs: number; totalMs: number };
}

interface Delivery {
	headers: Record<string, string>;
	body: Buffer;
}

interface SendOutcome {
	status?: number;
	error?: string;
	ms: number;
}

// ------------------------------------------------------------------------------------------ load

/** Sends every delivery with `concurrency` requests in flight on one keep-alive agent. */
async function sendAll(
	url: string,
	deliveries: Delivery[],
	concurrency: number,
): Promise<{ outcomes: SendOutcome[]; elapsedMs: number }> {
	const agent = new http.Agent({
		keepAlive: true,
		maxSockets: concurrency,
		maxFreeSockets: concurrency,
	});
	const started = process.hrtime.bigint();
	try {
		const { results } = await inPool(
			deliveries,
			concurrency,
			async (delivery): Promise<SendOutcome> => {
				const { status, error, ms } = await sendRaw(url, delivery, {
					agent,
					timeoutMs: REQUEST_TIMEOUT_MS,
					keptAnswerBytes: 0,
				});
				return error === undefined ? { status, ms } : { error, ms };
			},
		);
		return { outcomes: results, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
	} finally {
		agent.destroy();
	}
}

const isSuccess = (outcome: SendOutcome): boolean =>
	outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;

// ------------------------------------------------------------------------------------------ n8n

/** Finished executions of a workflow (the editor's REST list, which counts exactly on SQLite). */
async function finishedCount(client: N8nClient, workflowId: string): Promise<number> {
	const filter = JSON.stringify({
		workflowId,
		status: ['success', 'error', 'crashed', 'canceled'],
	});
	const page = await client.rest<{ count: number }>(
		'GET',
		`/rest/executions?filter=${encodeURIComponent(filter)}&limit=1`,
	);
	if (typeof page?.count !== 'number' || page.count < 0)
		throw new Error(`n8n gave no execution count: ${JSON.stringify(page)}`);
	return page.count;
}

async function waitForFinished(
	client: N8nClient,
	workflowId: string,
	expected: number,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let seen = -1;
	while (Date.now() < deadline) {
		seen = await finishedCount(client, workflowId);
		if (seen >= expected) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(
		`workflow ${workflowId}: ${seen} of ${expected} executions finished after ${timeoutMs} ms`,
	);
}

/** Exactly one successful execution per 2xx delivery, by n8n's public API. */
async function checkExecutions(
	client: N8nClient,
	workflowId: string,
	expected: number,
): Promise<ExecutionCheck> {
	const listed = await listExecutions(client, workflowId);
	const byStatus: Record<string, number> = {};
	for (const execution of listed)
		byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
	const success = byStatus.success ?? 0;
	return {
		expected,
		counted: listed.length,
		success,
		byStatus,
		exactlyOnePerDelivery: listed.length === expected && success === expected,
	};
}

function webhookBaselineWorkflow(
	name: string,
	webhookPath: string,
	typeVersion: number,
): WorkflowInput {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'onReceived',
					options: {},
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

export function n8nVersionOf(installation: N8nInstallation): string {
	try {
		const manifest = readFileSync(
			path.join(installation.n8nDir, 'node_modules', 'n8n', 'package.json'),
			'utf8',
		);
		return (JSON.parse(manifest) as { version?: string }).version ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

function nodeVersionOf(installation: N8nInstallation): string {
	try {
		return execFileSync(installation.nodeBin, ['--version'], {
			encoding: 'utf8',
			timeout: 10_000,
		}).trim();
	} catch {
		return 'unknown';
	}
}

/** Sends `warmup` deliveries until the webhook answers 200 (after a restart n8n activates workflows in the background). */
async function waitUntilLive(
	url: string,
	delivery: () => Delivery,
	timeoutMs: number,
): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let last: SendOutcome | undefined;
	while (Date.now() < deadline) {
		const { outcomes } = await sendAll(url, [delivery()], 1);
		last = outcomes[0];
		// The deliveries answered 404 before n8n was live started nothing: only this one counts.
		if (last && isSuccess(last)) return 1;
		if (last?.status !== 404)
			throw new Error(`${url} answered ${JSON.stringify(last)} while coming up`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${url} still not live after ${timeoutMs} ms (last ${JSON.stringify(last)})`);
}

// ------------------------------------------------------------------------------------------ run

const WEBHOOK_NODE_TYPE_VERSION = 2.1;
/** The Webhook node's first version, which n8n gives a webhook-phase isolate like every other start node. */
const SAME_CLASS_WEBHOOK_NODE_TYPE_VERSION = 1;
/** The node's default version, what users get when they add the trigger. */
const POLAR_TRIGGER_TYPE_VERSION = 1.1;

export async function runE2e(options: E2eOptions = {}): Promise<E2eResult> {
	const totalStarted = Date.now();
	const n = options.n ?? 100;
	const concurrency = options.concurrency ?? [1, 10, 50];
	const blocks = Math.max(1, Math.min(options.blocks ?? 4, n));
	const warmup = options.warmup ?? 20;
	const configNames = options.configs ?? [...DEFAULT_N8N_CONFIGS];
	for (const name of configNames) {
		if (!N8N_CONFIGS[name])
			throw new Error(
				`unknown n8n configuration "${name}" (known: ${Object.keys(N8N_CONFIGS).join(', ')})`,
			);
	}
	const budgetMs = options.budgetMs ?? 7 * 60_000;
	const log = options.log ?? (() => undefined);
	setLogSink((line) => log(line));

	const userFolder =
		options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-polar-billing-bench-'));
	const removeFolder = options.dataDir === undefined && !options.keepDataDir;
	let server: N8nServer | undefined;
	let polar: PolarStandIn | undefined;
	const published: string[] = [];
	const cleanup = async (): Promise<void> => {
		if (server) {
			for (const id of published)
				await unpublishWorkflow(server.client, id, 20_000).catch(() => undefined);
			await server.stop().catch((error: unknown) => log(`stopping n8n failed: ${String(error)}`));
			server = undefined;
		}
		await polar?.close();
		polar = undefined;
		if (removeFolder) rmSync(userFolder, { recursive: true, force: true });
	};
	let interrupted = false;
	const onSignal = (): void => {
		if (interrupted) return;
		interrupted = true;
		log('interrupted: stopping n8n and the stand-in');
		void cleanup().finally(() => process.exit(130));
	};
	// `on`, not `once`: one Ctrl-C arrives twice under tsx (see tools/n8n-local/cli.ts).
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	try {
		const prepareStarted = Date.now();
		const { installation } = await prepareN8n(userFolder, path.join(userFolder, 'pack'));
		const prepareMs = Date.now() - prepareStarted;
		const standIn = await PolarStandIn.start({ allowLoopbackUrls: true });
		polar = standIn;
		// One port for every configuration, so that the Polar endpoint's URL stays valid across restarts.
		const port = await freePort();

		const polarWebhookId = randomUUID();
		const baselinePaths = {
			webhook: `bench-${randomUUID()}`,
			webhookV1: `bench-v1-${randomUUID()}`,
		};
		let workflowIds: Record<Target, string> | undefined;
		const expected: Record<Target, number> = { polar: 0, webhook: 0, webhookV1: 0 };
		const configs: ConfigResult[] = [];
		let bodyBytes = 0;
		let endpointInfo: E2eResult['polarEndpoint'] | undefined;
		let truncated = false;

		for (const [position, name] of configNames.entries()) {
			const config = N8N_CONFIGS[name] as (typeof N8N_CONFIGS)[string];
			const remainingMs = budgetMs - (Date.now() - totalStarted);
			if (configs.length > 0 && remainingMs <= 0) {
				truncated = true;
				log(`time budget reached: configuration ${name} not measured`);
				break;
			}
			// The first configuration (the one judged) gets 60 % of what is left, the others share the rest.
			const isLast = position === configNames.length - 1;
			const configDeadline =
				Date.now() +
				(isLast
					? remainingMs
					: position === 0
						? remainingMs * 0.6
						: remainingMs / (configNames.length - position));
			// ------------------------------------------------------------------------ (re)start n8n
			const startStarted = Date.now();
			if (server) {
				await server.stop();
				server = undefined;
			}
			log(`n8n configuration "${name}": ${config.description}`);
			server = await N8nServer.start({ installation, userFolder, port, extraEnv: config.env });
			const { client } = server;
			if (!(await hasNodeType(client, POLAR_TRIGGER_TYPE)))
				throw new Error(`n8n did not load ${POLAR_TRIGGER_TYPE} (see ${server.logFile})`);

			if (!workflowIds) {
				const credential = await importCredential(
					client,
					polarCredential(standIn.url, DEFAULT_TOKEN, 'Polar (bench stand-in)'),
				);
				const polarWorkflow = await importWorkflow(
					client,
					polarTriggerWorkflow({
						name: 'bench: Polar Trigger',
						webhookId: polarWebhookId,
						events: [ORDER_PAID],
						credential,
						typeVersion: POLAR_TRIGGER_TYPE_VERSION,
					}),
				);
				await publishWorkflow(client, polarWorkflow.id);
				published.push(polarWorkflow.id);
				const baseline = async (label: string, webhookPath: string, typeVersion: number) => {
					const workflow = await importWorkflow(
						client,
						webhookBaselineWorkflow(label, webhookPath, typeVersion),
					);
					await publishWorkflow(client, workflow.id);
					published.push(workflow.id);
					return workflow.id;
				};
				workflowIds = {
					polar: polarWorkflow.id,
					webhook: await baseline(
						'bench: n8n Webhook node',
						baselinePaths.webhook,
						WEBHOOK_NODE_TYPE_VERSION,
					),
					webhookV1: await baseline(
						'bench: n8n Webhook node v1',
						baselinePaths.webhookV1,
						SAME_CLASS_WEBHOOK_NODE_TYPE_VERSION,
					),
				};
			}
			const ids = workflowIds;
			const urls: Record<Target, string> = {
				polar: server.productionWebhookUrl(polarWebhookId, POLAR_WEBHOOK_PATH),
				webhook: `${server.webhookUrl}webhook/${baselinePaths.webhook}`,
				webhookV1: `${server.webhookUrl}webhook/${baselinePaths.webhookV1}`,
			};

			// The endpoint the trigger registered (re-read after every start: its secret is what we sign with).
			const endpoint = standIn.endpoints().find((candidate) => candidate.url === urls.polar);
			if (!endpoint)
				throw new Error(
					`the Polar Trigger is published but the stand-in holds no endpoint for ${urls.polar}`,
				);
			const scheme = standIn.secretSchemeOf(endpoint.id);
			if (!scheme)
				throw new Error(`the stand-in does not know the scheme of endpoint ${endpoint.id}`);
			endpointInfo = {
				secretScheme: scheme,
				usesStandardSignature: endpoint.uses_standard_webhook_signature,
			};
			const signedHeaders = (body: string, signature?: string): Record<string, string> => {
				const id = randomUUID();
				const timestamp = Math.floor(Date.now() / 1000);
				return {
					'content-type': 'application/json',
					'user-agent': 'polar.sh webhooks',
					'webhook-id': id,
					'webhook-timestamp': String(timestamp),
					'webhook-signature': signature ?? sign(endpoint.secret, scheme, id, timestamp, body),
				};
			};
			const makeBody = (): string =>
				JSON.stringify(
					standIn.buildPayload(ORDER_PAID, { organizationId: endpoint.organization_id }),
				);
			bodyBytes = Buffer.byteLength(makeBody());
			const delivery = (): Delivery => {
				const body = makeBody();
				return { headers: signedHeaders(body), body: Buffer.from(body) };
			};
			for (const target of TARGETS)
				expected[target] += await waitUntilLive(urls[target], delivery, 60_000);
			log(
				`live: Polar Trigger ${urls.polar} (endpoint ${endpoint.id}, ${scheme} secret), Webhook node ${urls.webhook}, v1 ${urls.webhookV1}`,
			);

			// ------------------------------------------------------------------------ checks and warm-up
			const forgedBody = makeBody();
			const forged = await sendAll(
				urls.polar,
				[
					{
						headers: signedHeaders(forgedBody, `v1,${Buffer.alloc(32, 7).toString('base64')}`),
						body: Buffer.from(forgedBody),
					},
				],
				1,
			);
			const forgedDeliveryStatus = forged.outcomes[0]?.status ?? 0;
			if (forgedDeliveryStatus !== 401)
				throw new Error(
					`a forged delivery to the Polar Trigger got ${JSON.stringify(forged.outcomes[0])}, expected 401`,
				);

			const runBlock = async (target: Target, count: number, level: number) => {
				const body = makeBody();
				const deliveries = Array.from({ length: count }, () => ({
					headers: signedHeaders(body),
					body: Buffer.from(body),
				}));
				const { outcomes, elapsedMs } = await sendAll(urls[target], deliveries, level);
				expected[target] += outcomes.filter(isSuccess).length;
				const answered = Date.now();
				await waitForFinished(client, ids[target], expected[target], DRAIN_TIMEOUT_MS);
				return { outcomes, answerMs: elapsedMs, drainMs: Date.now() - answered };
			};
			for (const target of TARGETS) {
				if (warmup === 0) continue;
				const { outcomes } = await runBlock(target, warmup, Math.min(10, warmup));
				const bad = outcomes.filter((outcome) => outcome.status !== 200);
				if (bad.length > 0)
					throw new Error(
						`warm-up deliveries to ${TARGET_LABELS[target]} failed: ${JSON.stringify(bad.slice(0, 3))}`,
					);
			}
			const startMs = Date.now() - startStarted;

			// ------------------------------------------------------------------------ measured blocks
			const loadStarted = Date.now();
			const blockResults: BlockResult[] = [];
			const latencies = new Map<string, number[]>();
			let configTruncated = false;
			levels: for (const level of concurrency) {
				// Every block keeps `level` requests in flight: fewer, larger blocks when n / blocks < level.
				const levelBlocks = Math.max(1, Math.min(blocks, Math.floor(n / level)));
				const perBlock = (index: number): number =>
					Math.floor(n / levelBlocks) + (index < n % levelBlocks ? 1 : 0);
				for (let index = 0; index < levelBlocks; index++) {
					// Each block of a level starts with another target, and every other one runs backwards.
					const rotated = [...TARGETS.slice(index % 3), ...TARGETS.slice(0, index % 3)];
					const order = index % 2 === 0 ? rotated : rotated.reverse();
					for (const target of order) {
						if (Date.now() > configDeadline) {
							configTruncated = true;
							log(
								`[${name}] its share of the ${Math.round(budgetMs / 1000)} s budget is used up: no more blocks`,
							);
							break levels;
						}
						const count = perBlock(index);
						const { outcomes, answerMs, drainMs } = await runBlock(target, count, level);
						const failures: Record<string, number> = {};
						let ok = 0;
						let overPolarTimeout = 0;
						const key = `${target}@${level}`;
						const bucket = latencies.get(key) ?? [];
						latencies.set(key, bucket);
						for (const outcome of outcomes) {
							if (outcome.ms > POLAR_TIMEOUT_MS) overPolarTimeout += 1;
							if (outcome.status === 200) {
								ok += 1;
								bucket.push(outcome.ms);
							} else {
								const reason =
									outcome.status !== undefined
										? `HTTP ${outcome.status}`
										: (outcome.error ?? 'unknown');
								failures[reason] = (failures[reason] ?? 0) + 1;
							}
						}
						const block: BlockResult = {
							target,
							concurrency: level,
							index,
							deliveries: count,
							ok,
							failures,
							overPolarTimeout,
							answerMs,
							drainMs,
							answerPerSecond: (ok * 1000) / answerMs,
							completedPerSecond: (ok * 1000) / (answerMs + drainMs),
						};
						blockResults.push(block);
						log(
							`[${name}] c=${level} block ${index + 1}/${levelBlocks} ${TARGET_LABELS[target]}: ${ok}/${count} ok, ` +
								`${block.answerPerSecond.toFixed(1)}/s answered, drain ${drainMs} ms`,
						);
					}
				}
			}
			const loadMs = Date.now() - loadStarted;

			const executions = {} as Record<Target, ExecutionCheck>;
			for (const target of TARGETS) {
				executions[target] = await checkExecutions(client, ids[target], expected[target]);
				log(
					`[${name}] ${TARGET_LABELS[target]}: ${executions[target].counted} executions listed, ${expected[target]} deliveries answered 2xx`,
				);
			}
			const levels = summariseLevels(concurrency, blockResults, latencies);
			configs.push({
				name,
				description: config.description,
				env: config.env,
				levels,
				blocks: blockResults,
				executions,
				forgedDeliveryStatus,
				summary: summarise(levels, executions),
				truncated: configTruncated,
				startMs,
				loadMs,
			});
			truncated ||= configTruncated;
		}

		const first = configs[0];
		if (!first || !endpointInfo) throw new Error('no configuration was measured');
		const result: E2eResult = {
			settings: {
				n,
				concurrency,
				blocks,
				warmup,
				configs: configNames,
				requestTimeoutMs: REQUEST_TIMEOUT_MS,
				polarTimeoutMs: POLAR_TIMEOUT_MS,
			},
			n8n: {
				version: n8nVersionOf(installation),
				node: nodeVersionOf(installation),
				webhookNodeTypeVersion: WEBHOOK_NODE_TYPE_VERSION,
				sameClassWebhookNodeTypeVersion: SAME_CLASS_WEBHOOK_NODE_TYPE_VERSION,
				polarTriggerTypeVersion: POLAR_TRIGGER_TYPE_VERSION,
			},
			polarEndpoint: endpointInfo,
			bodyBytes,
			configs,
			summary: { ...first.summary, config: first.name },
			truncated,
			timings: { prepareMs, totalMs: 0 },
		};
		await cleanup();
		result.timings.totalMs = Date.now() - totalStarted;
		return result;
	} catch (error) {
		if (server) log(`n8n log: ${server.logFile}\n${server.logTail(20)}`);
		await cleanup().catch(() => undefined);
		throw error;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}

function summariseLevels(
	concurrency: number[],
	blocks: BlockResult[],
	latencies: Map<string, number[]>,
): LevelResult[] {
	const levels: LevelResult[] = [];
	for (const level of concurrency) {
		const ofLevel = blocks.filter((block) => block.concurrency === level);
		if (!TARGETS.every((target) => ofLevel.some((block) => block.target === target))) continue;
		const targets = {} as Record<Target, LevelTargetResult>;
		for (const target of TARGETS) {
			const mine = ofLevel.filter((block) => block.target === target);
			const sum = (pick: (block: BlockResult) => number): number =>
				mine.reduce((total, block) => total + pick(block), 0);
			const failures: Record<string, number> = {};
			for (const block of mine)
				for (const [reason, count] of Object.entries(block.failures))
					failures[reason] = (failures[reason] ?? 0) + count;
			const ok = sum((block) => block.ok);
			targets[target] = {
				deliveries: sum((block) => block.deliveries),
				ok,
				failures,
				overPolarTimeout: sum((block) => block.overPolarTimeout),
				answerPerSecond: (ok * 1000) / sum((block) => block.answerMs),
				completedPerSecond: (ok * 1000) / sum((block) => block.answerMs + block.drainMs),
				latencyMs: latencySummary(latencies.get(`${target}@${level}`) ?? []),
				blockAnswerPerSecond: spread(mine.map((block) => block.answerPerSecond)),
			};
		}
		const pairs: number[] = [];
		for (const block of ofLevel.filter((candidate) => candidate.target === 'polar')) {
			const partner = ofLevel.find(
				(candidate) => candidate.target === 'webhook' && candidate.index === block.index,
			);
			if (partner) pairs.push(block.answerPerSecond / partner.answerPerSecond);
		}
		levels.push({
			concurrency: level,
			targets,
			answerThroughputRatio: targets.polar.answerPerSecond / targets.webhook.answerPerSecond,
			completedThroughputRatio:
				targets.polar.completedPerSecond / targets.webhook.completedPerSecond,
			blockAnswerThroughputRatio: spread(pairs),
			sameClassAnswerThroughputRatio:
				targets.polar.answerPerSecond / targets.webhookV1.answerPerSecond,
			sameClassCompletedThroughputRatio:
				targets.polar.completedPerSecond / targets.webhookV1.completedPerSecond,
		});
	}
	return levels;
}

function summarise(levels: LevelResult[], executions: Record<Target, ExecutionCheck>): E2eSummary {
	const minAnswer = Math.min(...levels.map((level) => level.answerThroughputRatio));
	const minCompleted = Math.min(...levels.map((level) => level.completedThroughputRatio));
	const minSameClassAnswer = Math.min(
		...levels.map((level) => level.sameClassAnswerThroughputRatio),
	);
	const minSameClassCompleted = Math.min(
		...levels.map((level) => level.sameClassCompletedThroughputRatio),
	);
	const worstP99 = Math.max(...levels.map((level) => level.targets.polar.latencyMs.p99));
	const failures = levels.some((level) =>
		TARGETS.some((target) => level.targets[target].ok !== level.targets[target].deliveries),
	);
	return {
		minAnswerThroughputRatio: minAnswer,
		minCompletedThroughputRatio: minCompleted,
		minSameClassAnswerThroughputRatio: minSameClassAnswer,
		minSameClassCompletedThroughputRatio: minSameClassCompleted,
		worstPolarP99Ms: worstP99,
		polarOverPolarTimeout: levels.reduce(
			(total, level) => total + level.targets.polar.overPolarTimeout,
			0,
		),
		targets: E2E_TARGETS,
		throughputTargetMet:
			levels.length > 0 &&
			minAnswer >= E2E_TARGETS.minThroughputRatio &&
			minCompleted >= E2E_TARGETS.minThroughputRatio,
		sameClassTargetMet:
			levels.length > 0 &&
			minSameClassAnswer >= E2E_TARGETS.minSameClassThroughputRatio &&
			minSameClassCompleted >= E2E_TARGETS.minSameClassThroughputRatio,
		p99TargetMet: levels.length > 0 && !failures && worstP99 < E2E_TARGETS.maxP99Ms,
		executionsVerified: TARGETS.every((target) => executions[target].exactlyOnePerDelivery),
	};
}

function configTable(result: E2eResult, config: ConfigResult): string {
	const rows: string[][] = [];
	for (const level of config.levels) {
		for (const target of TARGETS) {
			const figures = level.targets[target];
			const failed = Object.entries(figures.failures).map(
				([reason, count]) => `${count} ${reason}`,
			);
			rows.push([
				String(level.concurrency),
				TARGET_LABELS[target],
				`${figures.ok}/${figures.deliveries}${failed.length ? ` (${failed.join(', ')})` : ''}`,
				figures.answerPerSecond.toFixed(1),
				figures.completedPerSecond.toFixed(1),
				formatMs(figures.latencyMs.p50),
				formatMs(figures.latencyMs.p95),
				formatMs(figures.latencyMs.p99),
				String(figures.overPolarTimeout),
				target === 'polar'
					? `${formatRatio(level.answerThroughputRatio)} / ${formatRatio(level.completedThroughputRatio)}`
					: '',
				target === 'polar'
					? `${formatRatio(level.sameClassAnswerThroughputRatio)} / ${formatRatio(level.sameClassCompletedThroughputRatio)}`
					: '',
			]);
		}
	}
	const table = markdownTable(
		[
			'conc.',
			'workflow',
			'ok',
			'answered/s',
			'completed/s',
			'p50',
			'p95',
			'p99',
			'> 10 s',
			'Polar/Webhook (answered / completed)',
			'Polar/Webhook v1, same class (answered / completed)',
		],
		rows,
		['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
	);
	const { summary, executions } = config;
	const executionLines = TARGETS.map(
		(target) =>
			`${TARGET_LABELS[target]} ${executions[target].counted} for ${executions[target].expected} deliveries answered 2xx ` +
			`(${
				Object.entries(executions[target].byStatus)
					.map(([status, count]) => `${count} ${status}`)
					.join(', ') || 'none'
			})`,
	).join('; ');
	return [
		`**${config.name}**: ${config.description}${config.truncated ? ' — TRUNCATED by the time budget' : ''}`,
		'',
		table,
		'',
		`- throughput Polar/Webhook, least: **${formatRatio(summary.minAnswerThroughputRatio)}** answered, ` +
			`**${formatRatio(summary.minCompletedThroughputRatio)}** completed; target ≥ ${summary.targets.minThroughputRatio}x: ` +
			`**${summary.throughputTargetMet ? 'met' : 'missed'}**`,
		`- throughput Polar/Webhook v1 (the same class: both pay n8n's webhook-phase isolate), least: ` +
			`**${formatRatio(summary.minSameClassAnswerThroughputRatio)}** answered, ` +
			`**${formatRatio(summary.minSameClassCompletedThroughputRatio)}** completed; target ≥ ${summary.targets.minSameClassThroughputRatio}x: ` +
			`**${summary.sameClassTargetMet ? 'met' : 'missed'}**`,
		`- Polar Trigger p99, worst level: **${formatMs(summary.worstPolarP99Ms)}** (${summary.polarOverPolarTimeout} answers over Polar's ` +
			`${result.settings.polarTimeoutMs / 1000} s); target well under ${summary.targets.maxP99Ms} ms: **${summary.p99TargetMet ? 'met' : 'missed'}**`,
		`- executions by n8n's public API, cumulative: ${executionLines}: **${summary.executionsVerified ? 'exactly one per delivery' : 'MISMATCH'}**; ` +
			`a forged signature got HTTP ${config.forgedDeliveryStatus} and started nothing`,
	].join('\n');
}

/** The end-to-end tables (markdown), one per n8n configuration. */
export function e2eTable(result: E2eResult): string {
	return [
		`n8n ${result.n8n.version} on Node ${result.n8n.node.replace(/^v/, '')}, SQLite; ${result.settings.n} deliveries per workflow and ` +
			`concurrency level in up to ${result.settings.blocks} interleaved blocks (each at least as large as the concurrency) (+${result.settings.warmup} warm-up), ${result.bodyBytes}-byte ` +
			`order.paid bodies, ${result.polarEndpoint.secretScheme} secret; Polar Trigger typeVersion ${result.n8n.polarTriggerTypeVersion}, ` +
			`Webhook node typeVersion ${result.n8n.webhookNodeTypeVersion} and ${result.n8n.sameClassWebhookNodeTypeVersion} (the same-class baseline). Targets are judged on the first configuration.` +
			`${result.truncated ? ' TRUNCATED by the time budget.' : ''}`,
		...result.configs.map((config) => configTable(result, config)),
	].join('\n\n');
}
