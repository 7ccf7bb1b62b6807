/**
 * End to end: the packed n8n-nodes-polar-billing in a real n8n 2.41.1 (Node 24, SQLite), registering its webhook
 * endpoint in the Polar stand-in, verifying signed deliveries and starting executions.
 *
 * The steps build on each other (one n8n, one workflow), in order. Run with `npm run test:e2e`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import {
  type CredentialRecord,
  type Execution,
  N8nServer,
  POLAR_TRIGGER_NAME,
  POLAR_WEBHOOK_PATH,
  type WorkflowInput,
  getWorkflow,
  importCredential,
  importWorkflow,
  listExecutions,
  pollUntil,
  polarCredential,
  polarTriggerWorkflow,
  publishWorkflow,
  startTestListen,
  testCredential,
  unpublishWorkflow,
  updateWorkflow,
  withCredential,
  withEvents,
  withOutput,
} from '../../tools/n8n-local';
import { LATEST_EVENT_TYPES, NEWER_EVENT_TYPES, PROMISED_EVENT_TYPES } from '../helpers/polarFacts';
import { signedDelivery } from '../../tools/polar-stand-in/signing';
import { buildEventPayload } from '../../tools/polar-stand-in/payloads';
import { generateSecret, sign } from '../../tools/polar-stand-in/signing';
import { DEFAULT_ORGANIZATION_ID, DEFAULT_TOKEN, PolarStandIn, type WebhookEndpointObject } from '../../tools/polar-stand-in/server';
import { type Sent, deliver } from './deliveries';
import { sendRaw } from '../../tools/polar-stand-in/rawPost';
import { E2E_ENCRYPTION_KEY, type Environment, startEnvironment, stopEnvironment } from './environment';
import { ExecutionTracker, triggerItems } from './executions';
import {
  expectExecutionsCarry,
  expectLiveEndpoint as expectLiveEndpointOf,
  onlyEndpoint as onlyEndpointOf,
  sorted,
} from './expectations';
import { anyStepFailed, checked, note, printSummary, say, step } from './report';

/** The trigger's fixed webhookId: its production URL is known before publishing. */
const WEBHOOK_ID = 'c0a8f5e2-4b1d-4e6a-9f3c-7d2e1b0a5c94';
const ALL_KNOWN_TYPES = [...PROMISED_EVENT_TYPES, ...NEWER_EVENT_TYPES, ...LATEST_EVENT_TYPES];
/** Newer than the catalogue of the promised 31: the 2026-10 types and subscription.migrated. */
const NEWER_AND_LATEST = [...NEWER_EVENT_TYPES, ...LATEST_EVENT_TYPES];

let env: Environment | undefined;
let credential: CredentialRecord;
let workflowId: string;
let workflow: WorkflowInput;
let tracker: ExecutionTracker;

function world(): Environment {
  if (!env) throw new Error('the environment did not start (see beforeAll)');
  return env;
}

function productionUrl(): string {
  return world().server.productionWebhookUrl(WEBHOOK_ID, POLAR_WEBHOOK_PATH);
}

const onlyEndpoint = (): WebhookEndpointObject => onlyEndpointOf(world().polar);
const expectLiveEndpoint = (events: readonly string[]): WebhookEndpointObject =>
  expectLiveEndpointOf(world().polar, productionUrl(), events);

async function deliverAndExpectOneExecution(endpointId: string, type: string, mode = 'webhook'): Promise<Sent> {
  const sent = await deliver(world().polar, endpointId, type);
  expect(sent.status).toBe(200);
  expectExecutionsCarry(await tracker.waitForNew(1), [sent], mode);
  return sent;
}

beforeAll(async () => {
  env = await startEnvironment();
  say(
    `n8n ${env.server.url} (user folder ${env.server.userFolder}), Polar stand-in ${env.polar.url}, package ${env.packed.name}@${env.packed.version}`,
  );
}, 20 * 60_000);

afterAll(async () => {
  const keepFiles = anyStepFailed();
  const leftovers = await stopEnvironment(env, keepFiles);
  const extra = [
    leftovers.length === 0
      ? 'cleanup: n8n and the stand-in stopped, no process of this run left'
      : `cleanup: LEFTOVER processes: ${leftovers.map((info) => `${info.pid} ${info.command}`).join('; ')}`,
  ];
  if (keepFiles && env) extra.push(`files kept for inspection: ${env.root} (n8n log: ${env.server.logFile})`);
  if (keepFiles && env) extra.push('stand-in log (last 40 lines):', ...env.polarLog.slice(-40).map((line) => `  ${line}`));
  printSummary({ extra });
  if (leftovers.length > 0) throw new Error(`processes of this run are still running: ${leftovers.map((info) => info.pid).join(', ')}`);
}, 120_000);

