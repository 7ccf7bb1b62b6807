/**
 * The one place that talks HTTP to Polar: base URLs, authentication, time-outs, unreachable servers and
 * Polar's rate limit, through n8n's real request helpers.
 */

import type { IHookFunctions, IHttpRequestMethods } from 'n8n-workflow';

import type { PolarRequestOptions } from '../../../nodes/shared/transport';
import { serve } from '../../helpers/throwawayServer';
import {
	MAX_ANSWER_BYTES,
	POLAR_BASE_URLS,
	RATE_LIMIT_WAIT_SECONDS,
	polarBaseUrl,
	polarConnection,
	polarRequest,
} from '../../../nodes/shared/transport';
import { N8nTrigger } from '../../../tools/n8nTrigger';
import { DEFAULT_TOKEN, PolarStandIn } from '../../../tools/polar-stand-in/server';

let polar: PolarStandIn;
beforeAll(async () => {
	polar = await PolarStandIn.start();
});
afterAll(async () => await polar.close());
beforeEach(() => polar.reset());

/** Runs `polarRequest` inside a real n8n HookContext of the trigger. */
async function request(
	path: string,
	{ method = 'GET', ...options }: PolarRequestOptions & { method?: IHttpRequestMethods } = {},
	credentials: Record<string, string> = {
		accessToken: DEFAULT_TOKEN,
		environment: 'custom',
		baseUrl: polar.url,
	},
	rateLimitWaitSeconds?: number,
) {
	const n8n = new N8nTrigger({ credentials, parameters: { events: ['order.paid'] } });
	return await n8n.withHookContext(
		async (context: IHookFunctions) =>
			await polarRequest(
				context,
				await polarConnection(context, rateLimitWaitSeconds),
				method,
				path,
				options,
			),
	);
}

describe('polarBaseUrl: the Polar API a credential points at', () => {
	it('maps the environments, and trims a custom URL', () => {
		expect(polarBaseUrl({ environment: 'production' })).toBe(POLAR_BASE_URLS.production);
		expect(polarBaseUrl({})).toBe('https://api.polar.sh');
		expect(polarBaseUrl({ environment: 'sandbox' })).toBe('https://sandbox-api.polar.sh');
		expect(polarBaseUrl({ environment: 'custom', baseUrl: 'https://polar.example.com//' })).toBe(
			'https://polar.example.com',
		);
	});
});

describe('a custom Base URL as people type it', () => {
	it.each([
		['surrounding spaces', '  https://polar.example.com  '],
		['a trailing /v1', 'https://polar.example.com/v1'],
		['a trailing /v1/ with spaces', ' https://polar.example.com/v1/ '],
	])('ignores %s', (_, baseUrl) => {
		expect(polarBaseUrl({ environment: 'custom', baseUrl })).toBe('https://polar.example.com');
	});

	it('requests /v1/webhooks/endpoints, not /v1/v1/…', async () => {
		const response = await request(
			'/v1/webhooks/endpoints',
			{},
			{ accessToken: DEFAULT_TOKEN, environment: 'custom', baseUrl: ` ${polar.url}/v1/ ` },
		);
		expect(response.statusCode).toBe(200);
		expect(polar.calls.map((call) => call.path)).toEqual(['/v1/webhooks/endpoints']);
	});
});

