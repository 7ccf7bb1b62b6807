import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { parseArgs } from '../../tools/polar-stand-in/cli';
import {
	DEFAULT_ORGANIZATION_ID,
	DEFAULT_TOKEN,
	PolarStandIn,
} from '../../tools/polar-stand-in/server';
import { Receiver, request, type ReceivedRequest } from './test-helpers';

describe('control routes (/_standin)', () => {
	let polar: PolarStandIn;
	let receiver: Receiver;
	const control = (method: string, route: string, body?: unknown) =>
		request(polar.url, method, `/_standin${route}`, { token: null, body });

	beforeAll(async () => {
		polar = await PolarStandIn.start({
			controlRoutes: true,
			allowLoopbackUrls: true,
			retryBaseMs: 1,
			maxAttempts: 2,
		});
		receiver = await Receiver.start();
	});

	afterEach(() => {
		polar.reset();
		receiver.requests.length = 0;
		receiver.responder = () => ({ status: 200 });
	});

	afterAll(async () => {
		await polar.close();
		await receiver.close();
	});

	async function createEndpoint(events = ['order.paid']): Promise<{ id: string; secret: string }> {
		const answer = await request(polar.url, 'POST', '/v1/webhooks/endpoints', {
			body: { url: `${receiver.url}/hook`, format: 'raw', events },
		});
		return answer.json as { id: string; secret: string };
	}

	it('health, endpoints (with secrets and schemes), and no auth needed', async () => {
		expect((await control('GET', '/health')).json).toEqual({ ok: true, url: polar.url });
		const endpoint = await createEndpoint();
		const list = (await control('GET', '/endpoints')).json as Array<Record<string, unknown>>;
		expect(list).toEqual([
			expect.objectContaining({
				id: endpoint.id,
				secret: endpoint.secret,
				secret_scheme: 'standard',
			}),
		]);
		expect((await control('GET', `/endpoints/${endpoint.id}`)).json).toMatchObject({
			id: endpoint.id,
		});
		expect((await control('GET', '/endpoints/1dbfc517-0bbf-4301-9ba8-555ca42b9737')).status).toBe(
			404,
		);
	});

	it('control calls are not recorded as API calls', async () => {
		polar.resetCalls();
		await control('GET', '/endpoints');
		expect(polar.calls).toEqual([]);
	});

	it('POST /emit delivers to matching endpoints and answers the results', async () => {
		const endpoint = await createEndpoint(['order.paid']);
		const answer = await control('POST', '/emit', { type: 'order.paid' });
		expect(answer.status).toBe(200);
		const { results } = answer.json as {
			results: Array<{ endpointId: string; delivered: boolean; webhookId: string }>;
		};
		expect(results).toEqual([
			expect.objectContaining({ endpointId: endpoint.id, delivered: true }),
		]);
		const received = receiver.requests[0] as ReceivedRequest;
		expect(new Webhook(endpoint.secret).verify(received.body, received.headers)).toMatchObject({
			type: 'order.paid',
		});

		const queued = await control('POST', '/emit', { type: 'order.paid', wait: false });
		expect(queued.status).toBe(202);
		expect((await control('POST', '/idle')).status).toBe(200);
		expect(receiver.requests).toHaveLength(2);
		expect((await control('POST', '/emit', {})).status).toBe(400);
	});

	it('POST /deliver with options, and /redeliver', async () => {
		const endpoint = await createEndpoint(['order.paid']);
		const stale = Math.floor(Date.now() / 1000) - 1000;
		const answer = await control('POST', '/deliver', {
			endpointId: endpoint.id,
			type: 'order.refunded',
			force: true,
			webhookId: 'msg_ctl',
			timestamp: stale,
		});
		expect(answer.json).toMatchObject({ delivered: true, webhookId: 'msg_ctl' });
		expect(receiver.requests[0]?.headers['webhook-timestamp']).toBe(String(stale));
		expect((await control('POST', '/redeliver', { id: 'msg_ctl' })).json).toMatchObject({
			delivered: true,
			webhookId: 'msg_ctl',
		});
		expect(receiver.requests).toHaveLength(2);
		expect((await control('POST', '/redeliver', { id: 'msg_none' })).status).toBe(404);
		expect((await control('GET', `/deliveries?endpoint_id=${endpoint.id}`)).json).toHaveLength(2);
		expect((await control('GET', '/events')).json).toEqual([
			expect.objectContaining({ webhookId: 'msg_ctl', type: 'order.refunded' }),
		]);
	});

	it('disable, enable, rotate-secret, delete, patch, seed', async () => {
		const endpoint = await createEndpoint();
		expect((await control('POST', `/endpoints/${endpoint.id}/disable`)).json).toMatchObject({
			enabled: false,
		});
		expect((await control('POST', `/endpoints/${endpoint.id}/enable`)).json).toMatchObject({
			enabled: true,
		});
		const rotated = (
			await control('POST', `/endpoints/${endpoint.id}/rotate-secret`, {
				scheme: 'legacy-polar_whs',
			})
		).json as Record<string, unknown>;
		expect(rotated).toMatchObject({
			secret_scheme: 'legacy-polar_whs',
			uses_standard_webhook_signature: false,
		});
		expect(rotated.secret).toMatch(/^polar_whs_/);
		expect(
			(await control('PATCH', `/endpoints/${endpoint.id}`, { events: ['order.created'] })).json,
		).toMatchObject({ events: ['order.created'] });
		expect((await control('POST', `/endpoints/${endpoint.id}/delete`)).json).toEqual({
			deleted: true,
		});
		expect((await control('POST', `/endpoints/${endpoint.id}/delete`)).status).toBe(404);
		const seeded = await control('POST', '/endpoints', {
			url: 'https://x.example.com',
			events: ['order.paid'],
			scheme: 'legacy-whsec',
		});
		expect(seeded.status).toBe(201);
		expect(seeded.json).toMatchObject({
			secret_scheme: 'legacy-whsec',
			organization_id: DEFAULT_ORGANIZATION_ID,
		});
	});

	it('fail-next, tokens, next-secret-scheme, payload, calls, reset', async () => {
		await control('POST', '/fail-next', {
			match: { method: 'GET', pathRegex: '^/v1/webhooks/endpoints$' },
			fault: { status: 500, body: { detail: 'x' } },
		});
		expect((await request(polar.url, 'GET', '/v1/webhooks/endpoints')).status).toBe(500);
		expect((await request(polar.url, 'GET', '/v1/webhooks/endpoints')).status).toBe(200);

		await control('POST', '/tokens', {
			token: 'polar_pat_ctl',
			kind: 'personal',
			organizationId: DEFAULT_ORGANIZATION_ID,
		});
		const personal = await request(polar.url, 'POST', '/v1/webhooks/endpoints', {
			token: 'polar_pat_ctl',
			body: { url: 'https://x.example.com', format: 'raw', events: [] },
		});
		expect(personal.status).toBe(422);
		expect((await control('POST', '/tokens', { token: 'x' })).status).toBe(400);

		await control('POST', '/next-secret-scheme', { scheme: 'legacy-whsec' });
		expect((await createEndpoint()).secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
		expect((await control('POST', '/next-secret-scheme', { scheme: 'rot13' })).status).toBe(400);

		expect((await control('GET', '/payload/order.paid?seed=3')).json).toMatchObject({
			type: 'order.paid',
			data: { status: 'paid' },
		});
		expect((await control('GET', '/payload/subscription.migrated')).json).toMatchObject({
			provider: 'stripe',
		});

		const calls = (await control('GET', '/calls')).json as Array<{
			headers: Record<string, string>;
		}>;
		expect(calls.length).toBeGreaterThan(0);
		expect(JSON.stringify(calls)).not.toContain(DEFAULT_TOKEN);
		await control('DELETE', '/calls');
		expect(polar.calls).toEqual([]);

		await control('POST', '/reset');
		expect(polar.endpoints()).toEqual([]);
		expect((await control('GET', '/nope')).status).toBe(404);
	});

	it('are off unless controlRoutes is set', async () => {
		const plain = await PolarStandIn.start();
		try {
			const answer = await request(plain.url, 'GET', '/_standin/endpoints', { token: null });
			expect(answer.status).toBe(404);
		} finally {
			await plain.close();
		}
	});
});

describe('cli', () => {
	it('parses its options', () => {
		const config = parseArgs([
			'--port',
			'0',
			'--allow-loopback',
			'--secret-scheme',
			'legacy-polar_whs',
			'--token=polar_oat_local',
			'--rate-limit',
			'5',
		]);
		if (config === 'help') throw new Error('unexpected help');
		expect(config.options).toMatchObject({
			port: 0,
			host: '127.0.0.1',
			controlRoutes: true,
			allowLoopbackUrls: true,
			secretScheme: 'legacy-polar_whs',
			rateLimitPerMinute: 5,
			tokens: {
				polar_oat_local: {
					kind: 'organization',
					organizationId: DEFAULT_ORGANIZATION_ID,
					scopes: ['webhooks:read', 'webhooks:write'],
				},
			},
		});
		expect(
			parseArgs([]) !== 'help' && (parseArgs([]) as { options: { port: number } }).options.port,
		).toBe(7788);
		expect(parseArgs(['--help'])).toBe('help');
		expect(() => parseArgs(['--secret-scheme', 'rot13'])).toThrow(/secret-scheme/);
		expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option/);
		expect(() => parseArgs(['--port'])).toThrow(/needs a value/);
	});

	it('starts a stand-in with control routes, prints URL and token, stops on SIGINT', async () => {
		const root = path.resolve(__dirname, '../..');
		const child = spawn(
			process.execPath,
			[
				path.join(root, 'node_modules/tsx/dist/cli.mjs'),
				'tools/polar-stand-in/cli.ts',
				'--port',
				'0',
				'--token',
				'polar_oat_cli',
				'--allow-loopback',
			],
			{
				cwd: root,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		try {
			let output = '';
			const url = await new Promise<string>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 10_000);
				child.stdout.on('data', (chunk: Buffer) => {
					output += chunk.toString();
					const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
					if (match && output.includes('Ctrl-C')) {
						clearTimeout(timer);
						resolve(match[1] as string);
					}
				});
				child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
				child.once('exit', () => reject(new Error(`exited early: ${output}`)));
			});
			expect(output).toContain('polar_oat_cli');
			expect((await request(url, 'GET', '/_standin/health', { token: null })).json).toMatchObject({
				ok: true,
			});
			const created = await request(url, 'POST', '/v1/webhooks/endpoints', {
				token: 'polar_oat_cli',
				body: { url: 'http://127.0.0.1:5678/webhook/x', format: 'raw', events: ['order.paid'] },
			});
			expect(created.status).toBe(201);
			const exited = new Promise<number | null>((resolve) =>
				child.once('exit', (code) => resolve(code)),
			);
			child.kill('SIGINT');
			expect(await exited).toBe(0);
		} finally {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		}
	}, 20_000);
});
