/**
 * The examples' Polar nodes and tools run against the Polar stand-in exactly as the examples set them up: the
 * same parameters and expressions, the input the node before them gives (a Polar event, the Code node's items),
 * and for the tools the arguments a model would fill in for their `$fromAI()` fields.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { extractFromAICalls, isFromAIOnlyExpression } from 'n8n-workflow';

import { buildEventPayload } from '../../tools/polar-stand-in/payloads';
import { request, runNode, useStandIn } from '../nodes/Polar/polarNode';

interface ExampleNode {
	name: string;
	parameters: INodeParameters;
}

function example(file: string): Map<string, ExampleNode> {
	const workflow = JSON.parse(
		readFileSync(path.resolve(__dirname, '../../examples', file), 'utf8'),
	) as { nodes: ExampleNode[] };
	return new Map(workflow.nodes.map((node) => [node.name, node]));
}

/** The tool's parameters with each `$fromAI()` field filled in as the model would, by its key. */
function asCalledBy(parameters: INodeParameters, args: Record<string, string>): INodeParameters {
	const fill = (value: unknown): unknown => {
		if (typeof value === 'string' && isFromAIOnlyExpression(value)) {
			const [{ key }] = extractFromAICalls(value);
			if (!(key in args)) throw new Error(`No argument for $fromAI('${key}')`);
			return args[key];
		}
		if (Array.isArray(value)) return value.map(fill);
		if (typeof value === 'object' && value !== null)
			return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, fill(entry)]));
		return value;
	};
	return fill(parameters) as INodeParameters;
}

const polar = useStandIn();

type Subscription = { id: string; status: string; customer_id: string };
type Customer = { id: string; email: string; external_id: string | null };

function customerWith(status: 'active' | 'canceled'): Customer {
	const subscriptions = polar.actions.subscriptions.list() as Subscription[];
	const customers = polar.actions.customers.list() as Customer[];
	const owner = (customer: Customer) =>
		subscriptions.filter((subscription) => subscription.customer_id === customer.id);
	return customers.find((customer) => {
		const theirs = owner(customer);
		return theirs.length > 0 && theirs.every((subscription) => subscription.status === status);
	})!;
}

describe('subscription-events-access-from-state.json', () => {
	const nodes = example('subscription-events-access-from-state.json');
	const getState = nodes.get('Get customer state')!.parameters;

	it.each([
		['active', true],
		['canceled', false],
	] as const)(
		'reads the state of the event’s customer; a customer whose subscriptions are %s goes to grant: %s',
		async (status, granted) => {
			const customer = customerWith(status);
			const event = buildEventPayload('subscription.updated') as { data: IDataObject };
			event.data.customer_id = customer.id;
			const { calls, items } = await runNode(polar, getState, [{ ...event, webhookId: 'w1' }]);
			expect(calls.map(request)).toEqual([
				{ method: 'GET', path: `/v1/customers/${customer.id}/state`, query: {}, body: undefined },
			]);
			// The If node's condition: active_subscriptions is not empty.
			const active = items[0].json.active_subscriptions as unknown[];
			expect(Array.isArray(active) && active.length > 0).toBe(granted);
			expect(items[0].json).toMatchObject({ email: customer.email });
		},
	);
});

