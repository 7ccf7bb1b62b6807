/**
 * Load for the end-to-end suite: many signed (and forged) deliveries straight to n8n's production webhook
 * URL at a fixed concurrency, with a hard deadline, and latency figures for information.
 */
import { randomInt, randomUUID } from 'node:crypto';
import * as http from 'node:http';

import { generateSecret } from '../../tools/polar-stand-in/signing';
import type { EventPayload } from '../../tools/polar-stand-in/server';
import { inPool } from '../../tools/pool';
import { signedRawDelivery } from '../../tools/polar-stand-in/signing';
import { type RawAnswer, type RawRequest, sendRaw } from '../../tools/polar-stand-in/rawPost';

/** One request of a load run; `request()` signs at send time, so timestamps are fresh. */
export interface PlannedDelivery {
	kind: 'genuine' | ForgeryKind;
	webhookId: string;
	type: string;
	request: () => RawRequest;
}

export interface DeliveryOutcome {
	planned: PlannedDelivery;
	answer: RawAnswer;
}

export const FORGERY_KINDS = [
	'signed with another secret',
	'body changed after signing',
	'signed for another webhook-id',
	'signed 400 s ago',
	'signed 400 s ahead',
	'no webhook-signature',
] as const;
export type ForgeryKind = (typeof FORGERY_KINDS)[number];

/** Distinct events of `type`, cheap to make in thousands: a template with a fresh `data.id`. */
export class EventFactory {
	private readonly templates = new Map<string, EventPayload>();

	constructor(private readonly build: (type: string) => EventPayload) {}

	body(type: string): string {
		let template = this.templates.get(type);
		if (!template) {
			template = this.build(type);
			this.templates.set(type, template);
		}
		return JSON.stringify({ ...template, data: { ...template.data, id: randomUUID() } });
	}
}

/** A genuine delivery, signed with the endpoint's secret when sent. */
export function genuineDelivery(secret: string, type: string, body: string): PlannedDelivery {
	const webhookId = randomUUID();
	return {
		kind: 'genuine',
		webhookId,
		type,
		request: () => {
			const signed = signedRawDelivery(secret, body, { id: webhookId });
			return { headers: signed.headers, body: signed.rawBody };
		},
	};
}

/** A delivery that is not genuine in one way; its body is a real event of a selected type. */
export function forgedDelivery(
	secret: string,
	kind: ForgeryKind,
	type: string,
	body: string,
	otherBody: string,
): PlannedDelivery {
	const webhookId = randomUUID();
	const now = () => Math.floor(Date.now() / 1000);
	const request = (): RawRequest => {
		switch (kind) {
			case 'signed with another secret': {
				const signed = signedRawDelivery(generateSecret('standard'), body, { id: webhookId });
				return { headers: signed.headers, body: signed.rawBody };
			}
			case 'body changed after signing': {
				const signed = signedRawDelivery(secret, otherBody, { id: webhookId });
				return { headers: signed.headers, body: Buffer.from(body) };
			}
			case 'signed for another webhook-id': {
				const signed = signedRawDelivery(secret, body, { id: randomUUID() });
				return { headers: { ...signed.headers, 'webhook-id': webhookId }, body: signed.rawBody };
			}
			case 'signed 400 s ago':
			case 'signed 400 s ahead': {
				const offset = kind === 'signed 400 s ago' ? -400 : 400;
				const signed = signedRawDelivery(secret, body, {
					id: webhookId,
					timestampSeconds: now() + offset,
				});
				return { headers: signed.headers, body: signed.rawBody };
			}
			case 'no webhook-signature': {
				const signed = signedRawDelivery(secret, body, { id: webhookId });
				return {
					headers: { ...signed.headers, 'webhook-signature': undefined },
					body: signed.rawBody,
				};
			}
		}
	};
	return { kind, webhookId, type, request };
}

/** Fisher–Yates with a cryptographic source: a random interleaving. */
export function shuffled<T>(values: readonly T[]): T[] {
	const result = [...values];
	for (let index = result.length - 1; index > 0; index--) {
		const other = randomInt(index + 1);
		[result[index], result[other]] = [result[other] as T, result[index] as T];
	}
	return result;
}

export interface LoadRun {
	outcomes: DeliveryOutcome[];
	/** Wall time from the first request to the last answer. */
	ms: number;
	/** Deliveries not sent because the deadline passed. */
	notSent: number;
}

/**
 * Sends every planned delivery to `url`, `concurrency` at a time over keep-alive connections. Stops
 * starting new requests at `deadline` (what was not sent is counted, so the caller can fail clearly).
 */
export async function runLoad(
	url: string,
	planned: PlannedDelivery[],
	concurrency: number,
	deadline: number,
): Promise<LoadRun> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const started = Date.now();
	try {
		const { results } = await inPool(
			planned,
			concurrency,
			async (delivery): Promise<DeliveryOutcome | undefined> => {
				if (Date.now() > deadline) return undefined;
				const answer = await sendRaw(url, delivery.request(), {
					agent,
					timeoutMs: Math.max(1_000, Math.min(30_000, deadline - Date.now())),
				});
				return { planned: delivery, answer };
			},
		);
		const outcomes = results.filter((outcome): outcome is DeliveryOutcome => outcome !== undefined);
		return { outcomes, ms: Date.now() - started, notSent: planned.length - outcomes.length };
	} finally {
		agent.destroy();
	}
}

/** p50 / p90 / p99 / max of latencies, for printing. */
export function latencySummary(values: number[]): string {
	if (values.length === 0) return 'no requests';
	const sorted = [...values].sort((a, b) => a - b);
	const at = (fraction: number): number =>
		Math.round(
			sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number,
		);
	return `p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
}

/** Status counts, e.g. `{"200": 1999, "500": 1}`. */
export function statusCounts(outcomes: DeliveryOutcome[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { answer } of outcomes) {
		const key =
			answer.status === undefined ? `no answer (${answer.error ?? '?'})` : String(answer.status);
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}
