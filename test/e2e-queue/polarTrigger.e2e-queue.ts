/**
 * The Polar Trigger under n8n's queue mode (scale-out): PostgreSQL + Redis, a main process where the
 * workflow is published, a separate `n8n webhook` process that receives Polar's deliveries and runs the
 * node's webhook() (signature verification), and an `n8n worker` that runs the executions. The same
 * guarantees as on one process: one endpoint, exactly one execution per genuine delivery, 401 and nothing
 * started for forged ones, 200 and nothing started for unselected events, clean re-registration and removal.
 *
 * The Polar node there too: a workflow started by n8n's Webhook node (on the webhook process) running Customer
 * Get State and Subscription Cancel, with its error output, and the Polar Trigger followed by Order Get Invoice;
 * the worker runs both (test/e2e/polarNode.e2e.test.ts has the same on one process).
 *
 * One cluster for the file, started in beforeAll; every test imports and publishes its own credential and workflow.
 * Run with `npm run test:e2e:queue` in n8n 2.41.1, or `npm run test:e2e:queue:n8n1` in 1.123.81, where the
 * workflow is activated (installs redis-server / postgresql when missing; see docs/queue-mode.md).
 */
import { randomUUID } from 'node:crypto';

import {
	type Execution,
	POLAR_TRIGGER_NAME,
	POLAR_WEBHOOK_PATH,
	type WorkflowInput,
	importCredential,
	importWorkflow,
	polarCredential,
	polarTriggerWorkflow,
	publishWorkflow,
	unpublishWorkflow,
	updateWorkflow,
	withEvents,
} from '../../tools/n8n-local';
import { hostileDeliveryCases } from '../helpers/hostileDeliveries';
import { type SecretScheme, generateSecret } from '../../tools/polar-stand-in/signing';
import {
	ACTION_TOKEN,
	DEFAULT_TOKEN,
	type WebhookEndpointObject,
} from '../../tools/polar-stand-in/server';
import { type QueueCluster, startQueueCluster, stopQueueCluster } from './cluster';
import { triggerStaticDataInDb } from './database';
import { type Sent, deliver, signedPost } from '../e2e/deliveries';
import { ExecutionCounter, triggerItems } from '../e2e/executions';
import { answeredBeforeTheNode, expectedOverHttp, hostileCaseToSend } from '../e2e/hostileOverHttp';
import { latencySummary } from '../e2e/load';
import { sendRaw } from '../../tools/polar-stand-in/rawPost';
import { inPool } from '../../tools/pool';
import {
	expectExecutionsCarry,
	endpointsOn,
	expectLiveEndpoint as expectLiveEndpointOf,
} from '../e2e/expectations';
import { anyTestFailed } from '../e2e/environment';
import { emittedWebhookId, expectRunByWorker, finishedBeforeEnqueued } from './workerLog';
import {
	CANCEL_NAME,
	CANCEL_REASON,
	GET_INVOICE_NAME,
	GET_STATE_NAME,
	UNKNOWN_CUSTOMER_NAME,
	callWebhook,
	cancelByExternalIdWorkflow,
	invoiceOnOrderPaidWorkflow,
	nodesRun,
	outputOf,
	webhookNodeUrl,
} from '../e2e/polarNodeWorkflows';

const FIRST_EVENTS = [
	'order.paid',
	'order.refunded',
	'subscription.created',
	'subscription.canceled',
	'customer.created',
	'checkout.updated',
];
/** After the PUT: one kept (order.paid), one new (refund.created), the others dropped. */
const CHANGED_EVENTS = ['order.paid', 'refund.created'];
const UNSELECTED_FIRST = 'refund.created';
const DROPPED_BY_CHANGE = 'subscription.created';
const BURST_SIZE = 200;
const BURST_CONCURRENCY = 20;
let cluster: QueueCluster | undefined;
function world(): QueueCluster {
	if (!cluster) throw new Error('the queue-mode cluster did not start (see beforeAll)');
	return cluster;
}
const print = (line: string): void => {
	process.stdout.write(`[e2e-queue] ${line}\n`);
};

/** One test's own credential and published Polar Trigger workflow. */
interface Trigger {
	workflowId: string;
	workflow: WorkflowInput;
	/** `<N8N_WEBHOOK_URL>webhook/<webhookId>/webhook`: the webhook process's production URL of the trigger. */
	url: string;
	webhookId: string;
	executions: ExecutionCounter;
}

