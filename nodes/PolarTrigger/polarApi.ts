import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { polarApiError } from './errors';
import { POLAR_CREDENTIAL, polarRequest } from './transport';

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

export interface WebhookEndpointChanges {
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

export async function createWebhookEndpoint(
	context: IHookFunctions,
	endpoint: { url: string; name: string; events: string[] },
): Promise<WebhookEndpoint> {
	const body: IDataObject = { url: endpoint.url, name: endpoint.name, format: 'raw', events: endpoint.events };
	const organizationId = await configuredOrganizationId(context);
	if (organizationId) body.organization_id = organizationId;

	const response = await polarRequest(context, 'POST', ENDPOINTS_PATH, { body });
	if (response.statusCode !== 201 && response.statusCode !== 200) {
		throw polarApiError(context.getNode(), response, {
			action: 'register the webhook endpoint',
			webhookUrl: endpoint.url,
		});
	}
	return asEndpoint(response.body);
}

/** The endpoint, or undefined when Polar no longer has it (deleted, or not visible to this token). */
export async function getWebhookEndpoint(context: IHookFunctions, id: string): Promise<WebhookEndpoint | undefined> {
	const response = await polarRequest(context, 'GET', endpointPath(id));
	if (response.statusCode === 404) return undefined;
	if (response.statusCode !== 200) {
		throw polarApiError(context.getNode(), response, { action: 'check the webhook endpoint' });
	}
	return requireEndpoint(context, response.body, id);
}

export async function updateWebhookEndpoint(
	context: IHookFunctions,
	id: string,
	changes: WebhookEndpointChanges,
): Promise<WebhookEndpoint> {
	const response = await polarRequest(context, 'PATCH', endpointPath(id), { body: { ...changes } });
	if (response.statusCode !== 200) {
		throw polarApiError(context.getNode(), response, {
			action: 'update the webhook endpoint',
			webhookUrl: changes.url,
		});
	}
	return requireEndpoint(context, response.body, id);
}

/** Deletes the endpoint; one that is already gone counts as deleted. */
export async function deleteWebhookEndpoint(context: IHookFunctions, id: string): Promise<void> {
	const response = await polarRequest(context, 'DELETE', endpointPath(id));
	if (response.statusCode === 204 || response.statusCode === 200 || response.statusCode === 404) return;
	throw polarApiError(context.getNode(), response, { action: 'delete the webhook endpoint' });
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
export async function findWebhookEndpointsByUrl(context: IHookFunctions, url: string): Promise<WebhookEndpoint[]> {
	const organizationId = await configuredOrganizationId(context);
	const wanted = normaliseUrl(url);
	const matches: WebhookEndpoint[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const qs: IDataObject = { page, limit: PAGE_SIZE };
		if (organizationId) qs.organization_id = organizationId;
		const response = await polarRequest(context, 'GET', ENDPOINTS_PATH, { qs });
		if (response.statusCode !== 200) {
			throw polarApiError(context.getNode(), response, { action: 'list webhook endpoints' });
		}
		const { items, pagination } = (response.body ?? {}) as {
			items?: unknown[];
			pagination?: { max_page?: number };
		};
		for (const item of items ?? []) {
			const endpoint = asEndpoint(item);
			if (typeof endpoint.url === 'string' && normaliseUrl(endpoint.url) === wanted) matches.push(endpoint);
		}
		if (!items?.length || page >= (pagination?.max_page ?? page)) break;
	}
	return matches;
}

function endpointPath(id: string): string {
	return `${ENDPOINTS_PATH}/${encodeURIComponent(id)}`;
}

async function configuredOrganizationId(context: IHookFunctions): Promise<string | undefined> {
	const credentials = await context.getCredentials(POLAR_CREDENTIAL);
	const organizationId = typeof credentials.organizationId === 'string' ? credentials.organizationId.trim() : '';
	return organizationId || undefined;
}

/** A success answer about endpoint `id` must be that endpoint; anything else (an HTML page, a proxy's answer) is an error. */
function requireEndpoint(context: IHookFunctions, body: unknown, id: string): WebhookEndpoint {
	const endpoint = asEndpoint(body);
	if (endpoint.id !== id || typeof endpoint.secret !== 'string' || !endpoint.secret) {
		throw new NodeOperationError(context.getNode(), "Polar's answer is not the webhook endpoint the node asked for", {
			description:
				'The answer lacks the endpoint id or its secret. Check that the Base URL in the Polar API credential points at the Polar API (not a proxy or web page), then publish again.',
		});
	}
	return endpoint;
}

function asEndpoint(body: unknown): WebhookEndpoint {
	return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as WebhookEndpoint) : {};
}
