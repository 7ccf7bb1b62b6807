import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { endpointApiError } from '../../../nodes/PolarTrigger/endpoints';

const node: INode = {
	id: 'node-1',
	name: 'Polar Trigger',
	type: 'n8n-nodes-polar-billing.polarTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const webhookUrl = 'http://localhost:5678/webhook/abc/webhook';

function errorFor(statusCode: number, body: unknown, headers: Record<string, string> = {}) {
	const error = endpointApiError(
		{ getNode: () => node },
		'webhookEndpoint.create',
		{ statusCode, body, headers },
		webhookUrl,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	return { message: error.message, description: error.description ?? '', httpCode: error.httpCode };
}

describe('an endpoint call Polar refused gives an error that names the fix', () => {
	it('401: token invalid or of the other environment', () => {
		const error = errorFor(401, {
			error: 'invalid_token',
			error_description:
				'The access token provided is expired, revoked, malformed, or invalid for other reasons.',
		});
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe(
			'Polar rejected the access token while trying to register the webhook endpoint',
		);
		expect(error.description).toMatch(/other environment/);
		expect(error.description).toMatch(/Sandbox tokens only work with Sandbox/);
		expect(error.description).toContain('expired, revoked, malformed');
	});

	it('403: missing webhook scopes', () => {
		const error = errorFor(403, {
			error: 'insufficient_scope',
			error_description: 'The request requires higher privileges.',
		});
		expect(error.message).toMatch(/not allowed/);
		expect(error.description).toContain('webhooks:write');
		expect(error.description).toContain('Organization Access Token');
	});

	it('422 on the URL: public HTTPS, N8N_WEBHOOK_URL, tunnel', () => {
		const error = errorFor(422, {
			detail: [
				{
					type: 'value_error',
					loc: ['body', 'url'],
					msg: 'Webhook URLs cannot point to localhost or private IP addresses.',
					input: webhookUrl,
				},
			],
		});
		expect(error.message).toBe(`Polar refused the webhook URL ${webhookUrl}`);
		expect(error.description).toContain('N8N_WEBHOOK_URL');
		expect(error.description).toMatch(/public https/i);
		expect(error.description).toMatch(/tunnel/);
	});

	it('422 on the URL scheme (not https)', () => {
		const error = errorFor(422, {
			detail: [
				{
					type: 'url_scheme',
					loc: ['body', 'url'],
					msg: "URL scheme should be 'https'",
					input: 'http://x',
				},
			],
		});
		expect(error.description).toContain('N8N_WEBHOOK_URL');
	});

	it('422: organization_id required with a personal token', () => {
		const error = errorFor(422, {
			detail: [
				{
					type: 'missing',
					loc: ['body', 'organization_id'],
					msg: 'organization_id is required.',
					input: null,
				},
			],
		});
		expect(error.message).toBe('Polar needs an organization ID for this token');
		expect(error.description).toContain('Organization ID');
	});

	it('422: organization_id sent with an organization token', () => {
		const error = errorFor(422, {
			detail: [
				{
					type: 'organization_token',
					loc: ['body', 'organization_id'],
					msg: 'Setting organization_id is disallowed when using an organization token.',
					input: 'x',
				},
			],
		});
		expect(error.message).toBe('Remove the organization ID from the Polar API credential');
	});

	it('422: an event type this Polar does not know', () => {
		const error = errorFor(422, {
			detail: [
				{
					type: 'enum',
					loc: ['body', 'events', 3],
					msg: "Input should be 'checkout.created', …",
					input: 'member.created',
				},
			],
		});
		expect(error.message).toBe('Polar does not accept one of the selected events');
		expect(error.description).toMatch(/Deselect/);
	});

	it('429: rate limit, with the wait Polar asked for', () => {
		const error = errorFor(429, '', { 'retry-after': '42' });
		expect(error.message).toMatch(/rate limit/);
		expect(error.description).toContain('42 seconds');
	});

	it.each([500, 502, 503])('%i: Polar-side trouble, try again', (status) => {
		const error = errorFor(status, '<html>Bad gateway</html>');
		expect(error.message).toContain(`server error (${status})`);
		expect(error.description).toMatch(/again/);
	});

	it('never repeats a token or secret that an answer might echo', () => {
		const error = errorFor(422, {
			detail: [
				{
					type: 'x',
					loc: ['body', 'name'],
					msg: 'bad value polar_oat_abcDEF123 and whsec_c2VjcmV0',
					input: 'x',
				},
			],
		});
		expect(`${error.message} ${error.description}`).not.toMatch(
			/polar_oat_abcDEF123|whsec_c2VjcmV0/,
		);
	});
});