/** Imports a credential and a workflow on main and publishes it there; the endpoint gets a secret of `scheme`. */
async function publishedTrigger(
	name: string,
	events: readonly string[],
	scheme: SecretScheme = 'standard',
): Promise<{ trigger: Trigger; endpoint: WebhookEndpointObject }> {
	const { main, polar } = world();
	const credential = await importCredential(
		main.client,
		polarCredential(polar.url, DEFAULT_TOKEN, `Polar stand-in (${name})`),
	);
	const webhookId = randomUUID();
	const workflow = polarTriggerWorkflow({ name, webhookId, events: [...events], credential });
	const workflowId = (await importWorkflow(main.client, workflow)).id;
	const trigger: Trigger = {
		workflowId,
		workflow,
		webhookId,
		url: triggerUrl(webhookId),
		executions: new ExecutionCounter(main.client, workflowId, 2_000),
	};
	polar.nextSecretScheme(scheme);
	await publishWorkflow(main.client, workflowId);
	return { trigger, endpoint: expectLiveEndpoint(trigger, events) };
}

/** A Polar Trigger's production URL, on the webhook process's public address. */
const triggerUrl = (webhookId: string): string =>
	`${world().webhookUrl}webhook/${webhookId}/${POLAR_WEBHOOK_PATH}`;

const expectLiveEndpoint = (trigger: Trigger, events: readonly string[]): WebhookEndpointObject =>
	expectLiveEndpointOf(world().polar, trigger.url, events);

/** The static data in PostgreSQL names this endpoint and holds its secret (compared, never printed). */
async function expectStaticDataFor(
	trigger: Trigger,
	endpoint: WebhookEndpointObject,
): Promise<void> {
	const { tools, postgres } = world();
	const stored = await triggerStaticDataInDb(
		tools.postgresBin,
		postgres,
		trigger.workflowId,
		POLAR_TRIGGER_NAME,
	);
	expect(stored?.endpointId).toBe(endpoint.id);
	expect(stored?.endpointSecret === endpoint.secret).toBe(true);
}

/** A genuine delivery of `type` through the stand-in (signed as Polar signs), to the endpoint's URL. */
const deliverGenuine = async (
	endpoint: WebhookEndpointObject,
	type: string,
	force = false,
): Promise<Sent> => await deliver(world().polar, endpoint.id, type, { force });

/** One execution per delivery, in webhook mode, successful, the trigger emitting the event plus webhookId. */
const expectOnePerDelivery = (found: Execution[], sent: Sent[]): void =>
	expectExecutionsCarry(found, sent, 'webhook');

/** E2E_QUEUE_DEBUG=1: the webhook process and the worker log at debug level, as JSON (execution ids in every line). */
const DEBUG_ENV: Record<string, string> =
	process.env.E2E_QUEUE_DEBUG === '1' ? { N8N_LOG_LEVEL: 'debug', N8N_LOG_FORMAT: 'json' } : {};

beforeAll(async () => {
	cluster = await startQueueCluster({ webhookEnv: DEBUG_ENV, workerEnv: DEBUG_ENV });
	print(
		`main ${cluster.main.url}, webhook process ${cluster.webhookUrl}, worker (health 127.0.0.1:${cluster.workerHealthPort}), ` +
			`PostgreSQL 127.0.0.1:${cluster.postgres.port}, Redis 127.0.0.1:${cluster.redis.port}, Polar stand-in ${cluster.polar.url}, ` +
			`package ${cluster.packed.name}@${cluster.packed.version}`,
	);
}, 20 * 60_000);

