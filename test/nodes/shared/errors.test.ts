import type { INode } from 'n8n-workflow';

import { polarApiError, redactSecrets } from '../../../nodes/shared/errors';

const node: INode = {
	id: 'node-1',
	name: 'Polar Trigger',
	type: 'n8n-nodes-polar-billing.polarTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
describe('polarApiError knows nothing of webhooks: the caller names scopes, retry and its own fields', () => {
	const context = { action: 'list orders', scopes: 'orders:read', retry: 'run the workflow again' };

	it('403 names the scopes the caller needs', () => {
		const error = polarApiError(
			node,
			{ statusCode: 403, body: { error: 'insufficient_scope' }, headers: {} },
			context,
		);
		expect(error.description).toContain('lacks a scope this needs: orders:read.');
		expect(error.description).not.toContain('webhooks');
	});

	it("5xx and 429 tell the caller's way to try again", () => {
		expect(
			polarApiError(node, { statusCode: 503, body: '', headers: {} }, context).description,
		).toContain('run the workflow again in a minute');
		expect(
			polarApiError(node, { statusCode: 429, body: '', headers: { 'retry-after': '7' } }, context)
				.description,
		).toContain('Run the workflow again in 7 seconds');
	});

	it("a 422 on a url field is only a refusal of the request without the caller's own reading", () => {
		const body = {
			detail: [
				{
					type: 'value_error',
					loc: ['body', 'url'],
					msg: 'Webhook URLs cannot point to localhost.',
				},
			],
		};
		const error = polarApiError(node, { statusCode: 422, body, headers: {} }, context);
		expect(error.message).toBe('Polar refused the request to list orders');
		expect(error.description).not.toContain('N8N_WEBHOOK_URL');
	});

	it('a 422 on organization_id is read the same for every caller', () => {
		const body = {
			detail: [
				{ type: 'missing', loc: ['body', 'organization_id'], msg: 'organization_id is required.' },
			],
		};
		expect(polarApiError(node, { statusCode: 422, body, headers: {} }, context).message).toBe(
			'Polar needs an organization ID for this token',
		);
	});
});

describe('redactSecrets', () => {
	it.each([
		'polar_oat_0123456789abcdefABCDEF',
		'polar_pat_0123456789abcdef',
		'polar_whs_0123456789abcdef0123456789abcdef0123456',
		'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+c2VjcmV0Zm9yZXZlcg==',
	])('hides %s', (secret) => {
		expect(redactSecrets(`token ${secret} here`)).toBe('token [redacted] here');
	});
});
