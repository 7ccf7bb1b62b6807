import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { filterValues, getManyProperties, getManyRecords } from '../../helpers/getMany';
import { showFor } from '../../helpers/properties';
import { CUSTOMER } from '../../helpers/shapes';

export const description = showFor(
	'customer',
	'getMany',
	getManyProperties({
		shape: CUSTOMER,
		plural: 'customers',
		filters: [
			{
				displayName: 'Active Subscription',
				name: 'active',
				type: 'boolean',
				default: true,
				description:
					'Whether to return only customers with a trialing, active or past-due subscription (on), or only customers without one (off)',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. jane@example.com',
				default: '',
				description: 'Only the customer with exactly this email address',
			},
			{
				displayName: 'Search',
				name: 'query',
				type: 'string',
				default: '',
				description: 'Only customers whose name, email or external ID contains this text',
			},
		],
		sortFields: [
			['created_at', 'Created At'],
			['email', 'Email'],
			['name', 'Name'],
		],
	}),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject[]> {
	const { active, email, query } = filterValues(this, itemIndex);
	return await getManyRecords(
		this,
		itemIndex,
		run,
		'customer.getMany',
		CUSTOMER,
		{
			active: active as boolean | undefined,
			email: email as string | undefined,
			query: query as string | undefined,
		},
		{ email: 'Email', query: 'Search', active: 'Active Subscription' },
	);
}
