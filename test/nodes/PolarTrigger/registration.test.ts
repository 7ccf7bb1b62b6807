/**
 * The endpoint lifecycle (checkExists / create / delete), run through n8n's HookContext against the Polar
 * stand-in, which validates every request body against Polar's OpenAPI document and answers like Polar.
 */
import { KNOWN_EVENT_TYPES } from '../../../nodes/PolarTrigger/events';
import { N8nTrigger } from '../../../tools/n8nTrigger';
import { signedDelivery } from '../../../tools/polar-stand-in/signing';
import { buildEventPayload } from '../../../tools/polar-stand-in/payloads';
import {
	DEFAULT_ORGANIZATION_ID,
	DEFAULT_TOKEN,
	PolarStandIn,
} from '../../../tools/polar-stand-in/server';
import type { SecretScheme } from '../../../tools/polar-stand-in/server';

let polar: PolarStandIn;

beforeAll(async () => {
	polar = await PolarStandIn.start();
});
afterAll(async () => {
	await polar.close();
});
beforeEach(() => {
	polar.reset();
});
afterEach(() => {
	// Every answer the stand-in gave matched the response schemas of Polar's OpenAPI document.
	expect(polar.schemaViolations).toEqual([]);
});

interface Setup {
	token?: string;
	organizationId?: string;
	n8nBaseUrl?: string;
	workflowId?: string;
	triggerPathId?: string;
}

function trigger(events: string[] = ['order.paid'], setup: Setup = {}) {
	return new N8nTrigger({
		credentials: {
			accessToken: setup.token ?? DEFAULT_TOKEN,
			environment: 'custom',
			baseUrl: `${polar.url}/`,
			organizationId: setup.organizationId ?? '',
		},
		parameters: { events, options: {} },
		n8nBaseUrl: setup.n8nBaseUrl,
		workflowId: setup.workflowId,
		triggerPathId: setup.triggerPathId,
	});
}

/** A workflow copied with its static data (public API, export/import, a database copy): same stored endpoint. */
function copyOf(original: N8nTrigger, events: string[], setup: Setup): N8nTrigger {
	const copy = trigger(events, setup);
	Object.assign(copy.staticData, JSON.parse(JSON.stringify(original.staticData)) as object);
	return copy;
}

const apiCalls = () => polar.calls.map((call) => `${call.method} ${call.path} ${call.status}`);
const liveEndpointsFor = (url: string) =>
	polar.endpoints().filter((endpoint) => endpoint.url === url);

/** n8n's retry around a failed registration: delete(), then publish again. */
async function publishWithN8nRetries(n8n: N8nTrigger, attempts = 5): Promise<unknown[]> {
	const errors: unknown[] = [];
	for (let attempt = 0; attempt < attempts; attempt++) {
		try {
			await n8n.publish();
			return errors;
		} catch (error) {
			errors.push(error);
			await n8n.hook('delete');
		}
	}
	return errors;
}

describe('publish', () => {
	it('checks nothing over HTTP when nothing is stored, then creates one endpoint and stores it', async () => {
		const n8n = trigger(['order.paid', 'subscription.revoked']);
		await expect(n8n.hook('checkExists')).resolves.toBe(false);
		expect(polar.calls).toHaveLength(0);

		await expect(n8n.hook('create')).resolves.toBe(true);

		const [endpoint] = polar.endpoints();
		expect(polar.endpoints()).toHaveLength(1);
		expect(endpoint).toMatchObject({
			url: n8n.webhookUrl(),
			format: 'raw',
			events: ['order.paid', 'subscription.revoked'],
			enabled: true,
			name: 'n8n: Paid orders to CRM (workflow wf-1)',
		});
		expect(n8n.staticData).toEqual({
			endpointId: endpoint.id,
			endpointSecret: endpoint.secret,
			endpointEvents: ['order.paid', 'subscription.revoked'],
			endpointUsesStandardSignature: true,
			endpointUrl: n8n.webhookUrl(),
			endpointApiUrl: polar.url,
			endpointWorkflowId: 'wf-1',
			endpointNodeId: 'node-1',
		});
		const create = polar.calls.find((call) => call.method === 'POST')!;
		expect(create.status).toBe(201);
		expect(create.body).toEqual({
			url: n8n.webhookUrl(),
			name: 'n8n: Paid orders to CRM (workflow wf-1)',
			format: 'raw',
			events: ['order.paid', 'subscription.revoked'],
		});
		expect(create.body).not.toHaveProperty('secret');
		expect(create.body).not.toHaveProperty('organization_id');
	});

	it('subscribes * to every known event type', async () => {
		const n8n = trigger(['*']);
		await n8n.publish();
		expect(polar.endpoints()[0].events.sort()).toEqual([...KNOWN_EVENT_TYPES].sort());
	});

	it('sends organization_id for a personal token, and only then', async () => {
		polar.addToken('polar_pat_personal', {
			kind: 'personal',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['webhooks:read', 'webhooks:write'],
		});
		const n8n = trigger(['order.paid'], {
			token: 'polar_pat_personal',
			organizationId: DEFAULT_ORGANIZATION_ID,
		});
		await n8n.publish();
		expect(polar.calls.find((call) => call.method === 'POST')!.body).toMatchObject({
			organization_id: DEFAULT_ORGANIZATION_ID,
		});
		expect(polar.endpoints()).toHaveLength(1);
	});

	it('refuses an empty event selection before calling Polar', async () => {
		const n8n = trigger([]);
		await expect(n8n.publish()).rejects.toThrow('Choose at least one event');
		expect(polar.calls.filter((call) => call.method === 'POST')).toHaveLength(0);
	});

	it('keeps one endpoint across republishing, restarts and repeated checks', async () => {
		const n8n = trigger();
		await n8n.publish();
		polar.resetCalls();
		await n8n.publish();
		await n8n.publish();
		expect(apiCalls()).toEqual([
			expect.stringMatching(/^GET \/v1\/webhooks\/endpoints\/[0-9a-f-]+ 200$/),
			expect.stringMatching(/^GET \/v1\/webhooks\/endpoints\/[0-9a-f-]+ 200$/),
		]);
		expect(polar.endpoints()).toHaveLength(1);
	});

	it('registers test listening separately, on the /webhook-test/ URL, without touching production', async () => {
		const production = trigger();
		await production.publish();
		const productionEndpoint = polar.endpoints()[0];

		const testListener = trigger(); // n8n gives the test registration its own, empty static data
		await testListener.publish({ isTest: true });
		expect(polar.endpoints()).toHaveLength(2);
		const testEndpoint = polar
			.endpoints()
			.find((endpoint) => endpoint.id !== productionEndpoint.id)!;
		expect(testEndpoint.url).toBe(testListener.webhookUrl(true));
		expect(testEndpoint.name).toContain('(test listener)');

		await testListener.hook('delete', { isTest: true });
		expect(polar.endpoints()).toEqual([productionEndpoint]);
	});
});

