/**
 * In-process micro benchmark of signature verification, for bodies of several sizes and both of Polar's
 * secret schemes. Per (size, secret) cell, seven variants run interleaved in rounds:
 *
 * - `floor`: one node:crypto HMAC-SHA256 over the signed content, built the way our verifier builds it
 *   (`${id}.${timestamp}.` then the raw bytes), with the key already derived as a KeyObject and the digest
 *   as base64 text (the cheaper of Node's forms: bytes for the key or a Buffer digest each cost more): what
 *   verification cannot go below;
 * - `ours accept` / `ours reject`: `verifyPolarSignature` on the genuine delivery, and on the same
 *   delivery with a wrong signature of the right shape (`v1,` + base64 of 32 bytes): rejecting a `whsec_`
 *   secret tries both of its keys, the worst case;
 * - `standardwebhooks accept` / `reject`: the library most people would reach for, its `Webhook` built once
 *   outside the timed loop, `verify(body, headers, { jsonParse: false })` (verification only, like ours);
 * - `webhook() accept` / `reject`: the node's whole `webhook()` (verify, parse, shape the item) through
 *   n8n-core's real WebhookContext with a light fake request/response (tools/n8nTrigger.ts).
 *
 * Each round times a batch of every variant (the order rotates and flips every round, so slow moments of
 * a noisy machine do not all land on one variant), and the figures are medians across rounds with their
 * interquartile range. Ratios are computed within each round (paired) and then summarised the same way.
 * Batches are short (about 1 ms by default) and rounds many: on a shared machine a batch is either
 * preempted or not, and short batches keep most of them clean, so the median reflects the code rather
 * than the neighbours.
 */
import { createHmac, createSecretKey, randomBytes, randomUUID } from 'node:crypto';

import { Webhook } from 'standardwebhooks';

import { hmacKeysForSecret, verifyPolarSignature } from '../nodes/PolarTrigger/signature';
import type { N8nTrigger } from '../tools/n8nTrigger';
import {
	type KeyDerivation,
	generateSecret,
	signingKey,
	webhookFor as referenceWebhook,
	sign as signReference,
} from '../tools/polar-stand-in/signing';
import { ORDER_PAID, orderPaidBody } from './bodies';
import {
	type Spread,
	formatBytes,
	formatNs,
	formatRatio,
	formatRatioSpread,
	markdownTable,
	spread,
} from './stats';
import { preferTypeScriptSources } from './tsResolution';

export const DEFAULT_SIZES = [1024, 4 * 1024, 64 * 1024, 1024 * 1024];

/** The targets the benchmark reports against (bench/README.md). */
export const MICRO_TARGETS = {
	/** ours / floor, worst case (a rejection that tries both keys). */
	maxOursOverFloor: 2.5,
	/** standardwebhooks / ours, every case. */
	minStandardWebhooksOverOurs: 5,
};

export const VARIANTS = [
	'floor',
	'oursAccept',
	'oursReject',
	'standardWebhooksAccept',
	'standardWebhooksReject',
	'webhookAccept',
	'webhookReject',
] as const;
export type Variant = (typeof VARIANTS)[number];

const VARIANT_LABELS: Record<Variant, string> = {
	floor: 'floor (1 HMAC)',
	oursAccept: 'ours accept',
	oursReject: 'ours reject',
	standardWebhooksAccept: 'standardwebhooks accept',
	standardWebhooksReject: 'standardwebhooks reject',
	webhookAccept: 'webhook() accept',
	webhookReject: 'webhook() reject',
};

export interface MicroOptions {
	sizes?: number[];
	/** Timed rounds per cell (after one warm-up round). */
	rounds?: number;
	/** Target duration of one timed batch of one variant. */
	batchMs?: number;
	/** Untimed warm-up of every variant before the first cell. */
	warmupMs?: number;
	/** Progress lines. */
	log?: (line: string) => void;
	/** Whose Node this is (recorded with the result). */
	role?: MicroRuntime['role'];
}

export interface MicroSecret {
	scheme: KeyDerivation;
	/** How the secret looks (never the secret itself). */
	shape: string;
	/** `uses_standard_webhook_signature` as Polar reports it for this secret (passed to our verifier). */
	usesStandardSignature: boolean;
	/** HMAC keys our verifier derives from it, in the order it tries them. */
	keysTried: number;
}

