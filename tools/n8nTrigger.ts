/**
 * Runs the Polar Trigger through n8n's own HookContext and WebhookContext (from n8n-core), the classes
 * n8n uses when it publishes a workflow and receives a delivery. Only what n8n's CLI would inject is
 * faked here: the credential store (it applies the credential's generic Bearer authentication the way
 * n8n's CredentialsHelper does) and the HTTP request/response objects of a delivery.
 */
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INode,
	INodeParameters,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { PolarTrigger } from '../nodes/PolarTrigger/PolarTrigger.node';
import { N8N_BASE_URL, n8nAdditionalData, onlyNodeType, recordingLogger } from './n8nContext';

export { N8N_BASE_URL } from './n8nContext';
export const NODE_NAME = 'Polar Trigger';

export interface TriggerSetup {
	parameters?: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	/** n8n's `webhookId` of the trigger node: the id in its URL, `<n8nBaseUrl>/webhook/<triggerPathId>/webhook`. */
	triggerPathId?: string;
	workflowId?: string;
	workflowName?: string;
	/** n8n's own address (its webhook base URL is `<n8nBaseUrl>/webhook`). */
	n8nBaseUrl?: string;
}

export interface RecordedResponse {
	statusCode: number;
	body: unknown;
	ended: boolean;
}

export interface Delivery {
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer | undefined;
}

const polarTrigger = new PolarTrigger();

const nodeTypes = onlyNodeType(polarTrigger);

/** The n8n side of one Polar Trigger node in one workflow, with its static data kept across calls. */
export class N8nTrigger {
	readonly workflow: Workflow;
	readonly node: INode;
	private credentials: ICredentialDataDecryptedObject;
	private readonly n8nBaseUrl: string;
	readonly logs: Array<{ level: string; message: string }> = [];
	/** How many times n8n decrypted the credential for the node (every `getCredentials`, inside n8n's helpers too). */
	credentialReads = 0;

	constructor(setup: TriggerSetup) {
		this.credentials = setup.credentials;
		this.n8nBaseUrl = setup.n8nBaseUrl ?? N8N_BASE_URL;
		this.node = {
			id: 'node-1',
			name: NODE_NAME,
			type: 'n8n-nodes-polar-billing.polarTrigger',
			typeVersion: 1.1,
			position: [0, 0],
			webhookId: setup.triggerPathId ?? '5f0c8a2e-0d5b-4c1e-9a53-2f9b8f0f6c11',
			credentials: { polarBillingApi: { id: 'cred-1', name: 'Polar account' } },
			parameters: { events: ['order.paid'], options: {}, ...setup.parameters },
		};
		this.workflow = new Workflow({
			id: setup.workflowId ?? 'wf-1',
			name: setup.workflowName ?? 'Paid orders to CRM',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: {},
			settings: {},
		});
	}

	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	setParameters(parameters: INodeParameters): void {
		this.node.parameters = { ...this.node.parameters, ...parameters };
	}

	setCredentials(credentials: ICredentialDataDecryptedObject): void {
		this.credentials = credentials;
	}

	webhookUrl(isTest = false): string {
		return `${this.n8nBaseUrl}/${isTest ? 'webhook-test' : 'webhook'}/${this.node.webhookId}/webhook`;
	}

	/** Runs `fn` in the HookContext n8n builds for a lifecycle method (`WebhookService.runWebhookMethod`). */
	async withHookContext<T>(
		fn: (context: IHookFunctions) => Promise<T>,
		options: { isTest?: boolean; activation?: WorkflowActivateMode } = {},
	): Promise<T> {
		const additionalData = this.additionalData();
		const webhookData = this.webhookData(additionalData, options.isTest ?? false);
		const context = new HookContext(
			this.workflow,
			this.node,
			additionalData,
			options.isTest ? 'manual' : 'trigger',
			options.activation ?? 'activate',
			webhookData,
		);
		Object.defineProperty(context, 'logger', { value: this.logger() });
		return await fn(context);
	}

	/** Runs a lifecycle method of the trigger. */
	async hook(
		method: 'checkExists' | 'create' | 'delete',
		options: { isTest?: boolean; activation?: WorkflowActivateMode } = {},
	): Promise<boolean> {
		return await this.withHookContext(
			async (context) =>
				(await polarTrigger.webhookMethods.default[method].call(context)) as boolean,
			options,
		);
	}

	/** n8n's publish: `checkExists()`, then `create()` when it says false. */
	async publish(options: { isTest?: boolean } = {}): Promise<void> {
		if (!(await this.hook('checkExists', options))) await this.hook('create', options);
	}

	/** Delivers one HTTP request to `webhook()` and records what the node answered. */
	async deliver(
		delivery: Delivery,
	): Promise<{ result: IWebhookResponseData; response: RecordedResponse }> {
		const response: RecordedResponse = { statusCode: 200, body: undefined, ended: false };
		const res = {
			status(code: number) {
				response.statusCode = code;
				return res;
			},
			json(body: unknown) {
				response.body = body;
				return res;
			},
			send(body: unknown) {
				response.body = body;
				return res;
			},
			end() {
				response.ended = true;
				return res;
			},
		};
		const req = {
			headers: delivery.headers,
			rawBody: delivery.rawBody,
			body: safeJson(delivery.rawBody),
			params: {},
			query: {},
		};
		const additionalData = {
			...this.additionalData(),
			httpRequest: req,
			httpResponse: res,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			'webhook',
			this.webhookData(additionalData, false),
			[],
			null,
		);
		const result = await polarTrigger.webhook.call(context);
		return { result, response };
	}

	private logger() {
		return recordingLogger(this.logs);
	}

	private webhookData(
		additionalData: IWorkflowExecuteAdditionalData,
		isTest: boolean,
	): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: polarTrigger.description.webhooks![0],
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest,
		};
	}

	private additionalData(): IWorkflowExecuteAdditionalData {
		return n8nAdditionalData(
			() => this.credentials,
			() => this.credentialReads++,
			this.n8nBaseUrl,
		);
	}
}

function safeJson(rawBody: Buffer | undefined): unknown {
	try {
		return rawBody ? JSON.parse(rawBody.toString('utf8')) : {};
	} catch {
		return {};
	}
}
