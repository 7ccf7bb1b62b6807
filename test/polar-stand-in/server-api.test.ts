import { validateSchema } from '../../tools/polar-stand-in/openapi';
import {
	DEFAULT_ORGANIZATION_ID,
	DEFAULT_TOKEN,
	INSUFFICIENT_SCOPE_BODY,
	INVALID_TOKEN_BODY,
	NOT_FOUND_BODY,
	PolarStandIn,
	UNAUTHORIZED_BODY,
} from '../../tools/polar-stand-in/server';
import { request } from './test-helpers';
import {
	LOCAL_URL_MESSAGE,
	checkWebhookUrl,
	isNonPublicHost,
} from '../../tools/polar-stand-in/validation';

const OTHER_ORG = '2f0c8f4e-6a57-4f0e-9d55-0c4a3c2b1a00';
const PERSONAL = 'polar_pat_someone';
const READ_ONLY = 'polar_oat_readonly';
const WRITE_ONLY = 'polar_oat_writeonly';
const NO_SCOPES = 'polar_oat_noscopes';
const OTHER = 'polar_oat_other_org';

const createBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
	url: 'https://hooks.example.com/polar',
	format: 'raw',
	events: ['order.paid', 'subscription.updated'],
	name: 'n8n',
	...overrides,
});

type Detail = {
	detail: Array<{ type: string; loc: Array<string | number>; msg: string; input?: unknown }>;
};

