/** The Polar credential, trigger workflow and action node the tool and the tests import. */
import type { CredentialInput, WorkflowInput, WorkflowNode } from './api';

export const POLAR_TRIGGER_TYPE = 'n8n-nodes-polar-billing.polarTrigger';
/** The Polar action node. */
export const POLAR_NODE_TYPE = 'n8n-nodes-polar-billing.polar';
/** The AI Agent tool n8n derives from the action node (its `usableAsTool`), listed as a node type of its own. */
export const POLAR_TOOL_TYPE = 'n8n-nodes-polar-billing.polarTool';
export const POLAR_TRIGGER_NAME = 'Polar Trigger';
/** The trigger's webhook path (its description: `webhooks[0].path`). */
export const POLAR_WEBHOOK_PATH = 'webhook';

/** A Polar API credential of the Custom environment, pointing at `baseUrl` (e.g. the stand-in). */
export function polarCredential(
	baseUrl: string,
	accessToken: string,
	name = 'Polar (local stand-in)',
): CredentialInput {
	return {
		name,
		type: 'polarBillingApi',
		data: { accessToken, environment: 'custom', baseUrl, organizationId: '' },
	};
}

export interface TriggerWorkflowOptions {
	name: string;
	/** The trigger's fixed webhookId, so that its URLs are known in advance. */
	webhookId: string;
	events: string[];
	credential: { id: string; name: string };
	output?: 'event' | 'data';
	/** The trigger's typeVersion; default the node's default version (1.1). */
	typeVersion?: number;
}

/** A workflow holding only the Polar Trigger. */
export function polarTriggerWorkflow(options: TriggerWorkflowOptions): WorkflowInput {
	return {
		name: options.name,
		nodes: [
			{
				id: '6f0d3f5e-7a59-4c38-8a6a-0c5b2a1e9d01',
				name: POLAR_TRIGGER_NAME,
				type: POLAR_TRIGGER_TYPE,
				typeVersion: options.typeVersion ?? 1.1,
				position: [0, 0],
				webhookId: options.webhookId,
				parameters: {
					events: options.events,
					options: options.output ? { output: options.output } : {},
				},
				credentials: {
					polarBillingApi: { id: options.credential.id, name: options.credential.name },
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** The same workflow with another output mode. */
export function withOutput(workflow: WorkflowInput, output: 'event' | 'data'): WorkflowInput {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === POLAR_TRIGGER_TYPE
				? { ...node, parameters: { ...node.parameters, options: { output } } }
				: node,
		),
	};
}

/** The same workflow with another event selection. */
export function withEvents(workflow: WorkflowInput, events: string[]): WorkflowInput {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === POLAR_TRIGGER_TYPE
				? { ...node, parameters: { ...node.parameters, events } }
				: node,
		),
	};
}

/** The same workflow with the trigger using another Polar credential. */
export function withCredential(
	workflow: WorkflowInput,
	credential: { id: string; name: string },
): WorkflowInput {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === POLAR_TRIGGER_TYPE
				? {
						...node,
						credentials: { polarBillingApi: { id: credential.id, name: credential.name } },
					}
				: node,
		),
	};
}

export interface PolarNodeOptions {
	name: string;
	/** The node's parameters as n8n stores them: resource, operation and the operation's own. */
	parameters: Record<string, unknown>;
	credential: { id: string; name: string };
	position?: [number, number];
	onError?: WorkflowNode['onError'];
}

/** A Polar action node (typeVersion 1) with a Polar credential. */
export function polarNode(options: PolarNodeOptions): WorkflowNode {
	return {
		name: options.name,
		type: POLAR_NODE_TYPE,
		typeVersion: 1,
		position: options.position ?? [0, 0],
		parameters: options.parameters,
		credentials: {
			polarBillingApi: { id: options.credential.id, name: options.credential.name },
		},
		...(options.onError ? { onError: options.onError } : {}),
	};
}

/** A resource locator value (`customer`, `subscription`, `order`...) as n8n stores one; `value` may be an expression. */
export function resourceLocator(
	mode: string,
	value: string,
): { __rl: true; mode: string; value: string } {
	return { __rl: true, mode, value };
}
