import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EndpointChanges, PolarConnection, WebhookEndpoint } from './endpoints';
import {
	createEndpoint,
	deleteEndpoint,
	getEndpoint,
	listEndpointsWithUrl,
	normaliseUrl,
	polarConnection,
	updateEndpoint,
} from './endpoints';
import { asNodeError, isTransientPolarError } from '../shared/errors';
import { eventTypesToRegister } from './events';

/**
 * What the trigger keeps in n8n's node static data about its Polar webhook endpoint. Every field starts
 * with `endpoint`: it is about the endpoint in Polar (the output's `webhookId` is something else, the
 * delivery's `webhook-id` header).
 *
 * Static data travels with a workflow (n8n's public API, export/import, database copies), so it also says
 * whose endpoint it is: `endpointUrl`, `endpointWorkflowId` and `endpointNodeId` name the trigger that
 * registered it. A copy finds another trigger named there and leaves the endpoint alone.
 */
export interface PolarTriggerStaticData extends IDataObject {
	/** Polar's id of the endpoint. */
	endpointId?: string;
	/** The endpoint's signing secret: what verifies every delivery. */
	endpointSecret?: string;
	endpointEvents?: string[];
	/** The endpoint's `uses_standard_webhook_signature`, when Polar sent it. */
	endpointUsesStandardSignature?: boolean;
	/** The trigger URL the endpoint delivers to, normalised as Polar stores it. */
	endpointUrl?: string;
	/** The Polar API the endpoint was registered with (the credential's environment at the time). */
	endpointApiUrl?: string;
	/** The workflow whose trigger registered the endpoint. */
	endpointWorkflowId?: string;
	/** The node (n8n's node id) that registered the endpoint. */
	endpointNodeId?: string;
}

const STORED_FIELDS = [
	'endpointId',
	'endpointSecret',
	'endpointEvents',
	'endpointUsesStandardSignature',
	'endpointUrl',
	'endpointApiUrl',
	'endpointWorkflowId',
	'endpointNodeId',
] as const;

/** Which trigger an endpoint belongs to: one node of one workflow, at one URL. */
interface TriggerIdentity {
	workflowId: string;
	nodeId: string;
	url: string;
}

export function triggerStaticData(
	context: Pick<IHookFunctions, 'getWorkflowStaticData'>,
): PolarTriggerStaticData {
	return context.getWorkflowStaticData('node') as PolarTriggerStaticData;
}

function forgetEndpoint(data: PolarTriggerStaticData): void {
	for (const field of STORED_FIELDS) delete data[field];
}

function storeEndpoint(
	data: PolarTriggerStaticData,
	endpoint: WebhookEndpoint,
	apiUrl: string,
	owner: TriggerIdentity,
): void {
	data.endpointApiUrl = apiUrl;
	data.endpointUrl = owner.url;
	data.endpointWorkflowId = owner.workflowId;
	data.endpointNodeId = owner.nodeId;
	if (endpoint.id) data.endpointId = endpoint.id;
	// Only a string can verify a delivery: anything else would make every delivery fail, so it is not kept.
	if (typeof endpoint.secret === 'string' && endpoint.secret) data.endpointSecret = endpoint.secret;
	if (endpoint.events) data.endpointEvents = [...endpoint.events].sort();
	if (typeof endpoint.uses_standard_webhook_signature === 'boolean') {
		data.endpointUsesStandardSignature = endpoint.uses_standard_webhook_signature;
	} else {
		delete data.endpointUsesStandardSignature;
	}
}

interface DesiredEndpoint {
	url: string;
	name: string;
	events: string[];
	owner: TriggerIdentity;
}

/** The trigger being registered: this workflow, this node, and its webhook URL as Polar stores it. */
function thisTrigger(context: IHookFunctions): TriggerIdentity {
	const url = context.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(context.getNode(), 'n8n has no webhook URL for this trigger');
	return {
		workflowId: String(context.getWorkflow().id ?? ''),
		nodeId: String(context.getNode().id ?? ''),
		url: normaliseUrl(url),
	};
}

function desiredEndpoint(context: IHookFunctions): DesiredEndpoint {
	const owner = thisTrigger(context);
	const url = owner.url;
	const events = eventTypesToRegister(context.getNodeParameter('events', []) as string[]);
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose at least one event', {
			description:
				'Select the Polar events that should start this workflow, or "*" for all of them.',
		});
	}
	return { url, events, name: endpointName(context, url), owner };
}

/** Tells a Polar admin which n8n workflow owns the endpoint. */
function endpointName(context: IHookFunctions, url: string): string {
	const workflow = context.getWorkflow();
	const testSuffix = url.includes('/webhook-test/') ? ' (test listener)' : '';
	return `n8n: ${workflow.name ?? 'workflow'} (workflow ${workflow.id ?? '?'})${testSuffix}`;
}

