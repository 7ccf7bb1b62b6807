/**
 * `/_standin/...` control routes (no auth, JSON in and out), so that a stand-in running in another
 * process (the CLI, an end-to-end suite) can be driven over HTTP:
 *
 *   GET    /_standin/health                         {ok, url}
 *   GET    /_standin/endpoints                      current endpoints, secrets and secret schemes included
 *   POST   /_standin/endpoints                      seed an endpoint directly {url, events, ..., scheme?}
 *   GET    /_standin/endpoints/{id}
 *   PATCH  /_standin/endpoints/{id}                 patch without validation (drift)
 *   POST   /_standin/endpoints/{id}/disable | /enable | /delete
 *   POST   /_standin/endpoints/{id}/rotate-secret   {scheme?}
 *   POST   /_standin/emit                           {type, payload?, wait?=true, ...deliver options}
 *   POST   /_standin/deliver                        {endpointId, type? | payload?, wait?=true, webhookId?, timestamp?, extraSignatures?, force?, rawBody?, ...}
 *   POST   /_standin/redeliver                      {id}  (event id or webhook-id)
 *   GET    /_standin/payload/{type}?seed=           a generated payload
 *   GET    /_standin/calls         DELETE /_standin/calls
 *   GET    /_standin/deliveries?endpoint_id=        attempts, newest first
 *   GET    /_standin/events?endpoint_id=
 *   POST   /_standin/fail-next                      {match: {method?, path?, pathRegex?}, fault: {...}}
 *   POST   /_standin/tokens                         {token, kind, organizationId, scopes}
 *   POST   /_standin/next-secret-scheme             {scheme}
 *   POST   /_standin/reset                          clear endpoints, events, deliveries, calls, faults; re-seed the action data
 *   POST   /_standin/idle                           wait until no delivery is pending
 *   GET    /_standin/actions/...  POST /_standin/actions/...   the action routes' data (actions/control.ts)
 */
import { handleActionsControl } from './actions/control';
import type { DeliverOptions } from './delivery';
import { buildAnyEventPayload, type EventPayload } from './payloads';
import type { Fault, FaultMatch, PolarStandIn } from './server';
import { isSecretScheme, type SecretScheme } from './signing';
import type { WebhookEndpointObject } from './types';

export interface ControlAnswer {
	status: number;
	json?: unknown;
}

function bad(message: string): ControlAnswer {
	return { status: 400, json: { error: 'bad_request', detail: message } };
}

function notFound(what: string): ControlAnswer {
	return { status: 404, json: { error: 'not_found', detail: `${what} not found` } };
}

