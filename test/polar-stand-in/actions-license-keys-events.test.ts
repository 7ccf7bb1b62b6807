import { validateSchema } from '../../tools/polar-stand-in/openapi';
import { DEFAULT_ORGANIZATION_ID, NOT_FOUND_BODY } from '../../tools/polar-stand-in/server';
import { OTHER_ORG, UNKNOWN_ID, useStandIn, validationDetail } from './action-helpers';

type Key = {
	id: string;
	key: string;
	customer_id: string;
	benefit_id: string;
	[field: string]: unknown;
};

describe('license keys', () => {
	const context = useStandIn();
	const organization_id = DEFAULT_ORGANIZATION_ID;
	const addKey = (input: Record<string, unknown> = {}): Key =>
		context.polar.actions.licenseKeys.add(input) as Key;
	const post = (what: 'validate' | 'activate' | 'deactivate', body: Record<string, unknown>) =>
		context.call('POST', `/v1/license-keys/${what}`, { body });

	describe('validate', () => {
		it('200 ValidatedLicenseKey; each validation counts, increment_usage adds usage', async () => {
			const key = addKey();
			const answer = await post('validate', { key: key.key, organization_id, increment_usage: 2 });
			expect(answer.status).toBe(200);
			expect(validateSchema('ValidatedLicenseKey', answer.json)).toEqual([]);
			expect(answer.json).toMatchObject({
				id: key.id,
				status: 'granted',
				validations: 1,
				usage: 2,
				activation: null,
				customer: { id: key.customer_id },
			});
			expect(
				(answer.json as { last_validated_at: string | null }).last_validated_at,
			).not.toBeNull();
			expect(context.polar.actions.licenseKeys.get(key.id)).toMatchObject({
				validations: 1,
				usage: 2,
			});
		});

		it('404 with the reason: revoked/disabled, expired, other benefit or customer; 404 Not found for unknown keys', async () => {
			const expectReason = async (body: Record<string, unknown>, detail: string) => {
				const answer = await post('validate', { organization_id, ...body });
				expect(answer.status).toBe(404);
				expect(answer.json).toEqual({ error: 'ResourceNotFound', detail });
			};
			await expectReason(
				{ key: addKey({ status: 'revoked' }).key },
				'License key is no longer active.',
			);
			await expectReason(
				{ key: addKey({ status: 'disabled' }).key },
				'License key is no longer active.',
			);
			await expectReason(
				{ key: addKey({ expires_at: '2020-01-01T00:00:00Z' }).key },
				'License key has expired.',
			);
			const key = addKey();
			await expectReason(
				{ key: key.key, benefit_id: UNKNOWN_ID },
				'License key does not match given benefit.',
			);
			await expectReason(
				{ key: key.key, customer_id: UNKNOWN_ID },
				'License key does not match given user.',
			);
			await expectReason({ key: 'ACME-NOPE' }, 'Not found');
		});

		it('the organization is required with every token, and a key of another organization is not found', async () => {
			const key = addKey();
			expect(validationDetail(await post('validate', { key: key.key }))).toEqual([
				{
					type: 'missing',
					loc: ['body', 'organization_id'],
					msg: 'Field required',
					input: { key: key.key },
				},
			]);
			const other = await post('validate', { key: key.key, organization_id: OTHER_ORG });
			expect(other.status).toBe(404);
			expect(other.json).toEqual(NOT_FOUND_BODY);
		});

		it('400 "License key only has N more usages." past the usage limit', async () => {
			const key = addKey({ limit_usage: 5, usage: 4 });
			const answer = await post('validate', { key: key.key, organization_id, increment_usage: 2 });
			expect(answer.status).toBe(400);
			expect(answer.json).toEqual({
				error: 'BadRequest',
				detail: 'License key only has 1 more usages.',
			});
			expect(
				(await post('validate', { key: key.key, organization_id, increment_usage: 1 })).status,
			).toBe(200);
		});

		it('with an activation: its conditions must match ("License key does not match required conditions")', async () => {
			const key = addKey();
			const activation = (
				await post('activate', {
					key: key.key,
					organization_id,
					label: 'laptop',
					conditions: { major: 2 },
				})
			).json as { id: string };
			const matching = await post('validate', {
				key: key.key,
				organization_id,
				activation_id: activation.id,
				conditions: { major: 2 },
			});
			expect(matching.status).toBe(200);
			expect(matching.json).toMatchObject({ activation: { id: activation.id, label: 'laptop' } });
			const other = await post('validate', {
				key: key.key,
				organization_id,
				activation_id: activation.id,
				conditions: { major: 3 },
			});
			expect(other.json).toEqual({
				error: 'ResourceNotFound',
				detail: 'License key does not match required conditions',
			});
			expect(
				(await post('validate', { key: key.key, organization_id, activation_id: UNKNOWN_ID }))
					.status,
			).toBe(404);
		});
	});

	describe('activate and deactivate', () => {
		it('activations up to the limit, then 403 NotPermitted; deactivating frees a place (204)', async () => {
			const key = addKey({ limit_activations: 2 });
			const ids: string[] = [];
			for (const label of ['laptop', 'desktop']) {
				const answer = await post('activate', {
					key: key.key,
					organization_id,
					label,
					meta: { os: 'linux' },
				});
				expect(answer.status).toBe(200);
				expect(validateSchema('LicenseKeyActivationRead', answer.json)).toEqual([]);
				expect(answer.json).toMatchObject({
					label,
					meta: { os: 'linux' },
					license_key: { id: key.id },
				});
				ids.push((answer.json as { id: string }).id);
			}
			const full = await post('activate', { key: key.key, organization_id, label: 'tablet' });
			expect(full.status).toBe(403);
			expect(full.json).toEqual({
				error: 'NotPermitted',
				detail: 'License key activation limit already reached',
			});
			const deactivated = await post('deactivate', {
				key: key.key,
				organization_id,
				activation_id: ids[0],
			});
			expect(deactivated.status).toBe(204);
			expect(deactivated.text).toBe('');
			expect(
				(await post('deactivate', { key: key.key, organization_id, activation_id: ids[0] })).status,
			).toBe(404);
			expect(
				(await post('activate', { key: key.key, organization_id, label: 'tablet' })).status,
			).toBe(200);
			expect(
				(context.polar.actions.licenseKeys.get(key.id) as { activations: unknown[] }).activations,
			).toHaveLength(2);
		});

		it('403 NotPermitted for keys without activations, revoked and expired keys', async () => {
			const refused = async (input: Record<string, unknown>, detail: string) => {
				const answer = await post('activate', {
					key: addKey(input).key,
					organization_id,
					label: 'x',
				});
				expect(answer.status).toBe(403);
				expect(answer.json).toEqual({ error: 'NotPermitted', detail });
			};
			await refused(
				{ limit_activations: null },
				'This license key does not support activations. Use the /validate endpoint instead to check license validity.',
			);
			await refused(
				{ status: 'revoked' },
				'License key is no longer active. This license key can not be activated.',
			);
			await refused({ expires_at: '2020-01-01T00:00:00Z' }, 'License key has expired.');
		});

		it('422 for a missing label or activation_id', async () => {
			const key = addKey();
			expect(
				validationDetail(await post('activate', { key: key.key, organization_id }))[0],
			).toMatchObject({
				type: 'missing',
				loc: ['body', 'label'],
			});
			expect(
				validationDetail(await post('deactivate', { key: key.key, organization_id }))[0],
			).toMatchObject({
				type: 'missing',
				loc: ['body', 'activation_id'],
			});
		});
	});
});

