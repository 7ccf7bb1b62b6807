/** Tokens for the action routes: one scope bundle for the action node's must set and the trigger. */
import type { TokenInfo } from '../types';

/**
 * The must set's scopes (one per operation is enough), `organizations:read` for the organization-ID
 * lookup, and the trigger's webhook scopes: what one credential for both nodes asks for.
 */
export const MUST_SET_SCOPES: readonly string[] = [
	'customers:write',
	'subscriptions:write',
	'orders:read',
	'refunds:write',
	'checkouts:write',
	'checkout_links:write',
	'products:read',
	'benefits:read',
	'license_keys:write',
	'customer_sessions:write',
	'events:write',
	'customer_meters:read',
	'organizations:read',
	'webhooks:read',
	'webhooks:write',
];

/** An organization token of DEFAULT_ORGANIZATION_ID with MUST_SET_SCOPES, registered by default. */
export const ACTION_TOKEN = 'polar_oat_standin_actions';

/** A token with the must set's scopes (organization token unless `kind` says otherwise). */
export function actionTokenInfo(
	organizationId: string,
	kind: TokenInfo['kind'] = 'organization',
	scopes: readonly string[] = MUST_SET_SCOPES,
): TokenInfo {
	return { kind, organizationId, scopes: [...scopes] };
}
