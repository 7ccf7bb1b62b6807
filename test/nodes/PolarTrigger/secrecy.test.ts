/**
 * The access token and the signing secret never leave the node: not in logs, error messages or
 * descriptions, answers to refused deliveries, or output items.
 */
import { N8nTrigger } from '../../../tools/n8nTrigger';
import { signedDelivery } from '../../../tools/polar-stand-in/signing';
import { DEFAULT_ORGANIZATION_ID, PolarStandIn } from '../../../tools/polar-stand-in/server';
import { buildEventPayload } from '../../../tools/polar-stand-in/payloads';

const TOKEN = 'polar_oat_SECRETtoken0123456789abcdef';

let polar: PolarStandIn;
beforeAll(async () => {
	polar = await PolarStandIn.start({
		tokens: {
			[TOKEN]: {
				kind: 'organization',
				organizationId: DEFAULT_ORGANIZATION_ID,
				scopes: ['webhooks:read', 'webhooks:write'],
			},
		},
	});
});
afterAll(async () => await polar.close());

function describeError(error: unknown): string {
	const { message, description } = error as { message?: string; description?: string };
	return `${message} ${description} ${JSON.stringify(error)}`;
}

describe('the access token and the signing secret never leave the node', () => {
	it('shows neither token nor secret anywhere a user or a log can see', async () => {
		const seen: string[] = [];
		const n8n = new N8nTrigger({
			credentials: { accessToken: TOKEN, environment: 'custom', baseUrl: polar.url },
			parameters: { events: ['order.paid'], options: {} },
		});

		await n8n.publish();
		const secret = n8n.staticData.endpointSecret as string;
		expect(secret).toMatch(/^whsec_/);

		// Drift repairs that log.
		polar.disableEndpoint(n8n.staticData.endpointId as string);
		await n8n.publish();

		// A transient failure while checking: the node keeps the endpoint and logs Polar's answer (checked below).
		polar.failNext({ method: 'GET' }, { status: 500, body: { detail: `echo ${TOKEN} ${secret}` } });
		await n8n.publish();

		// Failures of every lifecycle method.
		for (const [method, fault] of [
			['GET', { status: 422, body: { detail: `echo ${TOKEN} ${secret}` } }],
			[
				'DELETE',
				{
					status: 422,
					body: { detail: [{ loc: ['path', 'id'], msg: `bad ${secret}`, type: 'x' }] },
				},
			],
		] as const) {
			polar.failNext({ method }, fault);
			const error = await (method === 'GET' ? n8n.publish() : n8n.hook('delete')).catch(
				(caught: unknown) => caught,
			);
			expect(error).toBeInstanceOf(Error);
			seen.push(describeError(error));
		}
		const unauthorized = new N8nTrigger({
			credentials: { accessToken: `${TOKEN}x`, environment: 'custom', baseUrl: polar.url },
			parameters: { events: ['order.paid'] },
		});
		seen.push(describeError(await unauthorized.publish().catch((caught: unknown) => caught)));
		const unreachable = new N8nTrigger({
			credentials: { accessToken: TOKEN, environment: 'custom', baseUrl: 'http://127.0.0.1:9' },
			parameters: { events: ['order.paid'] },
		});
		seen.push(describeError(await unreachable.publish().catch((caught: unknown) => caught)));

		// Deliveries: accepted and refused.
		const payload = buildEventPayload('order.paid');
		const accepted = await n8n.deliver(signedDelivery(secret, payload));
		seen.push(JSON.stringify(accepted.result.workflowData));
		// Another secret of the same shape: one character in the middle changed (the last ones can encode nothing).
		const otherSecret = `${secret.slice(0, 10)}${secret[10] === 'A' ? 'B' : 'A'}${secret.slice(11)}`;
		const refused = await n8n.deliver(signedDelivery(otherSecret, payload));
		expect(refused.response.statusCode).toBe(401);
		seen.push(JSON.stringify(refused.response.body));

		seen.push(...n8n.logs.map((entry) => entry.message));
		expect(n8n.logs.length).toBeGreaterThan(0);
		const everything = seen.join('\n');
		expect(everything).not.toContain(TOKEN);
		expect(everything).not.toContain(secret);
		expect(everything).not.toContain(secret.slice('whsec_'.length));
	});
});
