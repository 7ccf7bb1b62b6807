/**
 * End to end: the Polar node of the packed n8n-nodes-polar-billing in a real n8n 2.41.1 (or 1.123.81 with
 * `npm run test:e2e:n8n1`), against the Polar stand-in's action routes. Workflows are imported and published
 * through n8n's public API and started by n8n's own Webhook node, or by the Polar Trigger on a signed
 * delivery; what the nodes did is read back from the execution data (public API) and from the stand-in's
 * store and request log. Publishing is activating on n8n 1.x: tools/n8n-local/versions.ts holds that.
 *
 * One n8n and one stand-in for the file; every test imports its own credential and workflow, and adds the
 * Polar records it works on. Run with `npm run test:e2e` (or only this file:
 * `npx jest -c jest.e2e.config.js --runInBand test/e2e/polarNode.e2e.test.ts`).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

import {
	type CredentialRecord,
	type Execution,
	POLAR_NODE_TYPE,
	POLAR_TOOL_TYPE,
	POLAR_TRIGGER_TYPE,
	POLAR_WEBHOOK_PATH,
	type WorkflowInput,
	type WorkflowNode,
	flavourOf,
	getWorkflow,
	hasNodeType,
	importCredential,
	importWorkflow,
	nodeTypeVersions,
	polarCredential,
	publishWorkflow,
} from '../../tools/n8n-local';
import { ACTION_TOKEN, type RecordedCall } from '../../tools/polar-stand-in/server';
import { useEnvironment } from './environment';
import { ExecutionCounter, triggerItems } from './executions';
import { expectLiveEndpoint } from './expectations';
import {
	CANCEL_NAME,
	CANCEL_REASON,
	GET_INVOICE_NAME,
	GET_MANY_NAME,
	GET_STATE_NAME,
	INGEST_NAME,
	SPLIT_EVENTS_NAME,
	UNKNOWN_CUSTOMER_NAME,
	USAGE_EVENT,
	allCustomersWorkflow,
	callWebhook,
	cancelByExternalIdWorkflow,
	ingestUsageWorkflow,
	invoiceOnOrderPaidWorkflow,
	nodesRun,
	outputOf,
	pairingOf,
	webhookNodeUrl,
} from './polarNodeWorkflows';

const world = useEnvironment();

/** A credential of its own for a test, with the token that has every scope of the node's must set. */
async function actionCredential(name: string): Promise<CredentialRecord> {
	const { server, polar } = world();
	return await importCredential(
		server.client,
		polarCredential(polar.url, ACTION_TOKEN, `Polar stand-in (${name})`),
	);
}

/** Imports and publishes a workflow; returns its id and a counter of its executions (none yet). */
async function published(
	workflow: WorkflowInput,
): Promise<{ id: string; executions: ExecutionCounter }> {
	const { server } = world();
	const { id } = await importWorkflow(server.client, workflow);
	const executions = new ExecutionCounter(server.client, id);
	await publishWorkflow(server.client, id);
	return { id, executions };
}

/** The stand-in's requests from index `from` on, as `METHOD path`. */
const requestsSince = (from: number): RecordedCall[] => world().polar.calls.slice(from);
const line = (call: RecordedCall): string => `${call.method} ${call.path} -> ${call.status}`;

/** The one successful execution the call started (webhook mode). */
async function oneSuccessfulRun(executions: ExecutionCounter): Promise<Execution> {
	const [execution, ...more] = await executions.waitForNew(1, { timeoutMs: 60_000 });
	expect(more).toEqual([]);
	const found = execution as Execution;
	expect({ mode: found.mode, status: found.status }).toEqual({
		mode: 'webhook',
		status: 'success',
	});
	return found;
}

afterEach(() => {
	// Every answer the stand-in gave the node fits Polar's OpenAPI document.
	expect(world().polar.schemaViolations).toEqual([]);
});

describe('node types', () => {
	it('n8n lists the Polar node (n8n-nodes-polar-billing.polar) and its AI Agent tool variant (polarTool) next to the Polar Trigger', async () => {
		const { client } = world().server;
		expect({
			trigger: await hasNodeType(client, POLAR_TRIGGER_TYPE),
			node: await hasNodeType(client, POLAR_NODE_TYPE),
			tool: await hasNodeType(client, POLAR_TOOL_TYPE),
		}).toEqual({ trigger: true, node: true, tool: true });
	});
});