describe('the credential is decrypted once per lifecycle call, however many requests it makes', () => {
	async function readsDuring(
		n8n: N8nTrigger,
		method: 'checkExists' | 'create' | 'delete',
	): Promise<number> {
		const before = n8n.credentialReads;
		await n8n.hook(method);
		return n8n.credentialReads - before;
	}

	it('publish: none for checkExists with nothing stored, one for create (list, then create)', async () => {
		const n8n = trigger();
		expect(await readsDuring(n8n, 'checkExists')).toBe(0);
		expect(await readsDuring(n8n, 'create')).toBe(1);
		expect(apiCalls().map((call) => call.split(' ')[0])).toEqual(['GET', 'POST']);
	});

	it('republish with drift: one for checkExists (get, then update)', async () => {
		const n8n = trigger();
		await n8n.publish();
		n8n.setParameters({ events: ['order.refunded'] });
		polar.resetCalls();
		expect(await readsDuring(n8n, 'checkExists')).toBe(1);
		expect(apiCalls().map((call) => call.split(' ')[0])).toEqual(['GET', 'PATCH']);
	});

	it('unpublish: one for delete, and one for the clean-up of a failed registration (list, delete)', async () => {
		const n8n = trigger();
		await n8n.publish();
		expect(await readsDuring(n8n, 'delete')).toBe(1);
		const leftover = polar.seedEndpoint({ url: n8n.webhookUrl(), events: ['order.paid'] });
		expect(await readsDuring(n8n, 'delete')).toBe(1);
		expect(polar.getEndpoint(leftover.id)).toBeUndefined();
	});
});

describe('a Polar that answers without uses_standard_webhook_signature (servers before the field)', () => {
	it.each<[SecretScheme, 'standard' | 'legacy']>([
		['standard', 'standard'],
		['legacy-whsec', 'legacy'],
		['legacy-polar_whs', 'legacy'],
	])(
		'registers, stores no signature hint, and verifies deliveries signed with a %s secret',
		async (secretScheme, signingScheme) => {
			const older = await PolarStandIn.start({ omitNewerEndpointFields: true, secretScheme });
			try {
				const n8n = new N8nTrigger({
					credentials: { accessToken: DEFAULT_TOKEN, environment: 'custom', baseUrl: older.url },
					parameters: { events: ['order.paid'], options: {} },
				});
				await n8n.publish();
				const [endpoint] = older.endpoints();
				expect(older.calls.find((call) => call.method === 'POST')?.status).toBe(201);
				expect(n8n.staticData).toMatchObject({
					endpointId: endpoint.id,
					endpointSecret: endpoint.secret,
				});
				expect(n8n.staticData).not.toHaveProperty('endpointUsesStandardSignature');

				const request = signedDelivery(endpoint.secret, buildEventPayload('order.paid'), {
					scheme: signingScheme,
				});
				const { result } = await n8n.deliver(request);
				expect(result.workflowData?.[0]).toHaveLength(1);
				expect(older.schemaViolations).toEqual([]);
			} finally {
				await older.close();
			}
		},
	);

	it('drops a hint stored earlier when Polar no longer sends the field', async () => {
		const n8n = trigger();
		await n8n.publish();
		expect(n8n.staticData.endpointUsesStandardSignature).toBe(true);
		const older = await PolarStandIn.start({ omitNewerEndpointFields: true });
		try {
			n8n.setCredentials({
				accessToken: DEFAULT_TOKEN,
				environment: 'custom',
				baseUrl: older.url,
				organizationId: '',
			});
			const leftover = older.seedEndpoint({ url: n8n.webhookUrl(), events: ['order.paid'] });
			n8n.staticData.endpointApiUrl = older.url;
			n8n.staticData.endpointId = leftover.id;
			await expect(n8n.hook('checkExists')).resolves.toBe(true);
			expect(n8n.staticData).toMatchObject({
				endpointId: leftover.id,
				endpointSecret: leftover.secret,
			});
			expect(n8n.staticData).not.toHaveProperty('endpointUsesStandardSignature');
		} finally {
			await older.close();
		}
	});
});

