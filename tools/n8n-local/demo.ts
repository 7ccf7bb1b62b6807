/**
 * `npm start -- --demo`: a Polar stand-in on loopback, a Custom-environment credential pointing at it, a
 * published workflow with the Polar Trigger (order.paid), one signed order.paid delivery, and the
 * execution it started.
 */
import { randomUUID } from 'node:crypto';

import { DEFAULT_TOKEN, PolarStandIn } from '../polar-stand-in/server';
import {
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
}

export interface DemoResult {
  polar: PolarStandIn;
  workflow: WorkflowRecord;
  execution: Execution;
}

export async function runDemo(server: N8nServer, options: DemoOptions): Promise<DemoResult> {
  const polar = await PolarStandIn.start({
    port: options.polarPort,
    allowLoopbackUrls: true,
    controlRoutes: true,
    retryBaseMs: 1000,
    log: options.onPolarLog,
  });
  try {
    say(`Polar stand-in listening on ${polar.url} (token ${DEFAULT_TOKEN}, control routes under ${polar.url}/_standin/)`);
    await retireEarlierDemos(server);

    const credential = await importCredential(server.client, polarCredential(polar.url, DEFAULT_TOKEN, DEMO_CREDENTIAL_NAME));
    say(`imported credential "${credential.name}" (${credential.id}): environment Custom, base URL ${polar.url}`);
    const workflow = await importWorkflow(
      server.client,
      polarTriggerWorkflow({ name: DEMO_WORKFLOW_NAME, webhookId: randomUUID(), events: ['order.paid'], credential }),
    );
    say(`imported workflow "${workflow.name}" (${workflow.id}) with the Polar Trigger on order.paid`);

    await publishWorkflow(server.client, workflow.id);
    const endpoint = polar.endpoints().find((candidate) => candidate.name?.includes(`workflow ${workflow.id}`));
    if (!endpoint) throw new Error('the workflow is published but the stand-in holds no endpoint for it');
    say(`published: the trigger registered Polar endpoint ${endpoint.id} -> ${endpoint.url} (events ${endpoint.events.join(', ')})`);

    say('sending a signed order.paid through the stand-in');
    const [delivery] = await polar.emit('order.paid');
    const attempt = delivery?.attempts.at(-1);
    say(`delivery ${delivery?.webhookId}: n8n answered ${attempt?.status ?? attempt?.error ?? 'nothing'}`);
    const [execution] = await waitForExecutions(server.client, workflow.id, 1);
    if (!execution) throw new Error('no execution appeared');
    printExecution(server, workflow, execution);
    return { polar, workflow, execution };
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
  return lines.length <= maxLines ? lines : [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`];
}

/** Earlier demo workflows in this folder point at a stand-in that is gone: unpublish and delete them. */
async function retireEarlierDemos(server: N8nServer): Promise<void> {
  const { data } = await server.client.api<{ data: Array<{ id: string; name: string; active: boolean }> }>(
    'GET',
    `/workflows?name=${encodeURIComponent(DEMO_WORKFLOW_NAME)}&limit=250`,
  );
  for (const old of data.filter((workflow) => workflow.name === DEMO_WORKFLOW_NAME)) {
    if (old.active) await unpublishWorkflow(server.client, old.id, 20_000).catch(() => undefined);
    await server.client.api('POST', `/workflows/${old.id}/archive`).catch(() => undefined);
    await server.client.api('DELETE', `/workflows/${old.id}`).catch(() => undefined);
    say(`removed the earlier demo workflow ${old.id}`);
  }
}