test('1. publish registers exactly one Polar endpoint on the production URL', async () => {
  await step('1. import + publish: one endpoint with the production URL and the chosen events', async () => {
    const { server, polar } = world();
    const credentialInput = polarCredential(polar.url, DEFAULT_TOKEN, 'Polar stand-in (e2e)');
    credential = await importCredential(server.client, credentialInput);
    checked(`credential imported through the public API: Custom environment, base URL ${polar.url}`);
    expect(await testCredential(server.client, credential, credentialInput.data)).toEqual(expect.objectContaining({ status: 'OK' }));
    const wrongToken = await testCredential(server.client, credential, { ...credentialInput.data, accessToken: 'polar_oat_wrong' });
    expect(wrongToken.status).toBe('Error');
    polar.addToken('polar_oat_noscopes', { kind: 'organization', organizationId: DEFAULT_ORGANIZATION_ID, scopes: ['orders:read'] });
    polar.addToken('polar_oat_readonly', { kind: 'organization', organizationId: DEFAULT_ORGANIZATION_ID, scopes: ['webhooks:read'] });
    const noScopes = await testCredential(server.client, credential, { ...credentialInput.data, accessToken: 'polar_oat_noscopes' });
    expect(noScopes.status).toBe('Error');
    const readOnly = await testCredential(server.client, credential, { ...credentialInput.data, accessToken: 'polar_oat_readonly' });
    expect(readOnly.status).toBe('OK');
    checked(
      `credential test: OK with the stand-in's token, "${wrongToken.message}" with a wrong one, "${noScopes.message}" without ` +
        'webhooks scopes, OK with webhooks:read only (that token is refused at publish, see the unit suite)',
    );

    workflow = polarTriggerWorkflow({ name: 'E2E Polar Trigger', webhookId: WEBHOOK_ID, events: PROMISED_EVENT_TYPES, credential });
    const created = await importWorkflow(server.client, workflow);
    workflowId = created.id;
    tracker = new ExecutionTracker(server.client, workflowId);
    expect(created.nodes.find((node) => node.name === POLAR_TRIGGER_NAME)?.webhookId).toBe(WEBHOOK_ID);
    checked(`workflow ${workflowId} imported with the trigger's fixed webhookId ${WEBHOOK_ID}`);

    polar.nextSecretScheme('legacy-polar_whs');
    await publishWorkflow(server.client, workflowId);
    const endpoint = expectLiveEndpoint(PROMISED_EVENT_TYPES);
    checked(`published: the stand-in holds exactly one endpoint, ${endpoint.url}, with the ${endpoint.events.length} chosen events`);
    expect(endpoint.url).toBe(`${server.webhookUrl}webhook/${WEBHOOK_ID}/webhook`);
    checked('the endpoint URL is <N8N_WEBHOOK_URL>webhook/<webhookId>/webhook');
    const creates = polar.calls.filter((call) => call.method === 'POST' && call.path === '/v1/webhooks/endpoints');
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toEqual(expect.not.objectContaining({ secret: expect.anything() }));
    expect(creates[0]?.body).toEqual(expect.not.objectContaining({ organization_id: expect.anything() }));
    checked('one create call, without secret and without organization_id (organization token)');
  });
});

