import type { IDataObject, IHookFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PolarAnswer, PolarErrorContext, ValidationDetail } from './errors';
import { polarApiError } from './errors';
import type { PolarConnection } from './transport';
import { polarRequest } from './transport';

export type { PolarConnection } from './transport';
/** Endpoint calls run over a connection: the caller resolves the credential once and passes it to each call. */
export { polarConnection } from './transport';

/** The fields of Polar's WebhookEndpoint the node reads. Every one may be missing from an odd answer. */
export interface WebhookEndpoint {
	id?: string;
	url?: string;
	name?: string | null;
	format?: string;
	secret?: string;
	events?: string[];
	enabled?: boolean;
	uses_standard_webhook_signature?: boolean;
}

export interface EndpointChanges {
	url?: string;
	name?: string;
	format?: 'raw';
	events?: string[];
	enabled?: boolean;
}

const ENDPOINTS_PATH = '/v1/webhooks/endpoints';
const PAGE_SIZE = 100;
/** 100 pages of 100 endpoints: far beyond any organization, and a bound on a misbehaving server. */
const MAX_PAGES = 100;

export async function createEndpoint(
	context: IHookFunctions,
	connection: PolarConnection,
	endpoint: { url: string; name: string; events: string[] },
): Promise<WebhookEndpoint> {
	const body: IDataObject = {
		url: endpoint.url,
		name: endpoint.name,
		format: 'raw',
		events: endpoint.events,
	};
	if (connection.organizationId) body.organization_id = connection.organizationId;

	const response = await polarRequest(context, connection, 'POST', ENDPOINTS_PATH, { body });
	if (response.statusCode !== 201 && response.statusCode !== 200) {
		throw endpointApiError(context, response, 'register the webhook endpoint', endpoint.url);
	}
	return asEndpoint(response.body);
}

/** The endpoint, or undefined when Polar no longer has it (deleted, or not visible to this token). */
export async function getEndpoint(
	context: IHookFunctions,
	connection: PolarConnection,
	id: string,
): Promise<WebhookEndpoint | undefined> {
	const response = await polarRequest(context, connection, 'GET', endpointPath(id));
	if (response.statusCode === 404) return undefined;
	if (response.statusCode !== 200)
		throw endpointApiError(context, response, 'check the webhook endpoint');
	return requireEndpoint(context, response.body, id);
}

export async function updateEndpoint(
	context: IHookFunctions,
	connection: PolarConnection,
	id: string,
	changes: EndpointChanges,
): Promise<WebhookEndpoint> {
	const response = await polarRequest(context, connection, 'PATCH', endpointPath(id), {
		body: { ...changes },
	});
	if (response.statusCode !== 200) {
		throw endpointApiError(context, response, 'update the webhook endpoint', changes.url);
	}
	return requireEndpoint(context, response.body, id);
}

/** Deletes the endpoint; one that is already gone counts as deleted. */
export async function deleteEndpoint(
	context: IHookFunctions,
	connection: PolarConnection,
	id: string,
): Promise<void> {
	const response = await polarRequest(context, connection, 'DELETE', endpointPath(id));
	if (response.statusCode === 204 || response.statusCode === 200 || response.statusCode === 404)
		return;
	throw endpointApiError(context, response, 'delete the webhook endpoint');
}

/**
 * A URL as Polar stores an endpoint's `url`: normalised as a WHATWG URL (host lower-cased, default port
 * dropped). The node sends and compares URLs in this form, so a differently spelled N8N_WEBHOOK_URL neither
 * looks like drift nor hides the node's own endpoint.
 */
export function normaliseUrl(url: string): string {
	try {
		return new URL(url).href;
	} catch {
		return url;
	}
}