export interface MicroCell {
	bodyBytes: number;
	secret: MicroSecret;
	/** Operations per timed batch, per variant. */
	batchSize: Record<Variant, number>;
	/** Nanoseconds per operation, across rounds. */
	perOpNs: Record<Variant, Spread>;
	ratios: {
		oursAcceptOverFloor: Spread;
		oursRejectOverFloor: Spread;
		standardWebhooksOverOursAccept: Spread;
		standardWebhooksOverOursReject: Spread;
		/** How much faster than standardwebhooks one bare HMAC is: the most any node:crypto verifier can reach. */
		standardWebhooksOverFloor: Spread;
		webhookAcceptOverFloor: Spread;
	};
}

/** The Node the micro part ran on: the bench's own, or the one n8n 2.x runs on (where the node really runs). */
export interface MicroRuntime {
	node: string;
	openssl: string;
	v8: string;
	role: 'bench' | 'n8n';
}

export interface MicroResult {
	runtime: MicroRuntime;
	settings: { sizes: number[]; rounds: number; warmupRounds: number; batchMs: number };
	cells: MicroCell[];
	summary: {
		/** Largest median ours/floor over every cell, accept and reject. */
		worstOursOverFloor: {
			ratio: number;
			bodyBytes: number;
			scheme: KeyDerivation;
			variant: 'accept' | 'reject';
		};
		/** Smallest median standardwebhooks/ours over every cell, accept and reject. */
		leastStandardWebhooksOverOurs: {
			ratio: number;
			bodyBytes: number;
			scheme: KeyDerivation;
			variant: 'accept' | 'reject';
		};
		/** Smallest median standardwebhooks/floor (accept): below the target, no node:crypto verifier can meet it. */
		leastStandardWebhooksOverFloor: { ratio: number; bodyBytes: number; scheme: KeyDerivation };
		targets: typeof MICRO_TARGETS;
		oursWithinFloorTarget: boolean;
		fasterThanStandardWebhooksTarget: boolean;
	};
	durationMs: number;
}

type Operation = { kind: 'sync'; run: () => void } | { kind: 'async'; run: () => Promise<void> };

const WARMUP_ROUNDS = 1;
/** No variant is timed for more than this many operations per batch (1 KB HMACs are ~1 µs). */
const MAX_BATCH = 200_000;