test('2. every event type starts exactly one execution, with all three secret shapes', async () => {
  await step('2. 31 promised types, 11 newer ones with *, secrets polar_whs_ / whsec_+43 / whsec_ standard', async () => {
    const { server, polar } = world();
    await tracker.snapshot();

    // (a) The 31 promised types, legacy `polar_whs_` secret.
    let endpoint = onlyEndpoint();
    expect(endpoint.secret).toMatch(/^polar_whs_[A-Za-z0-9]{43}$/);
    expect(polar.secretSchemeOf(endpoint.id)).toBe('legacy-polar_whs');
    const promised: Sent[] = [];
    for (const type of PROMISED_EVENT_TYPES) promised.push(await deliver(polar, endpoint.id, type));
    expect(promised.filter((sent) => sent.status !== 200).map((sent) => `${sent.type}: ${sent.status}`)).toEqual([]);
    expectExecutionsCarry(await tracker.waitForNew(PROMISED_EVENT_TYPES.length, 90_000), promised, 'webhook');
    checked(`legacy polar_whs_ secret: each of the ${PROMISED_EVENT_TYPES.length} promised types answered 200 and started exactly one execution carrying the event and webhookId`);

    // (b) `*` (set through the public API on the published workflow), legacy `whsec_` + 43 secret.
    polar.nextSecretScheme('legacy-whsec');
    workflow = withEvents(workflow, ['*']);
    await updateWorkflow(server.client, workflowId, workflow);
    endpoint = expectLiveEndpoint(ALL_KNOWN_TYPES);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint.uses_standard_webhook_signature).toBe(false);
    checked(`events set to * : one endpoint subscribed to all ${ALL_KNOWN_TYPES.length} known types, legacy whsec_+43 secret`);
    const newer: Sent[] = [];
    for (const type of NEWER_AND_LATEST) newer.push(await deliver(polar, endpoint.id, type));
    expect(newer.filter((sent) => sent.status !== 200).map((sent) => `${sent.type}: ${sent.status}`)).toEqual([]);
    expectExecutionsCarry(await tracker.waitForNew(NEWER_AND_LATEST.length), newer, 'webhook');
    checked(`legacy whsec_+43 secret: each of the ${NEWER_AND_LATEST.length} newer types (subscription.migrated included) started exactly one execution`);
    const unknown = await deliver(polar, endpoint.id, 'subscription.teleported', { force: true });
    expect(unknown.status).toBe(200);
    expectExecutionsCarry(await tracker.waitForNew(1), [unknown], 'webhook');
    checked('a verified delivery of a type the node does not know (subscription.teleported) with * starts one execution');

    // (c) Standard secret: unpublish, narrow the selection, publish a new endpoint.
    await unpublishWorkflow(server.client, workflowId);
    expect(polar.endpoints()).toHaveLength(0);
    workflow = withEvents(workflow, ['order.paid', 'order.refunded']);
    await updateWorkflow(server.client, workflowId, workflow);
    polar.nextSecretScheme('standard');
    await publishWorkflow(server.client, workflowId);
    endpoint = expectLiveEndpoint(['order.paid', 'order.refunded']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint.uses_standard_webhook_signature).toBe(true);
    const standard = [await deliver(polar, endpoint.id, 'order.paid'), await deliver(polar, endpoint.id, 'order.refunded')];
    expect(standard.map((sent) => sent.status)).toEqual([200, 200]);
    expectExecutionsCarry(await tracker.waitForNew(2), standard, 'webhook');
    checked('standard whsec_ (base64) secret: order.paid and order.refunded each started exactly one execution');
  });
});