describe('Webhook → Customer Get State by external ID → Subscription Cancel, with an error output', () => {
	let path: string;
	let executions: ExecutionCounter;
	beforeAll(async () => {
		const credential = await actionCredential('get state and cancel');
		const built = cancelByExternalIdWorkflow('E2E Polar node: cancel by external ID', credential);
		path = built.path;
		({ executions } = await published(built.workflow));
	});
	const call = async (externalId: string) => {
		await executions.mark();
		return await callWebhook(webhookNodeUrl(world().server.webhookUrl, path), { externalId });
	};

	it("Get State outputs the customer's two active subscriptions, Cancel cancels both at period end in Polar with the reason, and n8n's answer and execution data say so", async () => {
		const { polar } = world();
		const externalId = `e2e_user_${randomUUID().slice(0, 8)}`;
		const customer = polar.actions.customers.add({ external_id: externalId });
		const customerId = customer.id as string;
		const subscriptionIds = [
			polar.actions.subscriptions.add({ customer_id: customerId }).id as string,
			polar.actions.subscriptions.add({
				customer_id: customerId,
				product_id: polar.actions.catalog.products.legacy,
			}).id as string,
		];
		const before = polar.calls.length;

		const answer = await call(externalId);
		const execution = await oneSuccessfulRun(executions);

		expect(outputOf(execution, GET_STATE_NAME)).toEqual([
			expect.objectContaining({
				id: customerId,
				external_id: externalId,
				active_product_ids: [
					polar.actions.catalog.products.pro,
					polar.actions.catalog.products.legacy,
				],
			}),
		]);
		const state = outputOf(execution, GET_STATE_NAME)[0] as {
			active_subscriptions: Array<{ id: string; status: string; cancel_at_period_end: boolean }>;
		};
		expect(
			state.active_subscriptions.map(({ id, status, cancel_at_period_end }) => ({
				id,
				status,
				cancel_at_period_end,
			})),
		).toEqual(subscriptionIds.map((id) => ({ id, status: 'active', cancel_at_period_end: false })));
		expect(outputOf(execution, GET_STATE_NAME, 1)).toEqual([]);

		const canceled = outputOf(execution, CANCEL_NAME);
		expect(
			canceled.map(({ id, status, cancel_at_period_end }) => ({
				id,
				status,
				cancel_at_period_end,
			})),
		).toEqual(subscriptionIds.map((id) => ({ id, status: 'active', cancel_at_period_end: true })));
		expect({ status: answer.status, json: answer.json }).toEqual({ status: 200, json: canceled });
		expect(nodesRun(execution)).not.toContain(UNKNOWN_CUSTOMER_NAME);

		// What Polar holds now.
		for (const id of subscriptionIds) {
			expect(polar.actions.subscriptions.get(id)).toEqual(
				expect.objectContaining({
					id,
					status: 'active',
					cancel_at_period_end: true,
					customer_cancellation_reason: CANCEL_REASON,
				}),
			);
		}
		expect(requestsSince(before).map(line)).toEqual([
			`GET /v1/customers/external/${externalId}/state -> 200`,
			...subscriptionIds.map((id) => `PATCH /v1/subscriptions/${id} -> 200`),
		]);
		expect(
			requestsSince(before)
				.slice(1)
				.map((request) => request.body),
		).toEqual(
			subscriptionIds.map(() => ({
				cancel_at_period_end: true,
				customer_cancellation_reason: CANCEL_REASON,
			})),
		);
	});

	it('an unknown external ID goes to the error output: its item names the ID and the missing customer, Cancel never runs, nothing changes in Polar, and the token is nowhere in the execution', async () => {
		const { polar } = world();
		const unknown = `e2e_nobody_${randomUUID().slice(0, 8)}`;
		const subscriptionsBefore = JSON.stringify(polar.actions.subscriptions.list());
		const before = polar.calls.length;

		const answer = await call(unknown);
		const execution = await oneSuccessfulRun(executions);

		expect(outputOf(execution, GET_STATE_NAME)).toEqual([]);
		const [failed, ...more] = outputOf(execution, GET_STATE_NAME, 1);
		expect(more).toEqual([]);
		// n8n routes the node's error item (error, message) to the error output, with the input item's fields.
		expect(failed).toEqual(
			expect.objectContaining({
				error: `Polar has no customer with the external ID "${unknown}"`,
				message: `Check the ID, and that the Polar API credential uses the environment the customer with the external ID "${unknown}" was created in (Sandbox and Production are separate). Polar said: "Not found".`,
				body: { externalId: unknown },
			}),
		);
		expect(outputOf(execution, UNKNOWN_CUSTOMER_NAME)).toEqual([failed]);
		expect(nodesRun(execution)).not.toContain(CANCEL_NAME);
		expect(answer.status).toBe(200);
		expect(JSON.stringify(answer.json)).toContain(unknown);

		expect(requestsSince(before).map(line)).toEqual([
			`GET /v1/customers/external/${unknown}/state -> 404`,
		]);
		expect(JSON.stringify(polar.actions.subscriptions.list())).toBe(subscriptionsBefore);
		expect(JSON.stringify(execution)).not.toContain(ACTION_TOKEN);
	});
});