/** A legacy secret that also looks standard-ish (`whsec_` + 43): our verifier must try both keys. */
function secretFor(scheme: KeyDerivation): { secret: string; info: MicroSecret } {
	const secret = generateSecret(scheme === 'standard' ? 'standard' : 'legacy-whsec');
	const usesStandardSignature = scheme === 'standard';
	return {
		secret,
		info: {
			scheme,
			shape: scheme === 'standard' ? 'whsec_ + base64(32 bytes)' : 'whsec_ + 43 chars (legacy)',
			usesStandardSignature,
			keysTried: hmacKeysForSecret(secret, usesStandardSignature).length,
		},
	};
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function wrongSignature(): string {
	return `v1,${randomBytes(32).toString('base64')}`;
}

/** Builds the seven operations of one cell: everything signed now, every object built outside the loops. */
async function loadN8nTrigger(): Promise<typeof N8nTrigger> {
	preferTypeScriptSources();
	return (await import('../tools/n8nTrigger')).N8nTrigger;
}

function operations(
	Trigger: typeof N8nTrigger,
	bodyBytes: number,
	scheme: KeyDerivation,
	secret: string,
): Record<Variant, Operation> {
	const rawBody = orderPaidBody(bodyBytes);
	const id = randomUUID();
	const timestamp = String(nowSeconds());
	const signature = signReference(secret, scheme, id, Number(timestamp), rawBody);
	const badSignature = wrongSignature();
	const usesStandardSignature = scheme === 'standard';
	const key = createSecretKey(signingKey(secret, scheme));

	const genuine = { id, timestamp, signature, rawBody };
	const forged = { ...genuine, signature: badSignature };
	const headers = {
		'content-type': 'application/json',
		'user-agent': 'polar.sh webhooks',
		'webhook-id': id,
		'webhook-timestamp': timestamp,
		'webhook-signature': signature,
	};
	const forgedHeaders = { ...headers, 'webhook-signature': badSignature };
	const library: Webhook = referenceWebhook(secret, scheme);

	const trigger = new Trigger({
		credentials: { accessToken: 'polar_oat_bench', environment: 'sandbox' },
		parameters: { events: [ORDER_PAID], options: {} },
	});
	trigger.staticData.endpointSecret = secret;
	trigger.staticData.endpointUsesStandardSignature = usesStandardSignature;

	// Written by the floor's loop so that no engine can skip the HMAC it measures.
	const sink = { value: 0 };
	const fail = (what: string): never => {
		throw new Error(
			`bench sanity check failed: ${what} (${formatBytes(bodyBytes)}, ${scheme} secret)`,
		);
	};
	const ours = (delivery: typeof genuine, expected: boolean) => () => {
		const result = verifyPolarSignature(delivery, secret, {
			nowSeconds: nowSeconds(),
			usesStandardSignature,
		});
		if (result.valid !== expected) fail(`our verifier said ${JSON.stringify(result)}`);
	};
	const viaLibrary = (requestHeaders: Record<string, string>, expected: boolean) => () => {
		let accepted: boolean;
		try {
			library.verify(rawBody, requestHeaders, { jsonParse: false });
			accepted = true;
		} catch {
			accepted = false;
		}
		if (accepted !== expected) fail(`standardwebhooks ${accepted ? 'accepted' : 'rejected'}`);
	};
	const viaWebhook = (requestHeaders: Record<string, string>, expected: boolean) => async () => {
		const { result, response } = await trigger.deliver({ headers: requestHeaders, rawBody });
		const accepted = Array.isArray(result.workflowData) && response.statusCode === 200;
		if (accepted !== expected || (!expected && response.statusCode !== 401)) {
			fail(`webhook() answered ${response.statusCode} ${JSON.stringify(response.body)}`);
		}
	};

	return {
		floor: {
			kind: 'sync',
			run: () => {
				const digest = createHmac('sha256', key)
					.update(`${id}.${timestamp}.`, 'utf8')
					.update(rawBody)
					.digest('base64');
				sink.value ^= digest.charCodeAt(0);
			},
		},
		oursAccept: { kind: 'sync', run: ours(genuine, true) },
		oursReject: { kind: 'sync', run: ours(forged, false) },
		standardWebhooksAccept: { kind: 'sync', run: viaLibrary(headers, true) },
		standardWebhooksReject: { kind: 'sync', run: viaLibrary(forgedHeaders, false) },
		webhookAccept: { kind: 'async', run: viaWebhook(headers, true) },
		webhookReject: { kind: 'async', run: viaWebhook(forgedHeaders, false) },
	};
}

/** Nanoseconds for `count` runs of `operation`. */
async function timeBatch(operation: Operation, count: number): Promise<number> {
	if (operation.kind === 'sync') {
		const run = operation.run;
		const start = process.hrtime.bigint();
		for (let i = 0; i < count; i++) run();
		return Number(process.hrtime.bigint() - start);
	}
	const run = operation.run;
	const start = process.hrtime.bigint();
	for (let i = 0; i < count; i++) await run();
	return Number(process.hrtime.bigint() - start);
}

/** Operations per batch so that one batch lasts about `batchMs` (also warms the code up). */
async function calibrate(operation: Operation, batchMs: number): Promise<number> {
	const targetNs = batchMs * 1e6;
	let count = 1;
	for (;;) {
		const elapsed = await timeBatch(operation, count);
		if (elapsed >= targetNs / 4 || count >= MAX_BATCH) {
			return Math.max(
				1,
				Math.min(MAX_BATCH, Math.round((count * targetNs) / Math.max(elapsed, 1))),
			);
		}
		count *= 4;
	}
}

/**
 * Runs every variant on small bodies for a while before anything is measured, so that the first cell is
 * not the one paying for the JIT (in particular the pure-JS SHA-256 of standardwebhooks).
 */
async function warmUp(Trigger: typeof N8nTrigger, totalMs: number): Promise<void> {
	const cells = [1024, 4 * 1024].flatMap((bytes) =>
		(['legacy', 'standard'] as const).map((scheme) =>
			operations(Trigger, bytes, scheme, secretFor(scheme).secret),
		),
	);
	const perOperationNs = (totalMs * 1e6) / (cells.length * VARIANTS.length);
	for (const ops of cells) {
		for (const variant of VARIANTS) {
			const started = process.hrtime.bigint();
			while (Number(process.hrtime.bigint() - started) < perOperationNs)
				await timeBatch(ops[variant], 10);
		}
	}
}

/** Round r's order: the variants rotated by r, reversed on odd rounds. */
function roundOrder(round: number): Variant[] {
	const shift = round % VARIANTS.length;
	const rotated = [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)];
	return round % 2 === 1 ? rotated.reverse() : rotated;
}

