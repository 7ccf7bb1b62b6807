import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { filterValues, getManyProperties, getManyRecords } from '../../helpers/getMany';
import { POLAR_ID_PLACEHOLDER, showFor } from '../../helpers/properties';
import { CUSTOMER_METER } from '../../helpers/shapes';
import type { PolarQuery } from '../../../shared/transport';

export const description = showFor(
	'customerMeter',
	'getMany',
	getManyProperties({
		shape: CUSTOMER_METER,
		plural: 'customer meters',
		filters: [
			{
				displayName: 'Customer External ID',
				name: 'external_customer_id',
				type: 'string',
				default: '',
				placeholder: 'e.g. user_42',
				description: 'Only the meters of the customer with this external ID (your own user ID)',
			},
			{
				displayName: 'Customer ID',
				name: 'customer_id',
				type: 'string',
				default: '',
				placeholder: POLAR_ID_PLACEHOLDER,
				description: 'Only the meters of the customer with this Polar ID',
			},
			{
				displayName: 'Meter ID',
				name: 'meter_id',
				type: 'string',
				default: '',
				placeholder: POLAR_ID_PLACEHOLDER,
				description: 'Only this meter',
			},
		],
		sortFields: [
			['created_at', 'Created At'],
			['balance', 'Balance'],
			['consumed_units', 'Consumed Units'],
			['credited_units', 'Credited Units'],
			['customer_name', 'Customer Name'],
			['meter_name', 'Meter Name'],
			['modified_at', 'Modified At'],
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
		'customerMeter.getMany',
		CUSTOMER_METER,
		filterValues(this, itemIndex) as PolarQuery,
		{
			external_customer_id: 'Customer External ID',
			customer_id: 'Customer ID',
			meter_id: 'Meter ID',
		},
	);
}
