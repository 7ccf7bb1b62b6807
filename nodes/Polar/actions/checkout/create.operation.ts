import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { productIds, productsProperty } from '../../helpers/products';
import { POLAR_ID_PLACEHOLDER, showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { CHECKOUT } from '../../helpers/shapes';
import { additionalFields, checkoutBody, fieldLabels, sharedCheckoutFields } from './fields';

const FIELDS: INodeProperties[] = [
	...sharedCheckoutFields(
		'the customer',
		'Your own data, copied to the order and subscription the checkout creates',
	),
	{
		displayName: 'Allow Trial',
		name: 'allow_trial',
		type: 'boolean',
		default: true,
		description: "Whether the product's trial period applies",
	},
	{
		displayName: 'Amount (Cents)',
		name: 'amount',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description:
			"For a pay-what-you-want price: the amount preset in the checkout, in the currency's smallest unit (1500 is 15.00)",
	},
	{
		displayName: 'Customer Email',
		name: 'customer_email',
		type: 'string',
		placeholder: 'e.g. jane@example.com',
		default: '',
		description: 'Prefills the checkout form',
	},
	{
		displayName: 'Customer External ID',
		name: 'external_customer_id',
		type: 'string',
		default: '',
		placeholder: 'e.g. user_42',
		description:
			'Your own user ID: the order is linked to the Polar customer with it, or the new customer gets it',
	},
	{
		displayName: 'Customer ID',
		name: 'customer_id',
		type: 'string',
		default: '',
		placeholder: POLAR_ID_PLACEHOLDER,
		description: 'An existing Polar customer, whose details prefill the form',
	},
	{
		displayName: 'Customer Name',
		name: 'customer_name',
		type: 'string',
		default: '',
		description: 'Prefills the checkout form',
	},
	{
		displayName: 'Locale',
		name: 'locale',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description: 'The language of the checkout page',
	},
];

export const description = showFor('checkout', 'create', [
	productsProperty('The products the customer can choose from; the first is selected'),
	additionalFields(FIELDS),
	...outputProperties(CHECKOUT),
]);

/** A checkout session: a payment page (`url`) for one customer, valid for about an hour. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = checkoutBody(this, itemIndex, fields);
	body.products = productIds(this, itemIndex);
	const checkout = await requestPolar(
		this,
		run,
		'checkout.create',
		{ body },
		{ resource: { name: 'checkout session' }, fieldLabels: fieldLabels(FIELDS) },
	);
	return shapeRecord(this, itemIndex, CHECKOUT, checkout);
}
