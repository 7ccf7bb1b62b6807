/**
 * The Polar API credential's test as n8n's credential dialog runs it (CredentialsTester.runRequestTest in
 * n8n's CLI): the test request through n8n-core's own RoutingNode in an ExecuteContext, then the test's
 * rules over the answer. Only the credential store is faked, as in tools/n8nTrigger.ts.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow, createEmptyRunExecutionData } from 'n8n-workflow';

import { PolarBillingApi } from '../../credentials/PolarBillingApi.credentials';
import { n8nAdditionalData, onlyNodeType } from '../../tools/n8nContext';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export async function testPolarCredential(
	credentials: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const credential = new PolarBillingApi();
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credential-test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credential.name]: { id: 'cred-1', name: 'Polar account' } },
	};
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'credential-test',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: credential.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credential.test.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: onlyNodeType(nodeType),
	});
	const additionalData: IWorkflowExecuteAdditionalData = n8nAdditionalData(() => credentials);
	const inputData = { main: [[{ json: {} }]] };
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, {
		id: 'cred-1',
		name: 'Polar account',
		type: credential.name,
		data: credentials,
	});
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const { cause, message } = error as { cause?: { code?: string }; message: string };
		return { status: 'Error', message: cause?.code ?? message };
	}
	const answer = response?.[0]?.[0]?.json;
	for (const rule of credential.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		if (valueAt(answer, rule.properties.key) === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash's `get` as n8n's tester uses it: a dotted path, through strings' properties too. */
function valueAt(value: unknown, path: string): unknown {
	let current: unknown = value;
	for (const key of path.split('.')) {
		if (current === null || current === undefined) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
