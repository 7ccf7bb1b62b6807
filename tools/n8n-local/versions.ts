/**
 * Everything that differs between the n8n versions this package is tested on, in one place, keyed by n8n's
 * major version: the Node it runs on, the variable for its webhook URL, how its owner comes to exist, how a
 * workflow goes live and back, test listening, what its API wants on import, the settings for bursts, and the
 * facts the tests compare. api.ts, env.ts and server.ts ask this module, and the tests read a flavour's
 * facts; nothing else looks at the version.
 *
 * Which n8n: N8N_VERSION (default 2.41.1), e.g. `N8N_VERSION=1.123.81 npm run test:e2e`; the npm scripts
 * `test:e2e:n8n1` and `test:e2e:queue:n8n1` set it.
 *
 * The same on both (read in their source and proven by the suites): every other variable env.ts gives n8n,
 * the trigger's checkExists / create / delete calls, the public API for credentials, workflows and
 * executions, the login and API keys, `/types/nodes.json`, the community-package folder, and how the
 * Community Nodes installer installs a package (1.123 and 2.41 both `npm pack` it, strip its dev, peer and
 * optional dependencies and run `npm install --ignore-scripts` in its folder: see install.ts).
 */
import { randomUUID } from 'node:crypto';

import type { N8nClient } from './http';
import type { LocalSettings } from './settings';
import { PollAbort, pollUntil, sleep } from './wait';

export const DEFAULT_N8N_VERSION = '2.41.1';

/**
 * The n8n versions the suites run on, and the Node each runs on: 2.x requires Node 24; 1.123 accepts
 * 20.19 to 24 and its own Docker image runs Node 22, which is what most 1.x installations therefore run.
 */
export const TESTED_N8N: Readonly<Record<1 | 2, { n8n: string; node: string }>> = {
	2: { n8n: DEFAULT_N8N_VERSION, node: '24.22.3' },
	1: { n8n: '1.123.81', node: '22.23.5' },
};

export type N8nMajor = keyof typeof TESTED_N8N;

/** The n8n version asked for with N8N_VERSION (default 2.41.1); only majors 1 and 2 are known here. */
export function selectedN8nVersion(env: NodeJS.ProcessEnv = process.env): string {
	const version = env.N8N_VERSION?.trim() || DEFAULT_N8N_VERSION;
	majorOf(version);
	return version;
}

export function majorOf(version: string): N8nMajor {
	const major = /^(\d+)\.\d+\.\d+$/.exec(version)?.[1];
	if (major !== '1' && major !== '2') {
		throw new Error(
			`N8N_VERSION=${version}: this tool knows n8n 1.x and 2.x (tested: ${Object.values(TESTED_N8N)
				.map((tested) => tested.n8n)
				.join(', ')})`,
		);
	}
	return Number(major) as N8nMajor;
}

/** The Node an n8n version runs on here: the one tested with its major version. */
export function nodeVersionFor(n8nVersion: string): string {
	return TESTED_N8N[majorOf(n8nVersion)].node;
}

/** What differs between n8n majors, as the tool and the tests use n8n. */
export interface N8nFlavour {
	major: N8nMajor;
	/** n8n's word for making a workflow live: "publish" (2.x) or "activate" (1.x). */
	publishWord: 'publish' | 'activate';
	/** The variable that sets n8n's public webhook URL (2.x still reads WEBHOOK_URL, as deprecated). */
	webhookUrlVariable: 'N8N_WEBHOOK_URL' | 'WEBHOOK_URL';
	/** Sets the owner up if n8n has none yet (2.x takes it from N8N_INSTANCE_OWNER_* instead). */
	ensureOwner(client: N8nClient, settings: LocalSettings): Promise<void>;
	/** Makes the workflow live and resolves once the trigger registered; throws with n8n's reason if it cannot. */
	publish(client: N8nClient, id: string, timeoutMs: number): Promise<void>;
	unpublish(client: N8nClient, id: string, timeoutMs: number): Promise<void>;
	/** After `PUT /api/v1/workflows/{id}` on a live workflow: resolves once the new version is live. */
	settleUpdate(client: N8nClient, id: string, versionId: string, timeoutMs: number): Promise<void>;
	/** The editor's "Listen for test event": true when n8n waits for a test delivery. */
	listenForTestEvent(client: N8nClient, workflowId: string, triggerName: string): Promise<boolean>;
	/** A credential's data as `POST /api/v1/credentials` accepts it. */
	credentialData(data: Record<string, unknown>): Record<string, unknown>;
	/**
	 * Settings for bursts of deliveries into one n8n, the ones README recommends and the load test runs with:
	 * without them an n8n of either version answers a few deliveries a second on 2 cores.
	 */
	burstEnv: Record<string, string>;
	/**
	 * A workflow as n8n should store it, like the editor's import: every webhook node has a `webhookId`, from
	 * which its URL follows. (2.x's `POST /api/v1/workflows` assigns missing ones itself.)
	 */
	prepareImport<W extends { nodes: ImportedNode[] }>(client: N8nClient, workflow: W): Promise<W>;
	/** Whether n8n saves the workflow's static data (where the node keeps its signing secret) with each execution. */
	executionsKeepStaticData: boolean;
	/**
	 * Whether n8n has human review for AI tools (the `…HitlTool` nodes, "Add human review step"): 2.x only. An
	 * example that uses it is for 2.x (README says so); 1.123 also lacks the AI Agent 3.1 such examples use.
	 */
	toolHumanReview: boolean;
}

