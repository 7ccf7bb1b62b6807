/**
 * The action routes: each served operation's request is validated against its declaration in Polar's
 * document (path parameters, query parameters with their defaults, the JSON body) and handed to the
 * resource module that serves it. Authentication, scopes and rate limits happen before, in server.ts.
 */
import { type ApiResponse, unprocessable } from '../answers';
import { operationAt } from '../openapi';
import { readQuery } from '../query';
import type { ActionOperation, ActionOperationId } from '../routes';
import type { TokenInfo } from '../types';
import { type FastApiError, checkValue, parseJsonBody, validateBody } from '../validation';
import { listBenefitGrants } from './benefitGrants';
import { createCheckout, createCheckoutLink, getCheckout } from './checkouts';
import type { ActionHandler } from './context';
import {
	createCustomerHandler,
	getCustomer,
	getCustomerState,
	listCustomers,
	updateCustomer,
} from './customers';
import { createCustomerSession } from './customerSessions';
import { ingestEvents } from './events';
import { activateLicenseKey, deactivateLicenseKey, validateLicenseKey } from './licenseKeys';
import { listCustomerMeters } from './meters';
import { generateInvoice, getInvoice, getOrder, listOrders } from './orders';
import { listOrganizations } from './organizations';
import { getProduct, listProducts } from './products';
import { createRefund } from './refunds';
import type { ActionStore } from './store';
import {
	getSubscription,
	listSubscriptions,
	revokeSubscription,
	updateSubscription,
} from './subscriptions';

const HANDLERS: Record<ActionOperationId, ActionHandler> = {
	'customers:list': listCustomers,
	'customers:create': createCustomerHandler,
	'customers:get': getCustomer,
	'customers:update': updateCustomer,
	'customers:get_external': getCustomer,
	'customers:update_external': updateCustomer,
	'customers:get_state': getCustomerState,
	'customers:get_state_external': getCustomerState,
	'customer-sessions:create': createCustomerSession,
	'subscriptions:list': listSubscriptions,
	'subscriptions:get': getSubscription,
	'subscriptions:update': updateSubscription,
	'subscriptions:revoke': revokeSubscription,
	'orders:list': listOrders,
	'orders:get': getOrder,
	'orders:invoice': getInvoice,
	'orders:generate_invoice': generateInvoice,
	'refunds:create': createRefund,
	'checkouts:create': createCheckout,
	'checkouts:get': getCheckout,
	'checkout-links:create': createCheckoutLink,
	'products:list': listProducts,
	'products:get': getProduct,
	'benefit-grants:list': listBenefitGrants,
	'license_keys:validate': validateLicenseKey,
	'license_keys:activate': activateLicenseKey,
	'license_keys:deactivate': deactivateLicenseKey,
	'events:ingest': ingestEvents,
	'customer_meters:list': listCustomerMeters,
	'organizations:list': listOrganizations,
};

function isUuidParameter(schema: Record<string, unknown>): boolean {
	return schema.format === 'uuid4' || schema.format === 'uuid';
}

/** Validates a request to an action operation as FastAPI would (all errors in one 422), then serves it. */
export function dispatchAction(
	store: ActionStore,
	operation: ActionOperation,
	rawParams: Record<string, string>,
	search: URLSearchParams,
	parsed: ReturnType<typeof parseJsonBody>,
	subject: TokenInfo,
): ApiResponse {
	const declared = operationAt(operation.path, operation.method);
	if (!declared)
		throw new Error(`Polar stand-in: ${operation.method} ${operation.path} is not in the document`);
	const parameters = declared.parameters ?? [];
	const errors: FastApiError[] = [];

	const params: Record<string, string> = {};
	for (const parameter of parameters) {
		if (parameter.in !== 'path') continue;
		const raw = rawParams[parameter.name] ?? '';
		errors.push(...checkValue(parameter.schema, raw, ['path', parameter.name]));
		params[parameter.name] = isUuidParameter(parameter.schema) ? raw.toLowerCase() : raw;
	}

	const query = readQuery(parameters, search);
	errors.push(...query.errors);
	for (const parameter of parameters) {
		const fallback = parameter.schema.default;
		if (parameter.in === 'query' && !(parameter.name in query.values) && fallback !== undefined)
			query.values[parameter.name] = structuredClone(fallback);
	}

	let body: Record<string, unknown> = {};
	const bodySchema = declared.requestBody?.content?.['application/json']?.schema;
	if (bodySchema) {
		if (!parsed.ok) errors.push(parsed.error);
		else {
			errors.push(...validateBody(bodySchema, parsed.value));
			if (parsed.value && typeof parsed.value === 'object')
				body = parsed.value as Record<string, unknown>;
		}
	}
	if (errors.length > 0) return unprocessable(errors);

	return HANDLERS[operation.operationId]({
		store,
		subject,
		operationId: operation.operationId,
		params,
		query: query.values,
		body,
	});
}
