import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { filterValues, getManyProperties, getManyRecords } from '../../helpers/getMany';
import { showFor } from '../../helpers/properties';
import { PRODUCT } from '../../helpers/shapes';
import type { PolarQuery } from '../../../shared/transport';

export const description = showFor(
	'product',
	'getMany',
	getManyProperties({
		shape: PRODUCT,
		plural: 'products',
		filters: [
			{
				displayName: 'Archived',
				name: 'is_archived',
				type: 'boolean',
				default: false,
				description: 'Whether to return only archived products (on) or only products on sale (off)',
			},
			{
				displayName: 'Recurring',
				name: 'is_recurring',
				type: 'boolean',
				default: true,
				description:
					'Whether to return only subscription products (on) or only one-time purchases (off)',
			},
			{
				displayName: 'Search',
				name: 'query',
				type: 'string',
				default: '',
				description: 'Only products whose name contains this text',
			},
		],
		sortFields: [
			['created_at', 'Created At'],
			['name', 'Name'],
			['price_amount', 'Price Amount'],
			['price_amount_type', 'Price Type'],
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
		'product.getMany',
		PRODUCT,
		filterValues(this, itemIndex) as PolarQuery,
		{ is_archived: 'Archived', is_recurring: 'Recurring', query: 'Search' },
	);
}
