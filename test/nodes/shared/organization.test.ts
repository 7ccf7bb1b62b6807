/**
 * Polar's organization_id rules in one place (nodes/shared/organization.ts): never with an organization
 * token, required with a personal one, and for license keys the field, the credential, or the token's own
 * organization looked up from Polar.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { licenseKeyOrganizationId, organizationIdToSend } from '../../../nodes/shared/organization';
import type { PolarConnection } from '../../../nodes/shared/transport';
import { polarConnection, tokenKind } from '../../../nodes/shared/transport';
import { N8nTrigger } from '../../../tools/n8nTrigger';
import { DEFAULT_ORGANIZATION_ID, PolarStandIn } from '../../../tools/polar-stand-in/server';

const node = { getNode: () => ({ name: 'Polar', type: 'polar' }) } as unknown as IHookFunctions;
const connection = (kind: PolarConnection['tokenKind'], organizationId?: string) =>
	({ tokenKind: kind, organizationId }) as PolarConnection;

describe('which token is which', () => {
	it.each([
		['polar_oat_abc', 'organization'],
		[' polar_oat_abc ', 'organization'],
		['polar_pat_abc', 'personal'],
		['something_else', 'unknown'],
		[undefined, 'unknown'],
	])('%j is %s', (token, kind) => {
		expect(tokenKind(token)).toBe(kind);
	});
});

describe('organization_id in bodies and queries', () => {
	it('is never sent with an organization token, even if the credential has one', () => {
		expect(organizationIdToSend(node, connection('organization', DEFAULT_ORGANIZATION_ID))).toBe(
			undefined,
		);
	});

	it("is the credential's with a personal token", () => {
		expect(organizationIdToSend(node, connection('personal', 'org-1'))).toBe('org-1');
	});

	it('is required with a personal token, with an error naming the fix', () => {
		expect(() => organizationIdToSend(node, connection('personal'))).toThrow(NodeOperationError);
		expect(() => organizationIdToSend(node, connection('personal'))).toThrow(
			'Polar needs an organization ID for this token',
		);
	});

	it("is the credential's, if any, for a token of unknown kind (Polar judges)", () => {
		expect(organizationIdToSend(node, connection('unknown', 'org-2'))).toBe('org-2');
		expect(organizationIdToSend(node, connection('unknown'))).toBe(undefined);
	});
});

describe('the organization of license-key calls', () => {
	let polar: PolarStandIn;
	beforeAll(async () => {
		polar = await PolarStandIn.start();
	});
	afterAll(async () => await polar.close());
	beforeEach(() => polar.reset());

	async function resolve(accessToken: string, fromOperation?: string, organizationId = '') {
		const n8n = new N8nTrigger({
			credentials: { accessToken, environment: 'custom', baseUrl: polar.url, organizationId },
		});
		return await n8n.withHookContext(async (context: IHookFunctions) =>
			licenseKeyOrganizationId(context, await polarConnection(context), fromOperation),
		);
	}

	function token(name: string, scopes: string[]): string {
		polar.addToken(name, { kind: 'organization', organizationId: DEFAULT_ORGANIZATION_ID, scopes });
		return name;
	}

	it("takes the operation's field first, without asking Polar", async () => {
		expect(
			await resolve(token('polar_oat_lk', ['license_keys:write']), ' org-field ', 'org-cred'),
		).toBe('org-field');
		expect(polar.calls).toHaveLength(0);
	});

	it("then the credential's", async () => {
		expect(await resolve(token('polar_oat_lk', ['license_keys:write']), '', 'org-cred')).toBe(
			'org-cred',
		);
		expect(polar.calls).toHaveLength(0);
	});

	it("then the token's own organization, from GET /v1/organizations/", async () => {
		const accessToken = token('polar_oat_lk_org', ['license_keys:write', 'organizations:read']);
		expect(await resolve(accessToken)).toBe(DEFAULT_ORGANIZATION_ID);
		expect(polar.calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
			'GET /v1/organizations/ 200',
		]);
	});

	it('without organizations:read, the error says which scope or field fixes it', async () => {
		const error = await resolve(token('polar_oat_lk', ['license_keys:write'])).catch(
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).description).toMatch(/organizations:read/);
		expect((error as NodeApiError).description).toMatch(/Organization ID/);
	});
});
