import { operationAt, operationScopes } from '../../tools/polar-stand-in/openapi';
import {
	ACTION_OPERATIONS,
	SERVED_OPERATIONS,
	WEBHOOK_OPERATIONS,
	matchRoute,
} from '../../tools/polar-stand-in/routes';
import { MUST_SET_SCOPES } from '../../tools/polar-stand-in/server';

/** The action node's must set of Polar operations, plus organization lookup. */
const MUST_SET = [
	'POST /v1/customers/',
	'GET /v1/customers/{id}',
	'GET /v1/customers/external/{external_id}',
	'GET /v1/customers/',
	'PATCH /v1/customers/{id}',
	'PATCH /v1/customers/external/{external_id}',
	'GET /v1/customers/{id}/state',
	'GET /v1/customers/external/{external_id}/state',
	'POST /v1/customer-sessions/',
	'GET /v1/subscriptions/{id}',
	'GET /v1/subscriptions/',
	'PATCH /v1/subscriptions/{id}',
	'DELETE /v1/subscriptions/{id}',
	'GET /v1/orders/{id}',
	'GET /v1/orders/',
	'GET /v1/orders/{id}/invoice',
	'POST /v1/orders/{id}/invoice',
	'POST /v1/refunds/',
	'POST /v1/checkouts/',
	'GET /v1/checkouts/{id}',
	'POST /v1/checkout-links/',
	'GET /v1/products/{id}',
	'GET /v1/products/',
	'GET /v1/benefit-grants/',
	'POST /v1/license-keys/validate',
	'POST /v1/license-keys/activate',
	'POST /v1/license-keys/deactivate',
	'POST /v1/events/ingest',
	'GET /v1/customer-meters/',
	'GET /v1/organizations/',
];

describe('the operations the stand-in serves (SERVED_OPERATIONS)', () => {
	it('are all in the OpenAPI document with the same method, path and operationId', () => {
		for (const operation of SERVED_OPERATIONS) {
			const documented = operationAt(operation.path, operation.method);
			expect({ ...operation, documented: documented?.operationId }).toEqual({
				...operation,
				documented: operation.operationId,
			});
		}
	});

	it('are the webhook routes and the whole must set of the action node, each once', () => {
		const served = SERVED_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
		expect(new Set(served).size).toBe(served.length);
		expect(
			ACTION_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`).sort(),
		).toEqual([...MUST_SET].sort());
		expect(SERVED_OPERATIONS).toHaveLength(WEBHOOK_OPERATIONS.length + MUST_SET.length);
	});

	it('each have organization-token scopes in the document, and MUST_SET_SCOPES grants every one', () => {
		for (const operation of SERVED_OPERATIONS) {
			const scopes = operationScopes(operation.path, operation.method);
			expect(scopes.length).toBeGreaterThan(0);
			expect(scopes.some((scope) => MUST_SET_SCOPES.includes(scope))).toBe(true);
		}
	});
});

describe('matching request paths to operations', () => {
	it('finds the template, the path parameters and the operation of the method', () => {
		expect(matchRoute('GET', '/v1/customers/external/usr_1/state')).toMatchObject({
			template: '/v1/customers/external/{external_id}/state',
			params: { external_id: 'usr_1' },
			operation: { operationId: 'customers:get_state_external' },
		});
		expect(matchRoute('PATCH', '/v1/subscriptions/abc')).toMatchObject({
			template: '/v1/subscriptions/{id}',
			methods: ['GET', 'PATCH', 'DELETE'],
			operation: { operationId: 'subscriptions:update' },
		});
	});

	it('decodes parameters, and (as Polar) an encoded slash separates segments', () => {
		expect(matchRoute('GET', '/v1/customers/external/a%20b%40c')?.params).toEqual({
			external_id: 'a b@c',
		});
		expect(matchRoute('GET', '/v1/customers/external/team%2F42')).toBeUndefined();
	});

	it('has no operation for an unserved method, and no match without the trailing slash', () => {
		expect(matchRoute('PUT', '/v1/customers/')).toMatchObject({ operation: undefined });
		expect(matchRoute('GET', '/v1/customers')).toBeUndefined();
		expect(matchRoute('GET', '/v1/discounts/')).toBeUndefined();
	});
});
