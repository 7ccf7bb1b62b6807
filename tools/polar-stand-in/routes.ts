/**
 * Every operation the stand-in serves, by method and OpenAPI path template, and the matching of request
 * paths against them (test/polar-stand-in/routes.test.ts checks each one against Polar's document).
 */

export interface ServedOperation {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** The OpenAPI path template, e.g. `/v1/customers/{id}`. */
	path: string;
	operationId: string;
}

/** The webhook-endpoint API the trigger uses. */
export const WEBHOOK_OPERATIONS = [
	{ method: 'GET', path: '/v1/webhooks/endpoints', operationId: 'webhooks:list_webhook_endpoints' },
	{
		method: 'POST',
		path: '/v1/webhooks/endpoints',
		operationId: 'webhooks:create_webhook_endpoint',
	},
	{
		method: 'GET',
		path: '/v1/webhooks/endpoints/{id}',
		operationId: 'webhooks:get_webhook_endpoint',
	},
	{
		method: 'PATCH',
		path: '/v1/webhooks/endpoints/{id}',
		operationId: 'webhooks:update_webhook_endpoint',
	},
	{
		method: 'DELETE',
		path: '/v1/webhooks/endpoints/{id}',
		operationId: 'webhooks:delete_webhook_endpoint',
	},
	{
		method: 'PATCH',
		path: '/v1/webhooks/endpoints/{id}/secret',
		operationId: 'webhooks:reset_webhook_endpoint_secret',
	},
	{
		method: 'GET',
		path: '/v1/webhooks/deliveries',
		operationId: 'webhooks:list_webhook_deliveries',
	},
	{
		method: 'POST',
		path: '/v1/webhooks/events/{id}/redeliver',
		operationId: 'webhooks:redeliver_webhook_event',
	},
] as const satisfies readonly ServedOperation[];

/** The organization API the action node needs most (its must set), and organization lookup. */
export const ACTION_OPERATIONS = [
	{ method: 'GET', path: '/v1/customers/', operationId: 'customers:list' },
	{ method: 'POST', path: '/v1/customers/', operationId: 'customers:create' },
	{ method: 'GET', path: '/v1/customers/{id}', operationId: 'customers:get' },
	{ method: 'PATCH', path: '/v1/customers/{id}', operationId: 'customers:update' },
	{
		method: 'GET',
		path: '/v1/customers/external/{external_id}',
		operationId: 'customers:get_external',
	},
	{
		method: 'PATCH',
		path: '/v1/customers/external/{external_id}',
		operationId: 'customers:update_external',
	},
	{ method: 'GET', path: '/v1/customers/{id}/state', operationId: 'customers:get_state' },
	{
		method: 'GET',
		path: '/v1/customers/external/{external_id}/state',
		operationId: 'customers:get_state_external',
	},
	{ method: 'POST', path: '/v1/customer-sessions/', operationId: 'customer-sessions:create' },
	{ method: 'GET', path: '/v1/subscriptions/', operationId: 'subscriptions:list' },
	{ method: 'GET', path: '/v1/subscriptions/{id}', operationId: 'subscriptions:get' },
	{ method: 'PATCH', path: '/v1/subscriptions/{id}', operationId: 'subscriptions:update' },
	{ method: 'DELETE', path: '/v1/subscriptions/{id}', operationId: 'subscriptions:revoke' },
	{ method: 'GET', path: '/v1/orders/', operationId: 'orders:list' },
	{ method: 'GET', path: '/v1/orders/{id}', operationId: 'orders:get' },
	{ method: 'GET', path: '/v1/orders/{id}/invoice', operationId: 'orders:invoice' },
	{ method: 'POST', path: '/v1/orders/{id}/invoice', operationId: 'orders:generate_invoice' },
	{ method: 'POST', path: '/v1/refunds/', operationId: 'refunds:create' },
	{ method: 'POST', path: '/v1/checkouts/', operationId: 'checkouts:create' },
	{ method: 'GET', path: '/v1/checkouts/{id}', operationId: 'checkouts:get' },
	{ method: 'POST', path: '/v1/checkout-links/', operationId: 'checkout-links:create' },
	{ method: 'GET', path: '/v1/products/', operationId: 'products:list' },
	{ method: 'GET', path: '/v1/products/{id}', operationId: 'products:get' },
	{ method: 'GET', path: '/v1/benefit-grants/', operationId: 'benefit-grants:list' },
	{ method: 'POST', path: '/v1/license-keys/validate', operationId: 'license_keys:validate' },
	{ method: 'POST', path: '/v1/license-keys/activate', operationId: 'license_keys:activate' },
	{ method: 'POST', path: '/v1/license-keys/deactivate', operationId: 'license_keys:deactivate' },
	{ method: 'POST', path: '/v1/events/ingest', operationId: 'events:ingest' },
	{ method: 'GET', path: '/v1/customer-meters/', operationId: 'customer_meters:list' },
	{ method: 'GET', path: '/v1/organizations/', operationId: 'organizations:list' },
] as const satisfies readonly ServedOperation[];

export type ActionOperation = (typeof ACTION_OPERATIONS)[number];
export type ActionOperationId = ActionOperation['operationId'];

const ACTION_IDS = new Set<string>(ACTION_OPERATIONS.map((operation) => operation.operationId));

/** An operation of the action routes (the rest are the webhook routes server.ts serves itself). */
export function isActionOperation(operation: ServedOperation): operation is ActionOperation {
	return ACTION_IDS.has(operation.operationId);
}

/** Machine-readable list of what the stand-in serves (for coverage tests of the nodes). */
export const SERVED_OPERATIONS: readonly ServedOperation[] = [
	...WEBHOOK_OPERATIONS,
	...ACTION_OPERATIONS,
];

export interface RouteMatch {
	/** The OpenAPI path template that matched. */
	template: string;
	/** Path parameters by name (percent-decoded, as the server sees them). */
	params: Record<string, string>;
	/** Methods served at this template. */
	methods: string[];
	/** The served operation for the request's method, undefined when the method is not served (405). */
	operation: ServedOperation | undefined;
}

interface CompiledTemplate {
	template: string;
	pattern: RegExp;
	names: string[];
	operations: ServedOperation[];
}

const COMPILED: CompiledTemplate[] = [];
for (const operation of SERVED_OPERATIONS) {
	let entry = COMPILED.find((candidate) => candidate.template === operation.path);
	if (!entry) {
		const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
		const source = operation.path
			.split(/\{[^}]+\}/)
			.map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
			.join('([^/]+)');
		entry = { template: operation.path, pattern: new RegExp(`^${source}$`), names, operations: [] };
		COMPILED.push(entry);
	}
	entry.operations.push(operation);
}

/**
 * The route of a request path. Like Polar's server (Starlette routes on the percent-decoded path), an
 * encoded `/` in an ID is a path separator: `/v1/customers/external/team%2F42` matches nothing.
 */
export function matchRoute(method: string, rawPath: string): RouteMatch | undefined {
	let path = rawPath;
	try {
		path = decodeURIComponent(rawPath);
	} catch {
		// an invalid escape stays as it is (and fails the parameter's validation)
	}
	for (const entry of COMPILED) {
		const match = entry.pattern.exec(path);
		if (!match) continue;
		const params: Record<string, string> = {};
		entry.names.forEach((name, index) => {
			params[name] = match[index + 1] as string;
		});
		return {
			template: entry.template,
			params,
			methods: entry.operations.map((operation) => operation.method),
			operation: entry.operations.find((operation) => operation.method === method),
		};
	}
	return undefined;
}
