import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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
import { CUSTOMER_STATE } from '../../helpers/shapes';

export const description = showFor('customer', 'getState', [
	customerLocator(
		'The customer whose state to get. By External ID (your own user ID) takes one request; by email, two.',
	),
	...outputProperties(CUSTOMER_STATE),
]);

/** One request by ID or external ID: what the customer may use now (subscriptions, benefits, meters). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const target = customerTarget(await customerRef(this, itemIndex, run));
	const state = await requestPolar(
		this,
		run,
		target.external ? 'customer.getState.external' : 'customer.getState',
		{ params: target.params },
		{ resource: target.resource, fieldLabels: CUSTOMER_PATH_LABELS },
	);
	return shapeRecord(this, itemIndex, CUSTOMER_STATE, state);
}
