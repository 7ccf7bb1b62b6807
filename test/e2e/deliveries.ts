/** Sending deliveries to n8n through the stand-in (signed the Polar way) or by hand. */
import type { DeliverOptions, DeliveryResult, EventPayload, PolarStandIn } from '../polar-stand-in/server';

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
  const payload = polar.buildPayload(type, { organizationId: endpoint.organization_id, apiVersion: endpoint.api_version });
  const result = await polar.deliver(endpointId, payload, options);
  if (result.skipped) throw new Error(`the stand-in skipped the ${type} delivery: ${result.reason}`);
  return { type, payload, result, status: result.attempts.at(-1)?.status, webhookId: result.webhookId };
}

/** A POST with exactly these headers (e.g. none of the webhook-* ones): n8n's status. */
export async function postRaw(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.arrayBuffer();
  return response.status;
}
