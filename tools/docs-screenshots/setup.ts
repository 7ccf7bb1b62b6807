/**
 * The demo of `npm run demo` (a Polar stand-in, the Custom credential, the published order.paid workflow,
 * one signed order.paid delivery), built from the same library, with everything that would show in the
 * pictures pinned: the stand-in's port, the node's webhookId, and the delivered event (payload seed 1 at
 * the stand-in's reference time, fixed webhook-id). Two runs then draw the same pictures.
 */
import { DEFAULT_TOKEN, PolarStandIn } from '../polar-stand-in/server';
import { REFERENCE_TIMESTAMP, buildAnyEventPayload } from '../polar-stand-in/payloads';
import {
  type CredentialRecord,
  type Execution,
  type WorkflowRecord,
  importCredential,
  importWorkflow,
  nodeOutput,
  publishWorkflow,
  waitForExecutions,
} from '../n8n-local/api';
import { DEMO_CREDENTIAL_NAME, DEMO_WORKFLOW_NAME } from '../n8n-local/demo';
import { POLAR_TRIGGER_NAME, polarCredential, polarTriggerWorkflow } from '../n8n-local/fixtures';
import type { N8nServer } from '../n8n-local/server';

/** The trigger's webhookId in the pictures' workflow. */
export const DOCS_NODE_WEBHOOK_ID = '5b0c1f7e-2d4a-4c8e-9f61-3a7d2e9b4c10';
/** The `webhook-id` of the delivered event (Polar sends a uuid4, the same on every retry). */
export const DOCS_DELIVERY_ID = '3f6a2c1e-8b4d-4e7a-9c15-6d2b0a9e7f31';
export const DOCS_EVENT = 'order.paid';

export interface DocsDemo {
  polar: PolarStandIn;
  credential: CredentialRecord;
  workflow: WorkflowRecord;
  execution: Execution;
}

export async function setUpDemo(
  server: N8nServer,
  options: { polarPort: number; log: (line: string) => void; polarLog?: (line: string) => void },
): Promise<DocsDemo> {
  const polar = await PolarStandIn.start({
    port: options.polarPort,
    allowLoopbackUrls: true,
    retryBaseMs: 1000,
    log: options.polarLog,
  });
  try {
    options.log(`Polar stand-in on ${polar.url}`);
    const credential = await importCredential(server.client, polarCredential(polar.url, DEFAULT_TOKEN, DEMO_CREDENTIAL_NAME));
    const workflow = await importWorkflow(
      server.client,
      polarTriggerWorkflow({ name: DEMO_WORKFLOW_NAME, webhookId: DOCS_NODE_WEBHOOK_ID, events: [DOCS_EVENT], credential }),
    );
    options.log(`imported credential ${credential.id} and workflow ${workflow.id}; publishing`);
    await publishWorkflow(server.client, workflow.id);
    const endpoint = polar.endpoints().find((candidate) => candidate.name?.includes(`workflow ${workflow.id}`));
    if (!endpoint) throw new Error('the workflow is published but the stand-in holds no endpoint for it');

    const payload = buildAnyEventPayload(DOCS_EVENT, {
      seed: 1,
      timestamp: REFERENCE_TIMESTAMP,
      apiVersion: endpoint.api_version,
      organizationId: endpoint.organization_id,
    });
    const delivery = await polar.deliver(endpoint.id, payload, { webhookId: DOCS_DELIVERY_ID });
    const status = delivery.attempts.at(-1)?.status;
    if (!delivery.delivered || status !== 200) {
      throw new Error(`the ${DOCS_EVENT} delivery was not accepted (${status ?? delivery.reason ?? delivery.attempts.at(-1)?.error})`);
    }
    const [execution] = await waitForExecutions(server.client, workflow.id, 1);
    if (!execution || execution.status !== 'success') {
      throw new Error(`the execution of the delivery did not succeed: ${JSON.stringify(execution?.status)}`);
    }
    const [item] = nodeOutput(execution, POLAR_TRIGGER_NAME);
    if (item?.type !== DOCS_EVENT || item.webhookId !== DOCS_DELIVERY_ID) {
      throw new Error(`unexpected trigger output: ${JSON.stringify(item).slice(0, 300)}`);
    }
    options.log(`delivered ${DOCS_EVENT}: execution ${execution.id} succeeded`);
    return { polar, credential, workflow, execution };
  } catch (error) {
    await polar.close();
    throw error;
  }
}