function asObject(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

function deliverOptions(input: Record<string, unknown>): DeliverOptions {
	const options: DeliverOptions = {};
	if (typeof input.webhookId === 'string') options.webhookId = input.webhookId;
	if (typeof input.timestamp === 'number') options.timestamp = input.timestamp;
	if (Array.isArray(input.extraSignatures))
		options.extraSignatures = input.extraSignatures.map(String);
	if (typeof input.force === 'boolean') options.force = input.force;
	if (typeof input.signatureHeader === 'string') options.signatureHeader = input.signatureHeader;
	if (typeof input.rawBody === 'string') options.rawBody = input.rawBody;
	const signWith = asObject(input.signWith);
	if (typeof signWith.secret === 'string' && isSecretScheme(signWith.scheme)) {
		options.signWith = { secret: signWith.secret, scheme: signWith.scheme };
	}
	if (input.headers && typeof input.headers === 'object') {
		options.headers = Object.fromEntries(
			Object.entries(asObject(input.headers)).map(([k, v]) => [k, String(v)]),
		);
	}
	return options;
}

function withScheme(
	standIn: PolarStandIn,
	endpoint: WebhookEndpointObject,
): WebhookEndpointObject & { secret_scheme?: SecretScheme } {
	return { ...endpoint, secret_scheme: standIn.secretSchemeOf(endpoint.id) };
}

export async function handleControl(
	standIn: PolarStandIn,
	method: string,
	url: URL,
	raw: string,
): Promise<ControlAnswer> {
	let body: Record<string, unknown> = {};
	if (raw.trim() !== '') {
		try {
			body = asObject(JSON.parse(raw));
		} catch {
			return bad('body is not JSON');
		}
	}
	const path = url.pathname.replace(/^\/_standin/, '').replace(/\/+$/, '') || '/';
	const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
	const route = `${method} /${segments[0] ?? ''}`;
	const wait = body.wait !== false;

	switch (route) {
		case 'GET /':
		case 'GET /health':
			return { status: 200, json: { ok: true, url: standIn.url } };

		case 'GET /endpoints':
			if (segments.length === 1)
				return { status: 200, json: standIn.endpoints().map((e) => withScheme(standIn, e)) };
			if (segments.length === 2) {
				const endpoint = standIn.getEndpoint(segments[1] as string);
				return endpoint
					? { status: 200, json: withScheme(standIn, endpoint) }
					: notFound('endpoint');
			}
			return notFound('route');

		case 'POST /endpoints': {
			if (segments.length === 1) {
				if (typeof body.url !== 'string' || !Array.isArray(body.events))
					return bad('url and events are required');
				const { scheme, ...fields } = body;
				const endpoint = standIn.seedEndpoint(
					fields as Partial<WebhookEndpointObject> & { url: string; events: string[] },
					isSecretScheme(scheme) ? scheme : undefined,
				);
				return { status: 201, json: withScheme(standIn, endpoint) };
			}
			const id = segments[1] as string;
			const action = segments[2];
			let endpoint: WebhookEndpointObject | undefined;
			if (action === 'disable') endpoint = standIn.disableEndpoint(id);
			else if (action === 'enable') endpoint = standIn.enableEndpoint(id);
			else if (action === 'rotate-secret') {
				if (body.scheme !== undefined && !isSecretScheme(body.scheme)) return bad('unknown scheme');
				endpoint = standIn.rotateSecret(id, isSecretScheme(body.scheme) ? body.scheme : 'standard');
			} else if (action === 'delete') {
				return standIn.deleteEndpointBehindTheBack(id)
					? { status: 200, json: { deleted: true } }
					: notFound('endpoint');
			} else return notFound('route');
			return endpoint ? { status: 200, json: withScheme(standIn, endpoint) } : notFound('endpoint');
		}

		case 'PATCH /endpoints': {
			if (segments.length !== 2) return notFound('route');
			const endpoint = standIn.setEndpoint(
				segments[1] as string,
				body as Partial<WebhookEndpointObject>,
			);
			return endpoint ? { status: 200, json: withScheme(standIn, endpoint) } : notFound('endpoint');
		}

		case 'POST /emit': {
			if (typeof body.type !== 'string') return bad('type is required');
			const payload = body.payload ? (body.payload as EventPayload) : undefined;
			const pending = standIn.emit(body.type, payload, deliverOptions(body));
			if (!wait) {
				void pending;
				return { status: 202, json: { queued: true } };
			}
			return { status: 200, json: { results: await pending } };
		}

		case 'POST /deliver': {
			if (typeof body.endpointId !== 'string') return bad('endpointId is required');
			const what = body.payload
				? (body.payload as EventPayload)
				: typeof body.type === 'string'
					? body.type
					: undefined;
			if (!what) return bad('type or payload is required');
			const pending = standIn.deliver(body.endpointId, what, deliverOptions(body));
			if (!wait) {
				void pending;
				return { status: 202, json: { queued: true } };
			}
			return { status: 200, json: await pending };
		}

		case 'POST /redeliver': {
			if (typeof body.id !== 'string') return bad('id is required');
			const pending = standIn.redeliver(body.id);
			if (!wait) {
				void pending;
				return { status: 202, json: { queued: true } };
			}
			const result = await pending;
			return result ? { status: 200, json: result } : notFound('event');
		}

		case 'GET /payload': {
			const type = segments[1];
			if (!type) return bad('type is required: /_standin/payload/{type}');
			const seed = Number(url.searchParams.get('seed') ?? '1');
			return {
				status: 200,
				json: buildAnyEventPayload(type, {
					seed: Number.isFinite(seed) ? seed : 1,
					timestamp: new Date(),
				}),
			};
		}

		case 'GET /calls':
			return { status: 200, json: standIn.calls };
		case 'DELETE /calls':
			standIn.resetCalls();
			return { status: 200, json: { ok: true } };

		case 'GET /deliveries':
			return {
				status: 200,
				json: standIn.deliveries(url.searchParams.get('endpoint_id') ?? undefined),
			};
		case 'GET /events':
			return {
				status: 200,
				json: standIn.events(url.searchParams.get('endpoint_id') ?? undefined),
			};

		case 'POST /fail-next': {
			const match = asObject(body.match);
			const fault = asObject(body.fault);
			const parsed: FaultMatch = {};
			if (typeof match.method === 'string') parsed.method = match.method;
			if (typeof match.pathRegex === 'string') parsed.path = new RegExp(match.pathRegex);
			else if (typeof match.path === 'string') parsed.path = match.path;
			standIn.failNext(parsed, fault as Fault);
			return { status: 200, json: { ok: true } };
		}

		case 'POST /tokens': {
			const { token, kind, organizationId, scopes } = body;
			if (
				typeof token !== 'string' ||
				(kind !== 'organization' && kind !== 'personal') ||
				typeof organizationId !== 'string'
			) {
				return bad('token, kind (organization|personal) and organizationId are required');
			}
			standIn.addToken(token, {
				kind,
				organizationId,
				scopes: Array.isArray(scopes) ? scopes.map(String) : ['webhooks:read', 'webhooks:write'],
			});
			return { status: 200, json: { ok: true } };
		}

		case 'POST /next-secret-scheme':
			if (!isSecretScheme(body.scheme))
				return bad('scheme must be standard, legacy-polar_whs or legacy-whsec');
			standIn.nextSecretScheme(body.scheme);
			return { status: 200, json: { ok: true } };

		case 'POST /reset':
			standIn.reset();
			return { status: 200, json: { ok: true } };

		case 'GET /actions':
		case 'POST /actions':
			return handleActionsControl(standIn.actions, method, segments.slice(1), body);

		case 'POST /idle':
			await standIn.whenIdle();
			return { status: 200, json: { ok: true } };

		default:
			return notFound('route');
	}
}
