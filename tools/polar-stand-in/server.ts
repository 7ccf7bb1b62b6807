/**
 * A local stand-in for Polar (polar.sh): the webhook-endpoint REST API a webhook trigger uses, signed
 * webhook deliveries, and the organization API of the action node's must set (customers, subscriptions,
 * orders, refunds, checkouts, license keys, events...; see actions/ and routes.ts), behaving as Polar
 * does and as its OpenAPI document (bundled here) describes.
 *
 *   const polar = await PolarStandIn.start({ allowLoopbackUrls: true });
 *   // point the code under test at polar.url with the token DEFAULT_TOKEN (or ACTION_TOKEN) ...
 *   await polar.emit('order.paid');
 *   await polar.close();
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ActionOptions, ActionsApi } from './actions/api';
import { ACTION_TOKEN, actionTokenInfo } from './actions/tokens';
import {
	type ApiResponse,
	INSUFFICIENT_SCOPE_BODY,
	INVALID_TOKEN_BODY,
	NOT_FOUND_BODY,
	POLAR_ERRORS_BEYOND_DOCUMENT,
	UNAUTHORIZED_BODY,
	paginate,
	unprocessable,
} from './answers';
import { handleControl } from './control';
import { Sleeps } from './sleeps';
import { type DeliverOptions, type DeliveryResult, DeliveryEngine } from './delivery';
import {
	acceptedEventTypes,
	checkResponseBody,
	operationScopes,
	validateSchema,
	SPEC_API_VERSION,
} from './openapi';
import { type EventPayload, buildAnyEventPayload, polarTimestamp } from './payloads';
import { boolParam, positiveIntParam, uuidListParam } from './query';
import { isActionOperation, matchRoute } from './routes';
import { type SecretScheme, generateSecret, usesStandardSignature } from './signing';
import type {
	StoredDelivery,
	StoredEndpoint,
	StoredEvent,
	TokenInfo,
	WebhookEndpointObject,
} from './types';
import {
	type FastApiError,
	checkValue,
	checkWebhookUrl,
	parseJsonBody,
	payloadOrganization,
	validateBody,
} from './validation';

export type { SecretScheme } from './signing';
export type { TokenInfo, WebhookEndpointObject, StoredDelivery, StoredEvent } from './types';
export type { DeliverOptions, DeliveryResult, AttemptResult } from './delivery';
export type { EventPayload } from './payloads';
export type { ActionOptions, ActionSeed } from './actions/api';
export {
	INSUFFICIENT_SCOPE_BODY,
	INVALID_TOKEN_BODY,
	NOT_FOUND_BODY,
	UNAUTHORIZED_BODY,
} from './answers';
export { ACTION_TOKEN, MUST_SET_SCOPES, actionTokenInfo } from './actions/tokens';
export { SERVED_OPERATIONS, type ServedOperation } from './routes';

export const DEFAULT_TOKEN = 'polar_oat_standin';
export const DEFAULT_ORGANIZATION_ID = '8d6f2f43-3c1e-4a9b-9f3e-2b7c5d1a0e64';
/** `Polar-Version` values the stand-in accepts (the document's version). Extend with `apiVersions`. */
export const SUPPORTED_API_VERSIONS: readonly string[] = [SPEC_API_VERSION];

export interface PolarStandInOptions {
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 0 (a random free port). */
	port?: number;
	/**
	 * Default: DEFAULT_TOKEN (organization token of DEFAULT_ORGANIZATION_ID, webhooks:read + webhooks:write)
	 * and ACTION_TOKEN (the same organization, every scope of the action node's must set, see actions/tokens.ts).
	 */
	tokens?: Record<string, TokenInfo>;
	/** Accept http/https URLs to loopback hosts (127.0.0.0/8, ::1, localhost) — for a local n8n. */
	allowLoopbackUrls?: boolean;
	/** Accept every non-public address (e.g. a docker network). */
	allowPrivateUrls?: boolean;
	/** Scheme of the secrets of NEW endpoints, default `standard`. (Secret resets are always standard.) */
	secretScheme?: SecretScheme;
	/** Requests per organization per window (default window 60 s); over it: 429, empty body, `retry-after`. */
	rateLimitPerMinute?: number;
	rateLimitWindowMs?: number;
	/** Accepted `Polar-Version` header values, default SUPPORTED_API_VERSIONS. */
	apiVersions?: string[];
	/** Delivery: attempts per event (default 10). */
	maxAttempts?: number;
	/** Delivery: backoff base, retry n waits `retryBaseMs * 2^n` (default 50; Polar: minutes). */
	retryBaseMs?: number;
	/** Delivery: how long to wait for the receiver (default 10 000). */
	deliveryTimeoutMs?: number;
	/** Delivery: disable an endpoint after this many most recent events all failed (default 10, 0 = never). */
	disableAfterFailedEvents?: number;
	/** Serve the `/_standin/...` control routes (no auth) on the same server. */
	controlRoutes?: boolean;
	/** Answer endpoints without `api_version` / `uses_standard_webhook_signature`, like servers before them. */
	omitNewerEndpointFields?: boolean;
	/** The action routes' data: what to seed, the clock, the invoice delay (see actions/api.ts). */
	actions?: ActionOptions;
	/** Optional log sink (one line per API request and delivery). */
	log?: (line: string) => void;
}

