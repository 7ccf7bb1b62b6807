/** Sending deliveries to n8n through the stand-in (signed the Polar way) or by hand. */
import { randomUUID } from 'node:crypto';

import { type SecretScheme, signedDelivery } from '../../tools/polar-stand-in/signing';
import {
	type DeliverOptions,
	type DeliveryResult,
	type EventPayload,
	type PolarStandIn,
	type WebhookEndpointObject,
} from '../../tools/polar-stand-in/server';

export interface Sent {
	type: string;
	payload: EventPayload;
	result: DeliveryResult;
	/** n8n's HTTP status for the (single) attempt, undefined when nothing was sent. */
	status: number | undefined;
	webhookId: string;
}

/** A payload for `type` as the endpoint would get it, delivered to that endpoint. */
export async function deliver(
	polar: PolarStandIn,
	endpointId: string,
	type: string,
	options: DeliverOptions = {},
): Promise<Sent> {
	const endpoint = polar.getEndpoint(endpointId);
	if (!endpoint) throw new Error(`the stand-in has no endpoint ${endpointId}`);
	const payload = polar.buildPayload(type, {
		organizationId: endpoint.organization_id,
		apiVersion: endpoint.api_version,
	});
	const result = await polar.deliver(endpointId, payload, options);
	if (result.skipped)
		throw new Error(`the stand-in skipped the ${type} delivery: ${result.reason}`);
	return {
		type,
		payload,
		result,
		status: result.attempts.at(-1)?.status,
		webhookId: result.webhookId,
	};
}

/** A genuine delivery built by hand, for sending straight to n8n with `sendRaw` (e.g. many in parallel). */
export interface SignedPost {
	webhookId: string;
	headers: Record<string, string>;
	body: Buffer;
}

/**
 * Signed the way the stand-in (and Polar) signs: compact JSON, Standard Webhooks headers, the endpoint's
 * secret in its scheme. For what the stand-in's per-endpoint FIFO queue (like Polar's) would not do: send
 * many at once, or sign with a secret the endpoint no longer has.
 */
export function signedPost(
	endpoint: WebhookEndpointObject,
	scheme: SecretScheme,
	payload: unknown,
	webhookId = randomUUID(),
): SignedPost {
	const { headers, rawBody } = signedDelivery(endpoint.secret, payload, { id: webhookId, scheme });
	return { webhookId, headers, body: rawBody };
}
