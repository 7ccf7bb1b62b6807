import { getManyOperation } from '../../helpers/getMany';
import { PRODUCT } from '../../helpers/shapes';

export const { description, execute } = getManyOperation({
	resource: 'product',
	key: 'product.getMany',
	shape: PRODUCT,
	plural: 'products',
	filters: [
		{
			displayName: 'Archived',
			name: 'is_archived',
			type: 'boolean',
			default: false,
			description: 'Whether to return only archived products (on) or only products on sale (off)',
		},
		{
			displayName: 'Recurring',
			name: 'is_recurring',
			type: 'boolean',
			default: true,
			description:
				'Whether to return only subscription products (on) or only one-time purchases (off)',
		},
		{
			displayName: 'Search',
			name: 'query',
			type: 'string',
			default: '',
			description: 'Only products whose name contains this text',
		},
	],
	sortFields: [
		['created_at', 'Created At'],
		['name', 'Name'],
		['price_amount', 'Price Amount'],
		['price_amount_type', 'Price Type'],
	],
});