describe('checkExists repairs drift', () => {
	it('forgets an endpoint deleted in Polar and registers a new one', async () => {
		const n8n = trigger();
		await n8n.publish();
		const oldId = n8n.staticData.endpointId as string;
		polar.deleteEndpointBehindTheBack(oldId);

		await expect(n8n.hook('checkExists')).resolves.toBe(false);
		expect(n8n.staticData).toEqual({});
		await n8n.hook('create');
		expect(polar.endpoints()).toHaveLength(1);
		expect(n8n.staticData.endpointId).not.toBe(oldId);
		expect(n8n.staticData.endpointSecret).toBe(polar.endpoints()[0].secret);
	});

	it('updates the events in place when the selection changed', async () => {
		const n8n = trigger(['order.paid']);
		await n8n.publish();
		const id = n8n.staticData.endpointId;
		n8n.setParameters({ events: ['subscription.canceled', 'order.refunded'] });

		await expect(n8n.hook('checkExists')).resolves.toBe(true);

		expect(polar.endpoints()).toHaveLength(1);
		expect(polar.endpoints()[0]).toMatchObject({
			id,
			events: ['order.refunded', 'subscription.canceled'],
		});
		expect(polar.calls.at(-1)).toMatchObject({
			method: 'PATCH',
			body: { events: ['order.refunded', 'subscription.canceled'] },
		});
		expect(n8n.staticData.endpointEvents).toEqual(['order.refunded', 'subscription.canceled']);
	});

	it('updates the URL when the endpoint points elsewhere', async () => {
		const n8n = trigger();
		await n8n.publish();
		polar.setEndpoint(n8n.staticData.endpointId as string, {
			url: 'https://old-n8n.example.org/webhook/x/webhook',
		});
		await n8n.hook('checkExists');
		expect(polar.endpoints()[0].url).toBe(n8n.webhookUrl());
	});

	it('re-enables an endpoint Polar disabled after failed deliveries, and says events were missed', async () => {
		const n8n = trigger();
		await n8n.publish();
		polar.disableEndpoint(n8n.staticData.endpointId as string);

		await expect(n8n.hook('checkExists')).resolves.toBe(true);

		expect(polar.endpoints()[0].enabled).toBe(true);
		expect(polar.calls.at(-1)).toMatchObject({ method: 'PATCH', body: { enabled: true } });
		expect(n8n.logs).toContainEqual({
			level: 'warn',
			message: expect.stringMatching(/disabled .* re-enabled .* not delivered: redeliver/),
		});
	});

	it.each(['slack', 'discord'])(
		'switches an endpoint set to %s in the dashboard back to raw, with the other drift',
		async (format) => {
			const n8n = trigger();
			await n8n.publish();
			polar.setEndpoint(n8n.staticData.endpointId as string, { format, enabled: false });

			await expect(n8n.hook('checkExists')).resolves.toBe(true);

			expect(polar.endpoints()[0]).toMatchObject({ format: 'raw', enabled: true });
			expect(polar.calls.at(-1)).toMatchObject({
				method: 'PATCH',
				body: { format: 'raw', enabled: true },
			});
		},
	);

	it('picks up a secret rotated in the dashboard', async () => {
		const n8n = trigger();
		await n8n.publish();
		const rotated = polar.rotateSecret(n8n.staticData.endpointId as string)!;
		expect(rotated.secret).not.toBe(n8n.staticData.endpointSecret);
		await n8n.hook('checkExists');
		expect(n8n.staticData.endpointSecret).toBe(rotated.secret);
	});
});