/** What must change on `endpoint` so that it delivers what the node wants. */
function changesNeeded(endpoint: WebhookEndpoint, desired: DesiredEndpoint): EndpointChanges {
	const changes: EndpointChanges = {};
	if (typeof endpoint.url !== 'string' || normaliseUrl(endpoint.url) !== desired.url)
		changes.url = desired.url;
	if (!sameEvents(endpoint.events, desired.events)) changes.events = desired.events;
	if (endpoint.enabled === false) changes.enabled = true;
	// Polar wraps slack and discord deliveries for chat, and they never verify here: every one would be refused.
	if (typeof endpoint.format === 'string' && endpoint.format !== 'raw') changes.format = 'raw';
	return changes;
}

function sameEvents(registered: string[] | undefined, wanted: string[]): boolean {
	if (!registered || registered.length !== wanted.length) return false;
	const sorted = [...registered].sort();
	return sorted.every((type, index) => type === wanted[index]);
}

/**
 * Brings an existing endpoint in line with the node (events, URL, format, re-enabling an endpoint Polar disabled
 * after failed deliveries) and refreshes what is stored, the secret included: a secret rotated in Polar's
 * dashboard takes effect when the workflow is published again.
 */
async function reconcile(
	context: IHookFunctions,
	connection: PolarConnection,
	data: PolarTriggerStaticData,
	endpoint: WebhookEndpoint & { id: string },
	desired: DesiredEndpoint,
): Promise<void> {
	const changes = changesNeeded(endpoint, desired);
	if (changes.enabled) {
		context.logger.warn(
			`Polar had disabled webhook endpoint ${endpoint.id} after repeated failed deliveries; re-enabled it. Events sent while it was disabled were not delivered: redeliver them from Polar's dashboard (Settings > Webhooks).`,
		);
	}
	const current =
		Object.keys(changes).length > 0
			? await updateEndpoint(context, connection, endpoint.id, changes)
			: endpoint;
	storeEndpoint(
		data,
		{ ...endpoint, ...current, id: endpoint.id },
		connection.baseUrl,
		desired.owner,
	);
	requireSecret(context, data);
}

function requireSecret(context: IHookFunctions, data: PolarTriggerStaticData): void {
	if (!data.endpointSecret) {
		throw new NodeOperationError(context.getNode(), "Polar's answer has no webhook secret", {
			description:
				'Without the secret no delivery can be verified, so none would be accepted. Publish (activate on n8n 1.x) the workflow again; if it persists, check the Base URL in the credential points at Polar.',
		});
	}
}

/** n8n's `checkExists`: is the stored endpoint still there, and right? */
export async function checkRegistration(context: IHookFunctions): Promise<boolean> {
	const data = triggerStaticData(context);
	if (!data.endpointId) return false;
	if (forgetEndpointOfAnotherTrigger(context, data)) return false;
	const connection = await polarConnection(context);
	if (forgetEndpointInAnotherPolar(context, connection, data)) return false;

	const id = data.endpointId;
	try {
		const endpoint = await getEndpoint(context, connection, id);
		if (!endpoint) {
			forgetEndpoint(data);
			return false;
		}
		await reconcile(context, connection, data, { ...endpoint, id }, desiredEndpoint(context));
	} catch (error) {
		// When checkExists throws, n8n deletes the endpoint and registers anew: a new secret, and the events
		// Polar is still retrying to this endpoint are lost. A Polar that cannot answer right now is no reason.
		if (!isTransientPolarError(error)) throw asNodeError(context.getNode(), error);
		context.logger.warn(
			`Polar could not answer while the node checked webhook endpoint ${id} (${(error as Error).message}). The node keeps the endpoint and its secret and treats it as registered; changes to its events or URL, or re-enabling it, wait for the next publish (activation on n8n 1.x).`,
		);
	}
	return true;
}

/**
 * n8n's `create`. Before creating, adopts an endpoint that already carries this trigger's URL (left by a
 * registration whose answer was lost, or by an earlier install) and deletes any further copies, so one
 * trigger never has two live endpoints. Stores the id the moment Polar answers: when anything later
 * fails, n8n calls `delete()`, which then removes the endpoint instead of orphaning it.
 */
export async function registerEndpoint(context: IHookFunctions): Promise<boolean> {
	const data = triggerStaticData(context);
	const desired = desiredEndpoint(context);
	const connection = await polarConnection(context);

	const existing = (await listEndpointsWithUrl(context, connection, desired.url)).filter(
		(endpoint): endpoint is WebhookEndpoint & { id: string } => typeof endpoint.id === 'string',
	);
	if (existing.length > 0) {
		const [adopted, ...copies] = existing;
		for (const copy of copies) await deleteEndpoint(context, connection, copy.id);
		forgetEndpoint(data);
		data.endpointId = adopted.id;
		await reconcile(context, connection, data, adopted, desired);
		return true;
	}

	const created = await createEndpoint(context, connection, desired);
	forgetEndpoint(data);
	if (!created.id) {
		throw new NodeOperationError(context.getNode(), "Polar's answer has no webhook endpoint id", {
			description:
				'Publish (activate on n8n 1.x) the workflow again; the node will adopt the endpoint if Polar created it.',
		});
	}
	storeEndpoint(data, created, connection.baseUrl, desired.owner);
	requireSecret(context, data);
	return true;
}

