import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { metadataProperty, putTypedEntries } from '../../helpers/metadata';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { LICENSE_KEY_ACTIVATION } from '../../helpers/shapes';
import {
	KEY_PROPERTY,
	LICENSE_KEY_FIELD_LABELS,
	ORGANIZATION_ID_OPTION,
	keyOfOrganization,
} from './fields';

export const description = showFor('licenseKey', 'activate', [
	KEY_PROPERTY,
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		default: '',
		required: true,
		placeholder: "e.g. Jane's MacBook",
		description: 'What the activation is for (a device, an install), shown to the customer',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			metadataProperty('Your own data about the activation, e.g. the device', {
				displayName: 'Activation Data',
				name: 'meta',
			}),
			metadataProperty(
				'Conditions a later validation with this activation must repeat, e.g. a machine fingerprint',
				{ displayName: 'Conditions', name: 'conditions' },
			),
			ORGANIZATION_ID_OPTION,
		],
	},
	...outputProperties(LICENSE_KEY_ACTIVATION),
]);

/** One activation of the key (a device or install); Polar refuses one beyond the key's activation limit. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		...(await keyOfOrganization(this, itemIndex, run)),
		label: String(this.getNodeParameter('label', itemIndex)).trim(),
	};
	putTypedEntries(body, 'meta', options.meta, this.getNode(), itemIndex, 'activation data');
	putTypedEntries(body, 'conditions', options.conditions, this.getNode(), itemIndex);
	const activation = await requestPolar(
		this,
		run,
		'licenseKey.activate',
		{ body },
		{ resource: { name: 'license key' }, fieldLabels: LICENSE_KEY_FIELD_LABELS },
	);
	return shapeRecord(this, itemIndex, LICENSE_KEY_ACTIVATION, activation);
}
