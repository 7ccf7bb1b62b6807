/**
 * What the tool and the tests do in n8n, over n8n's own HTTP APIs while it runs: import credentials and
 * workflows, publish / unpublish / update, read executions, listen for a test event.
 *
 * Imports use the public API rather than `n8n import:*`: the CLI needs n8n stopped (a running n8n keeps
 * its own caches and would not see rows written behind its back) and boots n8n for every call (about
 * 10 s each), while the API works on the running instance in milliseconds and keeps node `webhookId`s
 * as given. Test listening has no public API: it is the editor's `POST /rest/workflows/{id}/run`.
 */
import type { N8nClient } from './http';
import { PollAbort, pollUntil } from './wait';

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface WorkflowInput {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export interface WorkflowRecord extends WorkflowInput {
	id: string;
	active: boolean;
	activeVersionId: string | null;
	versionId: string;
	staticData?: unknown;
}

export interface CredentialInput {
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface CredentialRecord {
	id: string;
	name: string;
	type: string;
}

export interface NodeRun {
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string };
}

export interface Execution {
	id: string;
	mode: string;
	status: string;
	finished: boolean;
	workflowId: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: { resultData?: { runData?: Record<string, NodeRun[]>; error?: { message?: string } } };
}

export type PublicationState = 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';

export interface PublicationStatus {
	status: PublicationState;
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

// ------------------------------------------------------------------------------------------ API key

/** Creates an API key with every scope the owner may grant (`GET /rest/api-keys/scopes`). */
export async function createApiKey(client: N8nClient, label: string): Promise<string> {
	const scopes = await client.rest<string[]>('GET', '/rest/api-keys/scopes');
	const created = await client.rest<{ rawApiKey: string }>('POST', '/rest/api-keys', {
		label,
		scopes,
		expiresAt: null,
	});
	return created.rawApiKey;
}

// ------------------------------------------------------------------------------------------ import

export async function importCredential(
	client: N8nClient,
	credential: CredentialInput,
): Promise<CredentialRecord> {
	return await client.api<CredentialRecord>('POST', '/credentials', credential);
}

/** The editor's "Test" button of a credential (`POST /rest/credentials/test`): n8n runs the type's test request. */
export async function testCredential(
	client: N8nClient,
	credential: CredentialRecord,
	data: Record<string, unknown>,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	return await client.rest('POST', '/rest/credentials/test', {
		credentials: { id: credential.id, name: credential.name, type: credential.type, data },
	});
}

export async function importWorkflow(
	client: N8nClient,
	workflow: WorkflowInput,
): Promise<WorkflowRecord> {
	return await client.api<WorkflowRecord>('POST', '/workflows', workflow);
}

export async function getWorkflow(client: N8nClient, id: string): Promise<WorkflowRecord> {
	return await client.api<WorkflowRecord>('GET', `/workflows/${id}`);
}

// ------------------------------------------------------------------------------------------ publication

/**
 * Publishing, unpublishing and updating a published workflow only queue the work in n8n 2.x (its
 * publication outbox): the trigger's lifecycle methods run right after the call returns. These helpers
 * wait until n8n reports the publication settled and throw when a trigger failed to activate.
 */
export async function publishWorkflow(
	client: N8nClient,
	id: string,
	timeoutMs = 60_000,
): Promise<PublicationStatus> {
	await client.api('POST', `/workflows/${id}/publish`, {});
	return await waitForPublication(client, id, 'published', timeoutMs);
}

export async function unpublishWorkflow(
	client: N8nClient,
	id: string,
	timeoutMs = 60_000,
): Promise<PublicationStatus> {
	await client.api('POST', `/workflows/${id}/unpublish`);
	return await waitForPublication(client, id, 'not_published', timeoutMs);
}

/** `PUT /api/v1/workflows/{id}`; a published workflow is published again with the new version at once. */
export async function updateWorkflow(
	client: N8nClient,
	id: string,
	workflow: WorkflowInput,
	timeoutMs = 60_000,
): Promise<WorkflowRecord> {
	const { name, nodes, connections, settings } = workflow;
	const updated = await client.api<WorkflowRecord>('PUT', `/workflows/${id}`, {
		name,
		nodes,
		connections,
		settings,
	});
	if (updated.activeVersionId)
		await waitForPublication(client, id, 'published', timeoutMs, updated.versionId);
	return updated;
}

/** `GET /rest/workflows/{id}/publication-status` (the editor's view of the outbox). */
export async function publicationStatus(client: N8nClient, id: string): Promise<PublicationStatus> {
	return await client.rest<PublicationStatus>('GET', `/rest/workflows/${id}/publication-status`);
}

export async function waitForPublication(
	client: N8nClient,
	id: string,
	wanted: 'published' | 'not_published',
	timeoutMs = 60_000,
	versionId?: string,
): Promise<PublicationStatus> {
	let last: PublicationStatus | undefined;
	return await pollUntil(
		async () => {
			last = await publicationStatus(client, id);
			if (last.status === 'in_progress') return undefined;
			if (last.status === 'failed' || last.status === 'partial') {
				const reasons = last.triggers.map((trigger) => trigger.errorMessage).filter(Boolean);
				throw new PollAbort(
					`workflow ${id}: publication ${last.status}${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
				);
			}
			if (last.status !== wanted) return undefined;
			if (versionId && wanted === 'published' && last.liveVersionId !== versionId) return undefined;
			return last;
		},
		{
			what: () => `workflow ${id} to be ${wanted} (last status: ${JSON.stringify(last)})`,
			timeoutMs,
			intervalMs: 200,
		},
	);
}

// ------------------------------------------------------------------------------------------ executions

/** Every execution of a workflow, newest first (`GET /api/v1/executions`, all pages). */
export async function listExecutions(
	client: N8nClient,
	workflowId: string,
	options: { includeData?: boolean } = {},
): Promise<Execution[]> {
	const executions: Execution[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({
			workflowId,
			limit: '250',
			includeData: String(options.includeData ?? false),
		});
		if (cursor) query.set('cursor', cursor);
		const page = await client.api<{ data: Execution[]; nextCursor: string | null }>(
			'GET',
			`/executions?${query}`,
		);
		executions.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return executions;
}

/** Waits until the workflow has at least `count` finished executions (with data); returns all of them. */
export async function waitForExecutions(
	client: N8nClient,
	workflowId: string,
	count: number,
	timeoutMs = 30_000,
): Promise<Execution[]> {
	let seen = 0;
	return await pollUntil(
		async () => {
			const executions = await listExecutions(client, workflowId, { includeData: true });
			seen = executions.length;
			const settled = executions.filter((execution) => execution.stoppedAt !== null);
			return settled.length >= count && settled.length === executions.length
				? executions
				: undefined;
		},
		{
			what: () => `${count} finished execution(s) of workflow ${workflowId} (seen ${seen})`,
			timeoutMs,
			intervalMs: 300,
		},
	);
}

/** The items a node emitted in an execution (its first run, first output). */
export function nodeOutput(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const run = execution.data?.resultData?.runData?.[nodeName]?.[0];
	return (run?.data?.main?.[0] ?? []).map((item) => item.json);
}

// ------------------------------------------------------------------------------------------ test listen

/**
 * Clicks "Listen for test event" (`POST /rest/workflows/{id}/run` with `triggerToStartFrom`): n8n registers
 * the trigger's test webhook (its `/webhook-test/` URL) until the first delivery or a timeout.
 */
export async function startTestListen(
	client: N8nClient,
	workflowId: string,
	triggerName: string,
): Promise<boolean> {
	const result = await client.rest<{ waitingForWebhook?: boolean }>(
		'POST',
		`/rest/workflows/${workflowId}/run`,
		{
			triggerToStartFrom: { name: triggerName },
		},
	);
	return result?.waitingForWebhook === true;
}

// ------------------------------------------------------------------------------------------ node types

/** Whether n8n loaded a node type (the list the editor's nodes panel is built from). */
export async function hasNodeType(client: N8nClient, type: string): Promise<boolean> {
	const types = await client.rest<Array<{ name: string }>>('GET', '/types/nodes.json');
	return Array.isArray(types) && types.some((nodeType) => nodeType.name === type);
}