async function runCell(
	Trigger: typeof N8nTrigger,
	bodyBytes: number,
	scheme: KeyDerivation,
	rounds: number,
	batchMs: number,
): Promise<MicroCell> {
	const { secret, info } = secretFor(scheme);
	const ops = operations(Trigger, bodyBytes, scheme, secret);
	const batchSize = {} as Record<Variant, number>;
	for (const variant of VARIANTS) batchSize[variant] = await calibrate(ops[variant], batchMs);

	const samples = Object.fromEntries(
		VARIANTS.map((variant) => [variant, [] as number[]]),
	) as Record<Variant, number[]>;
	for (let round = 0; round < WARMUP_ROUNDS + rounds; round++) {
		for (const variant of roundOrder(round)) {
			const elapsed = await timeBatch(ops[variant], batchSize[variant]);
			if (round >= WARMUP_ROUNDS) samples[variant].push(elapsed / batchSize[variant]);
		}
	}

	const paired = (numerator: Variant, denominator: Variant): Spread =>
		spread(
			samples[numerator].map((value, round) => value / (samples[denominator][round] as number)),
		);
	const perOpNs = Object.fromEntries(
		VARIANTS.map((variant) => [variant, spread(samples[variant])]),
	) as Record<Variant, Spread>;
	return {
		bodyBytes,
		secret: info,
		batchSize,
		perOpNs,
		ratios: {
			oursAcceptOverFloor: paired('oursAccept', 'floor'),
			oursRejectOverFloor: paired('oursReject', 'floor'),
			standardWebhooksOverOursAccept: paired('standardWebhooksAccept', 'oursAccept'),
			standardWebhooksOverOursReject: paired('standardWebhooksReject', 'oursReject'),
			standardWebhooksOverFloor: paired('standardWebhooksAccept', 'floor'),
			webhookAcceptOverFloor: paired('webhookAccept', 'floor'),
		},
	};
}

export async function runMicro(options: MicroOptions = {}): Promise<MicroResult> {
	const started = Date.now();
	const sizes = options.sizes ?? DEFAULT_SIZES;
	const rounds = options.rounds ?? 101;
	const batchMs = options.batchMs ?? 1;
	const log = options.log ?? (() => undefined);
	const Trigger = await loadN8nTrigger();
	await warmUp(Trigger, options.warmupMs ?? 2000);
	const cells: MicroCell[] = [];
	for (const bodyBytes of sizes) {
		for (const scheme of ['legacy', 'standard'] as const) {
			const cellStarted = Date.now();
			const cell = await runCell(Trigger, bodyBytes, scheme, rounds, batchMs);
			cells.push(cell);
			log(
				`micro ${formatBytes(bodyBytes)} ${scheme}: floor ${formatNs(cell.perOpNs.floor.median)}, ours ` +
					`${formatNs(cell.perOpNs.oursAccept.median)} / ${formatNs(cell.perOpNs.oursReject.median)}, standardwebhooks ` +
					`${formatNs(cell.perOpNs.standardWebhooksAccept.median)} (${((Date.now() - cellStarted) / 1000).toFixed(1)} s)`,
			);
		}
	}
	return {
		runtime: {
			node: process.version,
			openssl: process.versions.openssl ?? 'unknown',
			v8: process.versions.v8,
			role: options.role ?? 'bench',
		},
		settings: { sizes, rounds, warmupRounds: WARMUP_ROUNDS, batchMs },
		cells,
		summary: summarise(cells),
		durationMs: Date.now() - started,
	};
}

function summarise(cells: MicroCell[]): MicroResult['summary'] {
	let worst: MicroResult['summary']['worstOursOverFloor'] = {
		ratio: -Infinity,
		bodyBytes: 0,
		scheme: 'standard',
		variant: 'accept',
	};
	let least: MicroResult['summary']['leastStandardWebhooksOverOurs'] = {
		ratio: Infinity,
		bodyBytes: 0,
		scheme: 'standard',
		variant: 'accept',
	};
	let ceiling: MicroResult['summary']['leastStandardWebhooksOverFloor'] = {
		ratio: Infinity,
		bodyBytes: 0,
		scheme: 'standard',
	};
	for (const cell of cells) {
		const where = { bodyBytes: cell.bodyBytes, scheme: cell.secret.scheme };
		if (cell.ratios.standardWebhooksOverFloor.median < ceiling.ratio) {
			ceiling = { ratio: cell.ratios.standardWebhooksOverFloor.median, ...where };
		}
		for (const [variant, ratio] of [
			['accept', cell.ratios.oursAcceptOverFloor.median],
			['reject', cell.ratios.oursRejectOverFloor.median],
		] as const) {
			if (ratio > worst.ratio) worst = { ratio, ...where, variant };
		}
		for (const [variant, ratio] of [
			['accept', cell.ratios.standardWebhooksOverOursAccept.median],
			['reject', cell.ratios.standardWebhooksOverOursReject.median],
		] as const) {
			if (ratio < least.ratio) least = { ratio, ...where, variant };
		}
	}
	return {
		worstOursOverFloor: worst,
		leastStandardWebhooksOverOurs: least,
		leastStandardWebhooksOverFloor: ceiling,
		targets: MICRO_TARGETS,
		oursWithinFloorTarget: worst.ratio <= MICRO_TARGETS.maxOursOverFloor,
		fasterThanStandardWebhooksTarget: least.ratio >= MICRO_TARGETS.minStandardWebhooksOverOurs,
	};
}

