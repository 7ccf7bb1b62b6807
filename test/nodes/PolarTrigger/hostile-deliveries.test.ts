/**
 * At least 30 malformed or hostile deliveries through n8n's WebhookContext: each gets its expected answer and
 * starts nothing, and a genuine delivery right after each one still works.
 */
import { hostileDeliveryCases } from '../../helpers/hostileDeliveries';
import type { HostileRequest } from '../../helpers/hostileDeliveries';
import { N8nTrigger } from '../../../tools/n8nTrigger';
import { signedDelivery } from '../../../tools/polar-stand-in/signing';
import { secretShapes } from '../../helpers/secretShapes';
import { buildEventPayload } from '../../../tools/polar-stand-in/payloads';

const credentials = {
	accessToken: 'polar_oat_unit',
	environment: 'custom',
	baseUrl: 'http://127.0.0.1:9',
};
const payload = { ...buildEventPayload('order.paid'), note: 'café ✓' };

/** Node's HTTP parser joins a repeated header into one comma-separated value; n8n sees that. */
function asNodeHeaders(headers: HostileRequest['headers']): Record<string, string | undefined> {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [
			name,
			Array.isArray(value) ? value.join(', ') : value,
		]),
	);
}

// The cases are signed relative to this instant; the node's clock is held there so "301 s" stays 301 s.
const nowSeconds = Math.floor(Date.now() / 1000);
beforeEach(() => {
	jest.spyOn(Date, 'now').mockReturnValue(nowSeconds * 1000 + 500);
});
afterEach(() => {
	jest.restoreAllMocks();
});

describe.each(Object.entries(secretShapes))(
	'hostile deliveries with a %s secret',
	(_, makeSecret) => {
		const secret = makeSecret();
		const cases = hostileDeliveryCases({
			secret,
			otherSecret: makeSecret(),
			nowSeconds,
			body: JSON.stringify(payload),
		});
		const trigger = new N8nTrigger({ credentials, parameters: { events: ['*'], options: {} } });
		Object.assign(trigger.staticData, { endpointId: 'endpoint-1', endpointSecret: secret });

		it('has at least 30 cases', () => {
			expect(cases.length).toBeGreaterThanOrEqual(30);
		});

		it.each(
			cases
				.filter((hostile) => !hostile.httpOnly)
				.map((hostile) => [hostile.name, hostile] as const),
		)('%s: answered, nothing started, and genuine deliveries still work', async (__, hostile) => {
			const { result, response } = await trigger.deliver({
				headers: asNodeHeaders(hostile.request.headers),
				rawBody: hostile.request.body,
			});
			expect(response.statusCode).toBe(hostile.expectedStatus);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(JSON.stringify(response.body)).not.toContain(secret);

			const genuine = await trigger.deliver(
				signedDelivery(secret, payload, { timestampSeconds: nowSeconds }),
			);
			expect(genuine.result.workflowData?.[0]).toHaveLength(1);
		});
	},
);
