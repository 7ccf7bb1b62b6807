/**
 * What the Polar node's pictures need beyond the demo of `npm run demo`: a customer with an external ID, an
 * active subscription, benefit grants and meter usage in the stand-in (fixed dates: the stand-in's clock is
 * pinned by run.ts, IDs come from its seeded generator), a credential with the action token, and two
 * workflows: Manual Trigger -> Polar (Customer -> Get State), and Chat Trigger -> AI Agent with an OpenAI
 * chat model and the Polar tool. Nothing here is published or run: the pictures run the first one in the
 * editor.
 */
import {
	type CredentialRecord,
	type WorkflowInput,
	importCredential,
	importWorkflow,
} from '../n8n-local/api';
import {
	POLAR_TOOL_TYPE,
	polarCredential,
	polarNode,
	resourceLocator,
} from '../n8n-local/fixtures';
import type { N8nServer } from '../n8n-local/server';
import { REFERENCE_TIMESTAMP } from '../polar-stand-in/payloads';
import { ACTION_TOKEN, type PolarStandIn } from '../polar-stand-in/server';

/** The stand-in's clock in the pictures: every date it derives (periods, grants) is then the same. */
export const PICTURES_CLOCK = (): Date => new Date(REFERENCE_TIMESTAMP.getTime());

/** The customer of polar-get-state-output.png. */
export const DOCS_CUSTOMER = {
	externalId: 'user_42',
	email: 'jane.doe@example.com',
	name: 'Jane Doe',
} as const;

export const GET_STATE_WORKFLOW_NAME = 'Polar: customer state';
export const AGENT_WORKFLOW_NAME = 'Polar: billing assistant';
export const GET_STATE_NODE_NAME = 'Get customer state';
export const TOOL_NODE_NAME = 'Get customer state';

export interface NodeDemo {
	actionCredential: CredentialRecord;
	getStateWorkflowId: string;
	agentWorkflowId: string;
	/** Text the Get State output shows once it ran: the customer's ID, its subscription and grants. */
	stateMarkers: string[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function at(offsetMs: number): string {
	return new Date(REFERENCE_TIMESTAMP.getTime() + offsetMs).toISOString();
}

/** Adds the pictures' customer (through `polar.actions`) and imports the credential and workflows. */
export async function setUpNodeDemo(server: N8nServer, polar: PolarStandIn): Promise<NodeDemo> {
	const { actions } = polar;
	const { catalog } = actions;
	const customer = actions.customers.add({
		external_id: DOCS_CUSTOMER.externalId,
		email: DOCS_CUSTOMER.email,
		email_verified: true,
		name: DOCS_CUSTOMER.name,
		metadata: { plan: 'pro' },
		created_at: at(-40 * DAY),
	});
	const customerId = String(customer.id);
	const subscription = actions.subscriptions.add({
		customer_id: customerId,
		product_id: catalog.products.pro,
		created_at: at(-35 * DAY),
	});
	const grants = [catalog.benefits.licenseKeys, catalog.benefits.support].map((benefitId) =>
		actions.benefitGrants.add({
			customer_id: customerId,
			benefit_id: benefitId,
			subscription_id: String(subscription.id),
			created_at: at(-35 * DAY + 60_000),
		}),
	);
	actions.customerMeters.add({
		customer_id: customerId,
		meter_id: catalog.meter,
		consumed_units: 42,
		created_at: at(-35 * DAY + 120_000),
	});
	const state = actions.customers.state(customerId);
	if (
		!state ||
		(state.active_subscriptions as unknown[]).length !== 1 ||
		(state.granted_benefits as unknown[]).length !== 2
	)
		throw new Error(`the stand-in's state of ${customerId} is not what the picture needs`);

	const actionCredential = await importCredential(
		server.client,
		polarCredential(polar.url, ACTION_TOKEN, 'Polar (stand-in, actions)'),
	);
	const openAi = await importCredential(server.client, {
		name: 'OpenAI (placeholder)',
		type: 'openAiApi',
		data: { apiKey: 'sk-placeholder-not-a-key', url: 'https://api.openai.com/v1' },
	});
	const getState = await importWorkflow(server.client, getStateWorkflow(actionCredential));
	const agent = await importWorkflow(server.client, agentWorkflow(actionCredential, openAi));
	return {
		actionCredential,
		getStateWorkflowId: getState.id,
		agentWorkflowId: agent.id,
		stateMarkers: [customerId, String(subscription.id), ...grants.map((grant) => String(grant.id))],
	};
}

type Credential = { id: string; name: string };

function getStateWorkflow(credential: Credential): WorkflowInput {
	return {
		name: GET_STATE_WORKFLOW_NAME,
		nodes: [
			{
				id: '0b9e6c1a-3f2d-4e8b-a7c5-1d4f6a8b2c01',
				name: "When clicking 'Execute workflow'",
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '0b9e6c1a-3f2d-4e8b-a7c5-1d4f6a8b2c02',
				...polarNode({
					name: GET_STATE_NODE_NAME,
					position: [220, 0],
					parameters: {
						resource: 'customer',
						operation: 'getState',
						customer: resourceLocator('externalId', DOCS_CUSTOMER.externalId),
						output: 'simplified',
					},
					credential,
				}),
			},
		],
		connections: {
			"When clicking 'Execute workflow'": {
				main: [[{ node: GET_STATE_NODE_NAME, type: 'main', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

function agentWorkflow(credential: Credential, openAi: Credential): WorkflowInput {
	return {
		name: AGENT_WORKFLOW_NAME,
		nodes: [
			{
				id: '7c2a9e41-5b3d-4f6a-8e1c-2d9b0f4a6c01',
				name: 'When chat message received',
				type: '@n8n/n8n-nodes-langchain.chatTrigger',
				typeVersion: 1.4,
				position: [0, 0],
				webhookId: '7c2a9e41-5b3d-4f6a-8e1c-2d9b0f4a6cff',
				parameters: { options: {} },
			},
			{
				id: '7c2a9e41-5b3d-4f6a-8e1c-2d9b0f4a6c02',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [260, 0],
				parameters: {
					options: {
						systemMessage:
							"You answer questions about a user's plan. Look the customer up by their user ID with the Get customer state tool.",
					},
				},
			},
			{
				id: '7c2a9e41-5b3d-4f6a-8e1c-2d9b0f4a6c03',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.3,
				position: [180, 220],
				parameters: {
					model: {
						__rl: true,
						mode: 'list',
						value: 'gpt-4.1-mini',
						cachedResultName: 'gpt-4.1-mini',
					},
					options: {},
				},
				credentials: { openAiApi: { id: openAi.id, name: openAi.name } },
			},
			{
				id: '7c2a9e41-5b3d-4f6a-8e1c-2d9b0f4a6c04',
				...polarNode({
					name: TOOL_NODE_NAME,
					position: [400, 220],
					parameters: {
						descriptionType: 'manual',
						toolDescription:
							'Get what a customer may use now (active subscriptions, granted benefits, meter balances) by their user ID in our app',
						resource: 'customer',
						operation: 'getState',
						// As n8n writes "Let the model define this parameter" (shown as "Defined automatically by the model").
						customer: resourceLocator(
							'externalId',
							"={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('Customer', `The customer's user ID in our app, e.g. user_42`, 'string') }}",
						),
						output: 'simplified',
					},
					credential,
				}),
				type: POLAR_TOOL_TYPE,
			},
		],
		connections: {
			'When chat message received': {
				main: [[{ node: 'AI Agent', type: 'main', index: 0 }]],
			},
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			[TOOL_NODE_NAME]: {
				ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}
