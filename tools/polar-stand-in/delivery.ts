/**
 * Webhook delivery the way Polar does it: signed POSTs, FIFO per endpoint, retries with exponential
 * backoff, non-2xx (redirects included) and timeouts count as failures, and an endpoint whose 10 most
 * recent events all failed gets disabled (its pending events are skipped).
 */
import { randomUUID } from 'node:crypto';
import { polarTimestamp } from './payloads';
import { sendRaw } from './rawPost';
import { type SecretScheme, sign } from './signing';
import { Sleeps } from './sleeps';
import type { StoredDelivery, StoredEndpoint, StoredEvent } from './types';

export const USER_AGENT = 'polar.sh webhooks';

export interface DeliverySettings {
	/** Attempts per event, default 10. */
	maxAttempts: number;
	/** Backoff before retry n (0-based) is `retryBaseMs * 2^n`. Real Polar: minutes. */
	retryBaseMs: number;
	/** How long to wait for an answer, default 10 000 ms. */
	deliveryTimeoutMs: number;
	/** Disable the endpoint once this many most recent events all failed, default 10 (0 = never). */
	disableAfterFailedEvents: number;
}

export interface DeliverOptions {
	/** `webhook-id` header; default: the event id (a uuid4, as Polar). Same on every retry. */
	webhookId?: string;
	/** Fixed `webhook-timestamp` (unix seconds) for every attempt, e.g. for stale-timestamp tests. */
	timestamp?: number;
	/** Extra `v1,<base64>` entries placed BEFORE the real signature in `webhook-signature`. */
	extraSignatures?: string[];
	/** Deliver even when the endpoint is disabled or not subscribed to the type. */
	force?: boolean;
	/** Sign with this secret/scheme instead of the endpoint's (e.g. the secret from before a rotation). */
	signWith?: { secret: string; scheme: SecretScheme };
	/** Replace the whole `webhook-signature` header. */
	signatureHeader?: string;
	/** Send (and sign) exactly this body instead of `JSON.stringify(payload)`. */
	rawBody?: string;
	/** Extra or overriding request headers. */
	headers?: Record<string, string>;
}

export interface AttemptResult {
	status?: number;
	error?: string;
	durationMs: number;
	/** The `webhook-timestamp` sent. */
	timestamp: number;
}

export interface DeliveryResult {
	webhookId: string;
	/** `WebhookEvent.id`, for `POST /v1/webhooks/events/{id}/redeliver`. */
	eventId: string;
	endpointId: string;
	attempts: AttemptResult[];
	delivered: boolean;
	/** Set when nothing (more) was sent: disabled, not subscribed, deleted, closed. */
	skipped?: boolean;
	reason?: string;
}

interface Job {
	event: StoredEvent;
	options: DeliverOptions;
	resolve: (result: DeliveryResult) => void;
	result: DeliveryResult;
}

export interface DeliveryHost {
	lookup(endpointId: string): StoredEndpoint | undefined;
	disable(endpointId: string): void;
	now(): Date;
}

const MAX_RECORDED_RESPONSE = 2048;

export class DeliveryEngine {
	readonly events = new Map<string, StoredEvent>();
	readonly deliveries: StoredDelivery[] = [];
	private readonly queues = new Map<string, Job[]>();
	private readonly running = new Set<string>();
	private readonly sleeps = new Sleeps();
	/** Aborted on close: cuts the deliveries in flight. */
	private readonly closing = new AbortController();
	private idleWaiters: Array<() => void> = [];
	private seq = 0;
	private closed = false;

	constructor(
		private readonly host: DeliveryHost,
		readonly settings: DeliverySettings,
	) {}

	/** Creates a new event for the endpoint and queues it; resolves when it is done (or skipped). */
	deliverNew(
		endpoint: StoredEndpoint,
		type: string,
		body: string,
		options: DeliverOptions = {},
	): Promise<DeliveryResult> {
		const id = randomUUID();
		const event: StoredEvent = {
			id,
			webhookId: options.webhookId ?? id,
			endpointId: endpoint.endpoint.id,
			organizationId: endpoint.endpoint.organization_id,
			type,
			body,
			createdAt: polarTimestamp(this.host.now()),
			modifiedAt: null,
			lastHttpCode: null,
			succeeded: null,
			skipped: false,
			seq: ++this.seq,
		};
		this.events.set(id, event);
		return this.enqueue(event, options);
	}

