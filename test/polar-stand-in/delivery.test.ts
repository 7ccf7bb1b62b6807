import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { payloadSchemaName, validateSchema } from '../../tools/polar-stand-in/openapi';
import { buildEventPayload } from '../../tools/polar-stand-in/payloads';
import { type SecretScheme, sign, signingKey } from '../../tools/polar-stand-in/signing';
import {
	DEFAULT_ORGANIZATION_ID,
	PolarStandIn,
	type PolarStandInOptions,
} from '../../tools/polar-stand-in/server';
import { Receiver, request, type ReceivedRequest } from './test-helpers';

const base64Utf8 = (secret: string): string => Buffer.from(secret, 'utf8').toString('base64');

/** Independent verification, exactly as the brief says: standard = new Webhook(secret), legacy = new Webhook(base64(utf8(secret))). */
function verifyWith(
	scheme: 'standard' | 'legacy',
	secret: string,
	received: ReceivedRequest,
): unknown {
	const webhook = scheme === 'standard' ? new Webhook(secret) : new Webhook(base64Utf8(secret));
	return webhook.verify(received.body, received.headers);
}

function hmac(key: Buffer, id: string, timestamp: string, body: string): string {
	return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

describe('deliveries', () => {
	let receiver: Receiver;
	const stands: PolarStandIn[] = [];

	async function standIn(options: PolarStandInOptions = {}): Promise<PolarStandIn> {
		const polar = await PolarStandIn.start({ allowLoopbackUrls: true, retryBaseMs: 5, ...options });
		stands.push(polar);
		return polar;
	}

	async function createEndpoint(
		polar: PolarStandIn,
		events: string[] = ['order.paid'],
		path = '/hook',
	): Promise<{ id: string; secret: string }> {
		const answer = await request(polar.url, 'POST', '/v1/webhooks/endpoints', {
			body: { url: `${receiver.url}${path}`, format: 'raw', events },
		});
		expect(answer.status).toBe(201);
		return answer.json as { id: string; secret: string };
	}

	beforeEach(async () => {
		receiver = await Receiver.start();
	});

	afterEach(async () => {
		for (const polar of stands.splice(0)) {
			expect(polar.schemaViolations).toEqual([]);
			await polar.close();
		}
		await receiver.close();
	});

	describe('signatures (verified independently with standardwebhooks and node:crypto)', () => {
		it.each([
			['standard', 'standard'],
			['legacy-polar_whs', 'legacy'],
			['legacy-whsec', 'legacy'],
		] as const)('%s secrets', async (scheme, verifier) => {
			const polar = await standIn();
			polar.nextSecretScheme(scheme as SecretScheme);
			const endpoint = await createEndpoint(polar);
			const result = await polar.deliver(endpoint.id, 'order.paid');
			expect(result.delivered).toBe(true);
			expect(result.attempts).toHaveLength(1);
			expect(result.attempts[0]?.status).toBe(200);
			expect(receiver.requests).toHaveLength(1);
			const received = receiver.requests[0] as ReceivedRequest;

			expect(received.method).toBe('POST');
			expect(received.path).toBe('/hook');
			expect(received.headers['content-type']).toBe('application/json');
			expect(received.headers['user-agent']).toBe('polar.sh webhooks');
			expect(received.headers['webhook-api-version']).toBe('2026-10');
			expect(received.headers['webhook-id']).toBe(result.webhookId);
			const timestamp = Number(received.headers['webhook-timestamp']);
			expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
			expect(received.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

			// Compact JSON, delivery shape, valid against the payload schema.
			const payload = JSON.parse(received.body) as {
				type: string;
				api_version: string;
				data: { organization_id?: string };
			};
			expect(JSON.stringify(payload)).toBe(received.body);
			expect(payload.type).toBe('order.paid');
			expect(payload.api_version).toBe('2026-10');
			expect(validateSchema(payloadSchemaName('order.paid'), payload)).toEqual([]);

			expect(verifyWith(verifier, endpoint.secret, received)).toEqual(payload);
			const other = verifier === 'standard' ? 'legacy' : 'standard';
			expect(() => verifyWith(other, endpoint.secret, received)).toThrow();

			const key =
				verifier === 'standard'
					? Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64')
					: Buffer.from(endpoint.secret, 'utf8');
			expect(key.equals(signingKey(endpoint.secret, scheme))).toBe(true);
			const expected = hmac(
				key,
				received.headers['webhook-id'] as string,
				received.headers['webhook-timestamp'] as string,
				received.body,
			);
			expect(received.headers['webhook-signature']).toBe(`v1,${expected}`);
			expect(sign(endpoint.secret, scheme, result.webhookId, timestamp, received.body)).toBe(
				`v1,${expected}`,
			);
		});

		it('webhook-id defaults to the event id (a uuid4); extraSignatures come first; a fixed stale timestamp is kept', async () => {
			const polar = await standIn();
			const endpoint = await createEndpoint(polar);
			const stale = Math.floor(Date.now() / 1000) - 600;
			const result = await polar.deliver(endpoint.id, 'order.paid', {
				timestamp: stale,
				extraSignatures: ['v1,AAAA', 'v2,BBBB'],
			});
			expect(result.webhookId).toBe(result.eventId);
			expect(result.webhookId).toMatch(
				/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
			);
			const received = receiver.requests[0] as ReceivedRequest;
			expect(received.headers['webhook-timestamp']).toBe(String(stale));
			const entries = (received.headers['webhook-signature'] as string).split(' ');
			expect(entries.slice(0, 2)).toEqual(['v1,AAAA', 'v2,BBBB']);
			expect(entries[2]).toBe(
				`v1,${hmac(signingKey(endpoint.secret, 'standard'), result.webhookId, String(stale), received.body)}`,
			);
			expect(() => verifyWith('standard', endpoint.secret, received)).toThrow(/too old/);
		});

		it('signs with the current secret after a rotation, or with signWith', async () => {
			const polar = await standIn();
			const endpoint = await createEndpoint(polar);
			const rotated = polar.rotateSecret(endpoint.id) as { secret: string };
			await polar.deliver(endpoint.id, 'order.paid');
			expect(() =>
				verifyWith('standard', rotated.secret, receiver.requests[0] as ReceivedRequest),
			).not.toThrow();
			expect(() =>
				verifyWith('standard', endpoint.secret, receiver.requests[0] as ReceivedRequest),
			).toThrow();
			await polar.deliver(endpoint.id, 'order.paid', {
				signWith: { secret: endpoint.secret, scheme: 'standard' },
			});
			expect(() =>
				verifyWith('standard', endpoint.secret, receiver.requests[1] as ReceivedRequest),
			).not.toThrow();
		});

		it('rawBody is sent and signed byte for byte', async () => {
			const polar = await standIn();
			const endpoint = await createEndpoint(polar);
			const rawBody = JSON.stringify(buildEventPayload('order.paid'), null, 2);
			await polar.deliver(endpoint.id, 'order.paid', { rawBody });
			const received = receiver.requests[0] as ReceivedRequest;
			expect(received.body).toBe(rawBody);
			expect(() => verifyWith('standard', endpoint.secret, received)).not.toThrow();
		});
	});

	describe('retries', () => {
		it('retries failures with exponential backoff and the same webhook-id', async () => {
			const polar = await standIn({ retryBaseMs: 40 });
			const endpoint = await createEndpoint(polar);
			receiver.responder = (_request, index) =>
				index < 3 ? { status: index === 0 ? 500 : 404 } : { status: 204 };
			const result = await polar.deliver(endpoint.id, 'order.paid', { webhookId: 'msg_2sYxT6cZ1' });
			expect(result.delivered).toBe(true);
			expect(result.attempts.map((attempt) => attempt.status)).toEqual([500, 404, 404, 204]);
			expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(
				new Set(['msg_2sYxT6cZ1']),
			);
			expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
			const gaps = receiver.requests
				.slice(1)
				.map((r, i) => r.at - (receiver.requests[i] as ReceivedRequest).at);
			// 40, 80, 160 ms (timer slack allowed below, generous above)
			expect(gaps[0]).toBeGreaterThanOrEqual(35);
			expect(gaps[1]).toBeGreaterThanOrEqual(75);
			expect(gaps[2]).toBeGreaterThanOrEqual(155);
			expect(gaps[2] as number).toBeGreaterThan(gaps[0] as number);
			for (const received of receiver.requests)
				expect(() => verifyWith('standard', endpoint.secret, received)).not.toThrow();
		});

		it('gives up after maxAttempts', async () => {
			const polar = await standIn({ maxAttempts: 3, retryBaseMs: 1 });
			const endpoint = await createEndpoint(polar);
			receiver.responder = () => ({ status: 500, body: 'boom' });
			const result = await polar.deliver(endpoint.id, 'order.paid');
			expect(result.delivered).toBe(false);
			expect(result.attempts).toHaveLength(3);
			expect(receiver.requests).toHaveLength(3);
		});

		it('counts redirects as failures and does not follow them', async () => {
			const polar = await standIn({ maxAttempts: 2, retryBaseMs: 1 });
			const endpoint = await createEndpoint(polar);
			receiver.responder = () => ({
				status: 301,
				headers: { location: `${receiver.url}/elsewhere` },
			});
			const result = await polar.deliver(endpoint.id, 'order.paid');
			expect(result.delivered).toBe(false);
			expect(result.attempts.map((attempt) => attempt.status)).toEqual([301, 301]);
			expect(receiver.requests.map((r) => r.path)).toEqual(['/hook', '/hook']);
		});

		it('counts timeouts and refused connections as failures', async () => {
			const polar = await standIn({ maxAttempts: 2, retryBaseMs: 1, deliveryTimeoutMs: 80 });
			const endpoint = await createEndpoint(polar);
			receiver.responder = (_request, index) =>
				index === 0 ? { status: 200, delayMs: 400 } : { status: 200 };
			const result = await polar.deliver(endpoint.id, 'order.paid');
			expect(result.attempts[0]).toEqual(
				expect.objectContaining({ error: expect.stringMatching(/timeout/) }),
			);
			expect(result.attempts[0]?.status).toBeUndefined();
			expect(result.attempts[1]?.status).toBe(200);
			expect(result.delivered).toBe(true);

			const gone = await Receiver.start();
			const goneUrl = gone.url;
			await gone.close();
			polar.setEndpoint(endpoint.id, { url: `${goneUrl}/hook` });
			const refused = await polar.deliver(endpoint.id, 'order.paid');
			expect(refused.delivered).toBe(false);
			expect(refused.attempts[0]?.error).toMatch(/ECONNREFUSED/);
		});
	});

	describe('queueing', () => {
		it('is FIFO per endpoint: a failing event holds later ones back', async () => {
			const polar = await standIn({ retryBaseMs: 10 });
			const endpoint = await createEndpoint(polar, [
				'order.created',
				'order.paid',
				'order.updated',
			]);
			receiver.responder = (_request, index) => ({ status: index < 2 ? 503 : 200 });
			const results = await Promise.all([
				polar.deliver(endpoint.id, 'order.created'),
				polar.deliver(endpoint.id, 'order.updated'),
				polar.deliver(endpoint.id, 'order.paid'),
			]);
			expect(results.every((result) => result.delivered)).toBe(true);
			const types = receiver.requests.map((r) => (JSON.parse(r.body) as { type: string }).type);
			expect(types).toEqual([
				'order.created',
				'order.created',
				'order.created',
				'order.updated',
				'order.paid',
			]);
		});

		it('delivers to different endpoints independently', async () => {
			const polar = await standIn({ retryBaseMs: 100, maxAttempts: 2 });
			const slow = await createEndpoint(polar, ['order.paid'], '/slow');
			const fast = await createEndpoint(polar, ['order.paid'], '/fast');
			receiver.responder = (r) => ({ status: r.path === '/slow' ? 500 : 200 });
			const [slowResult, fastResult] = await Promise.all([
				polar.deliver(slow.id, 'order.paid'),
				polar.deliver(fast.id, 'order.paid'),
			]);
			expect(fastResult.delivered).toBe(true);
			expect(slowResult.delivered).toBe(false);
			expect(
				receiver.requests
					.map((r) => r.path)
					.slice(0, 2)
					.sort(),
			).toEqual(['/fast', '/slow']);
		});

		it('skips disabled or unsubscribed endpoints unless forced', async () => {
			const polar = await standIn();
			const endpoint = await createEndpoint(polar, ['order.paid']);
			const unsubscribed = await polar.deliver(endpoint.id, 'order.refunded');
			expect(unsubscribed).toMatchObject({
				delivered: false,
				skipped: true,
				reason: 'endpoint not subscribed to order.refunded',
			});
			polar.disableEndpoint(endpoint.id);
			const disabled = await polar.deliver(endpoint.id, 'order.paid');
			expect(disabled).toMatchObject({
				delivered: false,
				skipped: true,
				reason: 'endpoint disabled',
			});
			expect(receiver.requests).toHaveLength(0);
			const forced = await polar.deliver(endpoint.id, 'order.refunded', { force: true });
			expect(forced.delivered).toBe(true);
			expect(
				await polar.deliver('1dbfc517-0bbf-4301-9ba8-555ca42b9737', 'order.paid'),
			).toMatchObject({ delivered: false, reason: 'endpoint not found' });
		});

		it('unknown event types can be forced through (subscription.migrated)', async () => {
			const polar = await standIn();
			const endpoint = await createEndpoint(polar, ['subscription.updated']);
			expect((await polar.deliver(endpoint.id, 'subscription.migrated')).skipped).toBe(true);
			const result = await polar.deliver(endpoint.id, 'subscription.migrated', { force: true });
			expect(result.delivered).toBe(true);
			const body = JSON.parse((receiver.requests[0] as ReceivedRequest).body) as Record<
				string,
				unknown
			>;
			expect(body).toMatchObject({ type: 'subscription.migrated', provider: 'stripe' });
			// Listed among the deliveries although the 2026-10 enum does not know the type yet.
			const listed = (await request(polar.url, 'GET', '/v1/webhooks/deliveries')).json as {
				items: Array<{ webhook_event: { type: string } }>;
			};
			expect(listed.items[0]?.webhook_event.type).toBe('subscription.migrated');
			expect(body.provider_subscription_id).toEqual(expect.any(String));
			expect(() =>
				verifyWith('standard', endpoint.secret, receiver.requests[0] as ReceivedRequest),
			).not.toThrow();
		});

		it('deleting the endpoint drops its pending events', async () => {
			const polar = await standIn({ retryBaseMs: 30, maxAttempts: 5 });
			const endpoint = await createEndpoint(polar);
			receiver.responder = () => ({ status: 500 });
			const first = polar.deliver(endpoint.id, 'order.paid');
			const second = polar.deliver(endpoint.id, 'order.paid');
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(
				(await request(polar.url, 'DELETE', `/v1/webhooks/endpoints/${endpoint.id}`)).status,
			).toBe(204);
			expect(await second).toMatchObject({
				delivered: false,
				skipped: true,
				reason: 'endpoint deleted',
			});
			expect(await first).toMatchObject({ delivered: false, reason: 'endpoint deleted' });
			expect(receiver.requests.length).toBeLessThan(5);
		});

		it('close() cancels pending retries promptly', async () => {
			const polar = await PolarStandIn.start({ allowLoopbackUrls: true, retryBaseMs: 60_000 });
			const endpoint = await createEndpoint(polar);
			receiver.responder = () => ({ status: 500 });
			const pending = polar.deliver(endpoint.id, 'order.paid');
			await new Promise((resolve) => setTimeout(resolve, 30));
			const started = Date.now();
			await polar.close();
			expect(await pending).toMatchObject({ delivered: false, reason: 'stand-in closed' });
			expect(Date.now() - started).toBeLessThan(1000);
		});
	});

	describe('auto-disable', () => {
		it('disables the endpoint after the 10 most recent events all failed and skips pending events', async () => {
			const polar = await standIn({ maxAttempts: 1 });
			const endpoint = await createEndpoint(polar);
			receiver.responder = () => ({ status: 500 });
			const results = await Promise.all(
				Array.from({ length: 12 }, () => polar.deliver(endpoint.id, 'order.paid')),
			);
			expect(
				results.slice(0, 10).every((result) => !result.delivered && result.attempts.length === 1),
			).toBe(true);
			expect(results.slice(10)).toEqual([
				expect.objectContaining({
					skipped: true,
					attempts: [],
					reason: expect.stringMatching(/disabled/),
				}),
				expect.objectContaining({
					skipped: true,
					attempts: [],
					reason: expect.stringMatching(/disabled/),
				}),
			]);
			expect(receiver.requests).toHaveLength(10);
			expect(polar.getEndpoint(endpoint.id)?.enabled).toBe(false);
			expect(
				(
					(await request(polar.url, 'GET', `/v1/webhooks/endpoints/${endpoint.id}`)).json as {
						enabled: boolean;
					}
				).enabled,
			).toBe(false);
			expect(polar.events(endpoint.id).filter((event) => event.skipped)).toHaveLength(2);

			// Re-enable with PATCH {"enabled": true}; a success breaks the streak.
			expect(
				(
					await request(polar.url, 'PATCH', `/v1/webhooks/endpoints/${endpoint.id}`, {
						body: { enabled: true },
					})
				).status,
			).toBe(200);
			receiver.responder = () => ({ status: 200 });
			expect((await polar.deliver(endpoint.id, 'order.paid')).delivered).toBe(true);
			receiver.responder = () => ({ status: 500 });
			await Promise.all(Array.from({ length: 9 }, () => polar.deliver(endpoint.id, 'order.paid')));
			expect(polar.getEndpoint(endpoint.id)?.enabled).toBe(true);
			await polar.deliver(endpoint.id, 'order.paid');
			expect(polar.getEndpoint(endpoint.id)?.enabled).toBe(false);
		});

		it('the threshold is configurable', async () => {
			const polar = await standIn({ maxAttempts: 2, retryBaseMs: 1, disableAfterFailedEvents: 2 });
			const endpoint = await createEndpoint(polar);
			receiver.responder = () => ({ status: 500 });
			const results = await Promise.all(
				[1, 2, 3].map(() => polar.deliver(endpoint.id, 'order.paid')),
			);
			expect(results.map((result) => result.attempts.length)).toEqual([2, 2, 0]);
			expect(polar.getEndpoint(endpoint.id)?.enabled).toBe(false);
		});
	});

	describe('emit', () => {
		it('delivers to every enabled endpoint subscribed to the type, each with its own event id', async () => {
			const polar = await standIn();
			const a = await createEndpoint(polar, ['order.paid'], '/a');
			const b = await createEndpoint(polar, ['order.paid', 'order.created'], '/b');
			await createEndpoint(polar, ['order.created'], '/c');
			const d = await createEndpoint(polar, ['order.paid'], '/d');
			polar.disableEndpoint(d.id);
			const results = await polar.emit('order.paid');
			expect(results).toHaveLength(2);
			expect(results.map((result) => result.endpointId).sort()).toEqual([a.id, b.id].sort());
			expect(new Set(results.map((result) => result.webhookId)).size).toBe(2);
			expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/a', '/b']);
			for (const received of receiver.requests) {
				const payload = JSON.parse(received.body) as {
					data: { organization_id?: string; customer?: { organization_id: string } };
				};
				expect(payload.data.customer?.organization_id).toBe(DEFAULT_ORGANIZATION_ID);
			}
		});

		it('emits a given payload as is', async () => {
			const polar = await standIn();
			await createEndpoint(polar, ['customer.created']);
			const payload = buildEventPayload('customer.created', { seed: 9 });
			await polar.emit('customer.created', payload);
			expect((receiver.requests[0] as ReceivedRequest).body).toBe(JSON.stringify(payload));
		});
	});

	describe('GET /v1/webhooks/deliveries and redelivery', () => {
		it('lists delivery attempts newest first, filtered by endpoint_id, matching the spec', async () => {
			const polar = await standIn({ maxAttempts: 2, retryBaseMs: 1 });
			const one = await createEndpoint(polar, ['order.paid'], '/one');
			const two = await createEndpoint(polar, ['order.paid'], '/two');
			receiver.responder = (r, index) =>
				r.path === '/one' && index === 0
					? { status: 500, body: 'nope' }
					: { status: 200, body: 'thanks' };
			await polar.deliver(one.id, 'order.paid');
			await polar.deliver(two.id, 'order.paid');

			const all = await request(polar.url, 'GET', '/v1/webhooks/deliveries');
			expect(all.status).toBe(200);
			expect(validateSchema('ListResource_WebhookDelivery_', all.json)).toEqual([]);
			const list = all.json as { items: Array<Record<string, unknown>>; pagination: unknown };
			expect(list.pagination).toEqual({ total_count: 3, max_page: 1 });

			const filtered = (
				await request(polar.url, 'GET', `/v1/webhooks/deliveries?endpoint_id=${one.id}`)
			).json as {
				items: Array<{
					succeeded: boolean;
					http_code: number;
					response: string;
					webhook_event: Record<string, unknown>;
				}>;
			};
			expect(filtered.items.map((item) => [item.succeeded, item.http_code, item.response])).toEqual(
				[
					[true, 200, 'thanks'],
					[false, 500, 'nope'],
				],
			);
			const event = filtered.items[0]?.webhook_event as Record<string, unknown>;
			expect(event).toMatchObject({
				type: 'order.paid',
				succeeded: true,
				last_http_code: 200,
				skipped: false,
				is_archived: false,
			});
			expect(JSON.parse(event.payload as string)).toMatchObject({ type: 'order.paid' });

			const failedOnly = (
				await request(polar.url, 'GET', '/v1/webhooks/deliveries?succeeded=false')
			).json as { items: unknown[] };
			expect(failedOnly.items).toHaveLength(1);
			const paged = (await request(polar.url, 'GET', '/v1/webhooks/deliveries?limit=2&page=2'))
				.json as { items: unknown[]; pagination: unknown };
			expect(paged).toMatchObject({
				items: [expect.anything()],
				pagination: { total_count: 3, max_page: 2 },
			});
			expect(
				(await request(polar.url, 'GET', '/v1/webhooks/deliveries?endpoint_id=nope')).status,
			).toBe(422);
			expect(
				(await request(polar.url, 'GET', '/v1/webhooks/deliveries?event_type=order.nope')).status,
			).toBe(422);
			expect(
				(await request(polar.url, 'GET', '/v1/webhooks/deliveries', { token: null })).status,
			).toBe(401);
		});

		it('POST /v1/webhooks/events/{id}/redeliver re-sends the same webhook-id and body', async () => {
			const polar = await standIn();
			polar.addToken('polar_oat_other', {
				kind: 'organization',
				organizationId: '2f0c8f4e-6a57-4f0e-9d55-0c4a3c2b1a00',
				scopes: ['webhooks:write'],
			});
			const endpoint = await createEndpoint(polar);
			const first = await polar.deliver(endpoint.id, 'order.paid');
			const answer = await request(
				polar.url,
				'POST',
				`/v1/webhooks/events/${first.eventId}/redeliver`,
			);
			expect(answer.status).toBe(202);
			await polar.whenIdle();
			expect(receiver.requests).toHaveLength(2);
			const [original, again] = receiver.requests as [ReceivedRequest, ReceivedRequest];
			expect(again.headers['webhook-id']).toBe(original.headers['webhook-id']);
			expect(again.body).toBe(original.body);
			expect(() => verifyWith('standard', endpoint.secret, again)).not.toThrow();

			expect(
				(
					await request(
						polar.url,
						'POST',
						'/v1/webhooks/events/1dbfc517-0bbf-4301-9ba8-555ca42b9737/redeliver',
					)
				).json,
			).toEqual({
				error: 'ResourceNotFound',
				detail: 'Not found',
			});
			expect((await request(polar.url, 'POST', '/v1/webhooks/events/nope/redeliver')).status).toBe(
				422,
			);
			expect(
				(
					await request(polar.url, 'POST', `/v1/webhooks/events/${first.eventId}/redeliver`, {
						token: 'polar_oat_other',
					})
				).status,
			).toBe(404);
		});

		it('redelivers by a custom webhook-id too, and even to a disabled endpoint', async () => {
			const polar = await standIn();
			const endpoint = await createEndpoint(polar);
			await polar.deliver(endpoint.id, 'order.paid', { webhookId: 'msg_custom_1' });
			polar.disableEndpoint(endpoint.id);
			expect(
				(await request(polar.url, 'POST', '/v1/webhooks/events/msg_custom_1/redeliver')).status,
			).toBe(202);
			await polar.whenIdle();
			expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([
				'msg_custom_1',
				'msg_custom_1',
			]);
			const again = await polar.redeliver('msg_custom_1');
			expect(again?.delivered).toBe(true);
			expect(await polar.redeliver('msg_unknown')).toBeUndefined();
		});
	});
});
