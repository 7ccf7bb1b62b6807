/**
 * The one place that talks HTTP to Polar: base URLs, authentication, time-outs, unreachable servers and
 * Polar's rate limit, through n8n's real request helpers.
 */
import type { IHookFunctions } from 'n8n-workflow';

import { POLAR_BASE_URLS, polarBaseUrl, polarRequest } from '../../../nodes/PolarTrigger/transport';
import { N8nTrigger } from '../../helpers/n8nTrigger';
import { DEFAULT_TOKEN, PolarStandIn } from '../../polar-stand-in/server';

let polar: PolarStandIn;
beforeAll(async () => {
	polar = await PolarStandIn.start();
});
afterAll(async () => await polar.close());
beforeEach(() => polar.reset());

/** Runs `polarRequest` inside a real n8n HookContext of the trigger. */
async function request(
	path: string,
	options: Parameters<typeof polarRequest>[3] = {},
	credentials: Record<string, string> = { accessToken: DEFAULT_TOKEN, environment: 'custom', baseUrl: polar.url },
) {
	const n8n = new N8nTrigger({ credentials, parameters: { events: ['order.paid'] } });
	return await n8n.withHookContext(async (context: IHookFunctions) => await polarRequest(context, 'GET', path, options));
}

describe('polarBaseUrl', () => {
	it('maps the environments, and trims a custom URL', () => {
		expect(polarBaseUrl({ environment: 'production' })).toBe(POLAR_BASE_URLS.production);
		expect(polarBaseUrl({})).toBe('https://api.polar.sh');
		expect(polarBaseUrl({ environment: 'sandbox' })).toBe('https://sandbox-api.polar.sh');
		expect(polarBaseUrl({ environment: 'custom', baseUrl: 'https://polar.example.com//' })).toBe('https://polar.example.com');
	});
});

describe('polarRequest', () => {
	it('authenticates with the Bearer token and returns every status as a response', async () => {
		const response = await request('/v1/webhooks/endpoints/6a3b8f50-37f7-4a35-9a52-3e1c1d9d0b11');
		expect(response.statusCode).toBe(404);
		expect(response.body).toEqual({ error: 'ResourceNotFound', detail: 'Not found' });
		expect(polar.calls[0].subject).toEqual({ kind: 'organization', organizationId: expect.any(String) });
	});

	it('gives up on a Polar that does not answer in time, with a readable error', async () => {
		polar.failNext({ method: 'GET' }, { delayMs: 3000, status: 200, body: {} });
		// Without the time-out the delayed 200 would come back as a normal response.
		const error = await request('/v1/webhooks/endpoints', { timeoutMs: 300 }).catch((caught: unknown) => caught);
		expect((error as Error).message).toBe(`Could not reach Polar at ${polar.url}`);
		expect((error as { description: string }).description).toMatch(/Base URL/);
	});

	it('retries a 429 after retry-after, a bounded number of times, then hands back the 429', async () => {
		for (let index = 0; index < 3; index++) {
			polar.failNext({ method: 'GET' }, { status: 429, rawBody: '', headers: { 'retry-after': '1' } });
		}
		const started = Date.now();
		const response = await request('/v1/webhooks/endpoints');
		expect(response.statusCode).toBe(429);
		expect(polar.calls.map((call) => call.status)).toEqual([429, 429, 429]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // it did wait retry-after, twice
	});

	it('does not wait for a retry-after longer than a publish should take', async () => {
		polar.failNext({ method: 'GET' }, { status: 429, rawBody: '', headers: { 'retry-after': '60' } });
		const response = await request('/v1/webhooks/endpoints');
		expect(response.statusCode).toBe(429);
		expect(polar.calls).toHaveLength(1);
	});
});
