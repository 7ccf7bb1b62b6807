/**
 * Publish through n8n's HookContext, then let the Polar stand-in deliver signed events over HTTP into
 * webhook(): the registration, the stored secret and the verifier have to agree, for every secret scheme.
 */
import { N8nTrigger } from '../../../tools/n8nTrigger';
import { PROMISED_EVENT_TYPES } from '../../helpers/polarFacts';
import type { TriggerHttpServer } from '../../helpers/triggerHttpServer';
import { serveTrigger } from '../../helpers/triggerHttpServer';
import { DEFAULT_TOKEN, PolarStandIn } from '../../../tools/polar-stand-in/server';
import type { SecretScheme } from '../../../tools/polar-stand-in/server';

const schemes: SecretScheme[] = ['standard', 'legacy-polar_whs', 'legacy-whsec'];

describe.each(schemes)('round trip with a %s secret', (scheme) => {
	let polar: PolarStandIn;
	let n8n: N8nTrigger;
	let server: TriggerHttpServer;

	beforeAll(async () => {
		polar = await PolarStandIn.start({
			allowLoopbackUrls: true,
			secretScheme: scheme,
			maxAttempts: 1,
		});
		server = await serveTrigger(() => n8n);
		n8n = new N8nTrigger({
			credentials: { accessToken: DEFAULT_TOKEN, environment: 'custom', baseUrl: polar.url },
			parameters: { events: [...PROMISED_EVENT_TYPES], options: {} },
			n8nBaseUrl: server.baseUrl,
		});
		await n8n.publish();
	});
	afterAll(async () => {
		await server.close();
		await polar.close();
	});
	beforeEach(() => {
		server.executions.length = 0;
	});

	const endpointId = () => n8n.staticData.endpointId as string;

	it('stores the secret Polar generated in this scheme', () => {
		const secret = n8n.staticData.endpointSecret as string;
		expect(secret).toBe(polar.getEndpoint(endpointId())!.secret);
		expect(secret).toMatch(scheme === 'legacy-polar_whs' ? /^polar_whs_/ : /^whsec_/);
		expect(n8n.staticData.endpointUsesStandardSignature).toBe(scheme === 'standard');
	});

	it('delivers each of the 31 promised types as one execution carrying the event and webhookId', async () => {
		for (const type of PROMISED_EVENT_TYPES) {
			const result = await polar.deliver(endpointId(), type);
			expect([type, result.delivered, result.attempts.map((attempt) => attempt.status)]).toEqual([
				type,
				true,
				[200],
			]);
		}
		expect(server.executions).toHaveLength(PROMISED_EVENT_TYPES.length);
		server.executions.forEach((items, index) => {
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				type: PROMISED_EVENT_TYPES[index],
				webhookId: expect.any(String),
			});
			expect(items[0].data).toEqual(expect.any(Object));
		});
	});

	it('after a secret rotation in the dashboard, takes the new secret once the workflow is published again, and drops the old one', async () => {
		const before = polar.getEndpoint(endpointId())!;
		polar.rotateSecret(endpointId());
		const stale = await polar.deliver(endpointId(), 'order.paid', {
			signWith: { secret: before.secret, scheme },
		});
		// The node still holds the old secret, so this is accepted; the new one is not yet.
		expect(stale.attempts[0].status).toBe(200);
		const fresh = await polar.deliver(endpointId(), 'order.paid');
		expect(fresh.attempts[0].status).toBe(401);

		await n8n.publish(); // checkExists picks up the rotated secret
		const afterRepublish = await polar.deliver(endpointId(), 'order.paid');
		expect(afterRepublish.attempts[0].status).toBe(200);
		const oldAfterRepublish = await polar.deliver(endpointId(), 'order.paid', {
			signWith: { secret: before.secret, scheme },
		});
		expect(oldAfterRepublish.attempts[0].status).toBe(401);
		expect(server.executions).toHaveLength(2);
	});

	it('answers 401 to a stale delivery and starts nothing', async () => {
		const result = await polar.deliver(endpointId(), 'order.paid', {
			timestamp: Math.floor(Date.now() / 1000) - 301,
		});
		expect(result.attempts.map((attempt) => attempt.status)).toEqual([401]);
		expect(server.executions).toHaveLength(0);
	});
});