describe('PolarStandIn REST API', () => {
	let polar: PolarStandIn;
	const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
		request(polar.url, method, path, options);

	beforeAll(async () => {
		polar = await PolarStandIn.start();
		polar.addToken(PERSONAL, {
			kind: 'personal',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['webhooks:read', 'webhooks:write'],
		});
		polar.addToken(READ_ONLY, {
			kind: 'organization',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['webhooks:read'],
		});
		polar.addToken(WRITE_ONLY, {
			kind: 'organization',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['webhooks:write'],
		});
		polar.addToken(NO_SCOPES, {
			kind: 'organization',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['openid', 'products:read'],
		});
		polar.addToken(OTHER, {
			kind: 'organization',
			organizationId: OTHER_ORG,
			scopes: ['webhooks:read', 'webhooks:write'],
		});
	});

	afterEach(() => {
		// Every answer the stand-in gave must have matched the spec's response schema.
		expect(polar.schemaViolations).toEqual([]);
		polar.reset();
	});

	afterAll(async () => {
		await polar.close();
	});

	describe('authentication and authorization', () => {
		it('401 Unauthorized without a token (any route, any method)', async () => {
			for (const [method, path] of [
				['GET', '/v1/webhooks/endpoints'],
				['POST', '/v1/webhooks/endpoints'],
				['DELETE', '/v1/webhooks/endpoints/1dbfc517-0bbf-4301-9ba8-555ca42b9737'],
			] as const) {
				const answer = await api(method, path, {
					token: null,
					body: method === 'POST' ? createBody() : undefined,
				});
				expect(answer.status).toBe(401);
				expect(answer.json).toEqual(UNAUTHORIZED_BODY);
				expect(validateSchema('Unauthorized', answer.json)).toEqual([]);
			}
			const basic = await api('GET', '/v1/webhooks/endpoints', {
				token: null,
				headers: { authorization: 'Basic Zm9vOmJhcg==' },
			});
			expect(basic.status).toBe(401);
			expect(basic.json).toEqual(UNAUTHORIZED_BODY);
		});

		it('401 invalid_token for an unknown token', async () => {
			const answer = await api('GET', '/v1/webhooks/endpoints', { token: 'polar_oat_revoked' });
			expect(answer.status).toBe(401);
			expect(answer.json).toEqual(INVALID_TOKEN_BODY);
			expect(answer.json).toEqual({
				error: 'invalid_token',
				error_description:
					'The access token provided is expired, revoked, malformed, or invalid for other reasons.',
			});
			expect(answer.headers['www-authenticate']).toMatch(/invalid_token/);
		});

		it('403 insufficient_scope without the webhook scopes', async () => {
			const readOnlyWrite = await api('POST', '/v1/webhooks/endpoints', {
				token: READ_ONLY,
				body: createBody(),
			});
			expect(readOnlyWrite.status).toBe(403);
			expect(readOnlyWrite.json).toEqual(INSUFFICIENT_SCOPE_BODY);
			expect(readOnlyWrite.json).toEqual({
				error: 'insufficient_scope',
				error_description:
					'The request requires higher privileges than provided by the access token.',
			});
			expect((await api('GET', '/v1/webhooks/endpoints', { token: NO_SCOPES })).status).toBe(403);
			expect(
				(
					await api('DELETE', '/v1/webhooks/endpoints/1dbfc517-0bbf-4301-9ba8-555ca42b9737', {
						token: READ_ONLY,
					})
				).status,
			).toBe(403);
			expect(
				(
					await api('PATCH', '/v1/webhooks/endpoints/1dbfc517-0bbf-4301-9ba8-555ca42b9737/secret', {
						token: READ_ONLY,
					})
				).status,
			).toBe(403);
			// Reading works with webhooks:read, and (as the spec lists) with webhooks:write alone.
			expect((await api('GET', '/v1/webhooks/endpoints', { token: READ_ONLY })).status).toBe(200);
			expect((await api('GET', '/v1/webhooks/endpoints', { token: WRITE_ONLY })).status).toBe(200);
			expect((await api('GET', '/v1/webhooks/deliveries', { token: NO_SCOPES })).status).toBe(403);
		});

		it('records calls with the Authorization header redacted', async () => {
			polar.resetCalls();
			await api('POST', '/v1/webhooks/endpoints', { body: createBody() });
			const [call] = polar.calls;
			expect(call).toMatchObject({
				method: 'POST',
				path: '/v1/webhooks/endpoints',
				status: 201,
				body: createBody(),
			});
			expect(call?.headers.authorization).toBe('Bearer REDACTED');
			expect(call?.subject).toEqual({
				kind: 'organization',
				organizationId: DEFAULT_ORGANIZATION_ID,
			});
			expect(JSON.stringify(polar.calls)).not.toContain(DEFAULT_TOKEN);
		});
	});

	describe('routing and Polar-Version', () => {
		it('accepts Polar-Version 2026-10 and answers 404 for unknown versions', async () => {
			expect(
				(await api('GET', '/v1/webhooks/endpoints', { headers: { 'polar-version': '2026-10' } }))
					.status,
			).toBe(200);
			const unknown = await api('GET', '/v1/webhooks/endpoints', {
				headers: { 'polar-version': '2031-01' },
			});
			expect(unknown.status).toBe(404);
			expect(
				(await api('GET', '/v1/webhooks/endpoints', { headers: { 'polar-version': 'latest' } }))
					.status,
			).toBe(404);
		});

		it('404 for unknown paths, 405 for unknown methods', async () => {
			expect((await api('GET', '/v1/webhooks/nope')).status).toBe(404);
			expect((await api('GET', '/v1/webhooks/endpoints/')).status).toBe(404);
			const method = await api('PUT', '/v1/webhooks/endpoints', { body: createBody() });
			expect(method.status).toBe(405);
		});
	});

	describe('endpoints', () => {
		it('create -> get -> list -> patch -> delete, every answer matching the spec', async () => {
			const created = await api('POST', '/v1/webhooks/endpoints', { body: createBody() });
			expect(created.status).toBe(201);
			expect(validateSchema('WebhookEndpoint', created.json)).toEqual([]);
			const endpoint = created.json as Record<string, unknown>;
			expect(endpoint).toMatchObject({
				url: 'https://hooks.example.com/polar',
				name: 'n8n',
				format: 'raw',
				events: ['order.paid', 'subscription.updated'],
				enabled: true,
				organization_id: DEFAULT_ORGANIZATION_ID,
				modified_at: null,
				api_version: '2026-10',
				uses_standard_webhook_signature: true,
			});
			expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
			expect(Object.keys(endpoint)).toEqual([
				'created_at',
				'modified_at',
				'id',
				'url',
				'name',
				'format',
				'secret',
				'organization_id',
				'events',
				'enabled',
				'api_version',
				'uses_standard_webhook_signature',
			]);
			const id = endpoint.id as string;

			const got = await api('GET', `/v1/webhooks/endpoints/${id}`);
			expect(got.status).toBe(200);
			expect(got.json).toEqual(endpoint);

			const listed = await api('GET', '/v1/webhooks/endpoints');
			expect(listed.status).toBe(200);
			expect(validateSchema('ListResource_WebhookEndpoint_', listed.json)).toEqual([]);
			expect(listed.json).toEqual({
				items: [endpoint],
				pagination: { total_count: 1, max_page: 1 },
			});

			const patched = await api('PATCH', `/v1/webhooks/endpoints/${id}`, {
				body: {
					events: ['order.created'],
					enabled: false,
					name: null,
					url: 'https://hooks.example.com/other',
				},
			});
			expect(patched.status).toBe(200);
			expect(validateSchema('WebhookEndpoint', patched.json)).toEqual([]);
			expect(patched.json).toMatchObject({
				events: ['order.created'],
				enabled: false,
				name: null,
				url: 'https://hooks.example.com/other',
				secret: endpoint.secret,
			});
			expect((patched.json as { modified_at: string | null }).modified_at).not.toBeNull();

			const deleted = await api('DELETE', `/v1/webhooks/endpoints/${id}`);
			expect(deleted.status).toBe(204);
			expect(deleted.text).toBe('');
			const again = await api('DELETE', `/v1/webhooks/endpoints/${id}`);
			expect(again.status).toBe(404);
			expect(again.json).toEqual(NOT_FOUND_BODY);
			expect(validateSchema('ResourceNotFound', again.json)).toEqual([]);
			expect((await api('GET', `/v1/webhooks/endpoints/${id}`)).status).toBe(404);
		});

		it('stores and returns url normalised as Polar does (host lower-cased, default port dropped)', async () => {
			const created = await api('POST', '/v1/webhooks/endpoints', {
				body: createBody({ url: 'https://N8N.Example.com:443/webhook/AbC/webhook' }),
			});
			expect(created.status).toBe(201);
			const { id, url } = created.json as { id: string; url: string };
			expect(url).toBe('https://n8n.example.com/webhook/AbC/webhook');
			const patched = await api('PATCH', `/v1/webhooks/endpoints/${id}`, {
				body: { url: 'https://Hooks.EXAMPLE.org:443' },
			});
			expect((patched.json as { url: string }).url).toBe('https://hooks.example.org/');
			expect(polar.getEndpoint(id)?.url).toBe('https://hooks.example.org/');
		});

		it('PATCH accepts api_version (newer servers) and re-enabling', async () => {
			const { id } = polar.seedEndpoint({
				url: 'https://a.example.com',
				events: ['order.paid'],
				enabled: false,
			});
			const answer = await api('PATCH', `/v1/webhooks/endpoints/${id}`, {
				body: { enabled: true, api_version: '2026-10' },
			});
			expect(answer.status).toBe(200);
			expect(answer.json).toMatchObject({ enabled: true, api_version: '2026-10' });
			const bad = await api('PATCH', `/v1/webhooks/endpoints/${id}`, {
				body: { api_version: '1999-01' },
			});
			expect(bad.status).toBe(422);
		});

		it('404 for endpoints of another organization, and lists stay per organization', async () => {
			const mine = (await api('POST', '/v1/webhooks/endpoints', { body: createBody() })).json as {
				id: string;
			};
			const theirs = (
				await api('POST', '/v1/webhooks/endpoints', { token: OTHER, body: createBody() })
			).json as { id: string; organization_id: string };
			expect(theirs.organization_id).toBe(OTHER_ORG);
			for (const [method, path] of [
				['GET', `/v1/webhooks/endpoints/${theirs.id}`],
				['PATCH', `/v1/webhooks/endpoints/${theirs.id}`],
				['DELETE', `/v1/webhooks/endpoints/${theirs.id}`],
				['PATCH', `/v1/webhooks/endpoints/${theirs.id}/secret`],
			] as const) {
				const answer = await api(method, path, {
					body: method === 'PATCH' && !path.endsWith('secret') ? {} : undefined,
				});
				expect(answer.status).toBe(404);
				expect(answer.json).toEqual({ error: 'ResourceNotFound', detail: 'Not found' });
			}
			const list = (await api('GET', '/v1/webhooks/endpoints')).json as {
				items: Array<{ id: string }>;
			};
			expect(list.items.map((item) => item.id)).toEqual([mine.id]);
			const filtered = (await api('GET', `/v1/webhooks/endpoints?organization_id=${OTHER_ORG}`))
				.json as { items: unknown[] };
			expect(filtered.items).toEqual([]);
			expect(
				(await api('GET', '/v1/webhooks/endpoints/1dbfc517-0bbf-4301-9ba8-555ca42b9737')).status,
			).toBe(404);
		});

		it('422 for an endpoint id that is not a uuid4', async () => {
			const answer = await api('GET', '/v1/webhooks/endpoints/not-a-uuid');
			expect(answer.status).toBe(422);
			expect((answer.json as Detail).detail[0]).toMatchObject({
				type: 'uuid_parsing',
				loc: ['path', 'id'],
			});
			expect(validateSchema('HTTPValidationError', answer.json)).toEqual([]);
		});

		it('PATCH .../secret rotates to a standard secret', async () => {
			polar.nextSecretScheme('legacy-polar_whs');
			const created = (await api('POST', '/v1/webhooks/endpoints', { body: createBody() }))
				.json as {
				id: string;
				secret: string;
				uses_standard_webhook_signature: boolean;
			};
			expect(created.secret).toMatch(/^polar_whs_[A-Za-z0-9]{43}$/);
			expect(created.uses_standard_webhook_signature).toBe(false);
			const rotated = await api('PATCH', `/v1/webhooks/endpoints/${created.id}/secret`);
			expect(rotated.status).toBe(200);
			expect(validateSchema('WebhookEndpoint', rotated.json)).toEqual([]);
			const endpoint = rotated.json as { secret: string; uses_standard_webhook_signature: boolean };
			expect(endpoint.secret).not.toBe(created.secret);
			expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
			expect(Buffer.from(endpoint.secret.slice(6), 'base64')).toHaveLength(32);
			expect(endpoint.uses_standard_webhook_signature).toBe(true);
			expect(polar.getEndpoint(created.id)?.secret).toBe(endpoint.secret);
		});
	});

	describe('older servers', () => {
		it('omitNewerEndpointFields answers endpoints without api_version / uses_standard_webhook_signature', async () => {
			const local = await PolarStandIn.start({ omitNewerEndpointFields: true });
			try {
				const created = await request(local.url, 'POST', '/v1/webhooks/endpoints', {
					body: createBody(),
				});
				expect(created.status).toBe(201);
				expect(created.json).not.toHaveProperty('api_version');
				expect(created.json).not.toHaveProperty('uses_standard_webhook_signature');
				expect(validateSchema('WebhookEndpoint', created.json)).toEqual([]);
				const listed = (await request(local.url, 'GET', '/v1/webhooks/endpoints')).json as {
					items: object[];
				};
				expect(listed.items[0]).not.toHaveProperty('uses_standard_webhook_signature');
				expect(local.endpoints()[0]).toHaveProperty('uses_standard_webhook_signature', true);
			} finally {
				await local.close();
			}
		});
	});

	describe('secret schemes of new endpoints', () => {
		it.each([
			['standard', /^whsec_[A-Za-z0-9+/]{43}=$/, true],
			['legacy-polar_whs', /^polar_whs_[A-Za-z0-9]{43}$/, false],
			['legacy-whsec', /^whsec_[A-Za-z0-9_-]{43}$/, false],
		] as const)('%s', async (scheme, pattern, standard) => {
			const local = await PolarStandIn.start({ secretScheme: scheme });
			try {
				const answer = await request(local.url, 'POST', '/v1/webhooks/endpoints', {
					body: createBody(),
				});
				const endpoint = answer.json as {
					id: string;
					secret: string;
					uses_standard_webhook_signature: boolean;
				};
				expect(endpoint.secret).toMatch(pattern);
				expect(endpoint.uses_standard_webhook_signature).toBe(standard);
				expect(local.secretSchemeOf(endpoint.id)).toBe(scheme);
				expect(local.schemaViolations).toEqual([]);
			} finally {
				await local.close();
			}
		});

		it('nextSecretScheme applies to the next endpoint only', async () => {
			polar.nextSecretScheme('legacy-whsec');
			const first = (await api('POST', '/v1/webhooks/endpoints', { body: createBody() })).json as {
				uses_standard_webhook_signature: boolean;
			};
			const second = (await api('POST', '/v1/webhooks/endpoints', { body: createBody() })).json as {
				uses_standard_webhook_signature: boolean;
			};
			expect(first.uses_standard_webhook_signature).toBe(false);
			expect(second.uses_standard_webhook_signature).toBe(true);
		});
	});

	describe('422 validation (FastAPI shape)', () => {
		const create = async (body: unknown, token?: string): Promise<Detail['detail']> => {
			const answer = await api('POST', '/v1/webhooks/endpoints', { body, token });
			expect(answer.status).toBe(422);
			expect(validateSchema('HTTPValidationError', answer.json)).toEqual([]);
			return (answer.json as Detail).detail;
		};

		it('missing required fields', async () => {
			const detail = await create({ name: 'x' });
			expect(detail.map((item) => [item.type, item.loc.join('.'), item.msg])).toEqual([
				['missing', 'body.url', 'Field required'],
				['missing', 'body.format', 'Field required'],
				['missing', 'body.events', 'Field required'],
			]);
		});

		it('wrong types, bad formats and lengths', async () => {
			const detail = await create({ url: 42, format: 'raw', events: 'order.paid', name: 5 });
			expect(detail).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ type: 'string_type', loc: ['body', 'url'], input: 42 }),
					expect.objectContaining({ type: 'list_type', loc: ['body', 'events'] }),
					expect.objectContaining({ type: 'string_type', loc: ['body', 'name'] }),
				]),
			);
			expect((await create(createBody({ url: 'not a url' })))[0]).toMatchObject({
				type: 'url_parsing',
				loc: ['body', 'url'],
			});
			expect((await create(createBody({ url: '' })))[0]).toMatchObject({
				type: 'string_too_short',
			});
			expect(
				(await create(createBody({ url: `https://example.com/${'a'.repeat(2100)}` })))[0],
			).toMatchObject({ type: 'string_too_long' });
			expect((await create(createBody({ format: 'xml' })))[0]).toMatchObject({
				type: 'enum',
				loc: ['body', 'format'],
				msg: "Input should be 'raw', 'discord' or 'slack'",
			});
		});

		it('accepts subscription.migrated (the explicit extension of the 2026-10 document), answering within the spec', async () => {
			const created = await api('POST', '/v1/webhooks/endpoints', {
				body: createBody({ events: ['subscription.migrated', 'order.paid'] }),
			});
			expect(created.status).toBe(201);
			expect((created.json as { events: string[] }).events).toEqual([
				'subscription.migrated',
				'order.paid',
			]);
			const refused = await api('POST', '/v1/webhooks/endpoints', {
				body: createBody({ events: ['subscription.teleported'] }),
			});
			expect(refused.status).toBe(422);
		});

		it('an unknown event is an enum error at its index', async () => {
			const detail = await create(createBody({ events: ['order.paid', 'order.exploded'] }));
			expect(detail).toHaveLength(1);
			expect(detail[0]).toMatchObject({
				type: 'enum',
				loc: ['body', 'events', 1],
				input: 'order.exploded',
			});
			expect(detail[0]?.msg).toMatch(
				/^Input should be 'checkout.created', .*'organization.updated' or 'subscription.migrated'$/,
			);
		});

		it('the deprecated secret field and unknown fields are refused', async () => {
			const detail = await create(createBody({ secret: 'whsec_mine', colour: 'blue' }));
			expect(detail).toEqual([
				{
					type: 'extra_forbidden',
					loc: ['body', 'secret'],
					msg: 'Extra inputs are not permitted',
					input: 'whsec_mine',
				},
				{
					type: 'extra_forbidden',
					loc: ['body', 'colour'],
					msg: 'Extra inputs are not permitted',
					input: 'blue',
				},
			]);
			const patch = await api(
				'PATCH',
				`/v1/webhooks/endpoints/${polar.seedEndpoint({ url: 'https://a.example.com', events: [] }).id}`,
				{
					body: { secret: 'x' },
				},
			);
			expect(patch.status).toBe(422);
		});

		it('a body that is not JSON, missing, or not an object', async () => {
			const invalid = await api('POST', '/v1/webhooks/endpoints', { rawBody: '{"url": ' });
			expect(invalid.status).toBe(422);
			expect((invalid.json as Detail).detail[0]).toMatchObject({
				type: 'json_invalid',
				msg: 'JSON decode error',
			});
			const missing = await api('POST', '/v1/webhooks/endpoints');
			expect((missing.json as Detail).detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
			const array = await api('POST', '/v1/webhooks/endpoints', { body: [createBody()] });
			expect((array.json as Detail).detail[0]).toMatchObject({
				type: 'model_attributes_type',
				loc: ['body'],
			});
			expect(polar.endpoints()).toEqual([]);
		});

		it('organization_id: refused with an organization token, required with a personal token', async () => {
			const withOrg = await create(createBody({ organization_id: DEFAULT_ORGANIZATION_ID }));
			expect(withOrg[0]).toMatchObject({ loc: ['body', 'organization_id'] });
			// null is "not set"
			expect(
				(
					await api('POST', '/v1/webhooks/endpoints', {
						body: createBody({ organization_id: null }),
					})
				).status,
			).toBe(201);

			const personalMissing = await create(createBody(), PERSONAL);
			expect(personalMissing).toEqual([
				{
					type: 'missing',
					loc: ['body', 'organization_id'],
					msg: 'organization_id is required.',
					input: null,
				},
			]);
			const personalOther = await create(createBody({ organization_id: OTHER_ORG }), PERSONAL);
			expect(personalOther[0]).toMatchObject({ loc: ['body', 'organization_id'] });
			const badUuid = await create(createBody({ organization_id: 'acme' }), PERSONAL);
			expect(badUuid[0]).toMatchObject({ type: 'uuid_parsing', loc: ['body', 'organization_id'] });

			const ok = await api('POST', '/v1/webhooks/endpoints', {
				token: PERSONAL,
				body: createBody({ organization_id: DEFAULT_ORGANIZATION_ID }),
			});
			expect(ok.status).toBe(201);
			expect(ok.json).toMatchObject({ organization_id: DEFAULT_ORGANIZATION_ID });
		});

		it.each([
			'https://localhost/hook',
			'https://LOCALHOST:8443/hook',
			'https://api.localhost/hook',
			'https://127.0.0.1/hook',
			'https://127.1.2.3/hook',
			'https://0.0.0.0/hook',
			'https://[::1]/hook',
			'https://[::ffff:127.0.0.1]/hook',
			'https://10.1.2.3/hook',
			'https://172.16.0.1/hook',
			'https://172.31.255.255/hook',
			'https://192.168.1.10/hook',
			'https://169.254.169.254/latest/meta-data',
			'https://100.64.0.1/hook',
			'https://[fd00::1]/hook',
			'https://[fe80::1]/hook',
			'https://2130706433/hook',
			'http://localhost:5678/webhook/abc',
			'http://127.0.0.1:5678/webhook/abc',
		])('refuses %s', async (url) => {
			const detail = await create(createBody({ url }));
			expect(detail).toEqual([
				expect.objectContaining({
					type: 'value_error',
					loc: ['body', 'url'],
					msg: LOCAL_URL_MESSAGE,
				}),
			]);
		});

		it('refuses plain http to public hosts and non-http schemes', async () => {
			expect(
				(await create(createBody({ url: 'http://hooks.example.com/polar' })))[0],
			).toMatchObject({ type: 'url_scheme', loc: ['body', 'url'] });
			expect((await create(createBody({ url: 'ftp://hooks.example.com/polar' })))[0]).toMatchObject(
				{ type: 'url_scheme' },
			);
			const patch = await api(
				'PATCH',
				`/v1/webhooks/endpoints/${polar.seedEndpoint({ url: 'https://a.example.com', events: [] }).id}`,
				{
					body: { url: 'https://192.168.0.2/x' },
				},
			);
			expect(patch.status).toBe(422);
			expect((patch.json as Detail).detail[0]?.msg).toBe(LOCAL_URL_MESSAGE);
		});

		it('accepts https to public hosts and IPs, and does not refuse duplicates', async () => {
			for (const url of [
				'https://hooks.example.com/polar',
				'https://8.8.8.8/hook',
				'https://[2606:4700::1111]/hook',
				'https://hooks.example.com/polar',
			]) {
				expect(
					(await api('POST', '/v1/webhooks/endpoints', { body: createBody({ url }) })).status,
				).toBe(201);
			}
			expect(polar.endpoints()).toHaveLength(4);
		});
	});

	describe('allowLoopbackUrls', () => {
		it('lets http/https loopback URLs through, nothing else', async () => {
			const local = await PolarStandIn.start({ allowLoopbackUrls: true });
			try {
				for (const url of [
					'http://localhost:5678/webhook/x',
					'http://127.0.0.1:5678/webhook/x',
					'http://[::1]:5678/w',
					'https://localhost/w',
				]) {
					const answer = await request(local.url, 'POST', '/v1/webhooks/endpoints', {
						body: createBody({ url }),
					});
					expect(answer.status).toBe(201);
				}
				for (const url of [
					'http://10.0.0.5:5678/w',
					'http://0.0.0.0:5678/w',
					'http://192.168.1.2/w',
				]) {
					const answer = await request(local.url, 'POST', '/v1/webhooks/endpoints', {
						body: createBody({ url }),
					});
					expect(answer.status).toBe(422);
					expect((answer.json as Detail).detail[0]?.msg).toBe(LOCAL_URL_MESSAGE);
				}
				const http = await request(local.url, 'POST', '/v1/webhooks/endpoints', {
					body: createBody({ url: 'http://example.com/w' }),
				});
				expect(http.status).toBe(422);
			} finally {
				await local.close();
			}
		});

		it('URL rule helpers', () => {
			expect(isNonPublicHost('8.8.8.8')).toBe(false);
			expect(isNonPublicHost('example.com')).toBe(false);
			expect(isNonPublicHost('198.51.100.7')).toBe(true);
			expect(
				checkWebhookUrl('http://10.0.0.1/x', ['body', 'url'], { allowPrivateUrls: true }),
			).toEqual([]);
			expect(
				checkWebhookUrl('http://127.0.0.1/x', ['body', 'url'], { allowLoopbackUrls: true }),
			).toEqual([]);
		});
	});

	describe('pagination', () => {
		it('page/limit, limit default 10 and clamped to 100', async () => {
			for (let i = 0; i < 23; i++)
				polar.seedEndpoint({
					url: `https://h${i}.example.com`,
					events: ['order.paid'],
					name: `e${i}`,
				});
			const first = (await api('GET', '/v1/webhooks/endpoints')).json as {
				items: Array<{ name: string }>;
				pagination: unknown;
			};
			expect(first.items).toHaveLength(10);
			expect(first.pagination).toEqual({ total_count: 23, max_page: 3 });
			const third = (await api('GET', '/v1/webhooks/endpoints?page=3&limit=10')).json as {
				items: Array<{ name: string }>;
			};
			expect(third.items.map((item) => item.name)).toEqual(['e20', 'e21', 'e22']);
			const beyond = (await api('GET', '/v1/webhooks/endpoints?page=9')).json as {
				items: unknown[];
				pagination: unknown;
			};
			expect(beyond).toEqual({ items: [], pagination: { total_count: 23, max_page: 3 } });
			const clamped = (await api('GET', '/v1/webhooks/endpoints?limit=500')).json as {
				items: unknown[];
				pagination: unknown;
			};
			expect(clamped.items).toHaveLength(23);
			expect(clamped.pagination).toEqual({ total_count: 23, max_page: 1 });
			const seven = (await api('GET', '/v1/webhooks/endpoints?limit=7&page=2')).json as {
				items: Array<{ name: string }>;
				pagination: unknown;
			};
			expect(seven.items.map((item) => item.name)).toEqual([
				'e7',
				'e8',
				'e9',
				'e10',
				'e11',
				'e12',
				'e13',
			]);
			expect(seven.pagination).toEqual({ total_count: 23, max_page: 4 });
		});

		it('an empty list has max_page 0', async () => {
			expect((await api('GET', '/v1/webhooks/endpoints')).json).toEqual({
				items: [],
				pagination: { total_count: 0, max_page: 0 },
			});
		});

		it('422 for bad page/limit/organization_id', async () => {
			const zero = await api('GET', '/v1/webhooks/endpoints?limit=0');
			expect(zero.status).toBe(422);
			expect((zero.json as Detail).detail[0]).toMatchObject({
				type: 'greater_than',
				loc: ['query', 'limit'],
			});
			const text = await api('GET', '/v1/webhooks/endpoints?page=two');
			expect((text.json as Detail).detail[0]).toMatchObject({
				type: 'int_parsing',
				loc: ['query', 'page'],
			});
			const org = await api('GET', '/v1/webhooks/endpoints?organization_id=acme');
			expect((org.json as Detail).detail[0]).toMatchObject({
				type: 'uuid_parsing',
				loc: ['query', 'organization_id'],
			});
		});
	});

	describe('429 rate limit', () => {
		it('answers 429 with an empty body and retry-after once over the limit, per organization', async () => {
			const local = await PolarStandIn.start({ rateLimitPerMinute: 3 });
			local.addToken(OTHER, {
				kind: 'organization',
				organizationId: OTHER_ORG,
				scopes: ['webhooks:read'],
			});
			try {
				for (let i = 0; i < 3; i++)
					expect((await request(local.url, 'GET', '/v1/webhooks/endpoints')).status).toBe(200);
				const limited = await request(local.url, 'GET', '/v1/webhooks/endpoints');
				expect(limited.status).toBe(429);
				expect(limited.text).toBe('');
				const retryAfter = Number(limited.headers['retry-after']);
				expect(retryAfter).toBeGreaterThanOrEqual(1);
				expect(retryAfter).toBeLessThanOrEqual(60);
				expect(
					(await request(local.url, 'GET', '/v1/webhooks/endpoints', { token: OTHER })).status,
				).toBe(200);
				expect(local.calls.map((call) => call.status)).toEqual([200, 200, 200, 429, 200]);
			} finally {
				await local.close();
			}
		});

		it('the window resets', async () => {
			const local = await PolarStandIn.start({ rateLimitPerMinute: 1, rateLimitWindowMs: 150 });
			try {
				expect((await request(local.url, 'GET', '/v1/webhooks/endpoints')).status).toBe(200);
				expect((await request(local.url, 'GET', '/v1/webhooks/endpoints')).status).toBe(429);
				await new Promise((resolve) => setTimeout(resolve, 200));
				expect((await request(local.url, 'GET', '/v1/webhooks/endpoints')).status).toBe(200);
			} finally {
				await local.close();
			}
		});
	});

	describe('fault injection', () => {
		it('answers once with the given status/body/headers, then normally', async () => {
			polar.failNext(
				{ method: 'GET', path: '/v1/webhooks/endpoints' },
				{ status: 503, body: { detail: 'maintenance' }, headers: { 'retry-after': '2' } },
			);
			const failed = await api('GET', '/v1/webhooks/endpoints');
			expect(failed.status).toBe(503);
			expect(failed.json).toEqual({ detail: 'maintenance' });
			expect(failed.headers['retry-after']).toBe('2');
			expect((await api('GET', '/v1/webhooks/endpoints')).status).toBe(200);
		});

		it('matches by method and RegExp path; rawBody answers', async () => {
			polar.failNext(
				{ method: 'DELETE', path: /^\/v1\/webhooks\/endpoints\/[^/]+$/ },
				{
					status: 502,
					rawBody: '<html>Bad Gateway</html>',
					headers: { 'content-type': 'text/html' },
				},
			);
			const { id } = polar.seedEndpoint({ url: 'https://a.example.com', events: [] });
			expect((await api('GET', `/v1/webhooks/endpoints/${id}`)).status).toBe(200);
			const failed = await api('DELETE', `/v1/webhooks/endpoints/${id}`);
			expect(failed.status).toBe(502);
			expect(failed.text).toBe('<html>Bad Gateway</html>');
			expect(failed.headers['content-type']).toBe('text/html');
			expect(polar.getEndpoint(id)).toBeDefined();
		});

		it('destroySocket drops the connection', async () => {
			polar.failNext({ path: '/v1/webhooks/endpoints' }, { destroySocket: true });
			await expect(api('GET', '/v1/webhooks/endpoints')).rejects.toThrow();
			expect((await api('GET', '/v1/webhooks/endpoints')).status).toBe(200);
		});

		it('delayMs alone only slows the answer down', async () => {
			polar.failNext({ method: 'GET' }, { delayMs: 120 });
			const started = Date.now();
			const answer = await api('GET', '/v1/webhooks/endpoints');
			expect(answer.status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(100);
		});

		it('afterApplying: the endpoint is created but the answer is lost', async () => {
			polar.failNext(
				{ method: 'POST', path: '/v1/webhooks/endpoints' },
				{ status: 504, rawBody: 'Gateway Timeout', afterApplying: true },
			);
			const answer = await api('POST', '/v1/webhooks/endpoints', { body: createBody() });
			expect(answer.status).toBe(504);
			expect(polar.endpoints()).toHaveLength(1);
			expect(polar.endpoints()[0]).toMatchObject({ url: 'https://hooks.example.com/polar' });

			polar.failNext({ method: 'POST' }, { destroySocket: true, afterApplying: true });
			await expect(api('POST', '/v1/webhooks/endpoints', { body: createBody() })).rejects.toThrow();
			expect(polar.endpoints()).toHaveLength(2);
		});

		it('afterApplying with useCreatedIdOnly / mapBody reshapes the real answer', async () => {
			polar.failNext({ method: 'POST' }, { afterApplying: true, useCreatedIdOnly: true });
			const idOnly = await api('POST', '/v1/webhooks/endpoints', { body: createBody() });
			expect(idOnly.status).toBe(201);
			expect(idOnly.json).toEqual({ id: polar.endpoints()[0]?.id });

			polar.failNext(
				{ method: 'GET' },
				{
					afterApplying: true,
					status: 200,
					mapBody: (body) => ({ ...(body as object), items: [] }),
				},
			);
			const mapped = await api('GET', '/v1/webhooks/endpoints');
			expect(mapped.json).toEqual({ items: [], pagination: { total_count: 1, max_page: 1 } });
		});
	});

	describe('response validation', () => {
		it('notices answers that break the spec (here: drift set by a test)', async () => {
			const { id } = polar.seedEndpoint({ url: 'https://a.example.com', events: ['order.paid'] });
			polar.setEndpoint(id, { format: 'xml' });
			await api('GET', `/v1/webhooks/endpoints/${id}`);
			expect(polar.schemaViolations).toEqual([
				expect.stringMatching(
					/^GET \/v1\/webhooks\/endpoints\/.* 200 WebhookEndpoint: \/format must be equal to one of the allowed values/,
				),
			]);
			polar.schemaViolations.length = 0;
		});
	});

	describe('direct mutations (drift)', () => {
		it('deleteEndpointBehindTheBack, disableEndpoint, rotateSecret, setEndpoint', async () => {
			const created = (await api('POST', '/v1/webhooks/endpoints', { body: createBody() }))
				.json as { id: string; secret: string };
			expect(polar.disableEndpoint(created.id)?.enabled).toBe(false);
			expect(
				((await api('GET', `/v1/webhooks/endpoints/${created.id}`)).json as { enabled: boolean })
					.enabled,
			).toBe(false);
			const rotated = polar.rotateSecret(created.id, 'legacy-polar_whs');
			expect(rotated?.secret).toMatch(/^polar_whs_/);
			expect(rotated?.uses_standard_webhook_signature).toBe(false);
			polar.setEndpoint(created.id, {
				events: ['order.created'],
				url: 'https://moved.example.com',
			});
			expect((await api('GET', `/v1/webhooks/endpoints/${created.id}`)).json).toMatchObject({
				events: ['order.created'],
				url: 'https://moved.example.com',
			});
			expect(polar.deleteEndpointBehindTheBack(created.id)).toBe(true);
			expect((await api('GET', `/v1/webhooks/endpoints/${created.id}`)).status).toBe(404);
			expect(polar.getEndpoint(created.id)).toBeUndefined();
		});
	});
});
