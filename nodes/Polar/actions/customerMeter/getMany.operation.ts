import { getManyOperation } from '../../helpers/getMany';
import { POLAR_ID_PLACEHOLDER } from '../../helpers/properties';
import { CUSTOMER_METER } from '../../helpers/shapes';

export const { description, execute } = getManyOperation({
	resource: 'customerMeter',
	key: 'customerMeter.getMany',
	shape: CUSTOMER_METER,
	plural: 'customer meters',
	filters: [
		{
			displayName: 'Customer External ID',
			name: 'external_customer_id',
			type: 'string',
			default: '',
			placeholder: 'e.g. user_42',
			description: 'Only the meters of the customer with this external ID (your own user ID)',
		},
		{
			displayName: 'Customer ID',
			name: 'customer_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'Only the meters of the customer with this Polar ID',
		},
		{
			displayName: 'Meter ID',
			name: 'meter_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'Only this meter',
		},
	],
	sortFields: [
		['created_at', 'Created At'],
		['balance', 'Balance'],
		['consumed_units', 'Consumed Units'],
		['credited_units', 'Credited Units'],
		['customer_name', 'Customer Name'],
		['meter_name', 'Meter Name'],
		['modified_at', 'Modified At'],
	],
});
