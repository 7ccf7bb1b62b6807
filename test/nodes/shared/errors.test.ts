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

describe('polarApiError tells Polar’s refusals apart', () => {
	const context = {
		action: 'cancel the subscription',
		scopes: 'subscriptions:write',
		retry: 'run the node again',
		resource: { name: 'subscription', id: '5b2c6f0e-6a34-4a57-9d5e-6b6a1d7d1c11' },
		fieldLabels: { email: 'Email', amount: 'Amount (Cents)' },
	};
	const answer = (statusCode: number, body: unknown, headers: Record<string, string> = {}) =>
		polarApiError(node, { statusCode, body, headers }, context);

	it('a business 403 quotes Polar, not a scope', () => {
		const error = answer(403, {
			error: 'AlreadyCanceledSubscription',
			detail: 'This subscription is already canceled.',
		});
		expect(error.message).toBe(
			'Polar refused to cancel the subscription: This subscription is already canceled.',
		);
		expect(error.description).toContain('AlreadyCanceledSubscription');
		expect(error.description).not.toMatch(/lacks a scope/);
		expect(error.description).toContain('No other token or scope changes this');
	});

	it('an insufficient_scope 403 names the scopes that would work', () => {
		const error = polarApiError(
			node,
			{
				statusCode: 403,
				body: { error: 'insufficient_scope' },
				headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="orders:read"' },
			},
			{ ...context, scopes: '' },
		);
		expect(error.description).toContain('lacks a scope this needs: orders:read.');
		expect(
			polarApiError(
				node,
				{
					statusCode: 403,
					body: { error: 'insufficient_scope' },
					headers: {
						'www-authenticate':
							'Bearer error="insufficient_scope", scope="customers:read customers:write"',
					},
				},
				{ ...context, scopes: '' },
			).description,
		).toContain(
			'customers:read or customers:write. Create an Organization Access Token in Polar (Settings > Developers) with one of them',
		);
	});

	it('a 404 of a record names it and its ID, and the environment', () => {
		const error = answer(404, { error: 'ResourceNotFound', detail: 'Not found' });
		expect(error.message).toBe(
			'Polar has no subscription with the ID "5b2c6f0e-6a34-4a57-9d5e-6b6a1d7d1c11"',
		);
		expect(error.description).toMatch(/Sandbox and Production are separate/);
	});

	it('a 404 of an unknown route is about the Base URL, not the record', () => {
		const error = answer(404, { detail: 'Not Found' });
		expect(error.message).toMatch(/no such Polar API route/);
		expect(error.description).toMatch(/Base URL/);
	});

	it('a 409 gives the state conflict and Polar’s reason', () => {
		const error = answer(409, { error: 'SubscriptionLocked', detail: 'Subscription is locked.' });
		expect(error.message).toBe(
			"Polar refused to cancel the subscription in the subscription's current state",
		);
		expect(error.description).toContain('SubscriptionLocked');
		expect(error.description).toContain('Subscription is locked.');
	});

	it('a 422 names the field by its n8n label', () => {
		const error = answer(422, {
			error: 'RequestValidationError',
			detail: [
				{
					type: 'value_error',
					loc: ['body', 'email'],
					msg: 'A customer with this email address already exists.',
				},
			],
		});
		expect(error.message).toBe(
			'Polar refused a field to cancel the subscription: Email: A customer with this email address already exists.',
		);
	});
});

describe('Polar’s business rules on other statuses read like its business 403s', () => {
	const context = {
		action: 'activate the license key',
		scopes: 'license_keys:write',
		retry: 'run the node again',
	};
	it.each([
		[400, 'BadRequest', 'License key only has 2 more usages.'],
		[404, 'RefundUnknownPayment', 'No payment found for this order.'],
		[410, 'ResourceUnavailable', 'The subscription has ended.'],
	])('%i %s', (statusCode, error, detail) => {
		const refused = polarApiError(
			node,
			{ statusCode, body: { error, detail }, headers: {} },
			context,
		);
		expect(refused.message).toBe(`Polar refused to activate the license key: ${detail}`);
		expect(refused.httpCode).toBe(String(statusCode));
		expect(refused.description).toContain(error);
	});

	it('a 404 ResourceNotFound stays a missing record', () => {
		const missing = polarApiError(
			node,
			{ statusCode: 404, body: { error: 'ResourceNotFound', detail: 'Not found' }, headers: {} },
			{ ...context, resource: { name: 'license key' } },
		);
		expect(missing.message).toBe('Polar has no license key');
	});
});