export interface FaultMatch {
	method?: string;
	/** Exact path (`/v1/webhooks/endpoints`) or a RegExp tested against the path. */
	path?: RegExp | string;
}

export interface Fault {
	/** Status to answer with (default 500 when any of status/body/rawBody/headers is set). */
	status?: number;
	/** JSON body to answer with. */
	body?: unknown;
	/** Raw body to answer with (content-type text/plain unless `headers` say otherwise). */
	rawBody?: string;
	headers?: Record<string, string>;
	/** Wait this long first. Alone (no status/body/destroySocket), the request is then handled normally. */
	delayMs?: number;
	/** Destroy the connection instead of answering. */
	destroySocket?: boolean;
	/** Perform the real operation, then answer with the fault ("Polar did it but the answer was lost"). */
	afterApplying?: boolean;
	/** With `afterApplying`: answer with this function of the real JSON answer (status: `status` or the real one). */
	mapBody?: (realBody: unknown) => unknown;
	/** With `afterApplying`: answer with only `{"id": ...}` of the real answer (shorthand for such a `mapBody`). */
	useCreatedIdOnly?: boolean;
}

export interface RecordedCall {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Lower-case request headers; `authorization` is redacted. */
	headers: Record<string, string>;
	/** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
	body: unknown;
	status: number;
	/** Who the token belongs to (the token itself is never recorded). */
	subject?: { kind: TokenInfo['kind']; organizationId: string };
}

const UUID4_PARAM = { type: 'string', format: 'uuid4' };
const API_VERSION_FIELD = (
	versions: readonly string[],
): Record<string, Record<string, unknown>> => ({
	api_version: { anyOf: [{ type: 'string', enum: [...versions] }, { type: 'null' }] },
});

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		out[key] = values.length === 1 ? (values[0] as string) : values;
	}
	return out;
}

function redactHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const text = Array.isArray(value) ? value.join(', ') : value;
		out[key] =
			key === 'authorization' ? (/^bearer\s/i.test(text) ? 'Bearer REDACTED' : 'REDACTED') : text;
	}
	return out;
}

/**
 * The URL as Polar stores and returns it: Polar's `url` field is a pydantic URL, kept in its normalised
 * (WHATWG) form, so `https://N8N.Example.com:443/x` comes back as `https://n8n.example.com/x`.
 */
export function storedUrl(url: string): string {
	return new URL(url).href;
}

function endpointCopy(endpoint: WebhookEndpointObject): WebhookEndpointObject {
	// Spec field order, then the two newer fields.
	return {
		created_at: endpoint.created_at,
		modified_at: endpoint.modified_at,
		id: endpoint.id,
		url: endpoint.url,
		name: endpoint.name,
		format: endpoint.format,
		secret: endpoint.secret,
		organization_id: endpoint.organization_id,
		events: [...endpoint.events],
		enabled: endpoint.enabled,
		api_version: endpoint.api_version,
		uses_standard_webhook_signature: endpoint.uses_standard_webhook_signature,
	};
}

export class PolarStandIn {
	/** Base URL, e.g. `http://127.0.0.1:41234`. */
	readonly url: string;
	readonly port: number;
	/** Every `/v1` request, oldest first. */
	readonly calls: RecordedCall[] = [];
	/** Responses that did not validate against the spec's response schema (should stay empty). */
	readonly schemaViolations: string[] = [];
	/** The action routes' data: seed, add and read records (see actions/api.ts). */
	readonly actions: ActionsApi;

	private readonly tokens = new Map<string, TokenInfo>();
	private readonly store = new Map<string, StoredEndpoint>();
	private readonly faults: Array<{ match: FaultMatch; fault: Fault }> = [];
	private readonly rateWindows = new Map<string, { start: number; count: number }>();
	private readonly sockets = new Set<Socket>();
	private readonly sleeps = new Sleeps();
	private readonly engine: DeliveryEngine;
	private readonly apiVersions: readonly string[];
	private oneShotScheme: SecretScheme | undefined;
	private payloadSeed = 0;
	private closed = false;

