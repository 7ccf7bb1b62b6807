import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The products a checkout offers, picked from the organization's products (methods/loadOptions.ts). */
export function productsProperty(description: string): INodeProperties {
	return {
		displayName: 'Product Names or IDs',
		name: 'products',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getProducts' },
		default: [],
		required: true,
		description: `${description}. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

/** The item's product IDs: a list, or one text of IDs separated by commas (what an expression often gives). */
export function productIds(context: IExecuteFunctions, itemIndex: number): string[] {
	const value = context.getNodeParameter('products', itemIndex, []) as unknown;
	const ids = (Array.isArray(value) ? value : String(value ?? '').split(','))
		.map((id) => String(id).trim())
		.filter(Boolean);
	if (ids.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No product chosen', {
			itemIndex,
			description: 'Choose at least one product in Product Names or IDs.',
		});
	}
	return ids;
}
