/**
 * `/_standin/actions/...` control routes: the action data of a stand-in in another process.
 *
 *   GET  /_standin/actions/catalog               IDs of the seeded products, benefits and meter
 *   GET  /_standin/actions/{resource}            every record, as the API answers it
 *   GET  /_standin/actions/{resource}/{id}
 *   POST /_standin/actions/{resource}            add a record (body: the fields to set)
 *   POST /_standin/actions/reset                 {customers?}: drop everything and seed again
 *   POST /_standin/actions/after-page            {operationId, page, resource, input?}: once that page of
 *                                                that list was computed, add a record (mid-run inserts)
 *
 * Resources: customers, products, benefits, subscriptions, orders, benefitGrants, licenseKeys, meters,
 * customerMeters (add and read), events, refunds, checkouts, checkoutLinks, customerSessions (read).
 */
import type { ActionsApi, Reader } from './api';

interface ControlAnswer {
	status: number;
	json?: unknown;
}

type Resource = Reader & { add?: (input: never) => unknown };

function resources(actions: ActionsApi): Record<string, Resource> {
	return {
		customers: actions.customers,
		products: actions.products,
		benefits: actions.benefits,
		subscriptions: actions.subscriptions,
		orders: actions.orders,
		benefitGrants: actions.benefitGrants,
		licenseKeys: actions.licenseKeys,
		meters: actions.meters,
		customerMeters: actions.customerMeters,
		events: actions.events,
		refunds: actions.refunds,
		checkouts: actions.checkouts,
		checkoutLinks: actions.checkoutLinks,
		customerSessions: actions.customerSessions,
	};
}

export function handleActionsControl(
	actions: ActionsApi,
	method: string,
	segments: string[],
	body: Record<string, unknown>,
): ControlAnswer {
	const [name, id] = segments;
	if (method === 'GET' && name === 'catalog') return { status: 200, json: actions.catalog };
	if (method === 'POST' && name === 'reset') {
		actions.reset(typeof body.customers === 'number' ? { customers: body.customers } : undefined);
		return { status: 200, json: { ok: true } };
	}
	if (method === 'POST' && name === 'after-page') return afterPage(actions, body);
	const resource = name ? resources(actions)[name] : undefined;
	if (!resource) return { status: 404, json: { error: 'not_found', detail: 'resource not found' } };
	if (method === 'GET' && id === undefined) return { status: 200, json: resource.list() };
	if (method === 'GET') {
		const record = resource.get(id as string);
		return record
			? { status: 200, json: record }
			: { status: 404, json: { error: 'not_found', detail: `${name} not found` } };
	}
	if (method === 'POST' && id === undefined && resource.add)
		return { status: 201, json: resource.add(body as never) };
	return { status: 404, json: { error: 'not_found', detail: 'route not found' } };
}

/** A one-shot list hook that adds a record after a given page of a given list operation. */
function afterPage(actions: ActionsApi, body: Record<string, unknown>): ControlAnswer {
	const { operationId, page, resource: name, input } = body;
	const resource = typeof name === 'string' ? resources(actions)[name] : undefined;
	if (typeof operationId !== 'string' || typeof page !== 'number' || !resource?.add)
		return {
			status: 400,
			json: {
				error: 'bad_request',
				detail: 'operationId, page and an addable resource are required',
			},
		};
	const add = resource.add;
	const remove = actions.onPage((served) => {
		if (served.operationId !== operationId || served.page !== page) return;
		remove();
		add((input ?? {}) as never);
	});
	return { status: 200, json: { ok: true } };
}
