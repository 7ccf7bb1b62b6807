import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { OutputMode } from './description';
import { polarTriggerProperties } from './description';
import { isEventSelected } from './events';
import { outputItem, parsePolarEvent } from './output';
import {
	checkRegistration,
	registerEndpoint,
	triggerStaticData,
	unregisterEndpoint,
} from './registration';
import { verifyPolarSignature } from './signature';

export class PolarTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Polar Trigger',
		name: 'polarTrigger',
		icon: { light: 'file:polar.svg', dark: 'file:polar.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly like 1. n8n evaluates a body-parsing expression on every request to a version-1
		// webhook node (a leftover of its own Webhook node); from 1.1 on it does not, which saves that cost.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ $parameter["events"].includes("*") ? "All events" : $parameter["events"].length > 2 ? $parameter["events"].slice(0, 2).join(", ") + " +" + ($parameter["events"].length - 2) : $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Polar (polar.sh) sends a webhook event',
		defaults: {
			name: 'Polar Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'polarBillingApi',
				required: true,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// An empty 200: without this n8n answers with the text "firstEntryJson", which Polar's delivery log shows.
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: polarTriggerProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkRegistration(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registerEndpoint(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregisterEndpoint(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const staticData = triggerStaticData(this);
		const headers = this.getHeaderData() as Record<string, unknown>;
		const rawBody = this.getRequestObject().rawBody;

		const verification = verifyPolarSignature(
			{
				id: headers['webhook-id'],
				timestamp: headers['webhook-timestamp'],
				signature: headers['webhook-signature'],
				rawBody,
			},
			typeof staticData.endpointSecret === 'string' ? staticData.endpointSecret : '',
			{
				nowSeconds: Math.floor(Date.now() / 1000),
				usesStandardSignature: staticData.endpointUsesStandardSignature,
			},
		);
		if (!verification.valid) return refuse(this, 401, verification.reason);

		const parsed = parsePolarEvent(rawBody);
		if (!parsed.ok) return refuse(this, 400, parsed.reason);

		const selected = this.getNodeParameter('events', []) as string[];
		if (!isEventSelected(selected, parsed.event.type)) return {};

		const output = this.getNodeParameter('options.output', 'event') as OutputMode;
		const item = outputItem(parsed.event, headers['webhook-id'] as string, output);
		// Wrapped here, not by returnJsonArray: it would take an event with a top-level `json` field for an item.
		return { workflowData: [[{ json: item }]] };
	}
}

/** Answers the request directly and starts nothing: no execution, no failed run in the user's list. */
function refuse(context: IWebhookFunctions, status: number, reason: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ error: reason }).end();
	return { noWebhookResponse: true };
}
