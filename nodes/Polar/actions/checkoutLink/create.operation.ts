import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { productIds, productsProperty } from '../../helpers/products';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import {
	additionalFields,
	checkoutBody,
	fieldLabels,
	sharedCheckoutFields,
} from '../checkout/fields';

const FIELDS: INodeProperties[] = [
	...sharedCheckoutFields(
		'customers',
		'Your own data, copied to the orders and subscriptions the link creates',
	),
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		default: '',
		description: 'Your own name for the link, shown only in Polar',
	},
];

export const description = showFor('checkoutLink', 'create', [
	productsProperty('The products the link offers'),
	additionalFields(FIELDS),
]);

/** A lasting link (`url`) anyone can open to buy: for emails, pages and chats, unlike a one-off session. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = {
		...checkoutBody(this, itemIndex, fields),
		// The only processor Polar has (`CheckoutLinkCreateProducts.payment_processor` is the constant "stripe").
		payment_processor: 'stripe',
		products: productIds(this, itemIndex),
	};
	return await requestPolar(
		this,
		run,
		'checkoutLink.create',
		{ body },
		{ resource: { name: 'checkout link' }, fieldLabels: fieldLabels(FIELDS) },
	);
}
