import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { metadataObject, metadataProperty } from '../../helpers/metadata';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { productIds, productsProperty } from '../../helpers/products';
import { POLAR_ID_PLACEHOLDER, showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { CHECKOUT } from '../../helpers/shapes';

export const description = showFor('checkout', 'create', [
	productsProperty('The products the customer can choose from; the first is selected'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Allow Discount Codes',
				name: 'allow_discount_codes',
				type: 'boolean',
				default: true,
				description: 'Whether the customer may enter a discount code',
			},
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
				displayName: 'Discount ID',
				name: 'discount_id',
				type: 'string',
				default: '',
				placeholder: POLAR_ID_PLACEHOLDER,
				description: 'A Polar discount applied to the checkout',
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'e.g. en',
				description: 'The language of the checkout page',
			},
			metadataProperty('Your own data, copied to the order and subscription the checkout creates'),
			{
				displayName: 'Require Billing Address',
				name: 'require_billing_address',
				type: 'boolean',
				default: false,
				description: 'Whether the customer must give a full billing address, not only the country',
			},
			{
				displayName: 'Return URL',
				name: 'return_url',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/pricing',
				description: "Where the checkout's back button leads",
			},
			{
				displayName: 'Success URL',
				name: 'success_url',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/thanks?checkout_id={CHECKOUT_ID}',
				description:
					'Where the customer goes after paying; {CHECKOUT_ID} in it is replaced by the checkout ID',
			},
		],
	},
	...outputProperties(CHECKOUT),
]);

export const CHECKOUT_FIELD_LABELS = {
	products: 'Product Names or IDs',
	allow_discount_codes: 'Allow Discount Codes',
	allow_trial: 'Allow Trial',
	amount: 'Amount (Cents)',
	customer_email: 'Customer Email',
	external_customer_id: 'Customer External ID',
	customer_id: 'Customer ID',
	customer_name: 'Customer Name',
	discount_id: 'Discount ID',
	locale: 'Locale',
	metadata: 'Metadata',
	require_billing_address: 'Require Billing Address',
	return_url: 'Return URL',
	success_url: 'Success URL',
} as const;

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
		{ resource: { name: 'checkout session' }, fieldLabels: CHECKOUT_FIELD_LABELS },
	);
	return shapeRecord(this, itemIndex, CHECKOUT, checkout);
}

/** Polar's body fields from the filled-in ones: text trimmed and left out when empty, metadata typed. */
export function checkoutBody(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (name === 'metadata') {
			const metadata = metadataObject(context.getNode(), value, itemIndex);
			if (Object.keys(metadata).length > 0) body.metadata = metadata;
		} else if (typeof value === 'string') {
			if (value.trim()) body[name] = value.trim();
		} else if (value !== undefined && value !== null) {
			body[name] = value;
		}
	}
	return body;
}