afterAll(async () => {
	const world = cluster;
	const keepFiles = anyTestFailed() || world === undefined;
	const { leftovers, errors, root } = await stopQueueCluster(keepFiles);
	const header: string[] = [];
	if (world) {
		header.push(
			`setup: ${Object.entries(world.setupSeconds)
				.map(([what, s]) => `${what} ${s} s`)
				.join(', ')}` +
				(world.tools.installed.length
					? ` (installed ${world.tools.installed.join(', ')})`
					: ' (nothing to install)'),
			`processes: main :${world.main.port}, webhook :${world.webhookPort} (receives Polar), worker (health :${world.workerHealthPort}), PostgreSQL ${world.tools.postgresVersion} :${world.postgres.port}, Redis :${world.redis.port}`,
		);
	}
	const extra = [
		...errors.map((error) => `cleanup error: ${error}`),
		leftovers.length === 0
			? 'cleanup: worker, webhook, main, Redis, PostgreSQL and the stand-in stopped; no process of this run left'
			: `cleanup: LEFTOVER processes: ${leftovers.map((info) => `${info.pid} ${info.command}`).join('; ')}`,
	];
	if (world) {
		const waiting = world.webhook.grep(/Waiting for \d+ active executions/);
		const timedOut = world.webhook.grep(/Shutdown timed out/).length > 0;
		const early = finishedBeforeEnqueued(world.webhook);
		if (waiting.length > 0) {
			extra.push(
				`n8n observation: on SIGTERM the webhook process waited for executions it still counted as active ` +
					`("${waiting[0]?.trim()}"${timedOut ? `; its graceful shutdown timed out after N8N_GRACEFUL_SHUTDOWN_TIMEOUT=${world.sharedEnv.N8N_GRACEFUL_SHUTDOWN_TIMEOUT} s` : ''}).`,
			);
		}
		if (early.length > 0) {
			extra.push(
				`n8n observation: executions ${early.join(', ')} were reported finished by the worker before the webhook process logged ` +
					`"Enqueued execution" for them (race in n8n/Bull: job.finished() then never settles in the webhook process). ` +
					`They did run exactly once and Polar got its 200.`,
			);
		}
	}
	if (root)
		extra.push(
			`files kept for inspection: ${root} (logs in ${root}/logs, main also in ${root}/n8n/n8n.log)`,
		);
	if (world && anyTestFailed())
		extra.push(
			'stand-in log (last 30 lines):',
			...world.polarLog.slice(-30).map((line) => `  ${line}`),
		);
	for (const line of [...header, ...extra]) print(line);
	if (leftovers.length > 0 || errors.length > 0) {
		throw new Error(
			`cleanup failed: ${[...errors, ...leftovers.map((info) => `left running: ${info.pid} ${info.command}`)].join('; ')}`,
		);
	}
}, 3 * 60_000);

it("publishing on main registers exactly one endpoint (one create call), on the webhook process's URL, and keeps its id and secret in the static data in PostgreSQL", async () => {
	const { main, polar } = world();
	const callsBefore = polar.calls.length;
	const { trigger, endpoint } = await publishedTrigger('Queue mode: publish', FIRST_EVENTS);
	expect(endpoint.url.startsWith(`http://127.0.0.1:${world().webhookPort}/`)).toBe(true);
	expect(endpoint.url.startsWith(main.url)).toBe(false);
	const creates = polar.calls
		.slice(callsBefore)
		.filter((call) => call.method === 'POST' && call.path === '/v1/webhooks/endpoints');
	expect(creates).toHaveLength(1);
	// workflow_entity."staticData"
	await expectStaticDataFor(trigger, endpoint);
});

it('genuine deliveries of 6 event types to the webhook process: 200, one execution each carrying the event, enqueued by the webhook process and run by the worker, none by main', async () => {
	const { worker, webhook } = world();
	const { trigger, endpoint } = await publishedTrigger(
		'Queue mode: genuine deliveries',
		FIRST_EVENTS,
	);
	const sent: Sent[] = [];
	for (const type of FIRST_EVENTS) sent.push(await deliverGenuine(endpoint, type));
	expect(sent.map((delivery) => `${delivery.type}: ${delivery.status}`)).toEqual(
		FIRST_EVENTS.map((type) => `${type}: 200`),
	);
	const found = await trigger.executions.waitForNew(sent.length, { timeoutMs: 60_000 });
	expectOnePerDelivery(found, sent);
	await expectRunByWorker(
		found.map((execution) => execution.id),
		worker,
		webhook,
	);
	expect(world().main.logTail(300)).not.toMatch(/Worker started execution/);
});