	/** Queues an existing event again (same webhook-id, same body): Polar's redelivery. */
	redeliver(event: StoredEvent, options: DeliverOptions = {}): Promise<DeliveryResult> {
		return this.enqueue(event, { force: true, ...options });
	}

	findEvent(idOrWebhookId: string): StoredEvent | undefined {
		const direct = this.events.get(idOrWebhookId);
		if (direct) return direct;
		let latest: StoredEvent | undefined;
		for (const event of this.events.values()) {
			if (event.webhookId === idOrWebhookId && (!latest || event.seq > latest.seq)) latest = event;
		}
		return latest;
	}

	/** Resolves once no event is queued or being delivered. */
	whenIdle(): Promise<void> {
		if (this.running.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/** Drops what is queued for an endpoint (it was deleted). */
	dropQueue(endpointId: string, reason: string): void {
		const queue = this.queues.get(endpointId);
		if (!queue) return;
		// The head job (if running) notices by itself; the others are resolved now.
		const head = this.running.has(endpointId) ? queue.slice(0, 1) : [];
		for (const job of queue.slice(head.length)) this.finish(job, { skipped: true, reason });
		queue.splice(head.length);
	}

	close(): void {
		this.closed = true;
		this.sleeps.wakeAll();
		this.closing.abort();
	}

	private enqueue(event: StoredEvent, options: DeliverOptions): Promise<DeliveryResult> {
		return new Promise((resolve) => {
			const job: Job = {
				event,
				options,
				resolve,
				result: {
					webhookId: event.webhookId,
					eventId: event.id,
					endpointId: event.endpointId,
					attempts: [],
					delivered: false,
				},
			};
			if (this.closed) {
				this.finish(job, { skipped: true, reason: 'stand-in closed' });
				return;
			}
			const queue = this.queues.get(event.endpointId) ?? [];
			queue.push(job);
			this.queues.set(event.endpointId, queue);
			if (!this.running.has(event.endpointId)) void this.drain(event.endpointId);
		});
	}

	private finish(job: Job, patch: Partial<DeliveryResult>): void {
		Object.assign(job.result, patch);
		if (patch.skipped && job.result.attempts.length === 0 && job.event.succeeded === null) {
			job.event.skipped = true;
			job.event.modifiedAt = polarTimestamp(this.host.now());
		}
		job.resolve(job.result);
	}

	private async drain(endpointId: string): Promise<void> {
		this.running.add(endpointId);
		try {
			const queue = this.queues.get(endpointId) ?? [];
			while (queue.length > 0) {
				const job = queue[0] as Job;
				await this.run(job);
				if (queue[0] === job) queue.shift();
			}
			this.queues.delete(endpointId);
		} finally {
			this.running.delete(endpointId);
			if (this.running.size === 0) {
				const waiters = this.idleWaiters;
				this.idleWaiters = [];
				for (const wake of waiters) wake();
			}
		}
	}

	private blocked(job: Job): string | undefined {
		if (this.closed) return 'stand-in closed';
		const stored = this.host.lookup(job.event.endpointId);
		if (!stored) return 'endpoint deleted';
		if (job.options.force) return undefined;
		if (!stored.endpoint.enabled) return 'endpoint disabled';
		if (!stored.endpoint.events.includes(job.event.type))
			return `endpoint not subscribed to ${job.event.type}`;
		return undefined;
	}

	private async run(job: Job): Promise<void> {
		const { settings } = this;
		for (let attempt = 0; attempt < settings.maxAttempts; attempt++) {
			const reason = this.blocked(job);
			if (reason) {
				this.finish(job, { skipped: true, reason });
				return;
			}
			const stored = this.host.lookup(job.event.endpointId) as StoredEndpoint;
			const outcome = await this.attempt(job, stored);
			job.result.attempts.push(outcome);
			const ok = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
			if (ok) {
				this.finish(job, { delivered: true });
				return;
			}
			if (attempt < settings.maxAttempts - 1)
				await this.sleeps.sleep(settings.retryBaseMs * 2 ** attempt);
		}
		this.finish(job, {
			delivered: false,
			reason: `failed after ${job.result.attempts.length} attempt(s)`,
		});
		this.maybeDisable(job.event.endpointId);
	}

	/** Polar: when the N most recent (attempted) events of an endpoint all failed, disable it. */
	private maybeDisable(endpointId: string): void {
		const threshold = this.settings.disableAfterFailedEvents;
		if (threshold <= 0) return;
		const recent = [...this.events.values()]
			.filter((event) => event.endpointId === endpointId && event.succeeded !== null)
			.sort((a, b) => b.seq - a.seq)
			.slice(0, threshold);
		if (recent.length < threshold || recent.some((event) => event.succeeded)) return;
		this.host.disable(endpointId);
		// Pending events are skipped (their turn comes and `blocked` says "disabled"); resolve them now.
		this.dropQueueAfterHead(endpointId, 'endpoint disabled after repeated failures');
	}

	private dropQueueAfterHead(endpointId: string, reason: string): void {
		const queue = this.queues.get(endpointId);
		if (!queue) return;
		for (const job of queue.slice(1)) {
			if (job.options.force) continue;
			this.finish(job, { skipped: true, reason });
		}
		const kept = queue.slice(0, 1).concat(queue.slice(1).filter((job) => job.options.force));
		queue.splice(0, queue.length, ...kept);
	}

	private async attempt(job: Job, stored: StoredEndpoint): Promise<AttemptResult> {
		const { event, options } = job;
		const { endpoint } = stored;
		const timestamp = options.timestamp ?? Math.floor(this.host.now().getTime() / 1000);
		const body = event.body;
		const signer = options.signWith ?? { secret: endpoint.secret, scheme: stored.scheme };
		const signature = sign(signer.secret, signer.scheme, event.webhookId, timestamp, body);
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'user-agent': USER_AGENT,
			'webhook-id': event.webhookId,
			'webhook-timestamp': String(timestamp),
			'webhook-signature':
				options.signatureHeader ?? [...(options.extraSignatures ?? []), signature].join(' '),
			'webhook-api-version': endpoint.api_version,
			...(options.headers ?? {}),
		};
		headers['content-length'] = String(Buffer.byteLength(body));

		let url: URL;
		try {
			url = new URL(endpoint.url);
		} catch {
			this.record(event, undefined, `invalid URL ${endpoint.url}`);
			return { durationMs: 0, timestamp, error: `invalid URL ${endpoint.url}` };
		}
		const answer = await sendRaw(
			url.href,
			{ headers, body: Buffer.from(body) },
			{
				timeoutMs: this.settings.deliveryTimeoutMs,
				keptAnswerBytes: MAX_RECORDED_RESPONSE,
				signal: this.closing.signal,
			},
		);
		const result: AttemptResult = { durationMs: Math.round(answer.ms), timestamp };
		if (answer.status !== undefined) result.status = answer.status;
		if (answer.error !== undefined) result.error = answer.error;
		this.record(event, answer.status, answer.error ?? answer.body);
		return result;
	}

	private record(event: StoredEvent, status: number | undefined, response: string | null): void {
		const succeeded = status !== undefined && status >= 200 && status < 300;
		const now = polarTimestamp(this.host.now());
		this.deliveries.push({
			id: randomUUID(),
			eventId: event.id,
			endpointId: event.endpointId,
			createdAt: now,
			succeeded,
			httpCode: status ?? null,
			response,
			seq: ++this.seq,
		});
		event.lastHttpCode = status ?? null;
		event.succeeded = succeeded || event.succeeded === true;
		event.skipped = false;
		event.modifiedAt = now;
	}
}