export interface ImportedNode {
	type: string;
	typeVersion: number;
	webhookId?: string;
}

export function flavourOf(n8nVersion: string): N8nFlavour {
	return majorOf(n8nVersion) === 1 ? n8n1 : n8n2;
}

// ------------------------------------------------------------------------------------------ n8n 2.x

export type PublicationState = 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';

export interface PublicationStatus {
	status: PublicationState;
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

/** `GET /rest/workflows/{id}/publication-status` (2.x: the editor's view of its publication outbox). */
export async function publicationStatus(client: N8nClient, id: string): Promise<PublicationStatus> {
	return await client.rest<PublicationStatus>('GET', `/rest/workflows/${id}/publication-status`);
}

/**
 * 2.x only queues a publish, unpublish or update of a published workflow (its publication outbox) and runs
 * the trigger's lifecycle methods right after, retrying a failed registration up to 5 times. Waits until
 * n8n reports the publication settled; throws when a trigger failed.
 */
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

const n8n2: N8nFlavour = {
	major: 2,
	publishWord: 'publish',
	webhookUrlVariable: 'N8N_WEBHOOK_URL',
	async ensureOwner() {
		// N8N_INSTANCE_OWNER_MANAGED_BY_ENV (env.ts): the owner exists from the first start.
	},
	async publish(client, id, timeoutMs) {
		await client.api('POST', `/workflows/${id}/publish`, {});
		await waitForPublication(client, id, 'published', timeoutMs);
	},
	async unpublish(client, id, timeoutMs) {
		await client.api('POST', `/workflows/${id}/unpublish`);
		await waitForPublication(client, id, 'not_published', timeoutMs);
	},
	async settleUpdate(client, id, versionId, timeoutMs) {
		await waitForPublication(client, id, 'published', timeoutMs, versionId);
	},
	async listenForTestEvent(client, workflowId, triggerName) {
		const result = await client.rest<{ waitingForWebhook?: boolean }>(
			'POST',
			`/rest/workflows/${workflowId}/run`,
			{ triggerToStartFrom: { name: triggerName } },
		);
		return result?.waitingForWebhook === true;
	},
	credentialData: (data) => data,
	// 2.x takes an expression isolate for every delivery to a trigger other than its own Webhook node; lazily,
	// only when an expression is evaluated (the same sandbox), it answers about twice as fast.
	burstEnv: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	prepareImport: async (_client, workflow) => workflow,
	executionsKeepStaticData: false,
	toolHumanReview: true,
};

// ------------------------------------------------------------------------------------------ n8n 1.x

/** As many registrations as n8n 2.x tries by itself before it reports a publication failed. */
export const N8N1_ACTIVATION_ATTEMPTS = 5;

const n8n1: N8nFlavour = {
	major: 1,
	publishWord: 'activate',
	// 1.x reads only WEBHOOK_URL (its url.service.js); N8N_WEBHOOK_URL came with 2.0.
	webhookUrlVariable: 'WEBHOOK_URL',
	async ensureOwner(client, settings) {
		// 1.x has no N8N_INSTANCE_OWNER_* (it ignores them): the owner is set up once, as the editor's
		// first screen does (both routes answer without a login), and kept in the database.
		const frontend = await client.raw('GET', '/rest/settings');
		const { data } = JSON.parse(frontend.text) as {
			data?: { userManagement?: { showSetupOnFirstLoad?: boolean } };
		};
		if (!data?.userManagement?.showSetupOnFirstLoad) return;
		const setup = await client.raw('POST', '/rest/owner/setup', {
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email: settings.ownerEmail,
				firstName: 'Local',
				lastName: 'Owner',
				password: settings.ownerPassword,
			}),
		});
		if (setup.status !== 200)
			throw new Error(`POST /rest/owner/setup -> ${setup.status}: ${setup.text.slice(0, 500)}`);
	},
	/**
	 * 1.x activates synchronously: `POST /api/v1/workflows/{id}/activate` runs the trigger's checkExists /
	 * create, and when they throw it calls delete(), leaves the workflow inactive and answers 400 with the
	 * node's error description. It does not try again by itself; the user activates again, as the error
	 * says. This does so up to the number of registrations n8n 2.x makes by itself, so that a publish
	 * means the same on both: live after n8n's (or the user's) retries, or an error naming each failure.
	 */
	async publish(client, id) {
		const failures: string[] = [];
		for (let attempt = 1; attempt <= N8N1_ACTIVATION_ATTEMPTS; attempt++) {
			try {
				await client.api('POST', `/workflows/${id}/activate`, {});
				return;
			} catch (error) {
				failures.push((error as Error).message);
				if (attempt < N8N1_ACTIVATION_ATTEMPTS) await sleep(500);
			}
		}
		throw new Error(
			`workflow ${id}: activation failed ${failures.length} times: ${failures.join('; ')}`,
		);
	},
	/** Synchronous, like activation; n8n deactivates even when the trigger's delete() throws (it logs it). */
	async unpublish(client, id) {
		await client.api('POST', `/workflows/${id}/deactivate`, {});
	},
	async settleUpdate() {
		// `PUT` on an active workflow deactivates and activates it again before it answers.
	},
	/** 1.x runs the workflow the editor sends: the body carries it, as the editor's does. */
	async listenForTestEvent(client, workflowId, triggerName) {
		const workflowData = await client.rest<Record<string, unknown>>(
			'GET',
			`/rest/workflows/${workflowId}`,
		);
		const result = await client.rest<{ waitingForWebhook?: boolean }>(
			'POST',
			`/rest/workflows/${workflowId}/run`,
			{ workflowData, triggerToStartFrom: { name: triggerName } },
		);
		return result?.waitingForWebhook === true;
	},
	/**
	 * 1.123 adds "Allowed HTTP Request Domains" (`allowedHttpRequestDomains`, default `all`) to every
	 * credential type with an `authenticate` block, and its public API's schema then demands `allowedDomains`
	 * unless that field is given (its if/then treats a missing field as a match). The editor always sends
	 * the default; so does this.
	 */
	credentialData: (data) => ({ allowedHttpRequestDomains: 'all', ...data }),
	/**
	 * 1.123 takes an expression isolate for every delivery too, and has no lazy setting: only the legacy
	 * engine (no sandbox: where every workflow author is trusted) avoids it. Its SQLite runs on a single
	 * connection unless DB_SQLITE_POOL_SIZE is set (it warns at every start; 2.x pools 3 by default): under a
	 * burst its 5-second health ping then times out and n8n answers every request 503 until the next one.
	 */
	burstEnv: { N8N_EXPRESSION_ENGINE: 'legacy', DB_SQLITE_POOL_SIZE: '3' },
	/**
	 * 1.x's editor gives every node with webhooks a webhookId when it imports a workflow; its public API
	 * stores the node without one, and n8n then makes the node's path from the workflow id and the node's
	 * URL-encoded name, which 1.123 cannot match against an incoming request when the name has a space (404).
	 * So the editor's step is done here, for the node types `POST /rest/node-types` says have webhooks.
	 */
	async prepareImport(client, workflow) {
		const missing = workflow.nodes.filter((node) => !node.webhookId);
		if (missing.length === 0) return workflow;
		const described = await client.rest<Array<{ name: string; webhooks?: unknown[] }>>(
			'POST',
			'/rest/node-types',
			{ nodeInfos: missing.map((node) => ({ name: node.type, version: node.typeVersion })) },
		);
		// Community node types are described by their bare name (`polarTrigger`), n8n's own by the full one.
		const withWebhooks = described.filter((type) => type.webhooks?.length).map((type) => type.name);
		const hasWebhooks = (nodeType: string): boolean =>
			withWebhooks.some((name) => nodeType === name || nodeType.endsWith(`.${name}`));
		return {
			...workflow,
			nodes: workflow.nodes.map((node) =>
				!node.webhookId && hasWebhooks(node.type) ? { ...node, webhookId: randomUUID() } : node,
			),
		};
	},
	executionsKeepStaticData: true,
	toolHumanReview: false,
};
