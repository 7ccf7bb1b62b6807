import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { callPolar } from '../../../shared/api';
import { polarErrorClass } from '../../../shared/errors';
import { locatorValue } from '../../helpers/locators';
import { shapeRecord } from '../../helpers/output';
import { isSuccess, refusal, requestPolar } from '../../helpers/request';
import { SUBSCRIPTION } from '../../helpers/shapes';
import { SUBSCRIPTION_PATH_LABELS } from './locator';

/**
 * Polar's answer (403 `AlreadyCanceledSubscription`) when a subscription that has already ended is canceled
 * or revoked again: what a webhook-driven workflow meets when a delivery is repeated or two events race.
 */
const ALREADY_CANCELED = 'AlreadyCanceledSubscription';

export const SUCCEED_IF_ALREADY_CANCELED: INodeProperties = {
	displayName: 'Succeed If Already Canceled',
	name: 'succeedIfAlreadyCanceled',
	type: 'boolean',
	default: true,
	description:
		'Whether a subscription that has already ended counts as done (the node outputs it as it is) rather than as an error. Keeps a workflow that runs twice for one event, or races another, from failing.',
};

export const CANCELLATION_FIELD_LABELS = {
	customer_cancellation_reason: 'Reason',
	customer_cancellation_comment: 'Comment',
} as const;

/**
 * Cancels, uncancels or revokes the item's subscription and outputs it. With `succeedIfAlreadyCanceled`,
 * Polar's "already canceled" refusal outputs the subscription as it now is (one more request) instead.
 */
export async function changeSubscription(
	context: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
	key: 'subscription.cancel' | 'subscription.uncancel' | 'subscription.revoke',
	options: {
		body?: IDataObject;
		succeedIfAlreadyCanceled: boolean;
		/** Messages for statuses whose Polar wording says little ("Bad request"), by status. */
		explain?: Readonly<Record<number, string>>;
	},
): Promise<IDataObject> {
	const { value: id } = locatorValue(context, 'subscription', itemIndex);
	const resource = { name: 'subscription', id };
	const response = await callPolar(context, run.connection, key, {
		params: { id },
		body: options.body,
	});
	if (isSuccess(response))
		return shapeRecord(context, itemIndex, SUBSCRIPTION, response.body as IDataObject);
	if (
		options.succeedIfAlreadyCanceled &&
		response.statusCode === 403 &&
		polarErrorClass(response.body) === ALREADY_CANCELED
	) {
		const subscription = await requestPolar(
			context,
			run,
			'subscription.get',
			{ params: { id } },
			{ resource, fieldLabels: SUBSCRIPTION_PATH_LABELS },
		);
		return shapeRecord(context, itemIndex, SUBSCRIPTION, subscription);
	}
	const ended = options.explain?.[response.statusCode];
	if (ended) {
		const error = refusal(context, key, response, { resource });
		error.message = ended;
		throw error;
	}
	throw refusal(context, key, response, {
		resource,
		fieldLabels: { ...SUBSCRIPTION_PATH_LABELS, ...CANCELLATION_FIELD_LABELS },
	});
}
