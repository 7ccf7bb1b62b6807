import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import {
	CUSTOMER_PATH_LABELS,
	customerByEmail,
	customerBySlashedExternalId,
	customerLocator,
	customerTarget,
	locatorValue,
} from '../../helpers/locators';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { CUSTOMER } from '../../helpers/shapes';

export const description = showFor('customer', 'get', [
	customerLocator(
		"The customer: from the list, by Polar's ID, by external ID (the user's ID in your own system, set when the customer was created) or by email",
	),
	...outputProperties(CUSTOMER),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const { mode, value } = locatorValue(this, 'customer', itemIndex);
	// By email (or an external ID Polar cannot route), the list answer already is the whole customer.
	if (mode === 'email')
		return shapeRecord(this, itemIndex, CUSTOMER, await customerByEmail(this, run, value));
	if (mode === 'externalId' && value.includes('/')) {
		const customer = await customerBySlashedExternalId(this, run, value);
		return shapeRecord(this, itemIndex, CUSTOMER, customer);
	}
	const target = customerTarget(
		mode === 'externalId' ? { by: 'externalId', externalId: value } : { by: 'id', id: value },
	);
	const customer = await requestPolar(
		this,
		run,
		target.external ? 'customer.get.external' : 'customer.get',
		{ params: target.params },
		{ resource: target.resource, fieldLabels: CUSTOMER_PATH_LABELS },
	);
	return shapeRecord(this, itemIndex, CUSTOMER, customer);
}