describe('Polar Trigger → Polar node in one published workflow', () => {
	it('a signed order.paid for an order Polar has starts one execution whose Order Get Invoice generates the invoice and outputs its URL', async () => {
		const { server, polar } = world();
		const credential = await actionCredential('trigger and get invoice');
		const { workflow, webhookId } = invoiceOnOrderPaidWorkflow(
			'E2E Polar node: invoice on order.paid',
			credential,
		);
		const { executions } = await published(workflow);
		const endpoint = expectLiveEndpoint(
			polar,
			server.productionWebhookUrl(webhookId, POLAR_WEBHOOK_PATH),
			['order.paid'],
		);
		const order = polar.actions.orders.add();
		const orderId = order.id as string;
		expect(polar.actions.orders.invoiceRequested(orderId)).toBe(false);
		const event = polar.buildPayload('order.paid', {
			organizationId: endpoint.organization_id,
			apiVersion: endpoint.api_version,
		});
		const payload = { ...event, data: { ...event.data, ...order } };
		const before = polar.calls.length;

		const delivered = await polar.deliver(endpoint.id, payload);
		expect(delivered.attempts.map((attempt) => attempt.status)).toEqual([200]);
		const execution = await oneSuccessfulRun(executions);

		expect(triggerItems(execution)).toEqual([{ ...payload, webhookId: delivered.webhookId }]);
		expect(outputOf(execution, GET_INVOICE_NAME)).toEqual([
			{
				order_id: orderId,
				url: `https://polar-invoices.s3.amazonaws.com/${orderId}/Invoice-${String(order.invoice_number)}.pdf?X-Amz-Expires=3600`,
			},
		]);
		expect(polar.actions.orders.invoiceRequested(orderId)).toBe(true);
		// Not there yet, generated, then read (the stand-in's invoice is ready 100 ms after the request).
		expect(
			requestsSince(before)
				.filter((request) => request.path.startsWith('/v1/orders/'))
				.map(line),
		).toEqual([
			`GET /v1/orders/${orderId}/invoice -> 404`,
			`POST /v1/orders/${orderId}/invoice -> 202`,
			`GET /v1/orders/${orderId}/invoice -> 200`,
		]);
	});
});

