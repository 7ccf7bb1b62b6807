import { getManyOperation } from '../../helpers/getMany';
import { CUSTOMER } from '../../helpers/shapes';

export const { description, execute } = getManyOperation({
	resource: 'customer',
	key: 'customer.getMany',
	shape: CUSTOMER,
	plural: 'customers',
	filters: [
		{
			displayName: 'Active Subscription',
			name: 'active',
			type: 'boolean',
			default: true,
			description:
				'Whether to return only customers with a trialing, active or past-due subscription (on), or only customers without one (off)',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. jane@example.com',
			default: '',
			description: 'Only the customer with exactly this email address',
		},
		{
			displayName: 'Search',
			name: 'query',
			type: 'string',
			default: '',
			description: 'Only customers whose name, email or external ID contains this text',
		},
	],
	sortFields: [
		['created_at', 'Created At'],
		['email', 'Email'],
		['name', 'Name'],
	],
});
