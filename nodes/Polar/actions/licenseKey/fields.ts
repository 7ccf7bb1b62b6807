import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { licenseKeyOrganizationId } from '../../../shared/organization';
import { remember } from '../../helpers/run';

export const KEY_PROPERTY: INodeProperties = {
	displayName: 'License Key',
	name: 'key',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. POLAR-1A2B3C4D-…',
	description: 'The license key as the customer entered it in your app',
};

export const ORGANIZATION_ID_OPTION: INodeProperties = {
	displayName: 'Organization ID',
	name: 'organizationId',
	type: 'string',
	default: '',
	description:
		"The Polar organization the key belongs to. Leave empty to use the credential's, or else the token's own organization (looked up once per run; the token then needs organizations:read).",
};

export const LICENSE_KEY_FIELD_LABELS = {
	key: 'License Key',
	organization_id: 'Organization ID',
	activation_id: 'Activation ID',
	benefit_id: 'Benefit ID',
	customer_id: 'Customer ID',
	increment_usage: 'Increment Usage',
	conditions: 'Conditions',
	label: 'Label',
	meta: 'Activation Data',
} as const;

/**
 * The `organization_id` license-key calls need with every token: the item's field, else the credential's,
 * else the token's organization, worked out once per execution and value (not once per item).
 */
async function organizationFor(
	context: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<string> {
	const field = String(context.getNodeParameter('options.organizationId', itemIndex, '')).trim();
	return await remember(
		run,
		`licenseKeyOrganization:${field}`,
		async () => await licenseKeyOrganizationId(context, run.connection, field || undefined),
	);
}

/**
 * What every license-key call sends: the item's key, trimmed (a key pasted with a space or newline should
 * still validate), and the organization.
 */
export async function keyOfOrganization(
	context: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	return {
		key: String(context.getNodeParameter('key', itemIndex)).trim(),
		organization_id: await organizationFor(context, itemIndex, run),
	};
}

export function withoutEmpty(values: IDataObject): IDataObject {
	const kept: IDataObject = {};
	for (const [name, value] of Object.entries(values)) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'string' && value.trim() === '') continue;
		kept[name] = typeof value === 'string' ? value.trim() : value;
	}
	return kept;
}
