import type { IHttpRequestMethods } from 'n8n-workflow';

/**
 * Every call the Polar nodes make to Polar's API, in one table: the nodes send requests from it, errors name
 * its scopes, and a contract test (test/nodes/shared/operations.test.ts) holds it to Polar's OpenAPI document
 * (method, path, operationId, scopes) and to the stand-in.
 */
export interface PolarOperation {
	/** The n8n resource it serves (the trigger's endpoint calls are `webhookEndpoint`). */
	resource: string;
	/** The n8n operation it serves; one n8n operation may make several calls (e.g. by ID or by external ID). */
	operation: string;
	method: IHttpRequestMethods;
	/** Polar's path template; `{name}` parameters are filled in, encoded, by `operationPath`. */
	path: string;
	/** Polar's `operationId` in its OpenAPI document. */
	operationId: string;
	/** Any one of these is enough: Polar checks the intersection with the token's scopes. */
	scopes: readonly string[];
	/** What the call does, for error messages: "cancel the subscription". */
	action: string;
	/**
	 * Lists only: the ascending sort that keeps Return All stable, so that records created during the run are
	 * appended to the last page instead of shifting earlier ones into pages already read.
	 */
	stableSorting?: string;
}

const CUSTOMERS = ['customers:read', 'customers:write'] as const;
const SUBSCRIPTIONS = ['subscriptions:read', 'subscriptions:write'] as const;
const PRODUCTS = ['products:read', 'products:write'] as const;
const CHECKOUTS = ['checkouts:read', 'checkouts:write'] as const;
const WEBHOOKS = ['webhooks:read', 'webhooks:write'] as const;

function operation(
	resource: string,
	name: string,
	method: IHttpRequestMethods,
	path: string,
	operationId: string,
	scopes: readonly string[],
	action: string,
	stableSorting?: string,
): PolarOperation {
	return { resource, operation: name, method, path, operationId, scopes, action, stableSorting };
}