it('every hostile case gets its answer from the webhook process (401 forged / stale / unsigned / wrong secret / tampered, 400 signed non-events), main takes no production delivery, an unselected event gets 200, and nothing runs', async () => {
	const { polar } = world();
	const { trigger, endpoint } = await publishedTrigger(
		'Queue mode: hostile deliveries',
		FIRST_EVENTS,
	);
	// A body with non-ASCII text, so that the "unicode escaped differently" case really differs.
	const body = JSON.stringify({
		...polar.buildPayload('order.paid', { organizationId: endpoint.organization_id }),
		note: 'café ✓',
	});
	const otherSecret = generateSecret('standard');
	const context = { secret: endpoint.secret, otherSecret, body };
	const cases = hostileDeliveryCases({ ...context, nowSeconds: Math.floor(Date.now() / 1000) });
	const answers: string[] = [];
	for (const { name } of cases) {
		// Timestamps are relative to "now": each case is built right before it is sent.
		const hostile = hostileCaseToSend(name, context);
		const response = await sendRaw(trigger.url, hostile.request);
		answers.push(`${hostile.name}: ${response.status}`);
	}
	expect(answers).toEqual(cases.map((hostile) => `${hostile.name}: ${expectedOverHttp(hostile)}`));
	for (const hostile of cases) {
		const before = answeredBeforeTheNode(hostile.request);
		if (before)
			print(
				`"${hostile.name}": ${before.status} from ${before.by} (the unit suite expects ${hostile.expectedStatus} from the node)`,
			);
	}

	const scheme = polar.secretSchemeOf(endpoint.id);
	if (!scheme) throw new Error('the stand-in knows no secret scheme for the endpoint');
	const toMain = signedPost(
		endpoint,
		scheme,
		polar.buildPayload('order.paid', { organizationId: endpoint.organization_id }),
	);
	// N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true
	const mainAnswer = await sendRaw(
		`${world().main.url}/webhook/${trigger.webhookId}/${POLAR_WEBHOOK_PATH}`,
		toMain,
	);
	expect(mainAnswer.status).not.toBe(200);

	const unselected = await deliverGenuine(endpoint, UNSELECTED_FIRST, true);
	expect(unselected.status).toBe(200);

	// Checked after a quiet period.
	const started = await trigger.executions.newAfterQuiet(3_000);
	expect(started.map((execution) => execution.id)).toEqual([]);
});

it(`a burst of ${BURST_SIZE} genuine deliveries, ${BURST_CONCURRENCY} in flight, straight to the webhook process: all answered 200, exactly ${BURST_SIZE} successful executions, one per webhook-id, all run by the worker`, async () => {
	const { polar, worker, webhook } = world();
	const { trigger, endpoint } = await publishedTrigger('Queue mode: burst', FIRST_EVENTS);
	const scheme = polar.secretSchemeOf(endpoint.id);
	if (!scheme) throw new Error('the stand-in knows no secret scheme for the endpoint');
	const types = Array.from(
		{ length: BURST_SIZE },
		(_, index) => FIRST_EVENTS[index % FIRST_EVENTS.length] as string,
	);
	const began = Date.now();
	const { results, maxInFlight } = await inPool(types, BURST_CONCURRENCY, async (type) => {
		const payload = polar.buildPayload(type, {
			organizationId: endpoint.organization_id,
			apiVersion: endpoint.api_version,
		});
		const post = signedPost(endpoint, scheme, payload);
		const response = await sendRaw(trigger.url, post);
		return { type, payload, webhookId: post.webhookId, status: response.status, ms: response.ms };
	});
	const sendMs = Date.now() - began;
	expect(maxInFlight).toBe(BURST_CONCURRENCY);
	const refused = results
		.filter((result) => result.status !== 200)
		.map((result) => `${result.type}: ${result.status}`);
	expect(refused).toEqual([]);
	print(
		`burst: all ${BURST_SIZE} answered 200 in ${(sendMs / 1000).toFixed(1)} s; answer times: ${latencySummary(results.map((result) => result.ms))} (Polar gives up after 10 s)`,
	);

	const found = await trigger.executions.waitForNew(BURST_SIZE, { timeoutMs: 240_000 });
	print(
		`burst: ${found.length} executions within ${((Date.now() - began) / 1000).toFixed(1)} s of the first request`,
	);
	const perId = new Map<string, number>();
	for (const execution of found) {
		const id = emittedWebhookId(execution) ?? '(none)';
		perId.set(id, (perId.get(id) ?? 0) + 1);
	}
	const lost = results
		.filter((result) => perId.get(result.webhookId) !== 1)
		.map((result) => `${result.webhookId}: ${perId.get(result.webhookId) ?? 0}`);
	expect(lost).toEqual([]);
	expect(perId.size).toBe(BURST_SIZE);
	expect(
		found
			.filter((execution) => execution.status !== 'success' || execution.mode !== 'webhook')
			.map((e) => `${e.id} ${e.mode} ${e.status}`),
	).toEqual([]);
	for (const result of results.slice(0, 12)) {
		const execution = found.find(
			(candidate) => emittedWebhookId(candidate) === result.webhookId,
		) as Execution;
		expect(triggerItems(execution)).toEqual([{ ...result.payload, webhookId: result.webhookId }]);
	}
	await expectRunByWorker(
		found.map((execution) => execution.id),
		worker,
		webhook,
		60_000,
	);
});

