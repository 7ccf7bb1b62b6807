import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { locatorValue } from '../../helpers/locators';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { ORDER } from '../../helpers/shapes';
import { ORDER_PATH_LABELS, orderLocator } from './locator';

export const description = showFor('order', 'get', [
	orderLocator('The order to get'),
	...outputProperties(ORDER),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const { value: id } = locatorValue(this, 'order', itemIndex);
	const order = await requestPolar(
		this,
		run,
		'order.get',
		{ params: { id } },
		{ resource: { name: 'order', id }, fieldLabels: ORDER_PATH_LABELS },
	);
	return shapeRecord(this, itemIndex, ORDER, order);
}
