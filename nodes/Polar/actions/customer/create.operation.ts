import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { CUSTOMER } from '../../helpers/shapes';
import { organizationIdToSend } from '../../../shared/organization';
import { CUSTOMER_FIELD_LABELS, CUSTOMER_FIELDS, customerBody } from './fields';

export const description = showFor('customer', 'create', [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. jane@example.com',
		default: '',
		required: true,
		description: 'Unique in the organization: Polar refuses a second customer with the same email',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: CUSTOMER_FIELDS,
	},
	...outputProperties(CUSTOMER),
]);

/** Not idempotent (Polar has no idempotency keys): a second run with the same email gets Polar's 422. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const fields = {
		...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		email: this.getNodeParameter('email', itemIndex),
	};
	const body = customerBody(this, itemIndex, fields);
	const organizationId = organizationIdToSend(this, run.connection);
	if (organizationId) body.organization_id = organizationId;
	const customer = await requestPolar(
		this,
		run,
		'customer.create',
		{ body },
		{ resource: { name: 'customer' }, fieldLabels: CUSTOMER_FIELD_LABELS },
	);
	return shapeRecord(this, itemIndex, CUSTOMER, customer);
}
