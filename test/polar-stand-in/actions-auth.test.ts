import { operationScopes } from '../../tools/polar-stand-in/openapi';
import { ACTION_OPERATIONS } from '../../tools/polar-stand-in/routes';
import {
	ACTION_TOKEN,
	DEFAULT_ORGANIZATION_ID,
	DEFAULT_TOKEN,
	INSUFFICIENT_SCOPE_BODY,
	INVALID_TOKEN_BODY,
	PolarStandIn,
	UNAUTHORIZED_BODY,
} from '../../tools/polar-stand-in/server';
import { UNKNOWN_ID, useStandIn, validationDetail } from './action-helpers';
import { request } from './test-helpers';

/** A concrete path of an operation (IDs nobody has, so nothing changes). */
function concrete(path: string): string {
	return path.replace('{id}', UNKNOWN_ID).replace('{external_id}', 'usr_nobody');
}

function token(scopes: string[]): string {
	return `polar_oat_${scopes.join('_').replace(/[^a-z_]/g, '_') || 'none'}`;
}

describe('action routes: authentication and scopes', () => {
	const context = useStandIn();
	const scopeSets = [
		['openid'],
		...ACTION_OPERATIONS.flatMap((op) =>
			operationScopes(op.path, op.method).map((scope) => [scope]),
		),
	];
	beforeAll(() => {
		for (const scopes of scopeSets)
			context.polar.addToken(token(scopes), {
				kind: 'organization',
				organizationId: DEFAULT_ORGANIZATION_ID,
				scopes,
			});
	});

	it.each(ACTION_OPERATIONS.map((op) => [`${op.method} ${op.path}`, op] as const))(
		'%s: 401 without a token or with an unknown one',
		async (_name, operation) => {
			const path = concrete(operation.path);
			const missing = await context.call(operation.method, path, { token: null, body: {} });
			expect(missing.status).toBe(401);
			expect(missing.json).toEqual(UNAUTHORIZED_BODY);
			expect(missing.headers['www-authenticate']).toBe('Bearer');
			const unknown = await context.call(operation.method, path, {
				token: 'polar_oat_revoked',
				body: {},
			});
			expect(unknown.status).toBe(401);
			expect(unknown.json).toEqual(INVALID_TOKEN_BODY);
		},
	);

	it.each(ACTION_OPERATIONS.map((op) => [`${op.method} ${op.path}`, op] as const))(
		"%s: 403 insufficient_scope naming the operation's scopes; any ONE of them is enough",
		async (_name, operation) => {
			const path = concrete(operation.path);
			const scopes = operationScopes(operation.path, operation.method);
			const refused = await context.call(operation.method, path, {
				token: token(['openid']),
				body: {},
			});
			expect(refused.status).toBe(403);
			expect(refused.json).toEqual(INSUFFICIENT_SCOPE_BODY);
			expect(refused.headers['www-authenticate']).toBe(
				`Bearer error="insufficient_scope", scope="${scopes.join(' ')}"`,
			);
			for (const scope of scopes) {
				const answer = await context.call(operation.method, path, {
					token: token([scope]),
					body: {},
				});
				expect([scope, answer.status, answer.json]).not.toEqual([
					scope,
					403,
					INSUFFICIENT_SCOPE_BODY,
				]);
			}
		},
	);

	it('orders:write does not grant reading orders; the trigger token has no action scope', async () => {
		context.polar.addToken('polar_oat_orders_write', {
			kind: 'organization',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['orders:write'],
		});
		const orders = await context.call('GET', '/v1/orders/', { token: 'polar_oat_orders_write' });
		expect(orders.status).toBe(403);
		expect(orders.headers['www-authenticate']).toBe(
			'Bearer error="insufficient_scope", scope="orders:read"',
		);
		expect((await context.call('GET', '/v1/customers/', { token: DEFAULT_TOKEN })).status).toBe(
			403,
		);
		expect(
			(await context.call('GET', '/v1/webhooks/endpoints', { token: ACTION_TOKEN })).status,
		).toBe(200);
	});

	it('404 for an unknown Polar-Version, 405 for an unserved method, 404 without the trailing slash', async () => {
		const version = await context.call('GET', '/v1/customers/', {
			headers: { 'polar-version': '2031-01' },
		});
		expect(version.status).toBe(404);
		expect(version.json).toEqual({ detail: 'Not Found' });
		const method = await context.call('PUT', '/v1/customers/');
		expect(method.status).toBe(405);
		expect(method.headers.allow).toBe('GET, POST');
		expect((await context.call('GET', '/v1/customers')).status).toBe(404);
	});
});

describe('action routes: rate limit', () => {
	it('429 with an empty body and Retry-After once over the limit, per organization', async () => {
		const polar = await PolarStandIn.start({ rateLimitPerMinute: 2 });
		try {
			const call = (path: string) => request(polar.url, 'GET', path, { token: ACTION_TOKEN });
			expect((await call('/v1/customers/')).status).toBe(200);
			expect((await call('/v1/orders/')).status).toBe(200);
			const limited = await call('/v1/products/');
			expect(limited.status).toBe(429);
			expect(limited.text).toBe('');
			expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
			expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
			const refusedPost = await request(polar.url, 'POST', '/v1/events/ingest', {
				token: ACTION_TOKEN,
				body: { events: [{ name: 'api_call', external_customer_id: 'usr_1000' }] },
			});
			expect(refusedPost.status).toBe(429);
			expect(polar.actions.events.list()).toEqual([]);
		} finally {
			await polar.close();
		}
	});
});

describe('action routes: faults', () => {
	const context = useStandIn();

	it('a one-shot fault answers instead of the route, then the route answers again', async () => {
		context.polar.failNext(
			{ method: 'GET', path: '/v1/customers/' },
			{ status: 503, body: { detail: 'maintenance' }, headers: { 'retry-after': '3' } },
		);
		const failed = await context.call('GET', '/v1/customers/');
		expect(failed.status).toBe(503);
		expect(failed.headers['retry-after']).toBe('3');
		expect((await context.call('GET', '/v1/customers/')).status).toBe(200);
	});

	it('afterApplying: the customer is created although the answer is lost', async () => {
		const before = context.polar.actions.customers.list().length;
		context.polar.failNext(
			{ method: 'POST', path: /^\/v1\/customers\/$/ },
			{ status: 504, rawBody: 'Gateway Timeout', afterApplying: true },
		);
		const lost = await context.call('POST', '/v1/customers/', {
			body: { email: 'lost@example.com' },
		});
		expect(lost.status).toBe(504);
		expect(context.polar.actions.customers.list()).toHaveLength(before + 1);
		const retried = await context.call('POST', '/v1/customers/', {
			body: { email: 'lost@example.com' },
		});
		expect(validationDetail(retried)[0]).toMatchObject({
			msg: 'A customer with this email address already exists.',
		});
	});
});