it('changing the events with PUT on main leaves one endpoint with the new events (named in PostgreSQL); a newly selected event runs on the worker, a dropped one and the old secret start nothing', async () => {
	const { main, polar, worker, webhook } = world();
	const { trigger, endpoint: before } = await publishedTrigger(
		'Queue mode: events changed',
		FIRST_EVENTS,
	);
	polar.nextSecretScheme('legacy-polar_whs');
	trigger.workflow = withEvents(trigger.workflow, CHANGED_EVENTS);
	await updateWorkflow(main.client, trigger.workflowId, trigger.workflow);
	const after = expectLiveEndpoint(trigger, CHANGED_EVENTS);
	print(
		before.id === after.id
			? 'the node updated the endpoint in place (same id and secret)'
			: `endpoint ${before.id} was replaced by ${after.id} with a new (${polar.secretSchemeOf(after.id)}) secret`,
	);
	await expectStaticDataFor(trigger, after);

	const fresh = await deliverGenuine(after, 'refund.created');
	expect(fresh.status).toBe(200);
	const found = await trigger.executions.waitForNew(1, { timeoutMs: 60_000 });
	expectOnePerDelivery(found, [fresh]);
	await expectRunByWorker(
		found.map((execution) => execution.id),
		worker,
		webhook,
	);

	const dropped = await deliverGenuine(after, DROPPED_BY_CHANGE, true);
	expect(dropped.status).toBe(200);
	if (before.secret !== after.secret) {
		// The webhook process reads the new secret, no stale copy.
		const payload = polar.buildPayload('order.paid', { organizationId: after.organization_id });
		const withOldSecret = signedPost(
			before,
			polar.secretSchemeOf(before.id) ?? 'standard',
			payload,
		);
		const response = await sendRaw(trigger.url, withOldSecret);
		expect(response.status).toBe(401);
	}
	expect((await trigger.executions.newAfterQuiet()).map((execution) => execution.id)).toEqual([]);
});

it('unpublish on main deletes the endpoint in Polar (one DELETE, 204); a correctly signed delivery to the old URL afterwards gets 404 from the webhook process and starts nothing', async () => {
	const { main, polar } = world();
	const { trigger, endpoint: last } = await publishedTrigger('Queue mode: unpublish', FIRST_EVENTS);
	const scheme = polar.secretSchemeOf(last.id);
	if (!scheme) throw new Error('the stand-in knows no secret scheme for the endpoint');
	await unpublishWorkflow(main.client, trigger.workflowId);
	expect(endpointsOn(polar, trigger.url)).toEqual([]);
	const deletes = polar.calls.filter(
		(call) => call.method === 'DELETE' && call.path === `/v1/webhooks/endpoints/${last.id}`,
	);
	expect(deletes.map((call) => call.status)).toEqual([204]);

	const payload = polar.buildPayload('order.paid', { organizationId: last.organization_id });
	const late = signedPost(last, scheme, payload, randomUUID());
	const response = await sendRaw(trigger.url, late);
	expect(response.status).toBe(404);
	expect((await trigger.executions.newAfterQuiet()).map((execution) => execution.id)).toEqual([]);
});

