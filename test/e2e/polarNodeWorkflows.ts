/**
 * The Polar node's workflows of the end-to-end suites (single process and queue mode): started by n8n's own
 * Webhook node, or by the Polar Trigger, and the Polar node doing real work against the stand-in. Also the
 * helpers that read a run back from an execution's data. Test-only: the generic node builder is
 * tools/n8n-local's `polarNode()`.
 */
import { randomUUID } from 'node:crypto';

import {
	type Execution,
	POLAR_TRIGGER_NAME,
	type WorkflowInput,
	type WorkflowNode,
	polarNode,
	polarTriggerWorkflow,
	resourceLocator,
} from '../../tools/n8n-local';

type Credential = { id: string; name: string };

export const WEBHOOK_NAME = 'Webhook';
export const GET_STATE_NAME = 'Get customer state';
export const SPLIT_SUBSCRIPTIONS_NAME = 'Each active subscription';
export const CANCEL_NAME = 'Cancel subscription';
export const UNKNOWN_CUSTOMER_NAME = 'Unknown customer';
export const GET_INVOICE_NAME = 'Get invoice';
export const GET_MANY_NAME = 'Get all customers';
export const SPLIT_EVENTS_NAME = 'Each usage record';
export const INGEST_NAME = 'Ingest usage';
/** The cancellation reason the Cancel node sends. */
export const CANCEL_REASON = 'too_expensive';
/** The event name Event Ingest sends (the seeded meter counts it). */
export const USAGE_EVENT = 'api_call';

/** A workflow started by n8n's Webhook node on `path` (POST, answers when the last node finished). */
export interface WebhookWorkflow {
	workflow: WorkflowInput;
	/** The Webhook node's path: its production URL is `<webhook URL>webhook/<path>`. */
	path: string;
}

/** The Webhook node (typeVersion 2, on both n8n majors), with a fixed webhookId so that n8n 1.x stores one too. */
function webhookNode(path: string): WorkflowNode {
	return {
		name: WEBHOOK_NAME,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: path,
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
}

function splitOutNode(name: string, field: string, position: [number, number]): WorkflowNode {
	return {
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position,
		parameters: { fieldToSplitOut: field, include: 'noOtherFields', options: {} },
	};
}

/** `from` output `output` (0: main, 1: error output) to `to`. */
function connect(
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: 0 }>> }>,
	from: string,
	to: string,
	output = 0,
): void {
	const main = (connections[from] ??= { main: [] }).main;
	while (main.length <= output) main.push([]);
	main[output]?.push({ node: to, type: 'main', index: 0 });
}

