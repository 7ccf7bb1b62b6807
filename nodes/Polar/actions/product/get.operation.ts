import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { locatorValue, recordLocator } from '../../helpers/locators';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { PRODUCT } from '../../helpers/shapes';

export const description = showFor('product', 'get', [
	recordLocator('product', 'Product', 'searchProducts', 'The product to get. Search by name.'),
	...outputProperties(PRODUCT),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const { value: id } = locatorValue(this, 'product', itemIndex);
	const product = await requestPolar(
		this,
		run,
		'product.get',
		{ params: { id } },
		{ resource: { name: 'product', id }, fieldLabels: { id: 'Product' } },
	);
	return shapeRecord(this, itemIndex, PRODUCT, product);
}