test('3. forged, stale and unselected deliveries start nothing; n8n keeps serving', async () => {
  await step('3. tampered / stale / unsigned / wrong-secret -> 401, unselected -> 200, no execution', async () => {
    const { polar } = world();
    const endpoint = onlyEndpoint();
    const scheme = polar.secretSchemeOf(endpoint.id);
    if (!scheme) throw new Error('no secret scheme for the endpoint');
    await tracker.snapshot();
    const now = Math.floor(Date.now() / 1000);

    // Signed for the original body, delivered with another one.
    const original = polar.buildPayload('order.paid', { organizationId: endpoint.organization_id });
    const originalBody = JSON.stringify(original);
    const tamperedBody = JSON.stringify({ ...original, data: { ...original.data, total_amount: 1 } });
    const webhookId = randomUUID();
    const signedOriginal = sign(endpoint.secret, scheme, webhookId, now, originalBody);
    const tampered = await deliver(polar, endpoint.id, 'order.paid', {
      webhookId,
      timestamp: now,
      rawBody: tamperedBody,
      signatureHeader: signedOriginal,
    });
    expect(tampered.status).toBe(401);
    checked('tampered body (signature of the original body) -> 401');

    const otherId = await deliver(polar, endpoint.id, 'order.paid', {
      webhookId: randomUUID(),
      timestamp: now,
      rawBody: originalBody,
      signatureHeader: signedOriginal,
    });
    expect(otherId.status).toBe(401);
    checked('valid signature replayed under another webhook-id -> 401');

    const stale = await deliver(polar, endpoint.id, 'order.paid', { timestamp: now - 600 });
    expect(stale.status).toBe(401);
    checked('correctly signed but 10 minutes old -> 401');

    const future = await deliver(polar, endpoint.id, 'order.paid', { timestamp: now + 600 });
    expect(future.status).toBe(401);
    checked('correctly signed but 10 minutes in the future -> 401');

    const wrongSecret = await deliver(polar, endpoint.id, 'order.paid', {
      signWith: { secret: generateSecret('standard'), scheme: 'standard' },
    });
    expect(wrongSecret.status).toBe(401);
    checked('signed with another secret -> 401');

    const unsigned = (await sendRaw(productionUrl(), { headers: { 'content-type': 'application/json' }, body: Buffer.from(originalBody) })).status;
    expect(unsigned).toBe(401);
    checked('no webhook-id / webhook-timestamp / webhook-signature headers -> 401');

    const unselectedType = ALL_KNOWN_TYPES.find((type) => !endpoint.events.includes(type)) as string;
    const unselected = await deliver(polar, endpoint.id, unselectedType, { force: true });
    expect(unselected.status).toBe(200);
    checked(`verified delivery of an unselected event (${unselectedType}) -> 200`);

    expect({ newExecutions: await tracker.countNewAfterQuiet(2_000) }).toEqual({ newExecutions: 0 });
    checked('none of these started an execution');

    await deliverAndExpectOneExecution(endpoint.id, 'order.paid');
    checked('n8n keeps serving: a valid order.paid afterwards starts exactly one execution');
  });
});

test('4. changing events, unpublish, publish and restart keep exactly one live endpoint', async () => {
  await step('4. PUT new events -> one endpoint with them; unpublish -> none; publish + restart -> one', async () => {
    const { server, polar } = world();
    await tracker.snapshot();
    const before = onlyEndpoint();
    const events = ['subscription.created', 'subscription.canceled'];
    workflow = withEvents(workflow, events);
    await updateWorkflow(server.client, workflowId, workflow);
    const changed = expectLiveEndpoint(events);
    checked(`PUT on the published workflow: exactly one live endpoint, now with ${events.join(', ')}`);
    note(before.id === changed.id ? 'the node updated the endpoint in place' : `endpoint ${before.id} replaced by ${changed.id}`);
    await deliverAndExpectOneExecution(changed.id, 'subscription.created');
    checked('a delivery of a newly selected event starts one execution');

    await unpublishWorkflow(server.client, workflowId);
    expect(polar.endpoints()).toHaveLength(0);
    checked('unpublish: the endpoint is deleted in Polar');

    await publishWorkflow(server.client, workflowId);
    const republished = expectLiveEndpoint(events);
    checked('publish again: exactly one live endpoint');

    const callsBefore = polar.calls.length;
    await server.restart();
    const afterRestart = expectLiveEndpoint(events);
    expect(afterRestart.id).toBe(republished.id);
    const restartCalls = polar.calls.slice(callsBefore).map((call) => `${call.method} ${call.path} -> ${call.status}`);
    checked('after an n8n restart: still exactly one live endpoint, the same one');
    note(`Polar calls during the restart: ${restartCalls.length === 0 ? 'none' : restartCalls.join(', ')}`);
    await deliverAndExpectOneExecution(afterRestart.id, 'subscription.canceled');
    checked('after the restart a delivery verifies (secret kept in static data) and starts one execution');
  });
});

test('5. test listen uses a temporary /webhook-test/ endpoint and leaves production alone', async () => {
  await step('5. test listen: temporary endpoint, manual execution, removed afterwards', async () => {
    const { server, polar } = world();
    await tracker.snapshot();
    const production = onlyEndpoint();
    const testUrl = server.testWebhookUrl(WEBHOOK_ID, POLAR_WEBHOOK_PATH);

    expect(await startTestListen(server.client, workflowId, POLAR_TRIGGER_NAME)).toBe(true);
    const temporary = await pollUntil(
      () => polar.endpoints().find((endpoint) => endpoint.url === testUrl),
      { what: `a test endpoint on ${testUrl}`, timeoutMs: 30_000 },
    );
    expect(polar.endpoints()).toHaveLength(2);
    expect(sorted(temporary.events)).toEqual(sorted(production.events));
    checked(`listening: a second, temporary endpoint on ${testUrl} with the same events`);

    const sent = await deliver(polar, temporary.id, 'subscription.created');
    expect(sent.status).toBe(200);
    expectExecutionsCarry(await tracker.waitForNew(1), [sent], 'manual');
    checked('a delivery to it runs the workflow once in manual mode, output carries the event and webhookId');

    await pollUntil(() => (polar.getEndpoint(temporary.id) ? undefined : true), {
      what: `the test endpoint ${temporary.id} to be deleted`,
      timeoutMs: 30_000,
    });
    checked('the temporary endpoint is deleted afterwards');

    const after = onlyEndpoint();
    expect(after).toEqual(production);
    checked('the production endpoint is untouched (same id, URL, events, secret, enabled)');
    await deliverAndExpectOneExecution(production.id, 'subscription.created');
    checked('production deliveries still start executions');
  });
});

