import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { POLAR_ID_PLACEHOLDER, showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { CHECKOUT } from '../../helpers/shapes';

export const description = showFor('checkout', 'get', [
	{
		displayName: 'Checkout ID',
		name: 'checkoutId',
		type: 'string',
		default: '',
		required: true,
		placeholder: POLAR_ID_PLACEHOLDER,
		description: 'The ID of the checkout session, e.g. from Create or from the success URL',
	},
	...outputProperties(CHECKOUT),
]);

/** A checkout session and its status (open, expired, confirmed, succeeded, failed). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const id = String(this.getNodeParameter('checkoutId', itemIndex)).trim();
	const checkout = await requestPolar(
		this,
		run,
		'checkout.get',
		{ params: { id } },
		{ resource: { name: 'checkout session', id }, fieldLabels: { id: 'Checkout ID' } },
	);
	return shapeRecord(this, itemIndex, CHECKOUT, checkout);
}
