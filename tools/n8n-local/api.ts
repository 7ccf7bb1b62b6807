/**
 * What the tool and the tests do in n8n, over n8n's own HTTP APIs while it runs: import credentials and
 * workflows, publish / unpublish / update, read executions, listen for a test event. Where n8n 1.x and 2.x
 * differ, the function asks versions.ts.
 *
 * Imports use the public API rather than `n8n import:*`: the CLI needs n8n stopped (a running n8n keeps
 * its own caches and would not see rows written behind its back) and boots n8n for every call (about
 * 10 s each), while the API works on the running instance in milliseconds and keeps node `webhookId`s
 * as given. Test listening has no public API: it is the editor's `POST /rest/workflows/{id}/run`.
 */
import type { N8nClient } from './http';
import { flavourOf } from './versions';
import { pollUntil } from './wait';

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	/** The node's On Error setting, e.g. `continueErrorOutput` (default: stop the workflow). */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
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
	const data = flavourOf(client.n8nVersion).credentialData(credential.data);
	return await client.api<CredentialRecord>('POST', '/credentials', { ...credential, data });
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
	const prepared = await flavourOf(client.n8nVersion).prepareImport(client, workflow);
	return await client.api<WorkflowRecord>('POST', '/workflows', prepared);
}

export async function getWorkflow(client: N8nClient, id: string): Promise<WorkflowRecord> {
	return await client.api<WorkflowRecord>('GET', `/workflows/${id}`);
}

// ------------------------------------------------------------------------------------------ publication

/**
 * Makes the workflow live and resolves once its trigger registered, on any n8n: 2.x publishes in the
 * background (with its own retries) and this waits for the outcome; 1.x activates (versions.ts). Throws
 * with n8n's reason when the trigger could not register.
 */
export async function publishWorkflow(
	client: N8nClient,
	id: string,
	timeoutMs = 60_000,
): Promise<void> {
	await flavourOf(client.n8nVersion).publish(client, id, timeoutMs);
}

/** Takes the workflow off (2.x unpublish, 1.x deactivate); resolves once the trigger was removed. */
export async function unpublishWorkflow(
	client: N8nClient,
	id: string,
	timeoutMs = 60_000,
): Promise<void> {
	await flavourOf(client.n8nVersion).unpublish(client, id, timeoutMs);
}

/** `PUT /api/v1/workflows/{id}`; a live workflow goes live again with the new version at once. */
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
		await flavourOf(client.n8nVersion).settleUpdate(client, id, updated.versionId, timeoutMs);
	return updated;
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
	return await flavourOf(client.n8nVersion).listenForTestEvent(client, workflowId, triggerName);
}

// ------------------------------------------------------------------------------------------ node types

/** The node types n8n loaded, each with its typeVersions (the list the editor's nodes panel is built from). */
export async function nodeTypeVersions(client: N8nClient): Promise<Map<string, Set<number>>> {
	const types = await client.rest<Array<{ name: string; version: number | number[] }>>(
		'GET',
		'/types/nodes.json',
	);
	const known = new Map<string, Set<number>>();
	for (const type of Array.isArray(types) ? types : []) {
		const versions = known.get(type.name) ?? new Set<number>();
		for (const version of [type.version].flat()) versions.add(version);
		known.set(type.name, versions);
	}
	return known;
}

/** Whether n8n loaded a node type. */
export async function hasNodeType(client: N8nClient, type: string): Promise<boolean> {
	return (await nodeTypeVersions(client)).has(type);
}
