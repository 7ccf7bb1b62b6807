/**
 * What n8n's CLI gives a node's contexts, for the harnesses that run the nodes through n8n-core without an
 * n8n server (n8nTrigger.ts, n8nAction.ts, and the credential test's in test/helpers): the URLs and the
 * credential store, a registry that knows one node type, and a logger that keeps what the node logged.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { PolarBillingApi } from '../credentials/PolarBillingApi.credentials';

export const N8N_BASE_URL = 'https://n8n.example.com';

const polarCredential = new PolarBillingApi();

/** n8n's node type registry, holding just `nodeType`. */
export function onlyNodeType(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
}

export interface LogLine {
	level: string;
	message: string;
}

/** A logger for a context's `logger`, appending every line to `lines`. */
export function recordingLogger(lines: LogLine[]) {
	const record = (level: string) => (message: string) => lines.push({ level, message });
	return {
		debug: record('debug'),
		info: record('info'),
		warn: record('warn'),
		error: record('error'),
	};
}

/**
 * What n8n's CLI hands a node's contexts: its URLs, and a credential store that decrypts `credentials()` and
 * applies the credential's generic Bearer authentication the way n8n's CredentialsHelper does.
 */
export function n8nAdditionalData(
	credentials: () => ICredentialDataDecryptedObject,
	onRead: () => void = () => undefined,
	n8nBaseUrl: string = N8N_BASE_URL,
): IWorkflowExecuteAdditionalData {
	return {
		webhookBaseUrl: `${n8nBaseUrl}/webhook`,
		webhookTestBaseUrl: `${n8nBaseUrl}/webhook-test`,
		webhookWaitingBaseUrl: `${n8nBaseUrl}/webhook-waiting`,
		formWaitingBaseUrl: `${n8nBaseUrl}/form-waiting`,
		instanceBaseUrl: `${n8nBaseUrl}/`,
		restApiUrl: `${n8nBaseUrl}/rest`,
		variables: {},
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'user-1',
		credentialsHelper: {
			getParentTypes: () => [],
			isCredentialUsableByNode: async () => true,
			preAuthentication: async () => undefined,
			getDecrypted: async () => {
				onRead();
				return { ...credentials() };
			},
			authenticate: async (
				decrypted: ICredentialDataDecryptedObject,
				_type: string,
				request: IHttpRequestOptions,
			) => applyGenericAuthentication(decrypted, request),
			getCredentials: async () => ({}),
			updateCredentials: async () => undefined,
			getCredentialsProperties: () => polarCredential.properties,
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** What n8n's CredentialsHelper does with PolarBillingApi's `authenticate` block (a header with a template). */
function applyGenericAuthentication(
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
): IHttpRequestOptions {
	const headers = polarCredential.authenticate.properties.headers ?? {};
	const resolved: IDataObject = {};
	for (const [name, template] of Object.entries(headers)) {
		resolved[name] = String(template)
			.replace(/^=/, '')
			.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) =>
				String(credentials[key] ?? ''),
			);
	}
	return { ...request, headers: { ...request.headers, ...resolved } };
}