test('6. an endpoint deleted or disabled behind n8n\'s back is repaired by the next publish', async () => {
  await step('6. drift: deleted / disabled in Polar -> unpublish + publish repairs', async () => {
    const { server, polar } = world();
    await tracker.snapshot();
    const events = sorted(onlyEndpoint().events);

    const deleted = onlyEndpoint();
    polar.deleteEndpointBehindTheBack(deleted.id);
    expect(polar.endpoints()).toHaveLength(0);
    await unpublishWorkflow(server.client, workflowId);
    await publishWorkflow(server.client, workflowId);
    const recreated = expectLiveEndpoint(events);
    checked(`deleted in Polar: unpublish + publish -> exactly one enabled endpoint with ${events.join(', ')}`);
    await deliverAndExpectOneExecution(recreated.id, 'subscription.created');
    checked('the repaired endpoint delivers');

    polar.disableEndpoint(recreated.id);
    expect(onlyEndpoint().enabled).toBe(false);
    await unpublishWorkflow(server.client, workflowId);
    await publishWorkflow(server.client, workflowId);
    const reenabled = expectLiveEndpoint(events);
    checked('disabled in Polar: unpublish + publish -> exactly one enabled endpoint with the right events');
    await deliverAndExpectOneExecution(reenabled.id, 'subscription.canceled');
    checked('the repaired endpoint delivers');
  });
});

test('7. output "Data Only" emits the event\'s data with eventType and webhookId', async () => {
  await step('7. options.output = data', async () => {
    const { server, polar } = world();
    await tracker.snapshot();
    workflow = withOutput(workflow, 'data');
    await updateWorkflow(server.client, workflowId, workflow);
    const endpoint = onlyEndpoint();
    const sent = await deliver(polar, endpoint.id, 'subscription.created');
    expect(sent.status).toBe(200);
    const [execution] = await tracker.waitForNew(1);
    expect(triggerItems(execution as Execution)).toEqual([
      { ...sent.payload.data, eventType: 'subscription.created', webhookId: sent.webhookId },
    ]);
    checked('output "data": the item is the event\'s data plus eventType and webhookId');
  });
});

test('8. a registration whose answer was lost, then a Polar error: n8n retries, one endpoint', async () => {
  await step('8. lost create answer + 500 during publish -> retried, exactly one endpoint', async () => {
    const { server, polar } = world();
    await tracker.snapshot();
    const events = sorted(onlyEndpoint().events);
    await unpublishWorkflow(server.client, workflowId);
    expect(polar.endpoints()).toHaveLength(0);
    workflow = withOutput(workflow, 'event');
    await updateWorkflow(server.client, workflowId, workflow);
    // Polar creates the endpoint but the answer never arrives (502), then the next create fails (500).
    polar.failNext({ method: 'POST', path: '/v1/webhooks/endpoints' }, { status: 502, afterApplying: true });
    polar.failNext({ method: 'POST', path: '/v1/webhooks/endpoints' }, { status: 500, body: { detail: 'Internal Server Error' } });
    const callsBefore = polar.calls.length;
    await publishWorkflow(server.client, workflowId, 120_000);
    const endpoint = expectLiveEndpoint(events);
    const calls = polar.calls.slice(callsBefore).map((call) => `${call.method} ${call.path.replace(/[0-9a-f-]{36}/, '{id}')} ${call.status}`);
    checked('publish succeeded on a later attempt with exactly one live endpoint (no stray copy of the lost one)');
    note(`Polar calls: ${calls.join(', ')}`);
    await deliverAndExpectOneExecution(endpoint.id, 'subscription.created');
    checked('the endpoint delivers');
  });
});