describe('usage-events-from-webhook.json', () => {
	const nodes = example('usage-events-from-webhook.json');
	const code = String(nodes.get('One item per usage record')!.parameters.jsCode);
	const ingest = nodes.get('Ingest usage events')!.parameters;
	// The Code node's JavaScript, given the Webhook node's item as `$input`.
	const mapRecords = (body: unknown) =>
		(new Function('$input', code) as (input: unknown) => Array<{ json: IDataObject }>)({
			first: () => ({ json: { body } }),
		}).map((item) => item.json);

	it('maps one record or a list to one item per record, and refuses a record without its ID', () => {
		expect(mapRecords({ user_id: 'usr_1000', request_id: 'r1', tokens: 5 })).toEqual([
			{
				customer_external_id: 'usr_1000',
				event_id: 'r1',
				tokens: 5,
				model: 'unspecified',
				occurred_at: '',
			},
		]);
		expect(() => mapRecords({ events: [{ user_id: 'usr_1000', tokens: 5 }] })).toThrow(
			'Usage record 0 has no request_id',
		);
	});

	it('ingests each record once for the user’s customer, tokens and model as typed metadata; sent again, none is billed twice', async () => {
		const records = mapRecords({
			events: [
				{ user_id: 'usr_1000', request_id: 'req_1', tokens: 1200, model: 'gpt-5-mini' },
				{
					user_id: 'usr_1001',
					request_id: 'req_2',
					tokens: 30,
					occurred_at: '2026-09-21T14:00:00Z',
				},
			],
		});
		const first = await runNode(polar, ingest, records);
		expect(first.calls.map(request)).toEqual([
			{
				method: 'POST',
				path: '/v1/events/ingest',
				query: {},
				body: {
					events: [
						{
							name: 'ai_tokens',
							external_customer_id: 'usr_1000',
							external_id: 'req_1',
							metadata: { tokens: 1200, model: 'gpt-5-mini' },
						},
						{
							name: 'ai_tokens',
							external_customer_id: 'usr_1001',
							external_id: 'req_2',
							timestamp: '2026-09-21T14:00:00.000Z',
							metadata: { tokens: 30, model: 'unspecified' },
						},
					],
				},
			},
		]);
		const again = await runNode(polar, ingest, records);
		expect(again.items.map((item) => item.json.batch)).toEqual([
			expect.objectContaining({ inserted: 0, duplicates: 2 }),
			expect.objectContaining({ inserted: 0, duplicates: 2 }),
		]);
	});
});

describe('support-agent-with-approval.json, its tools called as a model would', () => {
	const nodes = example('support-agent-with-approval.json');
	const tool = (name: string, args: Record<string, string>) =>
		asCalledBy(nodes.get(name)!.parameters, args);

	it('finds the customer by email, reads their state and orders, refunds an order, cancels and revokes', async () => {
		const customer = customerWith('active');
		const found = await runNode(polar, tool('Find customer by email', { email: customer.email }));
		expect(found.items[0].json).toMatchObject({ id: customer.id, email: customer.email });

		const state = await runNode(polar, tool('Customer state', { customer_id: customer.id }));
		const [subscription] = state.items[0].json.active_subscriptions as Array<{ id: string }>;
		expect(subscription.id).toEqual(expect.any(String));

		const orders = await runNode(polar, tool('Customer orders', { customer_id: customer.id }));
		expect(orders.calls.map((call) => call.query)).toEqual([
			expect.objectContaining({ customer_id: customer.id, limit: '10' }),
		]);
		const order = orders.items
			.map((item) => item.json)
			.find((json) => (json.refundable_amount_cents as number) > 0)!;
		expect(order.customer_id).toBe(customer.id);

		const refund = await runNode(
			polar,
			tool('Refund order', {
				order_id: order.id as string,
				reason: 'customer_request',
				comment: 'Asked by chat',
			}),
		);
		expect(refund.calls.map(request).at(-1)).toMatchObject({
			method: 'POST',
			path: '/v1/refunds/',
			body: {
				order_id: order.id,
				amount: order.refundable_amount_cents,
				reason: 'customer_request',
				comment: 'Asked by chat',
			},
		});

		const canceled = await runNode(
			polar,
			tool('Cancel subscription at period end', {
				subscription_id: subscription.id,
				reason: 'too_expensive',
			}),
		);
		expect(canceled.items[0].json).toMatchObject({
			id: subscription.id,
			cancel_at_period_end: true,
		});

		const revoked = await runNode(
			polar,
			tool('Revoke subscription now', { subscription_id: subscription.id }),
		);
		expect(revoked.items[0].json).toMatchObject({ id: subscription.id, status: 'canceled' });
	});
});