describe('a transient Polar failure while checking never replaces a healthy endpoint', () => {
	const keptWarnings = (n8n: N8nTrigger) =>
		n8n.logs.filter(
			(log) => log.level === 'warn' && log.message.includes('keeps the endpoint and its secret'),
		);

	it.each([
		[
			'a 500',
			{ method: 'GET' },
			{ status: 500, rawBody: 'Internal Server Error' },
			/server error \(500\)/,
		],
		['a dropped connection', { method: 'GET' }, { destroySocket: true }, /Could not reach Polar/],
		[
			'a 429 with a retry-after too long to wait',
			{ method: 'GET' },
			{ status: 429, rawBody: '', headers: { 'retry-after': '120' } },
			/rate limit/,
		],
		[
			'a 502 on the drift repair',
			{ method: 'PATCH' },
			{ status: 502, rawBody: 'Bad Gateway' },
			/server error \(502\)/,
		],
	])(
		"keeps the stored endpoint and its secret through n8n's retry loop after %s, and says so",
		async (_, match, fault, said) => {
			const n8n = trigger();
			await n8n.publish();
			const [endpoint] = polar.endpoints();
			const stored = { ...n8n.staticData };
			if (match.method === 'PATCH') n8n.setParameters({ events: ['order.paid', 'order.refunded'] });
			polar.failNext(match, fault);

			const errors = await publishWithN8nRetries(n8n);

			expect(errors).toEqual([]);
			expect(polar.endpoints().map((left) => left.id)).toEqual([endpoint.id]);
			expect(polar.endpoints()[0].secret).toBe(endpoint.secret);
			expect(n8n.staticData).toEqual(stored);
			const [warning] = keptWarnings(n8n);
			expect(warning?.message).toMatch(said);
			expect(warning?.message).toContain(endpoint.id);
			expect(warning?.message).not.toContain(endpoint.secret);
		},
	);

	it('the next publish repairs what waited', async () => {
		const n8n = trigger();
		await n8n.publish();
		polar.disableEndpoint(n8n.staticData.endpointId as string);
		polar.failNext({ method: 'GET' }, { status: 500, rawBody: 'Internal Server Error' });
		await n8n.publish();
		expect(polar.endpoints()[0].enabled).toBe(false);
		await n8n.publish();
		expect(polar.endpoints()[0].enabled).toBe(true);
	});

	it.each([
		[
			'401 (token revoked)',
			{
				status: 401,
				body: {
					error: 'invalid_token',
					error_description:
						'The access token provided is expired, revoked, malformed, or invalid for other reasons.',
				},
			},
			/rejected the access token/,
		],
		[
			'403 (scope removed)',
			{
				status: 403,
				body: {
					error: 'insufficient_scope',
					error_description:
						'The request requires higher privileges than provided by the access token.',
				},
			},
			/not allowed/,
		],
	])('still fails on %s, keeping what it stored', async (_, fault, message) => {
		const n8n = trigger();
		await n8n.publish();
		const stored = { ...n8n.staticData };
		polar.failNext({ method: 'GET' }, fault);
		await expect(n8n.hook('checkExists')).rejects.toThrow(message);
		expect(n8n.staticData).toEqual(stored);
		expect(keptWarnings(n8n)).toHaveLength(0);
	});
});

describe('never two endpoints, never an orphan', () => {
	it('adopts an endpoint that already carries this trigger URL instead of creating another', async () => {
		const n8n = trigger(['order.paid']);
		const leftover = polar.seedEndpoint({
			url: n8n.webhookUrl(),
			events: ['order.created'],
			enabled: false,
		});
		await n8n.publish();
		expect(polar.endpoints()).toHaveLength(1);
		expect(polar.endpoints()[0]).toMatchObject({
			id: leftover.id,
			events: ['order.paid'],
			enabled: true,
		});
		expect(n8n.staticData).toMatchObject({
			endpointId: leftover.id,
			endpointSecret: leftover.secret,
		});
	});

	it('adopts a leftover that is not raw and switches it to raw', async () => {
		const n8n = trigger(['order.paid']);
		const leftover = polar.seedEndpoint({
			url: n8n.webhookUrl(),
			events: ['order.paid'],
			format: 'discord',
		});
		await n8n.publish();
		expect(polar.endpoints()).toEqual([
			expect.objectContaining({ id: leftover.id, format: 'raw' }),
		]);
	});

	it('removes extra copies carrying this trigger URL, leaving other endpoints alone', async () => {
		const n8n = trigger();
		const someoneElse = polar.seedEndpoint({
			url: 'https://other.example.org/hook',
			events: ['order.paid'],
		});
		polar.seedEndpoint({ url: n8n.webhookUrl(), events: ['order.paid'] });
		polar.seedEndpoint({ url: n8n.webhookUrl(), events: ['order.paid'] });
		await n8n.publish();
		expect(liveEndpointsFor(n8n.webhookUrl())).toHaveLength(1);
		expect(polar.getEndpoint(someoneElse.id)).toBeDefined();
	});

	it('finds its endpoint beyond the first page of the list', async () => {
		for (let index = 0; index < 120; index++) {
			polar.seedEndpoint({ url: `https://shop${index}.example.org/hook`, events: ['order.paid'] });
		}
		const n8n = trigger();
		const mine = polar.seedEndpoint({ url: n8n.webhookUrl(), events: ['order.paid'] });
		await n8n.publish();
		expect(n8n.staticData.endpointId).toBe(mine.id);
		expect(liveEndpointsFor(n8n.webhookUrl())).toHaveLength(1);
	});

	it.each([
		[
			'a 500 after Polar created it',
			{ status: 500, rawBody: 'Internal Server Error', afterApplying: true },
		],
		['a dropped connection after Polar created it', { destroySocket: true, afterApplying: true }],
		[
			'an answer with the new id but no secret',
			{ status: 201, afterApplying: true, useCreatedIdOnly: true },
		],
		['a 502 before Polar created it', { status: 502, rawBody: 'Bad Gateway' }],
	])("survives n8n's retry loop after %s with exactly one endpoint", async (_, fault) => {
		const n8n = trigger();
		polar.failNext({ method: 'POST', path: '/v1/webhooks/endpoints' }, fault);

		const errors = await publishWithN8nRetries(n8n);

		expect(errors).toHaveLength(1);
		expect(polar.endpoints()).toHaveLength(1);
		expect(polar.endpoints()[0]).toMatchObject({ url: n8n.webhookUrl(), events: ['order.paid'] });
		expect(n8n.staticData.endpointId).toBe(polar.endpoints()[0].id);
		expect(n8n.staticData.endpointSecret).toBe(polar.endpoints()[0].secret);
	});
});

