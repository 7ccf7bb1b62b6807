import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { POLAR_ID_PLACEHOLDER, showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import {
	KEY_PROPERTY,
	LICENSE_KEY_FIELD_LABELS,
	ORGANIZATION_ID_OPTION,
	keyOfOrganization,
} from './fields';

export const description = showFor('licenseKey', 'deactivate', [
	KEY_PROPERTY,
	{
		displayName: 'Activation ID',
		name: 'activationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: POLAR_ID_PLACEHOLDER,
		description: 'The activation to remove, as Activate returned it (activation_id)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [ORGANIZATION_ID_OPTION],
	},
]);

/** Frees one activation of the key, e.g. when the customer moves to a new device. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const activationId = String(this.getNodeParameter('activationId', itemIndex)).trim();
	await requestPolar(
		this,
		run,
		'licenseKey.deactivate',
		{
			body: { ...(await keyOfOrganization(this, itemIndex, run)), activation_id: activationId },
		},
		{ resource: { name: 'license key activation' }, fieldLabels: LICENSE_KEY_FIELD_LABELS },
	);
	return { deactivated: true, activation_id: activationId };
}