	private constructor(
		private readonly server: http.Server,
		readonly options: PolarStandInOptions,
	) {
		const address = server.address() as AddressInfo;
		const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
		this.url = `http://${host}:${address.port}`;
		this.port = address.port;
		this.apiVersions = options.apiVersions ?? SUPPORTED_API_VERSIONS;
		const tokens = options.tokens ?? {
			[DEFAULT_TOKEN]: {
				kind: 'organization',
				organizationId: DEFAULT_ORGANIZATION_ID,
				scopes: ['webhooks:read', 'webhooks:write'],
			},
			[ACTION_TOKEN]: actionTokenInfo(DEFAULT_ORGANIZATION_ID),
		};
		for (const [token, info] of Object.entries(tokens)) this.addToken(token, info);
		this.actions = new ActionsApi({ organizationId: DEFAULT_ORGANIZATION_ID, ...options.actions });
		this.engine = new DeliveryEngine(
			{
				lookup: (id) => this.store.get(id),
				disable: (id) => {
					const stored = this.store.get(id);
					if (stored) {
						stored.endpoint.enabled = false;
						stored.endpoint.modified_at = this.timestamp();
						this.log(`endpoint ${id} disabled after repeated delivery failures`);
					}
				},
				now: () => new Date(),
			},
			{
				maxAttempts: options.maxAttempts ?? 10,
				retryBaseMs: options.retryBaseMs ?? 50,
				deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
				disableAfterFailedEvents: options.disableAfterFailedEvents ?? 10,
			},
		);
	}

