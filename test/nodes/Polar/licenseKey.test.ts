/**
 * License Key: Validate, Activate and Deactivate against the stand-in. An invalid key is an answer
 * (`valid: false` with Polar's reason), not a failure; the organization these calls need is looked up once
 * per run when neither the operation nor the credential gives it.
 */
import {
	DEFAULT_ORGANIZATION_ID,
	NO_SCOPE_TOKEN,
	credentials,
	nodeError,
	request,
	runNode,
	useStandIn,
} from './polarNode';

const polar = useStandIn();

type Key = {
	id: string;
	key: string;
	status: string;
	expires_at: string | null;
	limit_usage: number | null;
	usage: number;
	limit_activations: number | null;
	activations: Array<{ id: string }>;
	customer_id: string;
};

/** Seeded keys: granted with 3 activations, revoked, expired, usage-limited (4 of 5 used). */
function keys() {
	const all = polar.actions.licenseKeys.list() as Key[];
	return {
		active: all.find(
			(key) =>
				key.status === 'granted' && key.limit_activations !== null && key.expires_at === null,
		)!,
		revoked: all.find((key) => key.status === 'revoked')!,
		expired: all.find((key) => key.expires_at !== null)!,
		limited: all.find((key) => key.limit_usage !== null)!,
	};
}

const validate = (key: string, options: object = {}) => ({
	resource: 'licenseKey',
	operation: 'validate',
	key,
	options,
});

describe('License Key › Validate', () => {
	it('a valid key: looks the organization up once, then validates; valid true with the key', async () => {
		const { active } = keys();
		const { calls, items } = await runNode(polar, validate(`  ${active.key}\n`));
		expect(calls.map(request)).toEqual([
			{ method: 'GET', path: '/v1/organizations/', query: { limit: '2' }, body: undefined },
			{
				method: 'POST',
				path: '/v1/license-keys/validate',
				query: {},
				body: { key: active.key, organization_id: DEFAULT_ORGANIZATION_ID },
			},
		]);
		expect(items[0].json).toMatchObject({
			valid: true,
			reason: null,
			id: active.id,
			status: 'granted',
			customer_id: active.customer_id,
		});
	});

	it('invalid keys are items with valid false and Polar’s reason, never errors', async () => {
		const { revoked, expired, limited } = keys();
		const { items } = await runNode(polar, validate('={{ $json.key }}', { increment_usage: 2 }), [
			{ key: revoked.key },
			{ key: expired.key },
			{ key: limited.key },
			{ key: 'POLAR-NOT-A-KEY' },
		]);
		expect(items).toEqual([
			{
				json: { valid: false, reason: 'License key is no longer active.' },
				pairedItem: { item: 0 },
			},
			{ json: { valid: false, reason: 'License key has expired.' }, pairedItem: { item: 1 } },
			{
				json: { valid: false, reason: 'License key only has 1 more usages.' },
				pairedItem: { item: 2 },
			},
			{ json: { valid: false, reason: 'Not found' }, pairedItem: { item: 3 } },
		]);
	});

	it('four items, one organization lookup; with the ID in the operation or credential, none', async () => {
		const { active } = keys();
		const four = await runNode(polar, validate(active.key), [{}, {}, {}, {}]);
		expect(four.calls.filter((call) => call.path === '/v1/organizations/')).toHaveLength(1);

		const given = await runNode(
			polar,
			validate(active.key, { organizationId: DEFAULT_ORGANIZATION_ID }),
		);
		expect(given.calls.map((call) => call.path)).toEqual(['/v1/license-keys/validate']);

		const fromCredential = await runNode(polar, validate(active.key), [{}], {
			credentials: { ...credentials(polar), organizationId: DEFAULT_ORGANIZATION_ID },
		});
		expect(fromCredential.calls.map((call) => call.path)).toEqual(['/v1/license-keys/validate']);
	});

	it('checks conditions and activation: a mismatch is valid false with the reason', async () => {
		const key = polar.actions.licenseKeys.add({ limit_activations: 3 }) as unknown as Key;
		const machine = (value: string) => ({
			entries: [{ key: 'machine', type: 'string', value }],
		});
		const activated = await runNode(polar, {
			resource: 'licenseKey',
			operation: 'activate',
			key: key.key,
			label: 'Laptop',
			options: { organizationId: DEFAULT_ORGANIZATION_ID, conditions: machine('abc') },
		});
		const activationId = activated.items[0].json.activation_id as string;
		const options = { organizationId: DEFAULT_ORGANIZATION_ID, activation_id: activationId };

		const same = await runNode(
			polar,
			validate(key.key, { ...options, conditions: machine('abc') }),
		);
		expect(same.calls[0].body).toMatchObject({
			activation_id: activationId,
			conditions: { machine: 'abc' },
		});
		expect(same.items[0].json).toMatchObject({ valid: true, activation_id: activationId });

		const other = await runNode(
			polar,
			validate(key.key, { ...options, conditions: machine('xyz') }),
		);
		expect(other.items[0].json).toEqual({
			valid: false,
			reason: 'License key does not match required conditions',
		});
	});

	it('a token without the scope is still an error, naming the scope', async () => {
		const { active } = keys();
		const { error } = await nodeError(
			polar,
			validate(active.key, { organizationId: DEFAULT_ORGANIZATION_ID }),
			[{}],
			{ accessToken: NO_SCOPE_TOKEN },
		);
		expect(error.httpCode).toBe('403');
		expect(error.description).toContain('license_keys:write');
	});

	it('a token that cannot read the organization says to fill in the Organization ID', async () => {
		const { active } = keys();
		const { error } = await nodeError(polar, validate(active.key), [{}], {
			accessToken: NO_SCOPE_TOKEN,
		});
		expect(error.message).toBe(
			'The Polar access token is not allowed to look up the organization of the token',
		);
		expect(error.description).toContain('organizations:read (or fill in Organization ID');
	});
});