/** Every endpoint visible to the token whose URL is `url` (compared as Polar stores URLs). */
export async function listEndpointsWithUrl(
	context: IHookFunctions,
	connection: PolarConnection,
	url: string,
): Promise<WebhookEndpoint[]> {
	const wanted = normaliseUrl(url);
	const matches: WebhookEndpoint[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const qs: IDataObject = { page, limit: PAGE_SIZE };
		if (connection.organizationId) qs.organization_id = connection.organizationId;
		const response = await polarRequest(context, connection, 'GET', ENDPOINTS_PATH, { qs });
		if (response.statusCode !== 200)
			throw endpointApiError(context, response, 'list webhook endpoints');
		const { items, pagination } = (response.body ?? {}) as {
			items?: unknown[];
			pagination?: { max_page?: number };
		};
		for (const item of items ?? []) {
			const endpoint = asEndpoint(item);
			if (typeof endpoint.url === 'string' && normaliseUrl(endpoint.url) === wanted)
				matches.push(endpoint);
		}
		if (!items?.length || page >= (pagination?.max_page ?? page)) break;
	}
	return matches;
}

/**
 * A readable error for an endpoint call Polar refused. `webhookUrl` is n8n's webhook URL the call sent,
 * named in the error when Polar refuses it.
 */
export function endpointApiError(
	context: Pick<IHookFunctions, 'getNode'>,
	response: PolarAnswer,
	action: string,
	webhookUrl?: string,
): NodeApiError {
	const errorContext: PolarErrorContext = {
		action,
		scopes: 'webhooks:read and webhooks:write',
		retry: 'publish (activate on n8n 1.x) the workflow again',
		explainRefusal: (details) => explainEndpointRefusal(details, webhookUrl),
	};
	return polarApiError(context.getNode(), response, errorContext);
}

/** A 422 about the endpoint's own fields: its URL (not public HTTPS) or its events (unknown to this Polar). */
function explainEndpointRefusal(
	details: ValidationDetail[],
	webhookUrl: string | undefined,
): { message: string; description: string } | undefined {
	const field = (name: string) => details.find((detail) => detail.loc?.includes(name));
	const urlDetail =
		field('url') ?? details.find((detail) => /localhost|private ip|https/i.test(detail.msg ?? ''));
	if (urlDetail) {
		return {
			message: `Polar refused the webhook URL${webhookUrl ? ` ${webhookUrl}` : ''}`,
			description: `Polar only delivers to public HTTPS addresses. Set N8N_WEBHOOK_URL (WEBHOOK_URL on n8n 1.x) to this n8n's public https address (for a local n8n, a tunnel such as ngrok or cloudflared gives one), restart n8n and publish (activate on n8n 1.x) the workflow again. Polar said: "${urlDetail.msg ?? ''}".`,
		};
	}
	if (field('events')) {
		return {
			message: 'Polar does not accept one of the selected events',
			description: `This Polar server does not know every selected event type (an older self-hosted Polar?). Deselect the newer events and publish (activate on n8n 1.x) the workflow again. Polar said: "${details.map((detail) => detail.msg ?? '').join('; ')}".`,
		};
	}
	return undefined;
}

function endpointPath(id: string): string {
	return `${ENDPOINTS_PATH}/${encodeURIComponent(id)}`;
}

/** A success answer about endpoint `id` must be that endpoint; anything else (an HTML page, a proxy's answer) is an error. */
function requireEndpoint(context: IHookFunctions, body: unknown, id: string): WebhookEndpoint {
	const endpoint = asEndpoint(body);
	if (endpoint.id !== id || typeof endpoint.secret !== 'string' || !endpoint.secret) {
		throw new NodeOperationError(
			context.getNode(),
			"Polar's answer is not the webhook endpoint the node asked for",
			{
				description:
					'The answer lacks the endpoint id or its secret. Check that the Base URL in the Polar API credential points at the Polar API (not a proxy or web page), then publish (activate on n8n 1.x) the workflow again.',
			},
		);
	}
	return endpoint;
}

function asEndpoint(body: unknown): WebhookEndpoint {
	return typeof body === 'object' && body !== null && !Array.isArray(body)
		? (body as WebhookEndpoint)
		: {};
}
