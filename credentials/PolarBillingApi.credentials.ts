import type {
	IAuthenticateGeneric,
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
				'An Organization Access Token (polar_oat_…) with the scopes webhooks:read and webhooks:write, created in Polar under Settings > Developers',
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
				'Only for personal access tokens (polar_pat_…): the organization the webhook belongs to. Leave empty with an Organization Access Token.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	/**
	 * The same base URL as `polarBaseUrl` in nodes/PolarTrigger/transport.ts, the one place the node maps the
	 * Environment to an address, written as the n8n expression a declarative test needs, from the same
	 * constants (a unit test holds the two equal). Not a programmatic test (`methods.credentialTest` on the
	 * node, through that transport): n8n gives such a test only the deprecated `helpers.request`, which n8n's
	 * lint rule no-deprecated-workflow-functions refuses, and its scanner ignores disable comments.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "sandbox" ? "${POLAR_BASE_URLS.sandbox}" : $credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(${String(CUSTOM_BASE_URL_TAIL)}, "") : "${POLAR_BASE_URLS.production}" }}`,
			url: '/v1/webhooks/endpoints',
			qs: { limit: 1 },
		},
	};
}