describe('event ingest', () => {
	const context = useStandIn();
	const PERSONAL = 'polar_pat_events';
	beforeAll(() => {
		context.polar.addToken(PERSONAL, {
			kind: 'personal',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['events:write'],
		});
	});
	const ingest = (events: unknown[], token?: string) =>
		context.call('POST', '/v1/events/ingest', { body: { events }, ...(token ? { token } : {}) });

	it('{inserted, duplicates}: external_id de-duplicates across calls and within a batch', async () => {
		const customer = context.polar.actions.customers.list()[0] as {
			id: string;
			external_id: string;
		};
		const first = await ingest([
			{
				name: 'api_call',
				customer_id: customer.id,
				external_id: 'evt_1',
				metadata: { tokens: 12 },
			},
			{ name: 'api_call', external_customer_id: customer.external_id, external_id: 'evt_2' },
			{ name: 'signup', external_customer_id: 'usr_not_yet_a_customer' },
		]);
		expect(first.status).toBe(200);
		expect(validateSchema('EventsIngestResponse', first.json)).toEqual([]);
		expect(first.json).toEqual({ inserted: 3, duplicates: 0 });
		const again = await ingest([
			{ name: 'api_call', customer_id: customer.id, external_id: 'evt_1' },
			{ name: 'api_call', customer_id: customer.id, external_id: 'evt_3' },
			{ name: 'api_call', customer_id: customer.id, external_id: 'evt_3' },
		]);
		expect(again.json).toEqual({ inserted: 1, duplicates: 2 });
		const stored = context.polar.actions.events.list();
		expect(stored).toHaveLength(4);
		expect(stored[0]).toMatchObject({
			name: 'api_call',
			customer_id: customer.id,
			external_id: 'evt_1',
			metadata: { tokens: 12 },
			organization_id: DEFAULT_ORGANIZATION_ID,
		});
	});

	it('422 per event: unknown customer, organization_id with an organization token, missing with a personal token', async () => {
		expect(validationDetail(await ingest([{ name: 'a', customer_id: UNKNOWN_ID }]))).toEqual([
			{
				type: 'customer_id',
				msg: 'Customer not found.',
				loc: ['body', 'events', 0, 'customer_id'],
				input: UNKNOWN_ID,
			},
		]);
		expect(
			validationDetail(
				await ingest([
					{ name: 'a', external_customer_id: 'x' },
					{ name: 'b', external_customer_id: 'x', organization_id: DEFAULT_ORGANIZATION_ID },
				]),
			),
		).toEqual([
			expect.objectContaining({
				type: 'organization_token',
				loc: ['body', 'events', 1, 'organization_id'],
			}),
		]);
		expect(
			validationDetail(await ingest([{ name: 'a', external_customer_id: 'x' }], PERSONAL)),
		).toEqual([
			{
				type: 'missing',
				msg: 'organization_id is required.',
				loc: ['body', 'events', 0, 'organization_id'],
				input: null,
			},
		]);
		const ok = await ingest(
			[{ name: 'a', external_customer_id: 'x', organization_id: DEFAULT_ORGANIZATION_ID }],
			PERSONAL,
		);
		expect(ok.json).toEqual({ inserted: 1, duplicates: 0 });
		expect(context.polar.actions.events.list()).toHaveLength(1);
	});

	it('422 for events that fit neither variant, a bad timestamp, and an unknown parent', async () => {
		const detail = validationDetail(await ingest([{ name: 'a' }]));
		expect(detail.map((item) => item.loc.join('.'))).toEqual([
			'body.events.0.customer_id',
			'body.events.0.external_customer_id',
		]);
		expect(
			validationDetail(
				await ingest([{ name: 'a', external_customer_id: 'x', timestamp: 'yesterday' }]),
			)[0],
		).toMatchObject({ loc: ['body', 'events', 0, 'timestamp'] });
		expect(
			validationDetail(
				await ingest([{ name: 'a', external_customer_id: 'x', parent_id: 'evt_nope' }]),
			),
		).toEqual([
			{
				type: 'parent_id',
				msg: 'Parent event not found.',
				loc: ['body', 'events', 0, 'parent_id'],
				input: 'evt_nope',
			},
		]);
		const withParent = await ingest([
			{ name: 'root', external_customer_id: 'x', external_id: 'evt_root' },
			{ name: 'child', external_customer_id: 'x', parent_id: 'evt_root' },
		]);
		expect(withParent.json).toEqual({ inserted: 2, duplicates: 0 });
	});
});
