/**
 * The Polar API credential's test, run as n8n's credential dialog runs it (test/helpers/credentialTester.ts):
 * any valid token of the environment passes, whatever its scopes; a rejected token, a token of the other
 * environment and an address where no Polar API answers fail with a message naming the fix.
 */

import { serve } from '../helpers/throwawayServer';
import { PolarBillingApi } from '../../credentials/PolarBillingApi.credentials';
import { polarBaseUrl } from '../../nodes/shared/transport';
import { DEFAULT_ORGANIZATION_ID, PolarStandIn } from '../../tools/polar-stand-in/server';
import { testPolarCredential } from '../helpers/credentialTester';

let polar: PolarStandIn;
let otherPolar: PolarStandIn;
beforeAll(async () => {
	polar = await PolarStandIn.start();
	otherPolar = await PolarStandIn.start();
});
afterAll(async () => {
	await polar.close();
	await otherPolar.close();
});
beforeEach(() => {
	polar.reset();
	otherPolar.reset();
});

function token(name: string, scopes: string[], on: PolarStandIn = polar): string {
	on.addToken(name, { kind: 'organization', organizationId: DEFAULT_ORGANIZATION_ID, scopes });
	return name;
}

const custom = (accessToken: string, baseUrl = polar.url) => ({
	accessToken,
	environment: 'custom',
	baseUrl,
});

describe('the credential test passes for any valid token of the environment', () => {
	it.each([
		['an action-only token (customers:read)', ['customers:read']],
		['a trigger-only token (webhooks:read, webhooks:write)', ['webhooks:read', 'webhooks:write']],
		['a token that may read the organization', ['organizations:read']],
		['a token with no scope at all', []],
	])('%s', async (_, scopes) => {
		const accessToken = token(`polar_oat_${scopes.join('_') || 'none'}`, scopes);
		expect(await testPolarCredential(custom(accessToken))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(polar.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'GET /v1/organizations/',
		]);
	});

	it('with a Base URL typed with /v1/ and spaces', async () => {
		const accessToken = token('polar_oat_actions', ['orders:read']);
		expect((await testPolarCredential(custom(accessToken, ` ${polar.url}/v1/ `))).status).toBe(
			'OK',
		);
	});
});

describe('the credential test fails readably', () => {
	const rejected = /Polar rejected the Access Token.*other Environment/;
	const notPolar = /No Polar API answered at this address/;

	it('for an invalid or revoked token', async () => {
		const result = await testPolarCredential(custom('polar_oat_revoked'));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(rejected);
		expect(result.message).not.toContain('polar_oat_revoked');
	});

	it('for a token of the other environment', async () => {
		const sandboxToken = token('polar_oat_fromTheOtherPolar', ['customers:read'], otherPolar);
		expect((await testPolarCredential(custom(sandboxToken, otherPolar.url))).status).toBe('OK');
		const result = await testPolarCredential(custom(sandboxToken));
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(rejected) });
	});

	it('for a Base URL where nothing listens', async () => {
		const closed = await serve(() => undefined);
		await closed.close();
		const result = await testPolarCredential(custom(token('polar_oat_a', []), closed.url));
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	it('for a Base URL with a path Polar does not have', async () => {
		const result = await testPolarCredential(custom(token('polar_oat_b', []), `${polar.url}/api`));
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(notPolar) });
	});

	it.each([
		['a web page', 200, 'text/html', '<!doctype html><title>Polar</title>'],
		["a proxy's 404 page", 404, 'text/html', '<html><body>404 Not Found</body></html>'],
		['plain text', 502, 'text/plain', 'Bad Gateway'],
		['an empty answer', 200, 'text/plain', ''],
	])('for a Base URL answering %s', async (_, status, type, text) => {
		const other = await serve((res) => res.writeHead(status, { 'content-type': type }).end(text));
		try {
			const result = await testPolarCredential(custom(token('polar_oat_c', []), other.url));
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(notPolar) });
		} finally {
			await other.close();
		}
	});
});

describe("the credential test's base URL is polarBaseUrl's", () => {
	// The credential test's baseURL is an n8n expression; its JavaScript, evaluated as n8n would.
	const expression = String(new PolarBillingApi().test.request.baseURL)
		.replace(/^=\{\{/, '')
		.replace(/\}\}$/, '');
	const credentialTestBaseUrl = new Function('$credentials', `return (${expression});`) as (
		credentials: object,
	) => string;

	it.each<Record<string, string>>([
		{ environment: 'production' },
		{ environment: 'sandbox' },
		{ environment: 'custom', baseUrl: 'https://polar.example.com' },
		{ environment: 'custom', baseUrl: '  https://polar.example.com/v1/ ' },
		{ environment: 'custom', baseUrl: 'https://polar.example.com//v1//' },
		{ environment: 'custom', baseUrl: 'https://polar.example.com/api/V1' },
		{ environment: 'custom', baseUrl: 'http://127.0.0.1:8080/' },
	])('for %j', (credentials) => {
		expect(credentialTestBaseUrl(credentials)).toBe(polarBaseUrl(credentials));
	});
});
