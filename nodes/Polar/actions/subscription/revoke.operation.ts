import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { outputProperties } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { SUBSCRIPTION } from '../../helpers/shapes';
import { SUCCEED_IF_ALREADY_CANCELED, changeSubscription } from './change';
import { subscriptionLocator } from './locator';

export const description = showFor('subscription', 'revoke', [
	subscriptionLocator('The subscription to end now'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [SUCCEED_IF_ALREADY_CANCELED],
	},
	...outputProperties(SUBSCRIPTION),
]);

/** Ends the subscription and the customer's benefits at once, without refunding anything. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await changeSubscription(this, itemIndex, run, 'subscription.revoke', {
		succeedIfAlreadyCanceled: options.succeedIfAlreadyCanceled !== false,
	});
}