describe('a webhook URL Polar stores differently (N8N_WEBHOOK_URL with capitals and :443)', () => {
	const respelled = { n8nBaseUrl: 'https://N8N.Example.com:443' };
	const stored = (n8n: N8nTrigger) =>
		n8n.webhookUrl().replace('N8N.Example.com:443', 'n8n.example.com');

	it('registers the URL as Polar stores it, and republishing sends no PATCH', async () => {
		const n8n = trigger(['order.paid'], respelled);
		await n8n.publish();
		expect(polar.calls.find((call) => call.method === 'POST')?.body).toMatchObject({
			url: stored(n8n),
		});
		expect(polar.endpoints()[0].url).toBe(stored(n8n));
		polar.resetCalls();
		await n8n.publish();
		await n8n.publish();
		expect(apiCalls().map((call) => call.split(' ')[0])).toEqual(['GET', 'GET']);
	});

	it("adopts its endpoint after a lost create answer instead of breeding a second through n8n's retry", async () => {
		const n8n = trigger(['order.paid'], respelled);
		polar.failNext(
			{ method: 'POST', path: '/v1/webhooks/endpoints' },
			{ status: 500, rawBody: 'Internal Server Error', afterApplying: true },
		);
		const errors = await publishWithN8nRetries(n8n);
		expect(errors).toHaveLength(1);
		expect(polar.endpoints()).toHaveLength(1);
		expect(n8n.staticData.endpointId).toBe(polar.endpoints()[0].id);
	});

	it('finds and adopts a leftover on its URL however n8n spells it', async () => {
		const n8n = trigger(['order.paid'], respelled);
		const leftover = polar.seedEndpoint({ url: stored(n8n), events: ['order.paid'] });
		await n8n.publish();
		expect(polar.endpoints().map((endpoint) => endpoint.id)).toEqual([leftover.id]);
	});
});

