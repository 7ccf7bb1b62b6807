import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { outputProperties } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { SUBSCRIPTION } from '../../helpers/shapes';
import { SUCCEED_IF_ALREADY_CANCELED, changeSubscription } from './change';
import { subscriptionLocator } from './locator';

export const description = showFor('subscription', 'cancel', [
	subscriptionLocator('The subscription to cancel at the end of its current period'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Comment',
				name: 'customer_cancellation_comment',
				type: 'string',
				default: '',
				description:
					"The customer's own words on why they cancel (Polar shows it as customer feedback, not an internal note)",
			},
			{
				displayName: 'Reason',
				name: 'customer_cancellation_reason',
				type: 'options',
				default: 'other',
				description: 'Why the customer cancels, for churn reports',
				options: [
					{ name: 'Customer Service', value: 'customer_service' },
					{ name: 'Low Quality', value: 'low_quality' },
					{ name: 'Missing Features', value: 'missing_features' },
					{ name: 'Other', value: 'other' },
					{ name: 'Switched Service', value: 'switched_service' },
					{ name: 'Too Complex', value: 'too_complex' },
					{ name: 'Too Expensive', value: 'too_expensive' },
					{ name: 'Unused', value: 'unused' },
				],
			},
			SUCCEED_IF_ALREADY_CANCELED,
		],
	},
	...outputProperties(SUBSCRIPTION),
]);

/** The customer keeps access until the period ends; Uncancel undoes it until then. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = { cancel_at_period_end: true };
	if (options.customer_cancellation_reason)
		body.customer_cancellation_reason = options.customer_cancellation_reason;
	const comment = String(options.customer_cancellation_comment ?? '').trim();
	if (comment) body.customer_cancellation_comment = comment;
	return await changeSubscription(this, itemIndex, run, 'subscription.cancel', {
		body,
		succeedIfAlreadyCanceled: options.succeedIfAlreadyCanceled !== false,
	});
}