describe('volume', () => {
	it('Get Many with Return All reads the 250 matching customers in 3 pages of 100 and outputs each exactly once, oldest first', async () => {
		const { server, polar } = world();
		const tag = `returnall-${randomUUID().slice(0, 8)}`;
		const added = polar.actions.customers.addMany(250, (index) => ({
			email: `customer.${index}@${tag}.example`,
		}));
		const { workflow, path } = allCustomersWorkflow(
			'E2E Polar node: return all',
			await actionCredential('return all'),
		);
		const { executions } = await published(workflow);
		const before = polar.calls.length;

		const answer = await callWebhook(webhookNodeUrl(server.webhookUrl, path), { query: tag });
		expect(answer.status).toBe(200);
		const execution = await oneSuccessfulRun(executions);

		const ids = outputOf(execution, GET_MANY_NAME).map((customer) => customer.id);
		expect(ids).toEqual(added.map((customer) => customer.id));
		expect(
			requestsSince(before).map((request) => ({ ...request.query, call: line(request) })),
		).toEqual(
			[1, 2, 3].map((page) => ({
				query: tag,
				sorting: 'created_at',
				page: String(page),
				limit: '100',
				call: 'GET /v1/customers/ -> 200',
			})),
		);
	});

	it('Event Ingest of 300 items sends 3 requests of 100 events; Polar stores the 300 events; one output item per input item, paired with it', async () => {
		const { server, polar } = world();
		const COUNT = 300;
		const run = randomUUID().slice(0, 8);
		const usage = Array.from({ length: COUNT }, (_, index) => ({
			user: index % 2 === 0 ? 'usr_1000' : 'usr_1002',
			requestId: `req_${run}_${index}`,
			tokens: index + 1,
		}));
		const { workflow, path } = ingestUsageWorkflow(
			'E2E Polar node: ingest usage',
			await actionCredential('ingest'),
		);
		const { executions } = await published(workflow);
		const eventsBefore = polar.actions.events.list().length;
		const before = polar.calls.length;

		const answer = await callWebhook(webhookNodeUrl(server.webhookUrl, path), { usage });
		expect(answer.status).toBe(200);
		const execution = await oneSuccessfulRun(executions);

		const ingests = requestsSince(before);
		expect(ingests.map(line)).toEqual(Array(3).fill('POST /v1/events/ingest -> 200'));
		const sent = ingests.map(
			(request) => (request.body as { events: Array<{ external_id: string }> }).events,
		);
		expect(sent.map((events) => events.length)).toEqual([100, 100, 100]);
		expect(sent.flat().map((event) => event.external_id)).toEqual(
			usage.map((record) => record.requestId),
		);

		const stored = polar.actions.events.list().slice(eventsBefore);
		expect(stored).toHaveLength(COUNT);
		expect(
			stored.map(({ name, external_id, external_customer_id, metadata }) => ({
				name,
				external_id,
				external_customer_id,
				metadata,
			})),
		).toEqual(
			usage.map((record) => ({
				name: USAGE_EVENT,
				external_id: record.requestId,
				external_customer_id: record.user,
				metadata: { tokens: record.tokens },
			})),
		);

		expect(outputOf(execution, SPLIT_EVENTS_NAME)).toHaveLength(COUNT);
		const output = outputOf(execution, INGEST_NAME);
		expect(output).toHaveLength(COUNT);
		expect(pairingOf(execution, INGEST_NAME)).toEqual(usage.map((_, item) => ({ item })));
		expect(
			output.map((item) => ({
				external_id: item.external_id,
				external_customer_id: item.external_customer_id,
				ingested: item.ingested,
				batch: (item.batch as { number: number }).number,
			})),
		).toEqual(
			usage.map((record, index) => ({
				external_id: record.requestId,
				external_customer_id: record.user,
				ingested: true,
				batch: Math.floor(index / 100) + 1,
			})),
		);
		expect(output[0]?.batch).toEqual({ number: 1, size: 100, inserted: 100, duplicates: 0 });
	});
});

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

describe('examples', () => {
	const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

	it('there are example workflows to check', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	it.each(files)(
		'examples/%s imports through the public API (its Polar credential swapped for a real one), and n8n knows every node type and typeVersion in it (one with human review for tools: n8n 2.x only, and an n8n 1.x lacks that node)',
		async (file) => {
			const { server } = world();
			const example = JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')) as WorkflowInput;
			const known = await nodeTypeVersions(server.client);
			const unknown = (): string[] =>
				example.nodes
					.filter((node) => !known.get(node.type)?.has(node.typeVersion))
					.map((node) => `${node.name}: ${node.type}@${node.typeVersion}`);
			const reviewed = example.nodes.some((node) => node.type.endsWith('HitlTool'));
			if (reviewed && !flavourOf(server.client.n8nVersion).toolHumanReview) {
				// An example with human review is for n8n 2.x (README says so): this n8n must lack that node.
				expect(unknown().filter((line) => line.includes('HitlTool@'))).not.toEqual([]);
				return;
			}
			const credential = await actionCredential(`example ${file}`);
			// What n8n's own import keeps of an exported workflow: the rest (meta, pinData) is the editor's.
			const workflow: WorkflowInput = {
				name: example.name,
				nodes: example.nodes.map((node: WorkflowNode) =>
					node.credentials?.polarBillingApi
						? {
								...node,
								credentials: {
									...node.credentials,
									polarBillingApi: { id: credential.id, name: credential.name },
								},
							}
						: node,
				),
				connections: example.connections,
				settings: example.settings,
			};
			const { id } = await importWorkflow(server.client, workflow);
			const stored = await getWorkflow(server.client, id);
			expect(stored.nodes.map((node) => node.name).sort()).toEqual(
				example.nodes.map((node) => node.name).sort(),
			);
			expect(unknown()).toEqual([]);
		},
	);
});
