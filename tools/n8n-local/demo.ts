/**
 * `npm start -- --demo` (and the pictures of `npm run docs:screenshots`): a Polar stand-in on loopback, a
 * Custom-environment credential pointing at it, a published workflow with the Polar Trigger (order.paid),
 * one signed order.paid delivery, and the execution it started.
 */
import { randomUUID } from 'node:crypto';

import { REFERENCE_TIMESTAMP, buildAnyEventPayload } from '../polar-stand-in/payloads';
import { type ActionOptions, DEFAULT_TOKEN, PolarStandIn } from '../polar-stand-in/server';
import {
	type CredentialRecord,
	type Execution,
	type WorkflowRecord,
	importCredential,
	importWorkflow,
	nodeOutput,
	publishWorkflow,
	unpublishWorkflow,
	waitForExecutions,
} from './api';
import { POLAR_TRIGGER_NAME, polarCredential, polarTriggerWorkflow } from './fixtures';
import { say } from './log';
import type { N8nServer } from './server';

export const DEMO_WORKFLOW_NAME = 'Polar demo: order paid';
export const DEMO_CREDENTIAL_NAME = 'Polar (demo stand-in)';

export interface DemoOptions {
	/** Port of the stand-in (0 = random). */
	polarPort: number;
	/** The stand-in's request log. */
	onPolarLog?: (line: string) => void;
	/**
	 * Everything that would show in a picture, pinned (`npm run docs:screenshots`): the node's webhookId and
	 * the delivered event (payload seed 1 at the stand-in's reference time, this webhook-id). Two runs then
	 * draw the same pictures.
	 */
	pinned?: { nodeWebhookId: string; deliveryId: string };
	/** The stand-in's action data (seed, clock); default: the stand-in's defaults, on the system clock. */
	polarActions?: ActionOptions;
}

export interface DemoResult {
	polar: PolarStandIn;
	credential: CredentialRecord;
	workflow: WorkflowRecord;
	execution: Execution;
}

export const DEMO_EVENT = 'order.paid';

export async function runDemo(server: N8nServer, options: DemoOptions): Promise<DemoResult> {
	const polar = await PolarStandIn.start({
		port: options.polarPort,
		allowLoopbackUrls: true,
		controlRoutes: true,
		retryBaseMs: 1000,
		log: options.onPolarLog,
		actions: options.polarActions,
	});
	try {
		say(
			`Polar stand-in listening on ${polar.url} (token ${DEFAULT_TOKEN}, control routes under ${polar.url}/_standin/)`,
		);
		await retireEarlierDemos(server);

		const credential = await importCredential(
			server.client,
			polarCredential(polar.url, DEFAULT_TOKEN, DEMO_CREDENTIAL_NAME),
		);
		say(
			`imported credential "${credential.name}" (${credential.id}): environment Custom, base URL ${polar.url}`,
		);
		const webhookId = options.pinned?.nodeWebhookId ?? randomUUID();
		const workflow = await importWorkflow(
			server.client,
			polarTriggerWorkflow({
				name: DEMO_WORKFLOW_NAME,
				webhookId,
				events: [DEMO_EVENT],
				credential,
			}),
		);
		say(
			`imported workflow "${workflow.name}" (${workflow.id}) with the Polar Trigger on ${DEMO_EVENT}`,
		);

		await publishWorkflow(server.client, workflow.id);
		const endpoint = polar
			.endpoints()
			.find((candidate) => candidate.name?.includes(`workflow ${workflow.id}`));
		if (!endpoint)
			throw new Error('the workflow is published but the stand-in holds no endpoint for it');
		say(
			`published: the trigger registered Polar endpoint ${endpoint.id} -> ${endpoint.url} (events ${endpoint.events.join(', ')})`,
		);

		say(`sending a signed ${DEMO_EVENT} through the stand-in`);
		const target = { apiVersion: endpoint.api_version, organizationId: endpoint.organization_id };
		const payload = options.pinned
			? buildAnyEventPayload(DEMO_EVENT, { seed: 1, timestamp: REFERENCE_TIMESTAMP, ...target })
			: polar.buildPayload(DEMO_EVENT, target);
		const delivery = await polar.deliver(
			endpoint.id,
			payload,
			options.pinned ? { webhookId: options.pinned.deliveryId } : {},
		);
		const attempt = delivery.attempts.at(-1);
		say(
			`delivery ${delivery.webhookId}: n8n answered ${attempt?.status ?? attempt?.error ?? 'nothing'}`,
		);
		if (!delivery.delivered || attempt?.status !== 200) {
			throw new Error(
				`the ${DEMO_EVENT} delivery was not accepted (${attempt?.status ?? delivery.reason ?? attempt?.error})`,
			);
		}
		const [execution] = await waitForExecutions(server.client, workflow.id, 1);
		if (!execution || execution.status !== 'success') {
			throw new Error(
				`the execution of the delivery did not succeed: ${JSON.stringify(execution?.status)}`,
			);
		}
		const [item] = nodeOutput(execution, POLAR_TRIGGER_NAME);
		if (item?.type !== DEMO_EVENT || item.webhookId !== delivery.webhookId) {
			throw new Error(`unexpected trigger output: ${JSON.stringify(item).slice(0, 300)}`);
		}
		printExecution(server, workflow, execution);
		return { polar, credential, workflow, execution };
	} catch (error) {
		await polar.close();
		throw error;
	}
}

function printExecution(server: N8nServer, workflow: WorkflowRecord, execution: Execution): void {
	const [item] = nodeOutput(execution, POLAR_TRIGGER_NAME);
	const data = (item?.data ?? {}) as Record<string, unknown>;
	say(
		[
			`execution ${execution.id}: status ${execution.status}, mode ${execution.mode}, started ${execution.startedAt}`,
			`  ${server.url.replace('127.0.0.1', 'localhost')}/workflow/${workflow.id}/executions/${execution.id}`,
			`  type ${String(item?.type)}, webhookId ${String(item?.webhookId)}, order ${String(data.id)}, total ${String(data.total_amount)} ${String(data.currency)}`,
			'  output item:',
			...truncatedJson(item, 60).map((line) => `    ${line}`),
		].join('\n'),
	);
}

function truncatedJson(value: unknown, maxLines: number): string[] {
	const lines = JSON.stringify(value, null, 2).split('\n');
	return lines.length <= maxLines
		? lines
		: [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`];
}

/** Earlier demo workflows in this folder point at a stand-in that is gone: unpublish and delete them. */
async function retireEarlierDemos(server: N8nServer): Promise<void> {
	const { data } = await server.client.api<{
		data: Array<{ id: string; name: string; active: boolean }>;
	}>('GET', `/workflows?name=${encodeURIComponent(DEMO_WORKFLOW_NAME)}&limit=250`);
	for (const old of data.filter((workflow) => workflow.name === DEMO_WORKFLOW_NAME)) {
		if (old.active) await unpublishWorkflow(server.client, old.id, 20_000).catch(() => undefined);
		await server.client.api('POST', `/workflows/${old.id}/archive`).catch(() => undefined);
		await server.client.api('DELETE', `/workflows/${old.id}`).catch(() => undefined);
		say(`removed the earlier demo workflow ${old.id}`);
	}
}
