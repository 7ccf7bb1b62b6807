import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { CUSTOM_BASE_URL_TAIL, POLAR_BASE_URLS } from '../nodes/shared/transport';

export class PolarBillingApi implements ICredentialType {
	name = 'polarBillingApi';

	displayName = 'Polar API';

	documentationUrl = 'https://polar.sh/docs/integrate/oat';

	icon = {
		light: 'file:../nodes/PolarTrigger/polar.svg',
		dark: 'file:../nodes/PolarTrigger/polar.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"An Organization Access Token (polar_oat_…), created in Polar under Settings > Developers, with the scopes your workflows need: webhooks:read and webhooks:write for the Polar Trigger, and those of the Polar node's operations (see the README)",
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{ name: 'Production', value: 'production', description: 'https://api.polar.sh' },
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: 'https://sandbox-api.polar.sh (tokens from sandbox.polar.sh)',
				},
				{ name: 'Custom', value: 'custom', description: 'Self-hosted Polar or a local stand-in' },
			],
			description: 'Tokens of one environment do not work in the other',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://polar.example.com',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
			description: 'The address of the Polar API (a trailing /v1 is ignored)',
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			description:
				'Only for personal access tokens (polar_pat_…): the organization the requests are for. Leave empty with an Organization Access Token, which belongs to one organization (it is not sent with one).',
		},
	];

	/** Lets the HTTP Request node use this credential for the Polar API calls the Polar node does not cover. */
	httpRequestNode = {
		name: 'Polar',
		docsUrl: 'https://polar.sh/docs/api-reference/introduction',
		apiBaseUrlPlaceholder: 'https://api.polar.sh/v1/',
	};

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	/**
	 * Passes for any valid token of the chosen environment, whatever its scopes: a token made only for the
	 * Polar node's actions has no webhook scope, and one made only for the trigger may not read the
	 * organization. `ignoreHttpStatusErrors` lets n8n hand the rules below Polar's answer, whatever its
	 * status: the list (200) or Polar's `insufficient_scope` refusal (403) both prove the token valid here.
	 * n8n's rules can only match a value and fail, so the failing answers are named one by one.
	 *
	 * The base URL is `polarBaseUrl`'s in nodes/shared/transport.ts, written as the n8n expression a
	 * declarative test needs, from the same constants (a unit test holds the two equal). Not a programmatic
	 * test (`methods.credentialTest` on a node, through that transport): n8n gives such a test only the
	 * deprecated `helpers.request`, which n8n's lint rule no-deprecated-workflow-functions refuses, and its
	 * scanner ignores disable comments.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "sandbox" ? "${POLAR_BASE_URLS.sandbox}" : $credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(${String(CUSTOM_BASE_URL_TAIL)}, "") : "${POLAR_BASE_URLS.production}" }}`,
			url: '/v1/organizations/',
			qs: { limit: 1 },
			ignoreHttpStatusErrors: true,
		},
		rules: CREDENTIAL_TEST_FAILURES,
	};
}

const REJECTED_TOKEN =
	'Polar rejected the Access Token: it is invalid, expired or revoked, or it belongs to the other Environment (a Sandbox token works only with Sandbox, a Production token only with Production)';
const NOT_POLAR =
	'No Polar API answered at this address: check the Environment and, for Custom, that the Base URL is the address of the Polar API itself (e.g. https://polar.example.com)';

/** Polar's answers to a token it does not accept, and the answers of an address where no Polar API is. */
const CREDENTIAL_TEST_FAILURES: IAuthenticateRuleResponseSuccessBody[] = [
	// 401, both of Polar's shapes: {"error":"Unauthorized"} and OAuth's {"error":"invalid_token"}.
	{
		type: 'responseSuccessBody',
		properties: { key: 'error', value: 'Unauthorized', message: REJECTED_TOKEN },
	},
	{
		type: 'responseSuccessBody',
		properties: { key: 'error', value: 'invalid_token', message: REJECTED_TOKEN },
	},
	// An unknown route ({"detail":"Not Found"}): a Base URL with a path, or a server that is not Polar.
	{
		type: 'responseSuccessBody',
		properties: { key: 'detail', value: 'Not Found', message: NOT_POLAR },
	},
	// Text instead of JSON (a web page, a proxy's error): n8n hands the rules a string, whose constructor is String.
	{
		type: 'responseSuccessBody',
		properties: { key: 'constructor.name', value: 'String', message: NOT_POLAR },
	},
];
