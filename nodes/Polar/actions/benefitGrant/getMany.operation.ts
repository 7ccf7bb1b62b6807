import { getManyOperation } from '../../helpers/getMany';
import { POLAR_ID_PLACEHOLDER } from '../../helpers/properties';
import { BENEFIT_GRANT } from '../../helpers/shapes';

export const { description, execute } = getManyOperation({
	resource: 'benefitGrant',
	key: 'benefitGrant.getMany',
	shape: BENEFIT_GRANT,
	plural: 'benefit grants',
	filters: [
		{
			displayName: 'Customer External ID',
			name: 'external_customer_id',
			type: 'string',
			default: '',
			placeholder: 'e.g. user_42',
			description: 'Only the grants of the customer with this external ID (your own user ID)',
		},
		{
			displayName: 'Customer ID',
			name: 'customer_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'Only the grants of the customer with this Polar ID',
		},
		{
			displayName: 'Granted',
			name: 'is_granted',
			type: 'boolean',
			default: true,
			description: 'Whether to return only benefits granted now (on) or only revoked ones (off)',
		},
	],
	sortFields: [
		['created_at', 'Created At'],
		['granted_at', 'Granted At'],
		['revoked_at', 'Revoked At'],
	],
});
