import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionRun } from '../types';
import {
	CUSTOMER_PATH_LABELS,
	customerLocator,
	customerRef,
	customerTarget,
} from '../../helpers/locators';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { CUSTOMER } from '../../helpers/shapes';
import { CUSTOMER_FIELD_LABELS, CUSTOMER_FIELDS, customerBody } from './fields';

export const description = showFor('customer', 'update', [
	customerLocator('The customer to update'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. jane@example.com',
				default: '',
				description: 'Unique in the organization',
			} satisfies INodeProperties,
			...CUSTOMER_FIELDS,
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	...outputProperties(CUSTOMER),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const body = customerBody(
		this,
		itemIndex,
		this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
	);
	// An empty PATCH would "succeed" and change nothing: in a sync workflow that hides a mapping mistake.
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex,
			description:
				'Add at least one field under Update Fields, with a value: empty fields are not sent.',
		});
	}
	const target = customerTarget(await customerRef(this, itemIndex, run));
	const customer = await requestPolar(
		this,
		run,
		target.external ? 'customer.update.external' : 'customer.update',
		{ params: target.params, body },
		{
			resource: target.resource,
			fieldLabels: { ...CUSTOMER_PATH_LABELS, ...CUSTOMER_FIELD_LABELS },
		},
	);
	return shapeRecord(this, itemIndex, CUSTOMER, customer);
}
