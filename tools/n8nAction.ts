/**
 * Runs the Polar action node through n8n's own contexts (from n8n-core): `execute` in the ExecuteContext
 * n8n's WorkflowExecute builds for a node (input items from a previous node, the node's parameters and its
 * "On Error" setting), "Continue (using error output)" routed by WorkflowExecute's own code, and the list
 * searches and option loaders in n8n's LoadOptionsContext. Only what n8n's CLI would inject is faked: the
 * credential store (tools/n8nTrigger.ts's, which applies the credential's Bearer authentication the way
 * n8n's CredentialsHelper does).
 */
import { ExecuteContext, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';

import { Polar } from '../nodes/Polar/Polar.node';
import { n8nAdditionalData, onlyNodeType, recordingLogger } from './n8nContext';

export const ACTION_NODE_NAME = 'Polar';
/** The node before the Polar node, whose output items are the Polar node's input. */
export const INPUT_NODE_NAME = 'Input';

/** n8n's node setting "On Error". */
export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface ActionSetup {
	credentials: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	onError?: OnError;
	mode?: WorkflowExecuteMode;
}

const polar = new Polar();

const nodeTypes = onlyNodeType(polar);

/** One Polar node in a workflow after an input node, as n8n runs it. */
export class N8nAction {
	readonly workflow: Workflow;
	readonly node: INode;
	private readonly inputNode: INode;
	private credentials: ICredentialDataDecryptedObject;
	readonly logs: Array<{ level: string; message: string }> = [];
	/** How many times n8n decrypted the credential for the node (every `getCredentials`, inside n8n's helpers too). */
	credentialReads = 0;
	private readonly mode: WorkflowExecuteMode;

	constructor(setup: ActionSetup) {
		this.credentials = setup.credentials;
		this.mode = setup.mode ?? 'manual';
		this.inputNode = {
			id: 'node-0',
			name: INPUT_NODE_NAME,
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		this.node = {
			id: 'node-1',
			name: ACTION_NODE_NAME,
			type: 'n8n-nodes-polar-billing.polar',
			typeVersion: 1,
			position: [200, 0],
			credentials: { polarBillingApi: { id: 'cred-1', name: 'Polar account' } },
			parameters: setup.parameters,
			...(setup.onError ? { onError: setup.onError } : {}),
		};
		this.workflow = new Workflow({
			id: 'wf-1',
			name: 'Polar actions',
			nodes: [this.inputNode, this.node],
			connections: {
				[INPUT_NODE_NAME]: {
					main: [[{ node: ACTION_NODE_NAME, type: 'main', index: 0 }]],
				},
			},
			active: false,
			nodeTypes,
			staticData: {},
			settings: {},
		});
	}

	setParameters(parameters: INodeParameters): void {
		this.node.parameters = parameters;
	}

	setCredentials(credentials: ICredentialDataDecryptedObject): void {
		this.credentials = credentials;
	}

	/**
	 * Runs the node on `items` (the input node's output) and returns its outputs as n8n hands them on: the
	 * main output, and with "Continue (using error output)" the error output as the second. A node error
	 * (On Error "Stop Workflow") is thrown as the node threw it.
	 */
	async execute(
		items: Array<IDataObject | INodeExecutionData> = [{}],
	): Promise<INodeExecutionData[][]> {
		const input: INodeExecutionData[] = items.map((item, index) =>
			'json' in item && typeof item.json === 'object'
				? (item as INodeExecutionData)
				: { json: item as IDataObject, pairedItem: { item: index } },
		);
		const additionalData = this.additionalData();
		const runExecutionData = this.runExecutionData(input);
		const executeData: IExecuteData = {
			node: this.node,
			data: { main: [input] },
			source: { main: [{ previousNode: INPUT_NODE_NAME }] },
		};
		const context = new ExecuteContext(
			this.workflow,
			this.node,
			additionalData,
			this.mode,
			runExecutionData,
			0,
			input,
			executeData.data,
			executeData,
			[],
		);
		Object.defineProperty(context, 'logger', { value: this.logger() });
		const outputs = await polar.execute.call(context);
		if (this.node.onError === 'continueErrorOutput') {
			new WorkflowExecute(additionalData, this.mode, runExecutionData).handleNodeErrorOutput(
				this.workflow,
				executeData,
				outputs,
				0,
			);
		}
		return outputs;
	}

	/** One call of a "From List" search, as n8n's editor makes it (filter text, then the next page's token). */
	async listSearch(
		method: keyof Polar['methods']['listSearch'],
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const context = this.loadOptionsContext();
		return await polar.methods.listSearch[method].call(context, filter, paginationToken);
	}

	/** The options of a dynamic option list, as n8n's editor loads them. */
	async loadOptions(
		method: keyof Polar['methods']['loadOptions'],
	): Promise<INodePropertyOptions[]> {
		return await polar.methods.loadOptions[method].call(this.loadOptionsContext());
	}

	private loadOptionsContext(): LoadOptionsContext {
		const additionalData = {
			...this.additionalData(),
			currentNodeParameters: this.node.parameters,
		} as IWorkflowExecuteAdditionalData;
		const context = new LoadOptionsContext(this.workflow, this.node, additionalData, 'parameters');
		Object.defineProperty(context, 'logger', { value: this.logger() });
		return context;
	}

	/** The run so far: the input node has run once and output `input` (n8n's paired-item lookups read it). */
	private runExecutionData(input: INodeExecutionData[]): IRunExecutionData {
		return createRunExecutionData({
			resultData: {
				runData: {
					[INPUT_NODE_NAME]: [
						{
							startTime: 0,
							executionIndex: 0,
							executionTime: 0,
							source: [],
							data: { main: [input] },
						},
					],
				},
			},
		});
	}

	private logger() {
		return recordingLogger(this.logs);
	}

	private additionalData(): IWorkflowExecuteAdditionalData {
		return n8nAdditionalData(
			() => this.credentials,
			() => this.credentialReads++,
		);
	}
}