/**
 * n8n's `delete`. Deletes the stored endpoint (already gone counts as deleted); a failure is thrown, and
 * what is stored is kept so that a later unpublish can finish the job.
 */
export async function unregisterEndpoint(context: IHookFunctions): Promise<boolean> {
	const data = triggerStaticData(context);
	// Not this trigger's endpoint: forgotten, so that what follows cleans up only after this trigger.
	forgetEndpointOfAnotherTrigger(context, data);
	if (!data.endpointId) {
		await removeUnrecordedEndpoints(context);
	} else {
		const connection = await polarConnection(context);
		if (forgetEndpointInAnotherPolar(context, connection, data)) return true;
		await deleteEndpoint(context, connection, data.endpointId);
	}
	forgetEndpoint(data);
	return true;
}

/**
 * The stored endpoint was registered by another trigger: the workflow was copied with its static data (n8n's
 * public API, export/import, a database copy such as a staging n8n on the same Polar organization), or this
 * trigger's URL changed. Updating or deleting that endpoint would take over the other trigger's events, or
 * cut them off, so the node forgets it without calling Polar and says so, naming both triggers.
 */
function forgetEndpointOfAnotherTrigger(
	context: IHookFunctions,
	data: PolarTriggerStaticData,
): boolean {
	if (!data.endpointId) return false;
	const current = thisTrigger(context);
	const sameUrl =
		typeof data.endpointUrl === 'string' && normaliseUrl(data.endpointUrl) === current.url;
	if (
		sameUrl &&
		data.endpointWorkflowId === current.workflowId &&
		data.endpointNodeId === current.nodeId
	)
		return false;
	const owner = `workflow ${data.endpointWorkflowId ?? 'unknown'}, node ${data.endpointNodeId ?? 'unknown'}, URL ${data.endpointUrl ?? 'unknown'}`;
	const self = `workflow ${current.workflowId}, node ${current.nodeId}, URL ${current.url}`;
	context.logger.warn(
		`Polar webhook endpoint ${data.endpointId} in this workflow's static data belongs to another trigger (${owner}), not to this one (${self}): the workflow was probably copied with its static data, or this trigger's URL changed. The node leaves that endpoint alone and registers its own. If the other trigger no longer exists, delete endpoint ${data.endpointId} in Polar's dashboard (Settings > Webhooks).`,
	);
	forgetEndpoint(data);
	return true;
}

/**
 * The credential was edited in place to point at another Polar (Production to Sandbox, another Base URL)
 * while the workflow was published: the stored endpoint lives in the old one, and this credential's token
 * cannot reach it. Says so, with the endpoint's id, and forgets it; asking the new Polar would only give a
 * 404 that looks like success.
 */
function forgetEndpointInAnotherPolar(
	context: IHookFunctions,
	connection: PolarConnection,
	data: PolarTriggerStaticData,
): boolean {
	if (!data.endpointId || !data.endpointApiUrl) return false;
	const apiUrl = connection.baseUrl;
	if (data.endpointApiUrl === apiUrl) return false;
	context.logger.warn(
		`Polar webhook endpoint ${data.endpointId} was registered with ${data.endpointApiUrl}, but the credential now points at ${apiUrl}, so the node cannot remove it. Delete it in that Polar organization's dashboard (Settings > Webhooks); until then Polar keeps trying to deliver its events to this workflow's URL, where they are refused.`,
	);
	forgetEndpoint(data);
	return true;
}

/**
 * With nothing stored, n8n is cleaning up after a registration that failed, possibly after Polar created the
 * endpoint but before its answer arrived: remove any endpoint carrying this trigger's URL. Best effort: the
 * registration's own error is the one the user needs to see, and the next publish adopts a leftover anyway.
 */
async function removeUnrecordedEndpoints(context: IHookFunctions): Promise<void> {
	const url = context.getNodeWebhookUrl('default');
	if (!url) return;
	try {
		const connection = await polarConnection(context);
		for (const endpoint of await listEndpointsWithUrl(context, connection, url)) {
			if (endpoint.id) await deleteEndpoint(context, connection, endpoint.id);
		}
	} catch (error) {
		context.logger.warn(
			`Could not look for a Polar webhook endpoint left by a failed registration: ${(error as Error).message}. The next publish (activation on n8n 1.x) adopts it if it exists.`,
		);
	}
}