describe('an endpoint belongs to one trigger: a copy of the workflow never moves or deletes it', () => {
	const ownershipWarnings = (n8n: N8nTrigger) =>
		n8n.logs.filter(
			(log) => log.level === 'warn' && log.message.includes('belongs to another trigger'),
		);
	const callsOn = (id: string) =>
		polar.calls.filter((call) => call.path.endsWith(id)).map((call) => call.method);

	async function publishedOriginal() {
		const original = trigger(['order.paid']);
		await original.publish();
		const [endpoint] = polar.endpoints();
		polar.resetCalls();
		return { original, endpoint };
	}

	it.each([
		[
			'a copy on the same n8n (new workflow id and trigger URL)',
			{ workflowId: 'wf-copy', triggerPathId: '0d4c3b2a-1f0e-4d9c-8b7a-6e5d4c3b2a10' },
		],
		[
			'a database copy on a staging n8n (same ids, another URL)',
			{ n8nBaseUrl: 'https://staging-n8n.example.com' },
		],
	])(
		'publishing %s registers its own endpoint and leaves the original one untouched',
		async (_, setup) => {
			const { original, endpoint } = await publishedOriginal();
			const copy = copyOf(original, ['order.paid', 'order.refunded'], setup);

			await copy.publish();

			expect(polar.getEndpoint(endpoint.id)).toEqual(endpoint);
			expect(callsOn(endpoint.id)).toEqual([]);
			const own = polar.endpoints().find((candidate) => candidate.id !== endpoint.id)!;
			expect(own).toMatchObject({
				url: copy.webhookUrl(),
				events: ['order.paid', 'order.refunded'],
			});
			expect(copy.staticData).toMatchObject({
				endpointId: own.id,
				endpointSecret: own.secret,
				endpointUrl: copy.webhookUrl(),
			});
			const [warning] = ownershipWarnings(copy);
			expect(warning?.message).toContain(`endpoint ${endpoint.id}`);
			expect(warning?.message).toContain(`URL ${original.webhookUrl()}`);
			expect(warning?.message).toContain(`URL ${copy.webhookUrl()}`);
			expect(warning?.message).not.toContain(endpoint.secret);
			expect(original.staticData.endpointId).toBe(endpoint.id);
		},
	);

	it("unpublishing the copy deletes only the copy's endpoint; the original keeps receiving", async () => {
		const { original, endpoint } = await publishedOriginal();
		const copy = copyOf(original, ['order.paid'], {
			workflowId: 'wf-copy',
			triggerPathId: '0d4c3b2a-1f0e-4d9c-8b7a-6e5d4c3b2a10',
		});
		await copy.publish();
		await copy.hook('delete');

		expect(polar.endpoints()).toEqual([endpoint]);
		expect(callsOn(endpoint.id)).toEqual([]);
		await expect(original.hook('checkExists')).resolves.toBe(true);
		expect(original.staticData.endpointSecret).toBe(endpoint.secret);
	});

	it("unpublishing a copy that carries the original's static data deletes nothing of the original", async () => {
		const { original, endpoint } = await publishedOriginal();
		const copy = copyOf(original, ['order.paid'], {
			n8nBaseUrl: 'https://staging-n8n.example.com',
		});

		await expect(copy.hook('delete')).resolves.toBe(true);

		expect(polar.endpoints()).toEqual([endpoint]);
		expect(callsOn(endpoint.id)).toEqual([]);
		expect(copy.staticData).toEqual({});
		expect(ownershipWarnings(copy)).toHaveLength(1);
	});

	it('still repairs its own endpoint in place, with no warning', async () => {
		const { original, endpoint } = await publishedOriginal();
		original.setParameters({ events: ['order.refunded'] });
		await expect(original.hook('checkExists')).resolves.toBe(true);
		expect(polar.getEndpoint(endpoint.id)?.events).toEqual(['order.refunded']);
		expect(ownershipWarnings(original)).toHaveLength(0);
	});
});