describe('polarRequest', () => {
	it('authenticates with the Bearer token and returns every status as a response', async () => {
		const response = await request('/v1/webhooks/endpoints/6a3b8f50-37f7-4a35-9a52-3e1c1d9d0b11');
		expect(response.statusCode).toBe(404);
		expect(response.body).toEqual({ error: 'ResourceNotFound', detail: 'Not found' });
		expect(polar.calls[0].subject).toEqual({
			kind: 'organization',
			organizationId: expect.any(String),
		});
	});

	it('gives up on a Polar that does not answer in time, with a readable error', async () => {
		polar.failNext({ method: 'GET' }, { delayMs: 3000, status: 200, body: {} });
		// Without the time-out the delayed 200 would come back as a normal response.
		const error = await request('/v1/webhooks/endpoints', { timeoutMs: 300 }).catch(
			(caught: unknown) => caught,
		);
		expect((error as Error).message).toBe(`Could not reach Polar at ${polar.url}`);
		expect((error as { description: string }).description).toMatch(/Base URL/);
	});

	it('bounds the whole request, not only silence: a server trickling bytes is given up on in time', async () => {
		const trickle = await serve((res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			const timer = setInterval(() => res.write(' '), 50);
			res.on('close', () => clearInterval(timer));
			setTimeout(() => (clearInterval(timer), res.end('{}')), 5000);
		});
		try {
			const started = Date.now();
			const error = await request(
				'/v1/webhooks/endpoints',
				{ timeoutMs: 500 },
				{ accessToken: DEFAULT_TOKEN, environment: 'custom', baseUrl: trickle.url },
			).catch((caught: unknown) => caught);
			expect((error as Error).message).toBe(`Could not reach Polar at ${trickle.url}`);
			expect(Date.now() - started).toBeLessThan(2500);
		} finally {
			await trickle.close();
		}
	});

	it('reads at most MAX_ANSWER_BYTES of an answer, with an error naming the fix', async () => {
		const huge = await serve((res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(`{"items":[${'"x",'.repeat(Math.ceil(MAX_ANSWER_BYTES / 4))}"x"]}`);
		});
		try {
			const error = await request(
				'/v1/webhooks/endpoints',
				{},
				{ accessToken: DEFAULT_TOKEN, environment: 'custom', baseUrl: huge.url },
			).catch((caught: unknown) => caught);
			expect((error as Error).message).toBe(
				`Polar's answer from ${huge.url} is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`,
			);
			expect((error as { description: string }).description).toMatch(/Base URL/);
		} finally {
			await huge.close();
		}
	});

	it("waits out 429s while the connection's wait budget lasts, then hands back the 429", async () => {
		for (let index = 0; index < 4; index++) {
			polar.failNext(
				{ method: 'GET' },
				{ status: 429, rawBody: '', headers: { 'retry-after': '1' } },
			);
		}
		const started = Date.now();
		const response = await request('/v1/webhooks/endpoints', {}, undefined, 2);
		expect(response.statusCode).toBe(429);
		expect(polar.calls.map((call) => call.status)).toEqual([429, 429, 429]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // it did wait retry-after, twice
	});

	it('stops after a bounded number of 429s even when Polar asks to wait 0 seconds', async () => {
		for (let index = 0; index < 10; index++) {
			polar.failNext(
				{ method: 'GET' },
				{ status: 429, rawBody: '', headers: { 'retry-after': '0' } },
			);
		}
		const response = await request('/v1/webhooks/endpoints');
		expect(response.statusCode).toBe(429);
		expect(polar.calls).toHaveLength(6);
	});

	it('does not wait for a retry-after longer than a publish should take', async () => {
		polar.failNext(
			{ method: 'GET' },
			{ status: 429, rawBody: '', headers: { 'retry-after': '60' } },
		);
		const response = await request('/v1/webhooks/endpoints');
		expect(response.statusCode).toBe(429);
		expect(polar.calls).toHaveLength(1);
	});

	it('gives the trigger 10 seconds of waiting and an action a minute', () => {
		expect(RATE_LIMIT_WAIT_SECONDS).toEqual({ trigger: 10, action: 60 });
	});

	it.each([502, 503, 504])('retries a GET after a %i, twice at most', async (status) => {
		for (let index = 0; index < 3; index++)
			polar.failNext({ method: 'GET' }, { status, rawBody: 'gateway' });
		const response = await request('/v1/webhooks/endpoints');
		expect(response.statusCode).toBe(status);
		expect(polar.calls.map((call) => call.status)).toEqual([status, status, status]);
	});

	it('a GET that fails once with a 503 succeeds on the retry', async () => {
		polar.failNext({ method: 'GET' }, { status: 503, rawBody: 'gateway' });
		const response = await request('/v1/webhooks/endpoints');
		expect(response.statusCode).toBe(200);
		expect(polar.calls.map((call) => call.status)).toEqual([503, 200]);
	});

	it('never retries a create (Polar has no idempotency keys) nor a 500', async () => {
		polar.failNext({ method: 'POST' }, { status: 503, rawBody: 'gateway' });
		const created = await request('/v1/webhooks/endpoints', {
			method: 'POST',
			body: {
				url: 'https://n8n.example.com/webhook/x/webhook',
				format: 'raw',
				events: ['order.paid'],
			},
		});
		expect(created.statusCode).toBe(503);
		polar.failNext({ method: 'GET' }, { status: 500, rawBody: 'boom' });
		expect((await request('/v1/webhooks/endpoints')).statusCode).toBe(500);
		expect(polar.calls.map((call) => `${call.method} ${call.status}`)).toEqual([
			'POST 503',
			'GET 500',
		]);
	});

	it('repeats a list parameter for each value and leaves undefined ones out', async () => {
		await request('/v1/webhooks/endpoints', {
			query: { page: 1, limit: 5, organization_id: undefined, sorting: ['a', '-b'] },
		});
		expect(polar.calls[0].query).toEqual({ page: '1', limit: '5', sorting: ['a', '-b'] });
	});
});
