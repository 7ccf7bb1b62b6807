/**
 * One working parameter set for each of the node's 26 operations, on the stand-in's seeded data: what the
 * tests that go over every operation (pairing, error mapping, secrecy) run.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { PolarStandIn } from '../../../tools/polar-stand-in/server';
import { ACTION_TOKEN, DEFAULT_ORGANIZATION_ID, locator } from './polarNode';

type Seeded = { id: string; status?: string; key?: string; cancel_at_period_end?: boolean };

function find(records: Seeded[], test: (record: Seeded) => boolean): string {
	const found = records.find(test);
	if (!found) throw new Error('The stand-in has no such seeded record');
	return found.id;
}

/** A record made through the stand-in's API, for operations that need one Polar only makes on request. */
async function created(polar: PolarStandIn, path: string, body: object): Promise<{ id: string }> {
	const response = await fetch(`${polar.url}${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${ACTION_TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
	return (await response.json()) as { id: string };
}

export const OPERATION_CASES: ReadonlyArray<
	readonly [
		name: string,
		parameters: (polar: PolarStandIn) => INodeParameters | Promise<INodeParameters>,
	]
> = [
	[
		'customer.getState',
		() => ({
			resource: 'customer',
			operation: 'getState',
			customer: locator('externalId', 'usr_1000'),
		}),
	],
	[
		'customer.get',
		() => ({ resource: 'customer', operation: 'get', customer: locator('externalId', 'usr_1000') }),
	],
	['customer.getMany', () => ({ resource: 'customer', operation: 'getMany', limit: 2 })],
	[
		'customer.create',
		() => ({ resource: 'customer', operation: 'create', email: `new.${Date.now()}@example.com` }),
	],
	[
		'customer.update',
		() => ({
			resource: 'customer',
			operation: 'update',
			customer: locator('externalId', 'usr_1000'),
			updateFields: { name: 'Updated' },
		}),
	],
	[
		'customer.createPortalSession',
		() => ({
			resource: 'customer',
			operation: 'createPortalSession',
			customer: locator('externalId', 'usr_1000'),
		}),
	],
	[
		'subscription.get',
		(polar) => ({
			resource: 'subscription',
			operation: 'get',
			subscription: locator(
				'id',
				find(polar.actions.subscriptions.list() as Seeded[], () => true),
			),
		}),
	],
	['subscription.getMany', () => ({ resource: 'subscription', operation: 'getMany', limit: 2 })],
	[
		'subscription.cancel',
		(polar) => ({
			resource: 'subscription',
			operation: 'cancel',
			subscription: locator(
				'id',
				find(
					polar.actions.subscriptions.list() as Seeded[],
					(s) => s.status === 'active' && !s.cancel_at_period_end,
				),
			),
		}),
	],
	[
		'subscription.uncancel',
		(polar) => ({
			resource: 'subscription',
			operation: 'uncancel',
			subscription: locator(
				'id',
				find(
					polar.actions.subscriptions.list() as Seeded[],
					(s) => s.cancel_at_period_end === true,
				),
			),
		}),
	],
	[
		'subscription.revoke',
		(polar) => ({
			resource: 'subscription',
			operation: 'revoke',
			subscription: locator(
				'id',
				find(polar.actions.subscriptions.list() as Seeded[], (s) => s.status === 'active'),
			),
		}),
	],
	[
		'order.get',
		(polar) => ({
			resource: 'order',
			operation: 'get',
			order: locator(
				'id',
				find(polar.actions.orders.list() as Seeded[], () => true),
			),
		}),
	],
	['order.getMany', () => ({ resource: 'order', operation: 'getMany', limit: 2 })],
	[
		'order.getInvoice',
		(polar) => ({
			resource: 'order',
			operation: 'getInvoice',
			order: locator(
				'id',
				find(polar.actions.orders.list() as Seeded[], (o) => o.status === 'paid'),
			),
		}),
	],
	[
		'refund.create',
		(polar) => ({
			resource: 'refund',
			operation: 'create',
			order: locator(
				'id',
				find(polar.actions.orders.list() as Seeded[], (o) => o.status === 'paid'),
			),
			amountType: 'amount',
			amount: 100,
			reason: 'customer_request',
		}),
	],
	[
		'checkout.create',
		(polar) => ({
			resource: 'checkout',
			operation: 'create',
			products: [polar.actions.catalog.products.pro],
		}),
	],
	[
		'checkout.get',
		async (polar) => ({
			resource: 'checkout',
			operation: 'get',
			checkoutId: (
				await created(polar, '/v1/checkouts/', { products: [polar.actions.catalog.products.pro] })
			).id,
		}),
	],
	[
		'checkoutLink.create',
		(polar) => ({
			resource: 'checkoutLink',
			operation: 'create',
			products: [polar.actions.catalog.products.lifetime],
		}),
	],
	[
		'product.get',
		(polar) => ({
			resource: 'product',
			operation: 'get',
			product: locator('id', polar.actions.catalog.products.pro),
		}),
	],
	['product.getMany', () => ({ resource: 'product', operation: 'getMany', limit: 2 })],
	['benefitGrant.getMany', () => ({ resource: 'benefitGrant', operation: 'getMany', limit: 2 })],
	[
		'licenseKey.validate',
		(polar) => ({
			resource: 'licenseKey',
			operation: 'validate',
			key: (polar.actions.licenseKeys.list() as Seeded[])[0].key,
			options: { organizationId: DEFAULT_ORGANIZATION_ID },
		}),
	],
	[
		'licenseKey.activate',
		(polar) => ({
			resource: 'licenseKey',
			operation: 'activate',
			key: polar.actions.licenseKeys.add({ limit_activations: 5 }).key as string,
			label: 'Test',
			options: { organizationId: DEFAULT_ORGANIZATION_ID },
		}),
	],
	[
		'licenseKey.deactivate',
		async (polar) => {
			const key = polar.actions.licenseKeys.add({ limit_activations: 5 }).key as string;
			const activation = await created(polar, '/v1/license-keys/activate', {
				key,
				organization_id: DEFAULT_ORGANIZATION_ID,
				label: 'Laptop',
			});
			return {
				resource: 'licenseKey',
				operation: 'deactivate',
				key,
				activationId: activation.id,
				options: { organizationId: DEFAULT_ORGANIZATION_ID },
			};
		},
	],
	[
		'event.ingest',
		() => ({
			resource: 'event',
			operation: 'ingest',
			eventName: 'api_call',
			customer: locator('externalId', 'usr_1000'),
		}),
	],
	['customerMeter.getMany', () => ({ resource: 'customerMeter', operation: 'getMany', limit: 2 })],
];
