import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listRecords } from '../../shared/pagination';
import { polarConnection, RATE_LIMIT_WAIT_SECONDS } from '../../shared/transport';
import { refusal } from '../helpers/request';

/** More products than a checkout picker can usefully show; the rest can still be given by ID. */
const MAX_PRODUCTS = 500;

/** The organization's products that are not archived, by name, for the checkout operations' product picker. */
async function getProducts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await polarConnection(this, RATE_LIMIT_WAIT_SECONDS.trigger);
	const products = await listRecords(this, connection, 'product.getMany', {
		query: { is_archived: false, sorting: 'name' },
		limit: MAX_PRODUCTS,
		error: (response) => refusal(this, 'product.getMany', response),
	});
	return products.map((product) => ({
		name: `${String(product.name)} (${product.recurring_interval ? String(product.recurring_interval) : 'one-time'})`,
		value: String(product.id),
	}));
}

export const loadOptions = { getProducts };