// A table, one call a row: kept on one line each for reading down the columns.
// prettier-ignore
export const POLAR_OPERATIONS = {
	'customer.getState': operation('customer', 'getState', 'GET', '/v1/customers/{id}/state', 'customers:get_state', CUSTOMERS, 'get the customer state'),
	'customer.getState.external': operation('customer', 'getState', 'GET', '/v1/customers/external/{external_id}/state', 'customers:get_state_external', CUSTOMERS, 'get the customer state'),
	'customer.get': operation('customer', 'get', 'GET', '/v1/customers/{id}', 'customers:get', CUSTOMERS, 'get the customer'),
	'customer.get.external': operation('customer', 'get', 'GET', '/v1/customers/external/{external_id}', 'customers:get_external', CUSTOMERS, 'get the customer'),
	'customer.getMany': operation('customer', 'getMany', 'GET', '/v1/customers/', 'customers:list', CUSTOMERS, 'list customers', 'created_at'),
	'customer.create': operation('customer', 'create', 'POST', '/v1/customers/', 'customers:create', ['customers:write'], 'create the customer'),
	'customer.update': operation('customer', 'update', 'PATCH', '/v1/customers/{id}', 'customers:update', ['customers:write'], 'update the customer'),
	'customer.update.external': operation('customer', 'update', 'PATCH', '/v1/customers/external/{external_id}', 'customers:update_external', ['customers:write'], 'update the customer'),
	'customer.createPortalSession': operation('customer', 'createPortalSession', 'POST', '/v1/customer-sessions/', 'customer-sessions:create', ['customer_sessions:write'], 'create a customer portal session'),
	'subscription.get': operation('subscription', 'get', 'GET', '/v1/subscriptions/{id}', 'subscriptions:get', SUBSCRIPTIONS, 'get the subscription'),
	'subscription.getMany': operation('subscription', 'getMany', 'GET', '/v1/subscriptions/', 'subscriptions:list', SUBSCRIPTIONS, 'list subscriptions', 'started_at'),
	'subscription.cancel': operation('subscription', 'cancel', 'PATCH', '/v1/subscriptions/{id}', 'subscriptions:update', ['subscriptions:write'], 'cancel the subscription'),
	'subscription.uncancel': operation('subscription', 'uncancel', 'PATCH', '/v1/subscriptions/{id}', 'subscriptions:update', ['subscriptions:write'], 'uncancel the subscription'),
	'subscription.revoke': operation('subscription', 'revoke', 'DELETE', '/v1/subscriptions/{id}', 'subscriptions:revoke', ['subscriptions:write'], 'revoke the subscription'),
	'order.get': operation('order', 'get', 'GET', '/v1/orders/{id}', 'orders:get', ['orders:read'], 'get the order'),
	'order.getMany': operation('order', 'getMany', 'GET', '/v1/orders/', 'orders:list', ['orders:read'], 'list orders', 'created_at'),
	'order.getInvoice': operation('order', 'getInvoice', 'GET', '/v1/orders/{id}/invoice', 'orders:invoice', ['orders:read'], 'get the invoice of the order'),
	'order.getInvoice.generate': operation('order', 'getInvoice', 'POST', '/v1/orders/{id}/invoice', 'orders:generate_invoice', ['orders:read'], 'generate the invoice of the order'),
	'refund.create': operation('refund', 'create', 'POST', '/v1/refunds/', 'refunds:create', ['refunds:write'], 'refund the order'),
	'refund.create.order': operation('refund', 'create', 'GET', '/v1/orders/{id}', 'orders:get', ['orders:read'], 'read the refundable amount of the order'),
	'checkout.create': operation('checkout', 'create', 'POST', '/v1/checkouts/', 'checkouts:create', ['checkouts:write'], 'create the checkout session'),
	'checkout.get': operation('checkout', 'get', 'GET', '/v1/checkouts/{id}', 'checkouts:get', CHECKOUTS, 'get the checkout session'),
	'checkoutLink.create': operation('checkoutLink', 'create', 'POST', '/v1/checkout-links/', 'checkout-links:create', ['checkout_links:write'], 'create the checkout link'),
	'product.get': operation('product', 'get', 'GET', '/v1/products/{id}', 'products:get', PRODUCTS, 'get the product'),
	'product.getMany': operation('product', 'getMany', 'GET', '/v1/products/', 'products:list', PRODUCTS, 'list products', 'created_at'),
	'benefitGrant.getMany': operation('benefitGrant', 'getMany', 'GET', '/v1/benefit-grants/', 'benefit-grants:list', ['benefits:read', 'benefits:write'], 'list benefit grants', 'created_at'),
	'licenseKey.validate': operation('licenseKey', 'validate', 'POST', '/v1/license-keys/validate', 'license_keys:validate', ['license_keys:write'], 'validate the license key'),
	'licenseKey.activate': operation('licenseKey', 'activate', 'POST', '/v1/license-keys/activate', 'license_keys:activate', ['license_keys:write'], 'activate the license key'),
	'licenseKey.deactivate': operation('licenseKey', 'deactivate', 'POST', '/v1/license-keys/deactivate', 'license_keys:deactivate', ['license_keys:write'], 'deactivate the license key'),
	'event.ingest': operation('event', 'ingest', 'POST', '/v1/events/ingest', 'events:ingest', ['events:write'], 'ingest events'),
	'customerMeter.getMany': operation('customerMeter', 'getMany', 'GET', '/v1/customer-meters/', 'customer_meters:list', ['customer_meters:read'], 'list customer meters', 'created_at'),
	// The organization of an Organization Access Token, for the calls that need its ID (license keys).
	'organization.getMany': operation('organization', 'getMany', 'GET', '/v1/organizations/', 'organizations:list', ['organizations:read', 'organizations:write'], 'look up the organization of the token', 'created_at'),
	'webhookEndpoint.getMany': operation('webhookEndpoint', 'getMany', 'GET', '/v1/webhooks/endpoints', 'webhooks:list_webhook_endpoints', WEBHOOKS, 'list webhook endpoints'),
	'webhookEndpoint.create': operation('webhookEndpoint', 'create', 'POST', '/v1/webhooks/endpoints', 'webhooks:create_webhook_endpoint', ['webhooks:write'], 'register the webhook endpoint'),
	'webhookEndpoint.get': operation('webhookEndpoint', 'get', 'GET', '/v1/webhooks/endpoints/{id}', 'webhooks:get_webhook_endpoint', WEBHOOKS, 'check the webhook endpoint'),
	'webhookEndpoint.update': operation('webhookEndpoint', 'update', 'PATCH', '/v1/webhooks/endpoints/{id}', 'webhooks:update_webhook_endpoint', ['webhooks:write'], 'update the webhook endpoint'),
	'webhookEndpoint.delete': operation('webhookEndpoint', 'delete', 'DELETE', '/v1/webhooks/endpoints/{id}', 'webhooks:delete_webhook_endpoint', ['webhooks:write'], 'delete the webhook endpoint'),
} as const satisfies Record<string, PolarOperation>;

export type PolarOperationKey = keyof typeof POLAR_OPERATIONS;

/**
 * `operation`'s path with its `{name}` parameters filled in from `params`, each one `encodeURIComponent`ed:
 * an external ID like `team/42?x=1` stays one path segment, never a different path or an injected query.
 * An empty, `.` or `..` value is refused: encoded or not, URL normalisation would turn it into another path.
 */
export function operationPath(
	operation: Pick<PolarOperation, 'path'>,
	params: Readonly<Record<string, string>> = {},
): string {
	return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined) throw new Error(`No value for {${name}} in ${operation.path}`);
		if (value.trim() === '' || value === '.' || value === '..')
			throw new InvalidPathValue(name, value);
		return encodeURIComponent(value);
	});
}

/** A path parameter that cannot be sent: the node reports it as a parameter error of the item. */
export class InvalidPathValue extends Error {
	constructor(
		readonly parameter: string,
		readonly value: string,
	) {
		super(
			value.trim() === '' ? `The ${parameter} is empty` : `"${value}" is not a valid ${parameter}`,
		);
	}
}
