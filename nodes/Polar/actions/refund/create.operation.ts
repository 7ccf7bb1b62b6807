import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { locatorValue } from '../../helpers/locators';
import { metadataProperty, putTypedEntries } from '../../helpers/metadata';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { ORDER_PATH_LABELS, orderLocator } from '../order/locator';

export const description = showFor('refund', 'create', [
	orderLocator('The paid order to refund'),
	{
		displayName: 'Amount',
		name: 'amountType',
		type: 'options',
		default: 'full',
		options: [
			{
				name: 'Full Remaining Amount',
				value: 'full',
				description:
					'Whatever of the order is not refunded yet (its refundable amount in Polar, before taxes)',
			},
			{
				name: 'Amount in Cents',
				value: 'amount',
				description: 'A part of the order, in cents',
			},
		],
	},
	{
		displayName: 'Amount (Cents)',
		name: 'amount',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		displayOptions: { show: { amountType: ['amount'] } },
		placeholder: 'e.g. 1500',
		description:
			"The amount to refund in the currency's smallest unit, before taxes: 1500 is 15.00 USD. Polar refunds the matching tax on top.",
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		default: 'customer_request',
		options: [
			{ name: 'Customer Request', value: 'customer_request' },
			{ name: 'Duplicate', value: 'duplicate' },
			{ name: 'Fraudulent', value: 'fraudulent' },
			{ name: 'Other', value: 'other' },
			{ name: 'Satisfaction Guarantee', value: 'satisfaction_guarantee' },
			{ name: 'Service Disruption', value: 'service_disruption' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
				description: 'An internal note on the refund',
			},
			metadataProperty('Your own data about the refund'),
			{
				displayName: 'Revoke Benefits',
				name: 'revoke_benefits',
				type: 'boolean',
				default: false,
				description:
					"Whether to revoke the benefits the order granted. Polar allows it only for a one-time purchase's full refund.",
			},
		],
	},
]);

export const REFUND_FIELD_LABELS = {
	order_id: 'Order',
	amount: 'Amount (Cents)',
	reason: 'Reason',
	comment: 'Comment',
	revoke_benefits: 'Revoke Benefits',
	metadata: 'Metadata',
} as const;

/** Not idempotent (Polar has no idempotency keys); Full Remaining Amount refunds only what is left. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const { value: orderId } = locatorValue(this, 'order', itemIndex);
	const amount =
		this.getNodeParameter('amountType', itemIndex, 'full') === 'full'
			? await remainingAmount(this, itemIndex, run, orderId)
			: (this.getNodeParameter('amount', itemIndex) as number);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		order_id: orderId,
		reason: this.getNodeParameter('reason', itemIndex),
		amount,
	};
	const comment = String(options.comment ?? '').trim();
	if (comment) body.comment = comment;
	if (options.revoke_benefits !== undefined) body.revoke_benefits = options.revoke_benefits;
	putTypedEntries(body, 'metadata', options.metadata, this.getNode(), itemIndex);
	return await requestPolar(
		this,
		run,
		'refund.create',
		{ body },
		{ resource: { name: 'order', id: orderId }, fieldLabels: REFUND_FIELD_LABELS },
	);
}

/** The order's refundable amount, read just before refunding it. */
async function remainingAmount(
	context: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
	orderId: string,
): Promise<number> {
	const order = await requestPolar(
		context,
		run,
		'refund.create.order',
		{ params: { id: orderId } },
		{ resource: { name: 'order', id: orderId }, fieldLabels: ORDER_PATH_LABELS },
	);
	const refundable = order.refundable_amount;
	if (typeof refundable !== 'number' || refundable <= 0) {
		throw new NodeOperationError(context.getNode(), 'Nothing is left to refund on this order', {
			itemIndex,
			description: `Polar says order ${orderId} has no refundable amount left (status: ${String(order.status)}): it is refunded already, or not paid.`,
		});
	}
	return refundable;
}
