/**
 * The Polar Trigger under n8n's queue mode (scale-out): PostgreSQL + Redis, a main process where the
 * workflow is published, a separate `n8n webhook` process that receives Polar's deliveries and runs the
 * node's webhook() (signature verification), and an `n8n worker` that runs the executions. The same
 * guarantees as on one process: one endpoint, exactly one execution per genuine delivery, 401 and nothing
 * started for forged ones, 200 and nothing started for unselected events, clean re-registration and removal.
 *
 * Run with `npm run test:e2e:queue` (installs redis-server / postgresql when missing; see README.md here).
 */
import { randomUUID } from 'node:crypto';

import {
  type CredentialRecord,
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
import { generateSecret } from '../../tools/polar-stand-in/signing';
import { DEFAULT_TOKEN, type WebhookEndpointObject } from '../../tools/polar-stand-in/server';
import { type QueueCluster, startQueueCluster, stopQueueCluster } from './cluster';
import { triggerStaticDataInDb } from './database';
import { type Sent, deliver, signedPost } from '../e2e/deliveries';
import { ExecutionTracker, triggerItems } from '../e2e/executions';
import { answeredBeforeTheNode, expectedOverHttp, hostileCaseToSend } from '../e2e/hostileOverHttp';
import { latencySummary } from '../e2e/load';
import { sendRaw } from '../../tools/polar-stand-in/rawPost';
import { inPool } from '../../tools/pool';
import {
  expectExecutionsCarry,
  expectLiveEndpoint as expectLiveEndpointOf,
  onlyEndpoint as onlyEndpointOf,
} from '../e2e/expectations';
import { emittedWebhookId, expectRunByWorker, finishedBeforeEnqueued } from './executions';
import { anyStepFailed, checked, note, printSummary, say, step } from './report';

/** The trigger's fixed webhookId, so that the endpoint URL is known before publishing. */
const WEBHOOK_ID = '5b1f0c2e-8d4a-4f6b-9e3c-2a7d1c0b9e58';
const FIRST_EVENTS = ['order.paid', 'order.refunded', 'subscription.created', 'subscription.canceled', 'customer.created', 'checkout.updated'];
/** After the PUT: one kept (order.paid), one new (refund.created), the others dropped. */
const CHANGED_EVENTS = ['order.paid', 'refund.created'];
const UNSELECTED_FIRST = 'refund.created';
const DROPPED_BY_CHANGE = 'subscription.created';
const BURST_SIZE = 200;
const BURST_CONCURRENCY = 20;
let cluster: QueueCluster | undefined;
let credential: CredentialRecord;
let workflow: WorkflowInput;
let workflowId: string;
let executions: ExecutionTracker;
function world(): QueueCluster {
  if (!cluster) throw new Error('the queue-mode cluster did not start (see beforeAll)');
  return cluster;
}

/** `<N8N_WEBHOOK_URL>webhook/<webhookId>/webhook`: the webhook process's production URL of the trigger. */
function productionUrl(): string {
  return `${world().webhookUrl}webhook/${WEBHOOK_ID}/${POLAR_WEBHOOK_PATH}`;
}

const onlyEndpoint = (): WebhookEndpointObject => onlyEndpointOf(world().polar);
const expectLiveEndpoint = (events: readonly string[]): WebhookEndpointObject =>
  expectLiveEndpointOf(world().polar, productionUrl(), events);

/** The static data in PostgreSQL names this endpoint and holds its secret (compared, never printed). */
async function expectStaticDataFor(endpoint: WebhookEndpointObject): Promise<void> {
  const { tools, postgres } = world();
  const stored = await triggerStaticDataInDb(tools.postgresBin, postgres, workflowId, POLAR_TRIGGER_NAME);
  expect(stored?.webhookId).toBe(endpoint.id);
  expect(stored?.webhookSecret === endpoint.secret).toBe(true);
}

/** A genuine delivery of `type` through the stand-in (signed as Polar signs), to the endpoint's URL. */
const deliverGenuine = async (endpoint: WebhookEndpointObject, type: string, force = false): Promise<Sent> =>
  await deliver(world().polar, endpoint.id, type, { force });

/** One execution per delivery, in webhook mode, successful, the trigger emitting the event plus webhookId. */
const expectOnePerDelivery = (found: Execution[], sent: Sent[]): void => expectExecutionsCarry(found, sent, 'webhook');

/** E2E_QUEUE_DEBUG=1: the webhook process and the worker log at debug level, as JSON (execution ids in every line). */
const DEBUG_ENV: Record<string, string> = process.env.E2E_QUEUE_DEBUG === '1' ? { N8N_LOG_LEVEL: 'debug', N8N_LOG_FORMAT: 'json' } : {};

beforeAll(async () => {
  cluster = await startQueueCluster({ webhookEnv: DEBUG_ENV, workerEnv: DEBUG_ENV });
  say(
    `main ${cluster.main.url}, webhook process ${cluster.webhookUrl}, worker (health 127.0.0.1:${cluster.workerHealthPort}), ` +
      `PostgreSQL 127.0.0.1:${cluster.postgres.port}, Redis 127.0.0.1:${cluster.redis.port}, Polar stand-in ${cluster.polar.url}, ` +
      `package ${cluster.packed.name}@${cluster.packed.version}`,
  );
}, 20 * 60_000);

afterAll(async () => {
  const world = cluster;
  const keepFiles = anyStepFailed() || world === undefined;
  const { leftovers, errors, root } = await stopQueueCluster(keepFiles);
  const header: string[] = [];
  if (world) {
    header.push(
      `setup: ${Object.entries(world.setupSeconds).map(([what, s]) => `${what} ${s} s`).join(', ')}` +
        (world.tools.installed.length ? ` (installed ${world.tools.installed.join(', ')})` : ' (nothing to install)'),
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
  if (root) extra.push(`files kept for inspection: ${root} (logs in ${root}/logs, main also in ${root}/n8n/n8n.log)`);
  if (world && anyStepFailed()) extra.push('stand-in log (last 30 lines):', ...world.polarLog.slice(-30).map((line) => `  ${line}`));
  printSummary({ header, extra });
  if (leftovers.length > 0 || errors.length > 0) {
    throw new Error(`cleanup failed: ${[...errors, ...leftovers.map((info) => `left running: ${info.pid} ${info.command}`)].join('; ')}`);
  }
}, 3 * 60_000);

test('1. publish on main registers exactly one endpoint, on the webhook process URL', async () => {
  await step('1. import + publish on main: one Polar endpoint pointing at the webhook process', async () => {
    const { main, polar } = world();
    credential = await importCredential(main.client, polarCredential(polar.url, DEFAULT_TOKEN, 'Polar stand-in (queue mode)'));
    workflow = polarTriggerWorkflow({ name: 'Queue mode Polar Trigger', webhookId: WEBHOOK_ID, events: FIRST_EVENTS, credential });
    workflowId = (await importWorkflow(main.client, workflow)).id;
    executions = new ExecutionTracker(main.client, workflowId, 2_000);
    checked(`credential (Custom environment, ${polar.url}) and workflow ${workflowId} imported on main through the public API`);

    await publishWorkflow(main.client, workflowId);
    const endpoint = expectLiveEndpoint(FIRST_EVENTS);
    expect(endpoint.url.startsWith(`http://127.0.0.1:${world().webhookPort}/`)).toBe(true);
    expect(endpoint.url.startsWith(main.url)).toBe(false);
    checked(`published: exactly one endpoint in Polar, ${endpoint.url} (the webhook process, not main ${main.url}), ${FIRST_EVENTS.length} events`);
    const creates = polar.calls.filter((call) => call.method === 'POST' && call.path === '/v1/webhooks/endpoints');
    expect(creates).toHaveLength(1);
    checked('one create call to Polar');
    await expectStaticDataFor(endpoint);
    checked('the endpoint id and signing secret are in the workflow\'s static data in PostgreSQL (workflow_entity."staticData")');
  });
});

test('2. genuine deliveries to the webhook process: one execution each, run by the worker', async () => {
  await step('2. genuine deliveries of 6 event types -> one execution each, executed by the worker', async () => {
    const { worker, webhook } = world();
    await executions.snapshot();
    const endpoint = onlyEndpoint();
    const sent: Sent[] = [];
    for (const type of FIRST_EVENTS) sent.push(await deliverGenuine(endpoint, type));
    expect(sent.map((delivery) => `${delivery.type}: ${delivery.status}`)).toEqual(FIRST_EVENTS.map((type) => `${type}: 200`));
    checked(`the webhook process answered 200 to each of ${FIRST_EVENTS.join(', ')}`);
    const found = await executions.waitForNew(sent.length, 60_000);
    expectOnePerDelivery(found, sent);
    checked('exactly one execution per delivery (mode webhook, success), the trigger output = the event + webhookId');
    await expectRunByWorker(found.map((execution) => execution.id), worker, webhook);
    expect(world().main.logTail(300)).not.toMatch(/Worker started execution/);
    checked(
      `each was enqueued by the webhook process and started + finished by the worker (executions ${found
        .map((execution) => execution.id)
        .sort((a, b) => Number(a) - Number(b))
        .join(', ')} in worker.log), none by main`,
    );
  });
});

test('3. forged, stale, unsigned, wrong-secret, tampered -> 401; unselected -> 200; nothing runs', async () => {
  await step('3. hostile deliveries -> 401 (400 for signed non-events) from the webhook process; unselected -> 200; no execution', async () => {
    const { polar } = world();
    await executions.snapshot();
    const endpoint = onlyEndpoint();
    // A body with non-ASCII text, so that the "unicode escaped differently" case really differs.
    const body = JSON.stringify({ ...polar.buildPayload('order.paid', { organizationId: endpoint.organization_id }), note: 'café ✓' });
    const otherSecret = generateSecret('standard');
    const context = { secret: endpoint.secret, otherSecret, body };
    const cases = hostileDeliveryCases({ ...context, nowSeconds: Math.floor(Date.now() / 1000) });
    const answers: string[] = [];
    for (const { name } of cases) {
      // Timestamps are relative to "now": each case is built right before it is sent.
      const hostile = hostileCaseToSend(name, context);
      const response = await sendRaw(productionUrl(), hostile.request);
      answers.push(`${hostile.name}: ${response.status}`);
    }
    expect(answers).toEqual(cases.map((hostile) => `${hostile.name}: ${expectedOverHttp(hostile)}`));
    const count = (status: number): number => cases.filter((hostile) => expectedOverHttp(hostile) === status).length;
    checked(
      `all ${cases.length} hostile cases of test/helpers/hostileDeliveries.ts answered as expected by the webhook process: ` +
        `${count(401)}x 401 from the node (forged, stale, unsigned, wrong secret, tampered, …), ` +
        `${count(400)}x 400 from the node (genuinely signed, not a Polar event)`,
    );
    for (const hostile of cases) {
      const before = answeredBeforeTheNode(hostile.request);
      if (before) checked(`"${hostile.name}": ${before.status} from ${before.by} (the unit suite expects ${hostile.expectedStatus} from the node)`);
    }
    note(`cases: ${cases.map((hostile) => hostile.name).join('; ')}`);

    const scheme = polar.secretSchemeOf(endpoint.id);
    if (!scheme) throw new Error('the stand-in knows no secret scheme for the endpoint');
    const toMain = signedPost(endpoint, scheme, polar.buildPayload('order.paid', { organizationId: endpoint.organization_id }));
    const mainAnswer = await sendRaw(`${world().main.url}/webhook/${WEBHOOK_ID}/${POLAR_WEBHOOK_PATH}`, toMain);
    expect(mainAnswer.status).not.toBe(200);
    checked(`the main process itself takes no production deliveries (N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true): a genuine one sent to it -> ${mainAnswer.status}`);

    const unselected = await deliverGenuine(endpoint, UNSELECTED_FIRST, true);
    expect(unselected.status).toBe(200);
    checked(`a genuine delivery of an unselected event (${UNSELECTED_FIRST}) -> 200`);

    const started = await executions.newAfterQuiet(3_000);
    expect(started.map((execution) => execution.id)).toEqual([]);
    checked('none of these started an execution (checked after a quiet period)');
  });
});

test(`4. a burst of ${BURST_SIZE} genuine deliveries at concurrency ${BURST_CONCURRENCY}: exactly ${BURST_SIZE} executions`, async () => {
  await step(`4. burst: ${BURST_SIZE} genuine deliveries, ${BURST_CONCURRENCY} at a time, straight to the webhook process`, async () => {
    const { polar, worker, webhook } = world();
    await executions.snapshot();
    const endpoint = onlyEndpoint();
    const scheme = polar.secretSchemeOf(endpoint.id);
    if (!scheme) throw new Error('the stand-in knows no secret scheme for the endpoint');
    const types = Array.from({ length: BURST_SIZE }, (_, index) => FIRST_EVENTS[index % FIRST_EVENTS.length] as string);
    const began = Date.now();
    const { results, maxInFlight } = await inPool(types, BURST_CONCURRENCY, async (type) => {
      const payload = polar.buildPayload(type, { organizationId: endpoint.organization_id, apiVersion: endpoint.api_version });
      const post = signedPost(endpoint, scheme, payload);
      const response = await sendRaw(productionUrl(), post);
      return { type, payload, webhookId: post.webhookId, status: response.status, ms: response.ms };
    });
    const sendMs = Date.now() - began;
    expect(maxInFlight).toBe(BURST_CONCURRENCY);
    const refused = results.filter((result) => result.status !== 200).map((result) => `${result.type}: ${result.status}`);
    expect(refused).toEqual([]);
    checked(`${BURST_SIZE} signed deliveries (${FIRST_EVENTS.length} types), ${maxInFlight} in flight: all answered 200 in ${(sendMs / 1000).toFixed(1)} s`);
    note(`answer times: ${latencySummary(results.map((result) => result.ms))} (Polar gives up after 10 s)`);

    const found = await executions.waitForNew(BURST_SIZE, 240_000);
    const doneMs = Date.now() - began;
    const perId = new Map<string, number>();
    for (const execution of found) {
      const id = emittedWebhookId(execution) ?? '(none)';
      perId.set(id, (perId.get(id) ?? 0) + 1);
    }
    const lost = results.filter((result) => perId.get(result.webhookId) !== 1).map((result) => `${result.webhookId}: ${perId.get(result.webhookId) ?? 0}`);
    expect(lost).toEqual([]);
    expect(perId.size).toBe(BURST_SIZE);
    expect(found.filter((execution) => execution.status !== 'success' || execution.mode !== 'webhook').map((e) => `${e.id} ${e.mode} ${e.status}`)).toEqual([]);
    for (const result of results.slice(0, 12)) {
      const execution = found.find((candidate) => emittedWebhookId(candidate) === result.webhookId) as Execution;
      expect(triggerItems(execution)).toEqual([{ ...result.payload, webhookId: result.webhookId }]);
    }
    checked(`exactly ${BURST_SIZE} executions, one per webhook-id (none lost, none doubled), all successful, within ${(doneMs / 1000).toFixed(1)} s of the first request`);
    await expectRunByWorker(found.map((execution) => execution.id), worker, webhook, 60_000);
    checked(`all ${BURST_SIZE} were enqueued by the webhook process and run by the worker`);
  });
});

test('5. changing the events with PUT on the published workflow: one endpoint with the new events', async () => {
  await step('5. PUT /api/v1/workflows/{id} with new events -> one endpoint, new events, verified with the new secret', async () => {
    const { main, polar, worker, webhook } = world();
    await executions.snapshot();
    const before = onlyEndpoint();
    polar.nextSecretScheme('legacy-polar_whs');
    workflow = withEvents(workflow, CHANGED_EVENTS);
    await updateWorkflow(main.client, workflowId, workflow);
    const after = expectLiveEndpoint(CHANGED_EVENTS);
    checked(`exactly one endpoint, still on ${after.url}, now with ${CHANGED_EVENTS.join(', ')}`);
    note(
      before.id === after.id
        ? 'the node updated the endpoint in place (same id and secret)'
        : `endpoint ${before.id} was replaced by ${after.id} with a new (${polar.secretSchemeOf(after.id)}) secret`,
    );
    await expectStaticDataFor(after);
    checked('PostgreSQL static data names the new endpoint and its secret');

    const fresh = await deliverGenuine(after, 'refund.created');
    expect(fresh.status).toBe(200);
    const found = await executions.waitForNew(1, 60_000);
    expectOnePerDelivery(found, [fresh]);
    await expectRunByWorker(found.map((execution) => execution.id), worker, webhook);
    checked('a delivery of the newly selected refund.created -> 200 and one execution, run by the worker');

    const dropped = await deliverGenuine(after, DROPPED_BY_CHANGE, true);
    expect(dropped.status).toBe(200);
    if (before.secret !== after.secret) {
      const payload = polar.buildPayload('order.paid', { organizationId: after.organization_id });
      const oldScheme = before.uses_standard_webhook_signature ? 'standard' : 'legacy-polar_whs';
      const withOldSecret = signedPost(before, oldScheme, payload);
      const response = await sendRaw(productionUrl(), withOldSecret);
      expect(response.status).toBe(401);
      checked('a delivery signed with the replaced endpoint\'s old secret -> 401 (the webhook process reads the new secret, no stale copy)');
    }
    expect((await executions.newAfterQuiet()).map((execution) => execution.id)).toEqual([]);
    checked(`a genuine delivery of the no longer selected ${DROPPED_BY_CHANGE} -> 200 and no execution`);
  });
});

test('6. unpublish: endpoint deleted, later deliveries get 404 and start nothing', async () => {
  await step('6. unpublish on main -> endpoint gone; a delivery afterwards -> 404, no execution', async () => {
    const { main, polar } = world();
    await executions.snapshot();
    const last = onlyEndpoint();
    const scheme = polar.secretSchemeOf(last.id);
    if (!scheme) throw new Error('the stand-in knows no secret scheme for the endpoint');
    await unpublishWorkflow(main.client, workflowId);
    expect(polar.endpoints()).toEqual([]);
    const deletes = polar.calls.filter((call) => call.method === 'DELETE' && call.path === `/v1/webhooks/endpoints/${last.id}`);
    expect(deletes.map((call) => call.status)).toEqual([204]);
    checked(`unpublished: the endpoint ${last.id} was deleted in Polar (one DELETE, 204), none left`);

    const payload = polar.buildPayload('order.paid', { organizationId: last.organization_id });
    const late = signedPost(last, scheme, payload, randomUUID());
    const response = await sendRaw(productionUrl(), late);
    expect(response.status).toBe(404);
    expect((await executions.newAfterQuiet()).map((execution) => execution.id)).toEqual([]);
    checked('a correctly signed delivery to the old URL afterwards -> 404 from the webhook process, no execution');
  });
});
