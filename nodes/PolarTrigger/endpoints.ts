import type { IDataObject, IHookFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callError, callPolar } from '../shared/api';
import type { PolarAnswer, ValidationDetail } from '../shared/errors';
import type { PolarOperationKey } from '../shared/operations';
import { organizationIdToSend } from '../shared/organization';
import { listRecords } from '../shared/pagination';
import type { PolarConnection } from '../shared/transport';

export type { PolarConnection } from '../shared/transport';
/** Endpoint calls run over a connection: the caller resolves the credential once and passes it to each call. */
export { polarConnection } from '../shared/transport';

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
	const organizationId = organizationIdToSend(context, connection);
	if (organizationId) body.organization_id = organizationId;

	const response = await callPolar(context, connection, 'webhookEndpoint.create', { body });
	if (response.statusCode !== 201 && response.statusCode !== 200) {
		throw endpointApiError(context, 'webhookEndpoint.create', response, endpoint.url);
	}
	return asEndpoint(response.body);
}

/** The endpoint, or undefined when Polar no longer has it (deleted, or not visible to this token). */
export async function getEndpoint(
	context: IHookFunctions,
	connection: PolarConnection,
	id: string,
): Promise<WebhookEndpoint | undefined> {
	const response = await callPolar(context, connection, 'webhookEndpoint.get', { params: { id } });
	if (response.statusCode === 404) return undefined;
	if (response.statusCode !== 200) throw endpointApiError(context, 'webhookEndpoint.get', response);
	return requireEndpoint(context, response.body, id);
}

export async function updateEndpoint(
	context: IHookFunctions,
	connection: PolarConnection,
	id: string,
	changes: EndpointChanges,
): Promise<WebhookEndpoint> {
	const response = await callPolar(context, connection, 'webhookEndpoint.update', {
		params: { id },
		body: { ...changes },
	});
	if (response.statusCode !== 200) {
		throw endpointApiError(context, 'webhookEndpoint.update', response, changes.url);
	}
	return requireEndpoint(context, response.body, id);
}

/** Deletes the endpoint; one that is already gone counts as deleted. */
export async function deleteEndpoint(
	context: IHookFunctions,
	connection: PolarConnection,
	id: string,
): Promise<void> {
	const response = await callPolar(context, connection, 'webhookEndpoint.delete', {
		params: { id },
	});
	if (response.statusCode === 204 || response.statusCode === 200 || response.statusCode === 404)
		return;
	throw endpointApiError(context, 'webhookEndpoint.delete', response);
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
	const endpoints = await listRecords(context, connection, 'webhookEndpoint.getMany', {
		query: { organization_id: organizationIdToSend(context, connection) },
		error: (response) => endpointApiError(context, 'webhookEndpoint.getMany', response),
	});
	return endpoints
		.map(asEndpoint)
		.filter(
			(endpoint) => typeof endpoint.url === 'string' && normaliseUrl(endpoint.url) === wanted,
		);
}

/**
 * A readable error for an endpoint call Polar refused. `webhookUrl` is n8n's webhook URL the call sent,
 * named in the error when Polar refuses it.
 */
export function endpointApiError(
	context: Pick<IHookFunctions, 'getNode'>,
	key: PolarOperationKey,
	response: PolarAnswer,
	webhookUrl?: string,
): NodeApiError {
	// The trigger's lifecycle needs both (it lists, then creates or updates), whichever call was refused.
	return callError(context.getNode(), key, response, {
		scopes: 'webhooks:read and webhooks:write',
		retry: 'publish (activate on n8n 1.x) the workflow again',
		resource: { name: 'webhook endpoint' },
		explainRefusal: (details) => explainEndpointRefusal(details, webhookUrl),
	});
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