/** The micro tables (markdown): time per operation, then the ratios with their spread across rounds. */
export function microTables(result: MicroResult): string {
	const cellName = (cell: MicroCell): [string, string] => [
		formatBytes(cell.bodyBytes),
		`${cell.secret.scheme} (${cell.secret.keysTried} key${cell.secret.keysTried > 1 ? 's' : ''})`,
	];
	const times = markdownTable(
		['body', 'secret', ...VARIANTS.map((variant) => VARIANT_LABELS[variant])],
		result.cells.map((cell) => [
			...cellName(cell),
			...VARIANTS.map((variant) => formatNs(cell.perOpNs[variant].median)),
		]),
		['r', 'l', ...VARIANTS.map(() => 'r' as const)],
	);
	const ratios = markdownTable(
		[
			'body',
			'secret',
			'ours/floor accept',
			'ours/floor reject',
			'standardwebhooks/ours accept',
			'standardwebhooks/ours reject',
			'standardwebhooks/floor (ceiling)',
			'webhook()/floor accept',
		],
		result.cells.map((cell) => [
			...cellName(cell),
			formatRatioSpread(cell.ratios.oursAcceptOverFloor),
			formatRatioSpread(cell.ratios.oursRejectOverFloor),
			formatRatioSpread(cell.ratios.standardWebhooksOverOursAccept, 1),
			formatRatioSpread(cell.ratios.standardWebhooksOverOursReject, 1),
			formatRatioSpread(cell.ratios.standardWebhooksOverFloor, 1),
			formatRatioSpread(cell.ratios.webhookAcceptOverFloor, 1),
		]),
		['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
	);
	const { summary, settings } = result;
	const worst = summary.worstOursOverFloor;
	const least = summary.leastStandardWebhooksOverOurs;
	const ceiling = summary.leastStandardWebhooksOverFloor;
	const ceilingNote =
		ceiling.ratio < summary.targets.minStandardWebhooksOverOurs
			? ` At ${formatBytes(ceiling.bodyBytes)} one bare node:crypto HMAC is only **${formatRatio(ceiling.ratio, 1)}** faster than ` +
				`standardwebhooks' whole verify on this Node, so no node:crypto verifier can reach the target there.`
			: '';
	const verdict = [
		`- ours/floor, worst case: **${formatRatio(worst.ratio)}** (${formatBytes(worst.bodyBytes)}, ${worst.scheme}, ${worst.variant}); ` +
			`target ≤ ${summary.targets.maxOursOverFloor}x: **${summary.oursWithinFloorTarget ? 'met' : 'missed'}**`,
		`- standardwebhooks/ours, least: **${formatRatio(least.ratio, 1)}** (${formatBytes(least.bodyBytes)}, ${least.scheme}, ${least.variant}); ` +
			`target ≥ ${summary.targets.minStandardWebhooksOverOurs}x: **${summary.fasterThanStandardWebhooksTarget ? 'met' : 'missed'}**.${ceilingNote}`,
	].join('\n');
	const { runtime } = result;
	return [
		`On Node ${runtime.node.replace(/^v/, '')} (OpenSSL ${runtime.openssl}, V8 ${runtime.v8}), ` +
			`${runtime.role === 'n8n' ? 'the Node n8n 2.x runs on, where the node really runs' : "the bench's own Node"}.`,
		'',
		`Time per operation (median of ${settings.rounds} interleaved rounds of ~${settings.batchMs} ms batches, after ${settings.warmupRounds} warm-up round):`,
		'',
		times,
		'',
		'Ratios, paired within each round: median (p25–p75).',
		'',
		ratios,
		'',
		verdict,
	].join('\n');
}
