import { getManyOperation } from '../../helpers/getMany';
import { POLAR_ID_PLACEHOLDER } from '../../helpers/properties';
import { SUBSCRIPTION } from '../../helpers/shapes';

export const { description, execute } = getManyOperation({
	resource: 'subscription',
	key: 'subscription.getMany',
	shape: SUBSCRIPTION,
	plural: 'subscriptions',
	filters: [
		{
			displayName: 'Canceled At Period End',
			name: 'cancel_at_period_end',
			type: 'boolean',
			default: true,
			description:
				'Whether to return only subscriptions set to end at the end of their period (on), or only ones that renew (off)',
		},
		{
			displayName: 'Customer External ID',
			name: 'external_customer_id',
			type: 'string',
			default: '',
			placeholder: 'e.g. user_42',
			description:
				'Only the subscriptions of the customer with this external ID (your own user ID)',
		},
		{
			displayName: 'Customer ID',
			name: 'customer_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'Only the subscriptions of the customer with this Polar ID',
		},
		{
			displayName: 'Product ID',
			name: 'product_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'Only subscriptions to the product with this Polar ID',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			default: [],
			description: 'Only subscriptions in one of these statuses',
			options: [
				{ name: 'Active', value: 'active' },
				{ name: 'Canceled', value: 'canceled' },
				{ name: 'Incomplete', value: 'incomplete' },
				{ name: 'Incomplete Expired', value: 'incomplete_expired' },
				{ name: 'Past Due', value: 'past_due' },
				{ name: 'Paused', value: 'paused' },
				{ name: 'Trialing', value: 'trialing' },
				{ name: 'Unpaid', value: 'unpaid' },
			],
		},
	],
	sortFields: [
		['started_at', 'Started At'],
		['amount', 'Amount'],
		['current_period_end', 'Current Period End'],
		['customer', 'Customer'],
		['ended_at', 'Ended At'],
		['ends_at', 'Ends At'],
		['product', 'Product'],
		['status', 'Status'],
	],
});