function chain(
	name: string,
	nodes: WorkflowNode[],
	links: Array<[from: string, to: string, output?: number]>,
): WorkflowInput {
	const connections = {};
	for (const [from, to, output] of links) connect(connections, from, to, output);
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/**
 * Webhook (body `{ "externalId": ... }`) → Customer Get State by external ID → Split Out its active
 * subscriptions → Subscription Cancel each (reason "too expensive"). Get State continues on its error output
 * into a No Op, "Unknown customer".
 */
export function cancelByExternalIdWorkflow(name: string, credential: Credential): WebhookWorkflow {
	const path = randomUUID();
	const workflow = chain(
		name,
		[
			webhookNode(path),
			polarNode({
				name: GET_STATE_NAME,
				credential,
				position: [220, 0],
				onError: 'continueErrorOutput',
				parameters: {
					resource: 'customer',
					operation: 'getState',
					customer: resourceLocator('externalId', '={{ $json.body.externalId }}'),
				},
			}),
			splitOutNode(SPLIT_SUBSCRIPTIONS_NAME, 'active_subscriptions', [440, -100]),
			polarNode({
				name: CANCEL_NAME,
				credential,
				position: [660, -100],
				parameters: {
					resource: 'subscription',
					operation: 'cancel',
					subscription: resourceLocator('id', '={{ $json.id }}'),
					options: { customer_cancellation_reason: CANCEL_REASON },
				},
			}),
			{
				name: UNKNOWN_CUSTOMER_NAME,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [440, 100],
				parameters: {},
			},
		],
		[
			[WEBHOOK_NAME, GET_STATE_NAME],
			[GET_STATE_NAME, SPLIT_SUBSCRIPTIONS_NAME, 0],
			[GET_STATE_NAME, UNKNOWN_CUSTOMER_NAME, 1],
			[SPLIT_SUBSCRIPTIONS_NAME, CANCEL_NAME],
		],
	);
	return { workflow, path };
}

/** Polar Trigger (order.paid) → Order Get Invoice of the paid order (`{{ $json.data.id }}`), generated if missing. */
export function invoiceOnOrderPaidWorkflow(
	name: string,
	credential: Credential,
): { workflow: WorkflowInput; webhookId: string } {
	const webhookId = randomUUID();
	const trigger = polarTriggerWorkflow({ name, webhookId, events: ['order.paid'], credential });
	const workflow = chain(
		name,
		[
			...trigger.nodes,
			polarNode({
				name: GET_INVOICE_NAME,
				credential,
				position: [220, 0],
				parameters: {
					resource: 'order',
					operation: 'getInvoice',
					order: resourceLocator('id', '={{ $json.data.id }}'),
					generateIfMissing: true,
				},
			}),
		],
		[[POLAR_TRIGGER_NAME, GET_INVOICE_NAME]],
	);
	return { workflow, webhookId };
}

/** Webhook (body `{ "query": ... }`) → Customer Get Many, Return All, filtered by Polar's customer search. */
export function allCustomersWorkflow(name: string, credential: Credential): WebhookWorkflow {
	const path = randomUUID();
	const workflow = chain(
		name,
		[
			webhookNode(path),
			polarNode({
				name: GET_MANY_NAME,
				credential,
				position: [220, 0],
				parameters: {
					resource: 'customer',
					operation: 'getMany',
					returnAll: true,
					filters: { query: '={{ $json.body.query }}' },
				},
			}),
		],
		[[WEBHOOK_NAME, GET_MANY_NAME]],
	);
	return { workflow, path };
}

/**
 * Webhook (body `{ "usage": [{ "user", "requestId", "tokens" }...] }`) → Split Out one item per record →
 * Event Ingest (`api_call`, the user by external ID, the request ID as Event ID, tokens as metadata), in
 * batches of the node's default size.
 */
export function ingestUsageWorkflow(name: string, credential: Credential): WebhookWorkflow {
	const path = randomUUID();
	const workflow = chain(
		name,
		[
			webhookNode(path),
			splitOutNode(SPLIT_EVENTS_NAME, 'body.usage', [220, 0]),
			polarNode({
				name: INGEST_NAME,
				credential,
				position: [440, 0],
				parameters: {
					resource: 'event',
					operation: 'ingest',
					eventName: USAGE_EVENT,
					customer: resourceLocator('externalId', '={{ $json.user }}'),
					options: {
						external_id: '={{ $json.requestId }}',
						metadata: {
							entries: [{ key: 'tokens', type: 'number', value: '={{ $json.tokens }}' }],
						},
					},
				},
			}),
		],
		[
			[WEBHOOK_NAME, SPLIT_EVENTS_NAME],
			[SPLIT_EVENTS_NAME, INGEST_NAME],
		],
	);
	return { workflow, path };
}

/** The Webhook node's production URL under n8n's webhook URL (`N8N_WEBHOOK_URL`, with its trailing slash). */
export const webhookNodeUrl = (webhookUrl: string, path: string): string =>
	`${webhookUrl}webhook/${path}`;

/** POSTs `body` as JSON to a Webhook node; n8n's answer (the last node's items, or its error). */
export async function callWebhook(
	url: string,
	body: unknown,
): Promise<{ status: number; json: unknown }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(120_000),
	});
	const text = await response.text();
	let json: unknown = text;
	try {
		json = JSON.parse(text);
	} catch {
		// Not JSON: kept as text, for the failure message.
	}
	return { status: response.status, json };
}

/** The items a node emitted on output `output` of its first run (0: main, 1: the error output). */
export function outputOf(
	execution: Execution,
	nodeName: string,
	output = 0,
): Array<Record<string, unknown>> {
	const run = execution.data?.resultData?.runData?.[nodeName]?.[0];
	return (run?.data?.main?.[output] ?? []).map((item) => item.json);
}

/** The `pairedItem` of each item a node emitted on its main output (first run). */
export function pairingOf(execution: Execution, nodeName: string): unknown[] {
	const run = execution.data?.resultData?.runData?.[nodeName]?.[0] as
		| { data?: { main?: Array<Array<{ pairedItem?: unknown }> | null> } }
		| undefined;
	return (run?.data?.main?.[0] ?? []).map((item) => item.pairedItem);
}

/** The nodes that ran in an execution, in no particular order. */
export const nodesRun = (execution: Execution): string[] =>
	Object.keys(execution.data?.resultData?.runData ?? {}).sort();
