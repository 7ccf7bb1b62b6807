import type { IDataObject } from 'n8n-workflow';

import { getManyOperation } from '../../helpers/getMany';
import { POLAR_ID_PLACEHOLDER } from '../../helpers/properties';
import { ORDER } from '../../helpers/shapes';
import type { PolarQuery } from '../../../shared/transport';

export const { description, execute } = getManyOperation({
	resource: 'order',
	key: 'order.getMany',
	shape: ORDER,
	plural: 'orders',
	filters: [
		{
			displayName: 'Billing Type',
			name: 'product_billing_type',
			type: 'options',
			default: 'one_time',
			description: 'Only orders of one-time purchases, or only orders of subscriptions',
			options: [
				{ name: 'One-Time', value: 'one_time' },
				{ name: 'Recurring', value: 'recurring' },
			],
		},
		{
			displayName: 'Created After',
			name: 'created_after',
			type: 'dateTime',
			default: '',
			description: 'Only orders created at or after this time',
		},
		{
			displayName: 'Created Before',
			name: 'created_before',
			type: 'dateTime',
			default: '',
			description: 'Only orders created at or before this time',
		},
		{
			displayName: 'Customer External ID',
			name: 'external_customer_id',
			type: 'string',
			default: '',
			placeholder: 'e.g. user_42',
			description: 'Only the orders of the customer with this external ID (your own user ID)',
		},
		{
			displayName: 'Customer ID',
			name: 'customer_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'Only the orders of the customer with this Polar ID',
		},
		{
			displayName: 'Product ID',
			name: 'product_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'Only orders of the product with this Polar ID',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			default: [],
			description: 'Only orders in one of these statuses',
			options: [
				{ name: 'Draft', value: 'draft' },
				{ name: 'Paid', value: 'paid' },
				{ name: 'Partially Refunded', value: 'partially_refunded' },
				{ name: 'Pending', value: 'pending' },
				{ name: 'Refunded', value: 'refunded' },
				{ name: 'Void', value: 'void' },
			],
		},
		{
			displayName: 'Subscription ID',
			name: 'subscription_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'Only the orders (renewals) of the subscription with this Polar ID',
		},
	],
	sortFields: [
		['created_at', 'Created At'],
		['amount', 'Amount'],
		['customer', 'Customer'],
		['discount', 'Discount'],
		['invoice_number', 'Invoice Number'],
		['net_amount', 'Net Amount'],
		['product', 'Product'],
		['status', 'Status'],
		['subscription', 'Subscription'],
	],
	query: (filters: IDataObject): PolarQuery => {
		const query = { ...filters } as PolarQuery;
		for (const name of ['created_after', 'created_before']) {
			// n8n's date picker gives a local time without a zone; Polar wants one, so it is stated in UTC.
			if (typeof query[name] === 'string') query[name] = isoTime(query[name] as string);
		}
		return query;
	},
});

function isoTime(value: string): string {
	const time = new Date(value);
	return Number.isNaN(time.getTime()) ? value : time.toISOString();
}