describe('unpublish', () => {
	it('deletes the endpoint and forgets it', async () => {
		const n8n = trigger();
		await n8n.publish();
		await expect(n8n.hook('delete')).resolves.toBe(true);
		expect(polar.endpoints()).toHaveLength(0);
		expect(polar.calls.at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
		expect(n8n.staticData).toEqual({});
	});

	it('counts an endpoint already deleted in Polar as deleted', async () => {
		const n8n = trigger();
		await n8n.publish();
		polar.deleteEndpointBehindTheBack(n8n.staticData.endpointId as string);
		await expect(n8n.hook('delete')).resolves.toBe(true);
		expect(polar.calls.at(-1)).toMatchObject({ method: 'DELETE', status: 404 });
		expect(n8n.staticData).toEqual({});
	});

	it('keeps what it stored when the delete fails, so a later unpublish can finish it', async () => {
		const n8n = trigger();
		await n8n.publish();
		polar.failNext({ method: 'DELETE' }, { status: 500, rawBody: 'oops' });
		await expect(n8n.hook('delete')).rejects.toThrow(/server error \(500\)/);
		expect(n8n.staticData.endpointId).toBe(polar.endpoints()[0].id);
		await n8n.hook('delete');
		expect(polar.endpoints()).toHaveLength(0);
	});
});

describe('credential edited in place to point at another Polar while published', () => {
	let otherPolar: PolarStandIn;
	beforeAll(async () => {
		otherPolar = await PolarStandIn.start();
	});
	afterAll(async () => {
		await otherPolar.close();
	});
	beforeEach(() => {
		otherPolar.reset();
	});

	async function publishedThenMoved() {
		const n8n = trigger();
		await n8n.publish();
		const [endpoint] = polar.endpoints();
		n8n.setCredentials({
			accessToken: DEFAULT_TOKEN,
			environment: 'custom',
			baseUrl: otherPolar.url,
			organizationId: '',
		});
		polar.calls.length = 0;
		return { n8n, endpoint };
	}

	const leftBehindWarning = (n8n: N8nTrigger) =>
		n8n.logs.filter(
			(log) => log.level === 'warn' && log.message.includes('the node cannot remove it'),
		);

	it('unpublish names the endpoint left in the first Polar, asks neither Polar, and forgets it', async () => {
		const { n8n, endpoint } = await publishedThenMoved();
		await expect(n8n.hook('delete')).resolves.toBe(true);

		expect(polar.calls).toHaveLength(0);
		expect(otherPolar.calls).toHaveLength(0);
		expect(polar.endpoints().map((left) => left.id)).toEqual([endpoint.id]);
		const [warning] = leftBehindWarning(n8n);
		expect(warning?.message).toContain(`endpoint ${endpoint.id} was registered with ${polar.url}`);
		expect(warning?.message).toContain(`now points at ${otherPolar.url}`);
		expect(warning?.message).not.toContain(endpoint.secret);
		expect(n8n.staticData).toEqual({});
	});

	it('publishing again registers in the new Polar and names the endpoint left in the old one', async () => {
		const { n8n, endpoint } = await publishedThenMoved();
		await n8n.publish();

		expect(polar.calls).toHaveLength(0);
		expect(leftBehindWarning(n8n)).toHaveLength(1);
		const [moved] = otherPolar.endpoints();
		expect(otherPolar.endpoints()).toHaveLength(1);
		expect(n8n.staticData).toMatchObject({
			endpointId: moved.id,
			endpointSecret: moved.secret,
			endpointApiUrl: otherPolar.url,
		});
		expect(moved.id).not.toBe(endpoint.id);
		expect(otherPolar.schemaViolations).toEqual([]);
	});

	it('still deletes normally when the credential changed but still points at the same Polar', async () => {
		const n8n = trigger();
		await n8n.publish();
		n8n.setCredentials({
			accessToken: DEFAULT_TOKEN,
			environment: 'custom',
			baseUrl: `${polar.url}///`,
			organizationId: '',
		});
		await n8n.hook('delete');
		expect(polar.endpoints()).toHaveLength(0);
		expect(leftBehindWarning(n8n)).toHaveLength(0);
	});
});

describe('Polar API errors name the fix and never the token', () => {
	const secretsIn = (error: unknown) =>
		JSON.stringify({
			error,
			message: (error as Error).message,
			description: (error as { description?: string }).description,
		});

	it('401 for an unknown token (e.g. of the other environment)', async () => {
		const n8n = trigger(['order.paid'], { token: 'polar_oat_sandboxTokenUsedInProduction' });
		const error = await n8n.publish().catch((caught: unknown) => caught);
		expect((error as Error).message).toBe(
			'Polar rejected the access token while trying to list webhook endpoints',
		);
		expect((error as { description: string }).description).toMatch(/other environment/);
		expect(secretsIn(error)).not.toContain('sandboxTokenUsedInProduction');
	});

	it('403 for a token without webhook scopes', async () => {
		polar.addToken('polar_oat_noscopes', {
			kind: 'organization',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['orders:read'],
		});
		const n8n = trigger(['order.paid'], { token: 'polar_oat_noscopes' });
		const error = await n8n.publish().catch((caught: unknown) => caught);
		expect((error as Error).message).toMatch(/not allowed/);
		expect((error as { description: string }).description).toContain('webhooks:write');
		expect(secretsIn(error)).not.toContain('polar_oat_noscopes');
	});

	it('403 when publishing with a token that may only read webhooks, naming webhooks:write', async () => {
		polar.addToken('polar_oat_readonly', {
			kind: 'organization',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['webhooks:read'],
		});
		const n8n = trigger(['order.paid'], { token: 'polar_oat_readonly' });
		const error = await n8n.publish().catch((caught: unknown) => caught);
		expect((error as Error).message).toBe(
			'The Polar access token is not allowed to register the webhook endpoint',
		);
		expect((error as { description: string }).description).toContain('webhooks:write');
		expect(polar.endpoints()).toHaveLength(0);
	});

	it('422 for a webhook URL Polar will not deliver to', async () => {
		const n8n = trigger(['order.paid'], { n8nBaseUrl: 'http://localhost:5678' });
		const error = await n8n.publish().catch((caught: unknown) => caught);
		expect((error as Error).message).toBe(`Polar refused the webhook URL ${n8n.webhookUrl()}`);
		expect((error as { description: string }).description).toContain('N8N_WEBHOOK_URL');
		expect((error as { description: string }).description).toContain(
			'restart n8n and publish (activate on n8n 1.x) the workflow again',
		);
		expect(polar.endpoints()).toHaveLength(0);
	});

	it('never sends an organization ID with an organization token (Polar would refuse it with 422)', async () => {
		const n8n = trigger(['order.paid'], { organizationId: DEFAULT_ORGANIZATION_ID });
		await n8n.publish();
		expect(polar.endpoints()).toHaveLength(1);
		for (const call of polar.calls) {
			expect(call.query).not.toHaveProperty('organization_id');
			expect(call.body ?? {}).not.toHaveProperty('organization_id');
		}
	});

	it('a personal token without organization ID is refused before calling Polar, naming the fix', async () => {
		polar.addToken('polar_pat_noorg', {
			kind: 'personal',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['webhooks:read', 'webhooks:write'],
		});
		const n8n = trigger(['order.paid'], { token: 'polar_pat_noorg' });
		const error = await n8n.publish().catch((caught: unknown) => caught);
		expect((error as Error).message).toBe('Polar needs an organization ID for this token');
		expect((error as { description: string }).description).toMatch(/Organization ID/);
		expect(polar.calls).toHaveLength(0);
	});

	it('waits out a 429 with a short retry-after and goes on', async () => {
		const n8n = trigger();
		polar.failNext(
			{ method: 'POST' },
			{ status: 429, rawBody: '', headers: { 'retry-after': '1' } },
		);
		await n8n.publish();
		expect(polar.endpoints()).toHaveLength(1);
		expect(apiCalls().filter((call) => call.startsWith('POST'))).toEqual([
			'POST /v1/webhooks/endpoints 429',
			'POST /v1/webhooks/endpoints 201',
		]);
	});

	it('a 500, or a 429 to wait out longer than a registration can, asks to publish (activate on n8n 1.x) again later', async () => {
		const n8n = trigger();
		polar.failNext({ method: 'POST' }, { status: 500, body: { detail: 'Internal Server Error' } });
		const serverError = await n8n.publish().catch((caught: unknown) => caught);
		expect((serverError as { description: string }).description).toContain(
			'publish (activate on n8n 1.x) the workflow again in a minute',
		);
		polar.failNext(
			{ method: 'POST' },
			{ status: 429, rawBody: '', headers: { 'retry-after': '3600' } },
		);
		const rateLimited = await n8n.publish().catch((caught: unknown) => caught);
		expect((rateLimited as { description: string }).description).toContain(
			'Publish (activate on n8n 1.x) the workflow again in 3600 seconds',
		);
	});

	it('names the address when Polar cannot be reached at all', async () => {
		const n8n = new N8nTrigger({
			credentials: {
				accessToken: DEFAULT_TOKEN,
				environment: 'custom',
				baseUrl: 'http://127.0.0.1:9',
			},
			parameters: { events: ['order.paid'] },
		});
		const error = await n8n.publish().catch((caught: unknown) => caught);
		expect((error as Error).message).toMatch(/^Could not reach Polar at http:\/\/127\.0\.0\.1:9/);
		expect(secretsIn(error)).not.toContain(DEFAULT_TOKEN);
	});
});

describe('answers that are not what Polar sends', () => {
	it.each([
		[
			'an HTML page',
			{
				status: 200,
				rawBody: '<html>Sign in to the proxy</html>',
				headers: { 'content-type': 'text/html' },
			},
		],
		['JSON without id or secret', { status: 200, body: { ok: true } }],
		[
			'another endpoint',
			{ status: 200, body: { id: '00000000-0000-4000-8000-000000000000', secret: 'whsec_x' } },
		],
	])('checkExists refuses %s and keeps what it stored', async (_, fault) => {
		const n8n = trigger();
		await n8n.publish();
		const stored = { ...n8n.staticData };
		polar.failNext({ method: 'GET' }, fault);
		await expect(n8n.hook('checkExists')).rejects.toThrow(
			"Polar's answer is not the webhook endpoint the node asked for",
		);
		expect(n8n.staticData).toEqual(stored);
		expect(polar.endpoints()).toHaveLength(1);
	});

	it('create refuses an answer whose secret is not a string, readably at publish, and the retry stores a string', async () => {
		const n8n = trigger();
		polar.failNext(
			{ method: 'POST' },
			{ afterApplying: true, mapBody: (body) => ({ ...(body as object), secret: 12345 }) },
		);
		const errors = await publishWithN8nRetries(n8n);
		expect((errors[0] as Error).message).toBe("Polar's answer has no webhook secret");
		expect(polar.endpoints()).toHaveLength(1);
		expect(n8n.staticData.endpointSecret).toBe(polar.endpoints()[0].secret);
	});

	it('create refuses an answer that is not JSON, and the retry leaves one endpoint', async () => {
		const n8n = trigger();
		polar.failNext({ method: 'POST' }, { status: 201, rawBody: 'Created', afterApplying: true });
		const errors = await publishWithN8nRetries(n8n);
		expect((errors[0] as Error).message).toBe("Polar's answer has no webhook endpoint id");
		expect((errors[0] as { description: string }).description).toContain(
			'Publish (activate on n8n 1.x) the workflow again',
		);
		expect(polar.endpoints()).toHaveLength(1);
		expect(n8n.staticData.endpointSecret).toBe(polar.endpoints()[0].secret);
	});
});

describe('cleanup after a failed registration', () => {
	it('does not hide the registration error behind a failing clean-up', async () => {
		const n8n = trigger(['order.paid'], { token: 'polar_oat_revoked' });
		const publishError = await n8n.publish().catch((caught: unknown) => caught);
		expect((publishError as Error).message).toMatch(/rejected the access token/);
		await expect(n8n.hook('delete')).resolves.toBe(true);
		expect(n8n.logs).toContainEqual({
			level: 'warn',
			message: expect.stringMatching(/^Could not look for a Polar webhook endpoint/),
		});
		expect(n8n.logs.map((entry) => entry.message).join('\n')).not.toContain('polar_oat_revoked');
	});
});
