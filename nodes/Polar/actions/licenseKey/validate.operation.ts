import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { callPolar } from '../../../shared/api';
import { polarErrorClass } from '../../../shared/errors';
import { metadataProperty, putTypedEntries } from '../../helpers/metadata';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { POLAR_ID_PLACEHOLDER, showFor } from '../../helpers/properties';
import { refusal } from '../../helpers/request';
import { VALIDATED_LICENSE_KEY } from '../../helpers/shapes';
import {
	KEY_PROPERTY,
	LICENSE_KEY_FIELD_LABELS,
	ORGANIZATION_ID_OPTION,
	keyOfOrganization,
	withoutEmpty,
} from './fields';

export const description = showFor('licenseKey', 'validate', [
	KEY_PROPERTY,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Activation ID',
				name: 'activation_id',
				type: 'string',
				default: '',
				placeholder: POLAR_ID_PLACEHOLDER,
				description:
					'Valid only if the key has this activation (the device or install it was activated on)',
			},
			{
				displayName: 'Benefit ID',
				name: 'benefit_id',
				type: 'string',
				default: '',
				placeholder: POLAR_ID_PLACEHOLDER,
				description: 'Valid only if the key was granted by this benefit',
			},
			metadataProperty('Valid only if the activation was made with these same conditions', {
				displayName: 'Conditions',
				name: 'conditions',
			}),
			{
				displayName: 'Customer ID',
				name: 'customer_id',
				type: 'string',
				default: '',
				placeholder: POLAR_ID_PLACEHOLDER,
				description: 'Valid only if the key belongs to this customer',
			},
			{
				displayName: 'Increment Usage',
				name: 'increment_usage',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, numberPrecision: 0 },
				description:
					'Count this many uses of the key; invalid (reason given) when it would exceed its usage limit',
			},
			ORGANIZATION_ID_OPTION,
		],
	},
	...outputProperties(VALIDATED_LICENSE_KEY),
]);

/**
 * `{ valid: true, … }` with the key, or `{ valid: false, reason }` when Polar says the key is not valid
 * (404 with its reason: unknown, expired, no longer active, conditions not matching; 400: usage limit): an
 * invalid key is an answer for the app, not a failed workflow. Anything else (a wrong token, a missing
 * scope, Polar down) is still an error.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		...(await keyOfOrganization(this, itemIndex, run)),
		...withoutEmpty({
			activation_id: options.activation_id,
			benefit_id: options.benefit_id,
			customer_id: options.customer_id,
		}),
	};
	if (typeof options.increment_usage === 'number' && options.increment_usage > 0)
		body.increment_usage = options.increment_usage;
	putTypedEntries(body, 'conditions', options.conditions, this.getNode(), itemIndex);

	const response = await callPolar(this, run.connection, 'licenseKey.validate', { body });
	if (response.statusCode === 200) {
		const shaped = shapeRecord(
			this,
			itemIndex,
			VALIDATED_LICENSE_KEY,
			response.body as IDataObject,
		);
		return { valid: true, reason: null, ...shaped };
	}
	const errorClass = polarErrorClass(response.body);
	if (
		(response.statusCode === 404 && errorClass === 'ResourceNotFound') ||
		(response.statusCode === 400 && errorClass !== undefined)
	) {
		const detail = (response.body as IDataObject).detail;
		return { valid: false, reason: typeof detail === 'string' ? detail : errorClass };
	}
	throw refusal(this, 'licenseKey.validate', response, {
		resource: { name: 'license key' },
		fieldLabels: LICENSE_KEY_FIELD_LABELS,
	});
}