	/** Starts the HTTP server (127.0.0.1, random port unless `port` is given). */
	static async start(options: PolarStandInOptions = {}): Promise<PolarStandIn> {
		const server = http.createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		const standIn = new PolarStandIn(server, options);
		server.on('connection', (socket) => {
			standIn.sockets.add(socket);
			socket.on('close', () => standIn.sockets.delete(socket));
		});
		server.on('request', (req, res) => {
			standIn.handle(req, res).catch((error: unknown) => {
				standIn.log(`internal error: ${String(error instanceof Error ? error.stack : error)}`);
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: 'InternalServerError', detail: String(error) }));
				} else {
					res.destroy();
				}
			});
		});
		return standIn;
	}

	/** Stops the server, drops open connections and cancels pending delivery retries. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.engine.close();
		this.sleeps.wakeAll();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
			this.server.closeAllConnections();
		});
	}

	// ------------------------------------------------------------------------------------------ configuration

	addToken(token: string, info: TokenInfo): void {
		this.tokens.set(token, {
			kind: info.kind,
			organizationId: info.organizationId.toLowerCase(),
			scopes: [...info.scopes],
		});
	}

	/** The scheme for the NEXT created endpoint only (then back to `secretScheme`). */
	nextSecretScheme(scheme: SecretScheme): void {
		this.oneShotScheme = scheme;
	}

	/** One-shot fault for the next request matching `match`. Faults are consumed in the order added. */
	failNext(match: FaultMatch, fault: Fault): void {
		this.faults.push({ match, fault });
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	resetCalls(): void {
		this.calls.length = 0;
	}

	/** Clears endpoints, events, deliveries, calls and faults, and re-seeds the action data (tokens stay). */
	reset(): void {
		this.actions.reset();
		for (const id of [...this.store.keys()]) this.deleteEndpointBehindTheBack(id);
		this.engine.events.clear();
		this.engine.deliveries.length = 0;
		this.calls.length = 0;
		this.faults.length = 0;
		this.schemaViolations.length = 0;
		this.rateWindows.clear();
	}

	// ------------------------------------------------------------------------------------------ state access

	/** Current endpoints (copies, secrets included), in creation order. */
	endpoints(): WebhookEndpointObject[] {
		return [...this.store.values()].map((stored) => endpointCopy(stored.endpoint));
	}

	getEndpoint(id: string): WebhookEndpointObject | undefined {
		const stored = this.store.get(id.toLowerCase());
		return stored ? endpointCopy(stored.endpoint) : undefined;
	}

	secretSchemeOf(id: string): SecretScheme | undefined {
		return this.store.get(id.toLowerCase())?.scheme;
	}

	/** Adds an endpoint directly (no validation), e.g. one "created by someone else" or in another organization. */
	seedEndpoint(
		input: Partial<WebhookEndpointObject> & { url: string; events: string[] },
		scheme: SecretScheme = this.options.secretScheme ?? 'standard',
	): WebhookEndpointObject {
		const endpoint: WebhookEndpointObject = {
			created_at: this.timestamp(),
			modified_at: null,
			id: randomUUID(),
			name: null,
			format: 'raw',
			secret: generateSecret(scheme),
			organization_id: DEFAULT_ORGANIZATION_ID,
			enabled: true,
			api_version: SPEC_API_VERSION,
			uses_standard_webhook_signature: usesStandardSignature(scheme),
			...input,
		};
		this.store.set(endpoint.id, { endpoint, scheme });
		return endpointCopy(endpoint);
	}

	/** Deletes an endpoint without going through the API (drift tests). */
	deleteEndpointBehindTheBack(id: string): boolean {
		const key = id.toLowerCase();
		const existed = this.store.delete(key);
		if (existed) this.engine.dropQueue(key, 'endpoint deleted');
		return existed;
	}

	disableEndpoint(id: string): WebhookEndpointObject | undefined {
		return this.setEndpoint(id, { enabled: false });
	}

	enableEndpoint(id: string): WebhookEndpointObject | undefined {
		return this.setEndpoint(id, { enabled: true });
	}

	/** Rotates the secret without going through the API (default scheme: standard). */
	rotateSecret(id: string, scheme: SecretScheme = 'standard'): WebhookEndpointObject | undefined {
		const stored = this.store.get(id.toLowerCase());
		if (!stored) return undefined;
		stored.scheme = scheme;
		stored.endpoint.secret = generateSecret(scheme);
		stored.endpoint.uses_standard_webhook_signature = usesStandardSignature(scheme);
		stored.endpoint.modified_at = this.timestamp();
		return endpointCopy(stored.endpoint);
	}

	/** Patches an endpoint without validation (drift tests). A `secret` patch keeps the current scheme. */
	setEndpoint(
		id: string,
		patch: Partial<WebhookEndpointObject>,
	): WebhookEndpointObject | undefined {
		const stored = this.store.get(id.toLowerCase());
		if (!stored) return undefined;
		Object.assign(stored.endpoint, patch, { id: stored.endpoint.id });
		if (patch.modified_at === undefined) stored.endpoint.modified_at = this.timestamp();
		return endpointCopy(stored.endpoint);
	}

	/** Delivery attempts (newest first), optionally of one endpoint. */
	deliveries(endpointId?: string): StoredDelivery[] {
		return this.engine.deliveries
			.filter((delivery) => !endpointId || delivery.endpointId === endpointId)
			.sort((a, b) => b.seq - a.seq)
			.map((delivery) => ({ ...delivery }));
	}

	/** Webhook events (oldest first), optionally of one endpoint. */
	events(endpointId?: string): StoredEvent[] {
		return [...this.engine.events.values()]
			.filter((event) => !endpointId || event.endpointId === endpointId)
			.sort((a, b) => a.seq - b.seq)
			.map((event) => ({ ...event }));
	}

	/** Resolves when no delivery is queued or running. */
	whenIdle(): Promise<void> {
		return this.engine.whenIdle();
	}

	// ------------------------------------------------------------------------------------------ deliveries

	/** A payload for `type` as this stand-in would deliver it (current time, endpoint's org and api version). */
	buildPayload(
		type: string,
		options: { organizationId?: string; apiVersion?: string; seed?: number } = {},
	): EventPayload {
		return buildAnyEventPayload(type, {
			seed: options.seed ?? ++this.payloadSeed,
			timestamp: new Date(),
			apiVersion: options.apiVersion ?? SPEC_API_VERSION,
			organizationId: options.organizationId,
		});
	}

	/**
	 * Delivers one event to one endpoint: signed POST of the compact JSON body, retried with backoff,
	 * FIFO behind the endpoint's earlier events. Only when the endpoint is enabled and subscribed to the
	 * type, unless `force`. Resolves when the event is delivered, failed for good, or skipped.
	 */
	async deliver(
		endpointId: string,
		typeOrPayload: string | EventPayload,
		options: DeliverOptions = {},
	): Promise<DeliveryResult> {
		const stored = this.store.get(endpointId.toLowerCase());
		const payload =
			typeof typeOrPayload === 'string'
				? this.buildPayload(typeOrPayload, {
						organizationId: stored?.endpoint.organization_id,
						apiVersion: stored?.endpoint.api_version,
					})
				: typeOrPayload;
		const webhookId = options.webhookId ?? '';
		if (!stored) {
			return {
				webhookId,
				eventId: '',
				endpointId,
				attempts: [],
				delivered: false,
				skipped: true,
				reason: 'endpoint not found',
			};
		}
		if (!options.force) {
			const reason = !stored.endpoint.enabled
				? 'endpoint disabled'
				: !stored.endpoint.events.includes(payload.type)
					? `endpoint not subscribed to ${payload.type}`
					: undefined;
			if (reason)
				return {
					webhookId,
					eventId: '',
					endpointId: stored.endpoint.id,
					attempts: [],
					delivered: false,
					skipped: true,
					reason,
				};
		}
		const body = options.rawBody ?? JSON.stringify(payload);
		const result = this.engine.deliverNew(stored, payload.type, body, options);
		this.log(`deliver ${payload.type} -> ${stored.endpoint.url}`);
		return result;
	}

	/** Delivers `type` to every enabled endpoint subscribed to it (each endpoint gets its own event id). */
	async emit(
		type: string,
		payload?: EventPayload,
		options: Omit<DeliverOptions, 'webhookId'> = {},
	): Promise<Array<DeliveryResult>> {
		const targets = [...this.store.values()].filter(
			(stored) =>
				(stored.endpoint.enabled && stored.endpoint.events.includes(type)) || options.force,
		);
		return Promise.all(
			targets.map((stored) =>
				this.deliver(
					stored.endpoint.id,
					payload ??
						this.buildPayload(type, {
							organizationId: stored.endpoint.organization_id,
							apiVersion: stored.endpoint.api_version,
						}),
					options,
				),
			),
		);
	}

	/** Re-sends an event (by `WebhookEvent.id` or `webhook-id`) with the same webhook-id and body. */
	async redeliver(eventIdOrWebhookId: string): Promise<DeliveryResult | undefined> {
		const event = this.engine.findEvent(eventIdOrWebhookId);
		if (!event || !this.store.has(event.endpointId)) return undefined;
		return this.engine.redeliver(event);
	}

	// ------------------------------------------------------------------------------------------ HTTP

	private log(line: string): void {
		this.options.log?.(line);
	}

	private timestamp(): string {
		return polarTimestamp(new Date(), String(Math.floor(Math.random() * 1000)).padStart(3, '0'));
	}

	private takeFault(method: string, path: string): Fault | undefined {
		const index = this.faults.findIndex(({ match }) => {
			if (match.method && match.method.toUpperCase() !== method) return false;
			if (match.path instanceof RegExp) return match.path.test(path);
			if (typeof match.path === 'string') return match.path === path;
			return true;
		});
		if (index < 0) return undefined;
		const [entry] = this.faults.splice(index, 1);
		return entry?.fault;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://stand-in.invalid');

		if (
			this.options.controlRoutes &&
			(url.pathname === '/_standin' || url.pathname.startsWith('/_standin/'))
		) {
			const answer = await handleControl(this, method, url, raw);
			this.send(res, answer);
			return;
		}

		const parsed = parseJsonBody(raw);
		const call: RecordedCall = {
			method,
			path: url.pathname,
			query: queryObject(url.searchParams),
			headers: redactHeaders(req.headers),
			body: raw === '' ? undefined : parsed.ok ? parsed.value : raw,
			status: 0,
		};
		this.calls.push(call);

		const fault = this.takeFault(method, url.pathname);
		if (fault?.delayMs) await this.sleeps.sleep(fault.delayMs);
		const terminal =
			!!fault &&
			(fault.destroySocket ||
				fault.status !== undefined ||
				fault.body !== undefined ||
				fault.rawBody !== undefined ||
				fault.headers !== undefined ||
				(!!fault.afterApplying && (fault.mapBody !== undefined || !!fault.useCreatedIdOnly)));

		if (fault && terminal && !fault.afterApplying) {
			this.answerWithFault(res, call, fault);
			return;
		}

		const answer = await this.api(method, url, req.headers, raw, call);
		this.checkResponse(method, url.pathname, answer);
		this.log(`${method} ${url.pathname}${url.search} -> ${answer.status}`);
		if (fault && terminal) {
			this.answerWithFault(res, call, fault, answer);
			return;
		}
		call.status = answer.status;
		this.send(res, answer);
	}

	private answerWithFault(
		res: http.ServerResponse,
		call: RecordedCall,
		fault: Fault,
		real?: ApiResponse,
	): void {
		if (fault.destroySocket) {
			call.status = 0;
			res.socket?.destroy();
			res.destroy();
			return;
		}
		const mapper =
			real && fault.afterApplying
				? (fault.mapBody ??
					(fault.useCreatedIdOnly
						? (body: unknown) => ({ id: (body as { id?: unknown } | null)?.id })
						: undefined))
				: undefined;
		const status = fault.status ?? (mapper && real ? real.status : 500);
		call.status = status;
		const headers: Record<string, string> = {};
		let body: string | undefined;
		if (mapper && real) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(mapper(real.json));
		} else if (fault.rawBody !== undefined) {
			headers['content-type'] = 'text/plain; charset=utf-8';
			body = fault.rawBody;
		} else if (fault.body !== undefined) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(fault.body);
		}
		Object.assign(headers, fault.headers ?? {});
		res.writeHead(status, headers);
		res.end(status === 204 || status === 304 ? undefined : body);
	}

	private send(res: http.ServerResponse, answer: ApiResponse): void {
		const headers: Record<string, string> = { ...(answer.headers ?? {}) };
		let body: string | undefined;
		if (answer.json !== undefined) {
			headers['content-type'] ??= 'application/json';
			body = JSON.stringify(answer.json);
		}
		res.writeHead(answer.status, headers);
		res.end(body);
	}

	/** Records answers of an operation that do not match the document's response schema for their status. */
	private checkResponse(method: string, path: string, answer: ApiResponse): void {
		if (!answer.operation || answer.json === undefined) return;
		const body = answer.json as { error?: unknown } | null;
		const error = typeof body?.error === 'string' ? body.error : undefined;
		// Validation errors are the one shape every operation can answer, declared or not (POST .../invoice
		// declares its 422 as MissingInvoiceBillingDetails).
		const checked =
			error === 'RequestValidationError'
				? { schema: 'HTTPValidationError', errors: validateSchema('HTTPValidationError', body) }
				: checkResponseBody(answer.operation.template, method, answer.status, body);
		if (!checked) return;
		if (error && checked.errors.length > 0 && POLAR_ERRORS_BEYOND_DOCUMENT.includes(error)) return;
		for (const problem of checked.errors) {
			// Event types forced through that no Polar knows (tests of unknown types) are expected in delivery lists.
			if (/\/webhook_event\/type must be equal to one of the allowed values/.test(problem))
				continue;
			this.schemaViolations.push(
				`${method} ${path} ${answer.status} ${checked.schema}: ${problem}`,
			);
		}
	}

	private rateLimited(key: string): number | undefined {
		const limit = this.options.rateLimitPerMinute;
		if (!limit || limit <= 0) return undefined;
		const windowMs = this.options.rateLimitWindowMs ?? 60_000;
		const now = Date.now();
		let window = this.rateWindows.get(key);
		if (!window || now - window.start >= windowMs) {
			window = { start: now, count: 0 };
			this.rateWindows.set(key, window);
		}
		window.count += 1;
		if (window.count <= limit) return undefined;
		return Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
	}

	private async api(
		method: string,
		url: URL,
		headers: http.IncomingHttpHeaders,
		raw: string,
		call: RecordedCall,
	): Promise<ApiResponse> {
		const authorization = headers.authorization ?? '';
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
		const subject = bearer !== undefined ? this.tokens.get(bearer) : undefined;
		if (subject) call.subject = { kind: subject.kind, organizationId: subject.organizationId };

		const retryAfter = this.rateLimited(subject ? `org:${subject.organizationId}` : 'anonymous');
		if (retryAfter !== undefined)
			return { status: 429, headers: { 'retry-after': String(retryAfter) } };

		const route = matchRoute(method, url.pathname);
		if (!route) return { status: 404, json: { detail: 'Not Found' } };
		if (!route.operation) {
			return {
				status: 405,
				json: { detail: 'Method Not Allowed' },
				headers: { allow: route.methods.join(', ') },
			};
		}

		const version = headers['polar-version'];
		if (version !== undefined) {
			const value = Array.isArray(version) ? version[0] : version;
			if (!value || !this.apiVersions.includes(value.trim()))
				return { status: 404, json: { detail: 'Not Found' } };
		}

		if (bearer === undefined) {
			return { status: 401, json: UNAUTHORIZED_BODY, headers: { 'www-authenticate': 'Bearer' } };
		}
		if (!subject) {
			return {
				status: 401,
				json: INVALID_TOKEN_BODY,
				headers: {
					'www-authenticate': `Bearer error="invalid_token", error_description="${INVALID_TOKEN_BODY.error_description}"`,
				},
			};
		}
		// Any one of the operation's scopes is enough (Polar checks the intersection).
		const scopes = operationScopes(route.template, method);
		if (!scopes.some((scope) => subject.scopes.includes(scope))) {
			return {
				status: 403,
				json: INSUFFICIENT_SCOPE_BODY,
				headers: {
					'www-authenticate': `Bearer error="insufficient_scope", scope="${scopes.join(' ')}"`,
				},
			};
		}

		const parsed = parseJsonBody(raw);
		const answer = isActionOperation(route.operation)
			? this.actions.dispatch(route.operation, route.params, url.searchParams, parsed, subject)
			: await this.dispatch(
					route.template,
					method,
					route.params.id ?? '',
					url.searchParams,
					parsed,
					subject,
				);
		return { ...answer, operation: { template: route.template, method } };
	}

	private async dispatch(
		template: string,
		method: string,
		param: string,
		query: URLSearchParams,
		parsed: ReturnType<typeof parseJsonBody>,
		subject: TokenInfo,
	): Promise<ApiResponse> {
		const needsBody =
			(template === '/v1/webhooks/endpoints' && method === 'POST') ||
			(template === '/v1/webhooks/endpoints/{id}' && method === 'PATCH');
		if (needsBody && !parsed.ok) return unprocessable([parsed.error]);
		const body = parsed.ok ? parsed.value : undefined;

		switch (`${method} ${template}`) {
			case 'GET /v1/webhooks/endpoints':
				return this.listEndpoints(query, subject);
			case 'POST /v1/webhooks/endpoints':
				return this.createEndpoint(body, subject);
			case 'GET /v1/webhooks/endpoints/{id}':
				return this.withEndpoint(param, [], subject, (stored) => ({
					status: 200,
					json: this.present(stored.endpoint),
				}));
			case 'PATCH /v1/webhooks/endpoints/{id}': {
				const errors = validateBody(
					'WebhookEndpointUpdate',
					body,
					API_VERSION_FIELD(this.apiVersions),
				);
				return this.withEndpoint(param, errors, subject, (stored) =>
					this.updateEndpoint(stored, body as Record<string, unknown>),
				);
			}
			case 'DELETE /v1/webhooks/endpoints/{id}':
				return this.withEndpoint(param, [], subject, (stored) => {
					this.deleteEndpointBehindTheBack(stored.endpoint.id);
					return { status: 204 };
				});
			case 'PATCH /v1/webhooks/endpoints/{id}/secret':
				return this.withEndpoint(param, [], subject, (stored) => ({
					status: 200,
					json: this.present(
						this.rotateSecret(stored.endpoint.id, 'standard') as WebhookEndpointObject,
					),
				}));
			case 'GET /v1/webhooks/deliveries':
				return this.listDeliveries(query, subject);
			case 'POST /v1/webhooks/events/{id}/redeliver':
				return this.redeliverEvent(param, subject);
			default:
				return { status: 405, json: { detail: 'Method Not Allowed' } };
		}
	}

	/** An endpoint as the HTTP API shows it. */
	private present(endpoint: WebhookEndpointObject): Partial<WebhookEndpointObject> {
		const copy: Partial<WebhookEndpointObject> = endpointCopy(endpoint);
		if (this.options.omitNewerEndpointFields) {
			delete copy.api_version;
			delete copy.uses_standard_webhook_signature;
		}
		return copy;
	}

	private visible(
		stored: StoredEndpoint | undefined,
		subject: TokenInfo,
	): stored is StoredEndpoint {
		return !!stored && stored.endpoint.organization_id === subject.organizationId;
	}

	private withEndpoint(
		id: string,
		bodyErrors: FastApiError[],
		subject: TokenInfo,
		action: (stored: StoredEndpoint) => ApiResponse,
	): ApiResponse {
		const errors = [...checkValue(UUID4_PARAM, id, ['path', 'id']), ...bodyErrors];
		if (errors.length > 0) return unprocessable(errors);
		const stored = this.store.get(id.toLowerCase());
		if (!this.visible(stored, subject)) return { status: 404, json: NOT_FOUND_BODY };
		return action(stored);
	}

	private listEndpoints(query: URLSearchParams, subject: TokenInfo): ApiResponse {
		const errors: FastApiError[] = [];
		const page = positiveIntParam(query, 'page', 1, errors);
		const limit = positiveIntParam(query, 'limit', 10, errors);
		const organizations = uuidListParam(query, 'organization_id', errors);
		if (errors.length > 0) return unprocessable(errors);
		const all = [...this.store.values()]
			.filter((stored) => this.visible(stored, subject))
			.filter((stored) => !organizations || organizations.includes(stored.endpoint.organization_id))
			.map((stored) => this.present(stored.endpoint));
		return { status: 200, json: paginate(all, page, limit) };
	}

	private createEndpoint(body: unknown, subject: TokenInfo): ApiResponse {
		const errors = validateBody('WebhookEndpointCreate', body, API_VERSION_FIELD(this.apiVersions));
		if (errors.length > 0) return unprocessable(errors);
		const input = body as {
			url: string;
			name?: string | null;
			format: string;
			events: string[];
			organization_id?: string | null;
			api_version?: string | null;
		};

		const organization = payloadOrganization(subject, input.organization_id, [
			'body',
			'organization_id',
		]);
		if ('errors' in organization) return unprocessable(organization.errors);
		const organizationId = organization.organizationId;

		const urlErrors = checkWebhookUrl(input.url, ['body', 'url'], this.options);
		if (urlErrors.length > 0) return unprocessable(urlErrors);

		const scheme = this.oneShotScheme ?? this.options.secretScheme ?? 'standard';
		this.oneShotScheme = undefined;
		const endpoint = this.seedEndpoint(
			{
				url: storedUrl(input.url),
				name: input.name ?? null,
				format: input.format,
				events: [...input.events],
				organization_id: organizationId,
				api_version: input.api_version ?? SPEC_API_VERSION,
			},
			scheme,
		);
		return { status: 201, json: this.present(endpoint) };
	}

	private updateEndpoint(stored: StoredEndpoint, body: Record<string, unknown>): ApiResponse {
		if (typeof body.url === 'string') {
			const urlErrors = checkWebhookUrl(body.url, ['body', 'url'], this.options);
			if (urlErrors.length > 0) return unprocessable(urlErrors);
		}
		const endpoint = stored.endpoint;
		if (typeof body.url === 'string') endpoint.url = storedUrl(body.url);
		if ('name' in body) endpoint.name = (body.name as string | null) ?? null;
		if (typeof body.format === 'string') endpoint.format = body.format;
		if (Array.isArray(body.events)) endpoint.events = [...(body.events as string[])];
		if (typeof body.enabled === 'boolean') endpoint.enabled = body.enabled;
		if (typeof body.api_version === 'string') endpoint.api_version = body.api_version;
		endpoint.modified_at = this.timestamp();
		return { status: 200, json: this.present(endpoint) };
	}

	private listDeliveries(query: URLSearchParams, subject: TokenInfo): ApiResponse {
		const errors: FastApiError[] = [];
		const page = positiveIntParam(query, 'page', 1, errors);
		const limit = positiveIntParam(query, 'limit', 10, errors);
		const endpointIds = uuidListParam(query, 'endpoint_id', errors);
		const succeeded = boolParam(query, 'succeeded', errors);
		const eventTypeFilter = query.getAll('event_type');
		const knownTypes = acceptedEventTypes();
		eventTypeFilter.forEach((type, index) => {
			if (!knownTypes.includes(type)) {
				const loc: Array<string | number> =
					eventTypeFilter.length > 1 ? ['query', 'event_type', index] : ['query', 'event_type'];
				errors.push(...checkValue({ $ref: '#/components/schemas/WebhookEventType' }, type, loc));
			}
		});
		const codeClass = query.get('http_code_class');
		if (codeClass !== null && !['2xx', '3xx', '4xx', '5xx'].includes(codeClass)) {
			errors.push({
				type: 'literal_error',
				loc: ['query', 'http_code_class'],
				msg: "Input should be '2xx', '3xx', '4xx' or '5xx'",
				input: codeClass,
			});
		}
		if (errors.length > 0) return unprocessable(errors);

		const items = this.engine.deliveries
			.filter((delivery) => this.visible(this.store.get(delivery.endpointId), subject))
			.filter((delivery) => !endpointIds || endpointIds.includes(delivery.endpointId))
			.filter((delivery) => succeeded === undefined || delivery.succeeded === succeeded)
			.filter((delivery) => {
				if (eventTypeFilter.length === 0) return true;
				const event = this.engine.events.get(delivery.eventId);
				return !!event && eventTypeFilter.includes(event.type);
			})
			.filter(
				(delivery) =>
					!codeClass ||
					(delivery.httpCode !== null && `${String(delivery.httpCode)[0]}xx` === codeClass),
			)
			.sort((a, b) => b.seq - a.seq)
			.map((delivery) => this.deliveryObject(delivery));
		return { status: 200, json: paginate(items, page, limit) };
	}

	private deliveryObject(delivery: StoredDelivery): Record<string, unknown> {
		const event = this.engine.events.get(delivery.eventId) as StoredEvent;
		return {
			created_at: delivery.createdAt,
			modified_at: null,
			id: delivery.id,
			succeeded: delivery.succeeded,
			http_code: delivery.httpCode,
			response: delivery.response,
			webhook_event: {
				created_at: event.createdAt,
				modified_at: event.modifiedAt,
				id: event.id,
				last_http_code: event.lastHttpCode,
				succeeded: event.succeeded,
				skipped: event.skipped,
				payload: event.body,
				type: event.type,
				is_archived: false,
			},
		};
	}

	private redeliverEvent(id: string, subject: TokenInfo): ApiResponse {
		const event = this.engine.findEvent(id) ?? this.engine.findEvent(id.toLowerCase());
		if (!event) {
			const errors = checkValue(UUID4_PARAM, id, ['path', 'id']);
			if (errors.length > 0) return unprocessable(errors);
			return { status: 404, json: NOT_FOUND_BODY };
		}
		if (event.organizationId !== subject.organizationId || !this.store.has(event.endpointId)) {
			return { status: 404, json: NOT_FOUND_BODY };
		}
		void this.engine.redeliver(event);
		return { status: 202, json: null };
	}
}