describe('License Key › Activate and Deactivate', () => {
	it('activate sends key, organization, label and typed data; Simplified gives the activation ID', async () => {
		const key = polar.actions.licenseKeys.add({ limit_activations: 2 }) as unknown as Key;
		const { calls, items } = await runNode(polar, {
			resource: 'licenseKey',
			operation: 'activate',
			key: key.key,
			label: "Jane's MacBook",
			options: {
				organizationId: DEFAULT_ORGANIZATION_ID,
				meta: { entries: [{ key: 'os', type: 'string', value: 'macOS' }] },
			},
		});
		expect(calls.map(request)).toEqual([
			{
				method: 'POST',
				path: '/v1/license-keys/activate',
				query: {},
				body: {
					key: key.key,
					organization_id: DEFAULT_ORGANIZATION_ID,
					label: "Jane's MacBook",
					meta: { os: 'macOS' },
				},
			},
		]);
		expect(items[0].json).toMatchObject({
			activation_id: expect.any(String),
			label: "Jane's MacBook",
			meta: { os: 'macOS' },
			license_key_id: key.id,
			limit_activations: 2,
		});
	});

	it('beyond the activation limit: Polar’s NotPermitted, as a business refusal', async () => {
		const key = polar.actions.licenseKeys.add({ limit_activations: 1 }) as unknown as Key;
		const parameters = {
			resource: 'licenseKey',
			operation: 'activate',
			key: key.key,
			label: 'One',
			options: { organizationId: DEFAULT_ORGANIZATION_ID },
		};
		await runNode(polar, parameters);
		const { error } = await nodeError(polar, parameters);
		expect(error.message).toBe(
			'Polar refused to activate the license key: License key activation limit already reached',
		);
		expect(error.description).toContain('NotPermitted');
	});

	it('deactivate frees the activation (204), then an unknown activation is a 404', async () => {
		const key = polar.actions.licenseKeys.add({ limit_activations: 2 }) as unknown as Key;
		const activated = await runNode(polar, {
			resource: 'licenseKey',
			operation: 'activate',
			key: key.key,
			label: 'Phone',
			options: { organizationId: DEFAULT_ORGANIZATION_ID },
		});
		const activationId = activated.items[0].json.activation_id as string;
		const deactivate = {
			resource: 'licenseKey',
			operation: 'deactivate',
			key: key.key,
			activationId,
			options: { organizationId: DEFAULT_ORGANIZATION_ID },
		};
		const { calls, items } = await runNode(polar, deactivate);
		expect(calls.map(request)).toEqual([
			{
				method: 'POST',
				path: '/v1/license-keys/deactivate',
				query: {},
				body: {
					key: key.key,
					organization_id: DEFAULT_ORGANIZATION_ID,
					activation_id: activationId,
				},
			},
		]);
		expect(calls[0].status).toBe(204);
		expect(items).toEqual([
			{ json: { deactivated: true, activation_id: activationId }, pairedItem: { item: 0 } },
		]);
		const { error } = await nodeError(polar, deactivate);
		expect(error.message).toBe('Polar has no license key activation');
	});
});
