import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { filterValues, getManyProperties, getManyRecords } from '../../helpers/getMany';
import { POLAR_ID_PLACEHOLDER, showFor } from '../../helpers/properties';
import { BENEFIT_GRANT } from '../../helpers/shapes';
import type { PolarQuery } from '../../../shared/transport';

export const description = showFor(
	'benefitGrant',
	'getMany',
	getManyProperties({
		shape: BENEFIT_GRANT,
		plural: 'benefit grants',
		filters: [
			{
				displayName: 'Customer External ID',
				name: 'external_customer_id',
				type: 'string',
				default: '',
				placeholder: 'e.g. user_42',
				description: 'Only the grants of the customer with this external ID (your own user ID)',
			},
			{
				displayName: 'Customer ID',
				name: 'customer_id',
				type: 'string',
				default: '',
				placeholder: POLAR_ID_PLACEHOLDER,
				description: 'Only the grants of the customer with this Polar ID',
			},
			{
				displayName: 'Granted',
				name: 'is_granted',
				type: 'boolean',
				default: true,
				description: 'Whether to return only benefits granted now (on) or only revoked ones (off)',
			},
		],
		sortFields: [
			['created_at', 'Created At'],
			['granted_at', 'Granted At'],
			['revoked_at', 'Revoked At'],
		],
	}),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject[]> {
	return await getManyRecords(
		this,
		itemIndex,
		run,
		'benefitGrant.getMany',
		BENEFIT_GRANT,
		filterValues(this, itemIndex) as PolarQuery,
		{
			external_customer_id: 'Customer External ID',
			customer_id: 'Customer ID',
			is_granted: 'Granted',
		},
	);
}