test('9. the token and the signing secrets appear nowhere in n8n\'s log or execution data', async () => {
  await step('9. no token or secret in n8n.log or in any execution', async () => {
    const { server, polar } = world();
    const secrets = polar.endpoints().map((endpoint) => endpoint.secret);
    expect(secrets.length).toBeGreaterThan(0);
    const executions = JSON.stringify(await listExecutions(server.client, workflowId, { includeData: true }));
    const log = readFileSync(server.logFile, 'utf8');
    for (const [where, text] of [
      ['execution data', executions],
      ['n8n.log', log],
    ] as const) {
      expect({ where, token: text.includes(DEFAULT_TOKEN) }).toEqual({ where, token: false });
      for (const secret of secrets) expect({ where, secret: text.includes(secret) }).toEqual({ where, secret: false });
      // Nothing that even looks like a Polar token or webhook secret.
      expect({ where, match: text.match(/polar_(?:oat|pat|whs)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9+/]{20,}/)?.[0] ?? null }).toEqual({
        where,
        match: null,
      });
    }
    checked(`${executions.length} characters of execution data and ${log.length} of n8n's log: no token, no secret`);
  });
});

test('10. a trigger saved as typeVersion 1 (before 1.1) still registers, verifies and runs', async () => {
  await step('10. typeVersion 1 workflow', async () => {
    const { server, polar } = world();
    const webhookId = randomUUID();
    const legacy = await importWorkflow(
      server.client,
      polarTriggerWorkflow({ name: 'Polar v1', webhookId, events: ['order.paid'], credential, typeVersion: 1 }),
    );
    await publishWorkflow(server.client, legacy.id);
    const endpoint = polar.endpoints().find((candidate) => candidate.url.includes(webhookId));
    expect(endpoint).toBeDefined();
    const v1Tracker = new ExecutionTracker(server.client, legacy.id);
    await v1Tracker.snapshot();
    const sent = await deliver(polar, endpoint!.id, 'order.paid');
    expect(sent.status).toBe(200);
    const [execution] = await v1Tracker.waitForNew(1);
    expect(triggerItems(execution as Execution)).toEqual([{ ...sent.payload, webhookId: sent.webhookId }]);
    const forged = await deliver(polar, endpoint!.id, 'order.paid', { signatureHeader: 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(forged.status).toBe(401);
    expect(await v1Tracker.countNewAfterQuiet()).toBe(0);
    // What Polar's delivery log shows for an accepted delivery: 200 with an empty body.
    const direct = signedDelivery(endpoint!.secret, buildEventPayload('order.paid'));
    const answer = await fetch(endpoint!.url, { method: 'POST', headers: direct.headers, body: direct.rawBody });
    expect({ status: answer.status, body: await answer.text() }).toEqual({ status: 200, body: '' });
    expect(await v1Tracker.waitForNew(1)).toHaveLength(1);
    await unpublishWorkflow(server.client, legacy.id);
    expect(polar.endpoints().filter((candidate) => candidate.url.includes(webhookId))).toHaveLength(0);
    checked('typeVersion 1: one endpoint, genuine deliveries run once (answered 200 with an empty body), a forged one gets 401, unpublish removes it');
  });
});

test('11. switching a published trigger to the credential of another Polar moves its endpoint there', async () => {
  await step('11. PUT with a credential of a second Polar: endpoint deleted in the first, created in the second', async () => {
    const { server, polar } = world();
    const otherPolar = await PolarStandIn.start({ allowLoopbackUrls: true, maxAttempts: 1 });
    try {
      const otherCredential = await importCredential(server.client, polarCredential(otherPolar.url, DEFAULT_TOKEN, 'Polar stand-in B'));
      const webhookId = randomUUID();
      const original = polarTriggerWorkflow({ name: 'Polar credential switch', webhookId, events: ['order.paid'], credential });
      const { id } = await importWorkflow(server.client, original);
      await publishWorkflow(server.client, id);
      const onThisUrl = (standIn: PolarStandIn) => standIn.endpoints().filter((endpoint) => endpoint.url.includes(webhookId));
      expect(onThisUrl(polar)).toHaveLength(1);

      await updateWorkflow(server.client, id, withCredential(original, otherCredential));
      // What each Polar holds once n8n has re-published; the first must be empty (nothing left behind).
      const [moved] = await pollUntil(
        () => {
          const there = onThisUrl(otherPolar);
          return there.length === 1 && onThisUrl(polar).length === 0 ? there : undefined;
        },
        {
          timeoutMs: 30_000,
          what: () => `the endpoint to leave the first Polar (${onThisUrl(polar).length} there) for the second (${onThisUrl(otherPolar).length})`,
        },
      );
      const tracker = new ExecutionTracker(server.client, id);
      await tracker.snapshot();
      const sent = await deliver(otherPolar, (moved as WebhookEndpointObject).id, 'order.paid');
      expect(sent.status).toBe(200);
      expect(await tracker.waitForNew(1)).toHaveLength(1);

      await unpublishWorkflow(server.client, id);
      expect(onThisUrl(otherPolar)).toHaveLength(0);
      expect(onThisUrl(polar)).toHaveLength(0);
      expect(otherPolar.schemaViolations).toEqual([]);
      checked('credential switched on the published workflow: the first Polar\'s endpoint deleted, one created in the second, a delivery from it runs once, unpublish removes it');
    } finally {
      await otherPolar.close();
    }
  });
});

/** The one endpoint in the stand-in whose URL is `url` (as Polar stores URLs). */
function endpointOn(url: string): WebhookEndpointObject {
  const matching = world().polar.endpoints().filter((endpoint) => endpoint.url === new URL(url).href);
  expect({ url, endpoints: matching.length }).toEqual({ url, endpoints: 1 });
  return matching[0] as WebhookEndpointObject;
}

const n8nLog = (): string => readFileSync(world().server.logFile, 'utf8');

test('12. a copy of the workflow with its static data registers its own endpoint and never touches the original one', async () => {
  await step('12. copy through the public API with staticData: publishing and unpublishing it leaves the original endpoint alone', async () => {
    const { server, polar } = world();
    await tracker.snapshot();
    const original = endpointOn(productionUrl());
    const { staticData } = await getWorkflow(server.client, workflowId);
    expect(JSON.stringify(staticData)).toContain(original.id);
    const copyWebhookId = randomUUID();
    const copyInput = {
      ...workflow,
      name: 'E2E Polar Trigger (copy)',
      nodes: workflow.nodes.map((node) => (node.name === POLAR_TRIGGER_NAME ? { ...node, webhookId: copyWebhookId } : node)),
      staticData,
    };
    const copy = await importWorkflow(server.client, copyInput);
    expect(JSON.stringify((await getWorkflow(server.client, copy.id)).staticData)).toContain(original.id);
    checked(`workflow ${copy.id} created through the public API with the original's staticData (endpoint ${original.id} and its secret)`);

    const callsBefore = polar.calls.length;
    await publishWorkflow(server.client, copy.id);
    const copyUrl = server.productionWebhookUrl(copyWebhookId, POLAR_WEBHOOK_PATH);
    const own = endpointOn(copyUrl);
    expect(own.id).not.toBe(original.id);
    expect(polar.getEndpoint(original.id)).toEqual(original);
    const onOriginal = () => polar.calls.slice(callsBefore).filter((call) => call.path.endsWith(original.id)).map((call) => call.method);
    expect(onOriginal()).toEqual([]);
    checked(`publishing the copy: its own endpoint ${own.id} on ${copyUrl}; the original endpoint unchanged (URL, secret, events) and never called`);
    const warning = n8nLog()
      .split('\n')
      .find((line) => line.includes(`endpoint ${original.id}`) && line.includes('belongs to another trigger'));
    expect(warning).toContain(productionUrl());
    expect(warning).toContain(copyUrl);
    checked("n8n's log names both triggers: the original's URL and the copy's");

    await deliverAndExpectOneExecution(original.id, 'subscription.created');
    checked('the original workflow still receives its events');

    await unpublishWorkflow(server.client, copy.id);
    expect(polar.getEndpoint(own.id)).toBeUndefined();
    expect(polar.getEndpoint(original.id)).toEqual(original);
    expect(onOriginal()).toEqual([]);
    await deliverAndExpectOneExecution(original.id, 'subscription.canceled');
    checked("unpublishing the copy deletes only the copy's endpoint; the original keeps receiving");
  });
});

test('13. a transient Polar failure while re-registering keeps the stored endpoint and its secret', async () => {
  await step('13. unpublish while Polar answers 503 (endpoint kept), then publish while Polar answers 503 once: same endpoint', async () => {
    const { server, polar } = world();
    await tracker.snapshot();
    const endpoint = endpointOn(productionUrl());
    const endpointPath = `/v1/webhooks/endpoints/${endpoint.id}`;
    for (let attempt = 0; attempt < 6; attempt++) {
      polar.failNext({ method: 'DELETE', path: endpointPath }, { status: 503, rawBody: 'upstream unavailable' });
    }
    await unpublishWorkflow(server.client, workflowId);
    polar.clearFaults();
    expect(polar.getEndpoint(endpoint.id)).toEqual(endpoint);
    checked('unpublished while Polar answered 503 to the delete: n8n unpublished, the endpoint stayed (id and secret in static data)');

    polar.failNext({ method: 'GET', path: endpointPath }, { status: 503, rawBody: 'upstream unavailable' });
    const callsBefore = polar.calls.length;
    await publishWorkflow(server.client, workflowId, 120_000);
    const calls = polar.calls.slice(callsBefore).map((call) => `${call.method} ${call.path.replace(endpoint.id, '{id}')} ${call.status}`);
    note(`Polar calls: ${calls.join(', ')}`);
    expect(polar.endpoints().filter((candidate) => candidate.url === endpoint.url)).toEqual([endpoint]);
    checked('publish while Polar answered 503 to the check: the same endpoint, same secret, no delete and no new endpoint');
    expect(n8nLog()).toContain(`checked webhook endpoint ${endpoint.id}`);
    checked("n8n's log says the node kept the endpoint through Polar's failure");
    await deliverAndExpectOneExecution(endpoint.id, 'subscription.created');
    checked('deliveries to the kept endpoint verify and run');
  });
});

test('14. an N8N_WEBHOOK_URL Polar stores differently (capitals): a lost create answer still leaves one endpoint', async () => {
  await step('14. n8n restarted with N8N_WEBHOOK_URL=http://LOCALHOST:<port>/, lost create answer + 500: one endpoint', async () => {
    const current = world();
    const { polar } = current;
    const old = current.server;
    await old.stop();
    current.server = await N8nServer.start({
      installation: current.installation,
      userFolder: old.userFolder,
      port: old.port,
      brokerPort: old.brokerPort,
      encryptionKey: E2E_ENCRYPTION_KEY,
      webhookUrl: `http://LOCALHOST:${old.port}/`,
    });
    const { server } = current;
    const webhookId = randomUUID();
    const respelled = await importWorkflow(
      server.client,
      polarTriggerWorkflow({ name: 'Polar respelled URL', webhookId, events: ['order.paid'], credential }),
    );
    const url = server.productionWebhookUrl(webhookId, POLAR_WEBHOOK_PATH);
    expect(url).toContain('LOCALHOST');
    polar.failNext({ method: 'POST', path: '/v1/webhooks/endpoints' }, { status: 502, afterApplying: true });
    polar.failNext({ method: 'POST', path: '/v1/webhooks/endpoints' }, { status: 500, body: { detail: 'Internal Server Error' } });
    const callsBefore = polar.calls.length;
    await publishWorkflow(server.client, respelled.id, 120_000);
    const calls = polar.calls.slice(callsBefore).map((call) => `${call.method} ${call.path.replace(/[0-9a-f-]{36}/, '{id}')} ${call.status}`);
    note(`Polar calls: ${calls.join(', ')}`);
    const onThisTrigger = polar.endpoints().filter((endpoint) => endpoint.url.includes(webhookId));
    expect(onThisTrigger.map((endpoint) => endpoint.url)).toEqual([new URL(url).href]);
    checked(`n8n's URL ${url} is stored by Polar as ${new URL(url).href}; after the lost answer and n8n's retries exactly one endpoint`);

    const respelledTracker = new ExecutionTracker(server.client, respelled.id);
    await respelledTracker.snapshot();
    const sent = await deliver(polar, (onThisTrigger[0] as WebhookEndpointObject).id, 'order.paid');
    expect(sent.status).toBe(200);
    expectExecutionsCarry(await respelledTracker.waitForNew(1), [sent], 'webhook');
    await unpublishWorkflow(server.client, respelled.id);
    expect(polar.endpoints().filter((endpoint) => endpoint.url.includes(webhookId))).toHaveLength(0);
    checked('the endpoint delivers, and unpublish removes it');
  });
});
