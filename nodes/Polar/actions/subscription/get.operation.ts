import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { locatorValue } from '../../helpers/locators';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { SUBSCRIPTION } from '../../helpers/shapes';
import { SUBSCRIPTION_PATH_LABELS, subscriptionLocator } from './locator';

export const description = showFor('subscription', 'get', [
	subscriptionLocator('The subscription to get'),
	...outputProperties(SUBSCRIPTION),
]);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const { value: id } = locatorValue(this, 'subscription', itemIndex);
	const subscription = await requestPolar(
		this,
		run,
		'subscription.get',
		{ params: { id } },
		{ resource: { name: 'subscription', id }, fieldLabels: SUBSCRIPTION_PATH_LABELS },
	);
	return shapeRecord(this, itemIndex, SUBSCRIPTION, subscription);
}
