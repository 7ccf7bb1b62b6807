import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callError, callPolar } from './api';
import type { PolarConnection, PolarContext } from './transport';

/**
 * Polar's `organization_id` rules, in one place (Polar's organization resolver):
 * - an Organization Access Token belongs to one organization, and a body or query that names one is refused
 *   (422 "Setting organization_id is disallowed when using an organization token"): never sent;
 * - a personal access token may reach several, and must say which: the credential's Organization ID;
 * - a token of unknown kind (a self-hosted Polar's own prefix) sends the credential's, if any, and lets Polar judge.
 */
export function organizationIdToSend(
	context: Pick<PolarContext, 'getNode'>,
	connection: PolarConnection,
): string | undefined {
	if (connection.tokenKind === 'organization') return undefined;
	if (connection.tokenKind === 'personal' && !connection.organizationId) {
		throw new NodeOperationError(
			context.getNode(),
			'Polar needs an organization ID for this token',
			{
				description:
					'Personal access tokens (polar_pat_…) must say which organization a request is for: fill in Organization ID in the Polar API credential, or better, use an Organization Access Token (polar_oat_…), which belongs to one organization.',
			},
		);
	}
	return connection.organizationId;
}

/**
 * The organization for license-key validate, activate and deactivate, which need `organization_id` with
 * every token (Polar checks it is one the token may reach): the operation's field, else the credential's,
 * else the token's own organization from `GET /v1/organizations/` (an organization token sees just its own).
 */
export async function licenseKeyOrganizationId(
	context: PolarContext,
	connection: PolarConnection,
	fromOperation: string | undefined,
): Promise<string> {
	const chosen = fromOperation?.trim() || connection.organizationId;
	if (chosen) return chosen;
	const retry =
		'fill in Organization ID in the operation or the credential, or give the token organizations:read';
	const response = await callPolar(context, connection, 'organization.getMany', {
		query: { limit: 2 },
	});
	if (response.statusCode !== 200) {
		throw callError(context.getNode(), 'organization.getMany', response, {
			retry,
			scopes: 'organizations:read (or fill in Organization ID in the operation or the credential)',
		});
	}
	const items = (response.body as { items?: IDataObject[] } | undefined)?.items ?? [];
	const id = items.length === 1 ? items[0].id : undefined;
	if (typeof id === 'string' && id) return id;
	throw new NodeOperationError(
		context.getNode(),
		items.length === 0
			? 'The token sees no Polar organization'
			: 'The token reaches several Polar organizations',
		{
			description:
				'License keys are checked within one organization: fill in Organization ID in the operation or in the Polar API credential (Polar shows it under Settings > General).',
		},
	);
}