describe('the Polar node in queue mode', () => {
	/** A credential of its own, on main, with the token that has every scope of the node's must set. */
	const actionCredential = async (name: string) =>
		await importCredential(
			world().main.client,
			polarCredential(world().polar.url, ACTION_TOKEN, `Polar stand-in (${name})`),
		);

	it('a Webhook-started workflow (on the webhook process) runs Customer Get State by external ID and Subscription Cancel on the worker: the subscription is canceled in Polar; an unknown ID goes to the error output', async () => {
		const { main, polar, worker, webhook } = world();
		const externalId = `queue_user_${randomUUID().slice(0, 8)}`;
		const customerId = polar.actions.customers.add({ external_id: externalId }).id as string;
		const subscriptionId = polar.actions.subscriptions.add({ customer_id: customerId })
			.id as string;
		const { workflow, path } = cancelByExternalIdWorkflow(
			'Queue mode: Polar node cancel by external ID',
			await actionCredential('queue get state and cancel'),
		);
		const workflowId = (await importWorkflow(main.client, workflow)).id;
		const executions = new ExecutionCounter(main.client, workflowId, 2_000);
		await publishWorkflow(main.client, workflowId);
		const url = webhookNodeUrl(world().webhookUrl, path);

		const answer = await callWebhook(url, { externalId });
		const [run] = await executions.waitForNew(1, { timeoutMs: 60_000 });
		const execution = run as Execution;
		expect({ mode: execution.mode, status: execution.status }).toEqual({
			mode: 'webhook',
			status: 'success',
		});
		expect(
			(outputOf(execution, GET_STATE_NAME)[0]?.active_subscriptions as Array<{ id: string }>).map(
				(subscription) => subscription.id,
			),
		).toEqual([subscriptionId]);
		expect(
			outputOf(execution, CANCEL_NAME).map(({ id, cancel_at_period_end }) => ({
				id,
				cancel_at_period_end,
			})),
		).toEqual([{ id: subscriptionId, cancel_at_period_end: true }]);
		expect(answer.status).toBe(200);
		expect(polar.actions.subscriptions.get(subscriptionId)).toEqual(
			expect.objectContaining({
				cancel_at_period_end: true,
				customer_cancellation_reason: CANCEL_REASON,
			}),
		);

		const unknown = `queue_nobody_${randomUUID().slice(0, 8)}`;
		expect((await callWebhook(url, { externalId: unknown })).status).toBe(200);
		const [failedRun] = await executions.waitForNew(1, { timeoutMs: 60_000 });
		const failed = failedRun as Execution;
		expect(failed.status).toBe('success');
		expect(outputOf(failed, UNKNOWN_CUSTOMER_NAME)).toEqual([
			expect.objectContaining({
				error: `Polar has no customer with the external ID "${unknown}"`,
				body: { externalId: unknown },
			}),
		]);
		expect(nodesRun(failed)).not.toContain(CANCEL_NAME);
		expect(JSON.stringify(failed)).not.toContain(ACTION_TOKEN);

		await expectRunByWorker([execution.id, failed.id], worker, webhook);
		expect(polar.schemaViolations).toEqual([]);
	});

	it('a signed order.paid to the Polar Trigger (webhook process) starts one execution on the worker whose Order Get Invoice generates the invoice and outputs its URL', async () => {
		const { main, polar, worker, webhook } = world();
		const { workflow, webhookId } = invoiceOnOrderPaidWorkflow(
			'Queue mode: invoice on order.paid',
			await actionCredential('queue trigger and get invoice'),
		);
		const workflowId = (await importWorkflow(main.client, workflow)).id;
		const executions = new ExecutionCounter(main.client, workflowId, 2_000);
		await publishWorkflow(main.client, workflowId);
		const endpoint = expectLiveEndpointOf(polar, triggerUrl(webhookId), ['order.paid']);
		const order = polar.actions.orders.add();
		const orderId = order.id as string;
		const event = polar.buildPayload('order.paid', {
			organizationId: endpoint.organization_id,
			apiVersion: endpoint.api_version,
		});
		const delivered = await polar.deliver(endpoint.id, {
			...event,
			data: { ...event.data, ...order },
		});
		expect(delivered.attempts.map((attempt) => attempt.status)).toEqual([200]);

		const [run] = await executions.waitForNew(1, { timeoutMs: 60_000 });
		const execution = run as Execution;
		expect({ mode: execution.mode, status: execution.status }).toEqual({
			mode: 'webhook',
			status: 'success',
		});
		expect(emittedWebhookId(execution)).toBe(delivered.webhookId);
		expect(outputOf(execution, GET_INVOICE_NAME)).toEqual([
			{
				order_id: orderId,
				url: `https://polar-invoices.s3.amazonaws.com/${orderId}/Invoice-${String(order.invoice_number)}.pdf?X-Amz-Expires=3600`,
			},
		]);
		expect(polar.actions.orders.invoiceRequested(orderId)).toBe(true);
		await expectRunByWorker([execution.id], worker, webhook);
		expect(polar.schemaViolations).toEqual([]);
	});
});
