import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { outputProperties } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { SUBSCRIPTION } from '../../helpers/shapes';
import { changeSubscription } from './change';
import { subscriptionLocator } from './locator';

export const description = showFor('subscription', 'uncancel', [
	subscriptionLocator(
		'The subscription set to end at the end of its period that should renew again',
	),
	...outputProperties(SUBSCRIPTION),
]);

/** Only before the period ends: an ended subscription cannot come back (Polar refuses, and so does the node). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	return await changeSubscription(this, itemIndex, run, 'subscription.uncancel', {
		body: { cancel_at_period_end: false },
		succeedIfAlreadyCanceled: false,
		explain: {
			400: 'The subscription is not set to cancel at period end: there is nothing to uncancel',
			410: 'The subscription has ended: it cannot be uncanceled (a new checkout can start another one)',
		},
	});
}
