/**
 * Requests straight to the n8n webhook process: exact header lines (a header given as an array is sent
 * several times, as hostile cases need) and exact body bytes, over plain node:http on loopback.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';

import type { WebhookEndpointObject } from '../polar-stand-in/server';
import { PolarStandIn } from '../polar-stand-in/server';
import type { SecretScheme } from '../polar-stand-in/secrets';

export interface RawResponse {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function postExact(url: string, headers: Record<string, string | string[] | undefined>, body: Buffer | string): Promise<RawResponse> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const sent: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  if (sent['content-type'] === undefined) sent['content-type'] = 'application/json';
  sent['content-length'] = String(bytes.length);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: sent, agent, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 30 s`)));
    request.on('error', reject);
    request.end(bytes);
  });
}

export interface SignedPost {
  webhookId: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * A genuine delivery built the way the stand-in (and Polar) signs: compact JSON, Standard Webhooks headers,
 * signed with the endpoint's secret in its scheme. For sending many in parallel, which the stand-in's
 * per-endpoint FIFO queue (like Polar's) would serialise.
 */
export function signedPost(endpoint: WebhookEndpointObject, scheme: SecretScheme, payload: unknown, webhookId = randomUUID()): SignedPost {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    webhookId,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'polar.sh webhooks',
      'webhook-id': webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': PolarStandIn.signDelivery(endpoint.secret, scheme, webhookId, timestamp, body),
    },
  };
}

/** Runs `task` over `items` with at most `concurrency` in flight; results in input order, and the peak reached. */
export async function withConcurrency<T, R>(
  items: T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<{ results: R[]; maxInFlight: number }> {
  const results = new Array<R>(items.length);
  let next = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        results[index] = await task(items[index] as T, index);
      } finally {
        inFlight -= 1;
      }
    }
  });
  await Promise.all(lanes);
  return { results, maxInFlight };
}

export function closeAgent(): void {
  agent.destroy();
}
