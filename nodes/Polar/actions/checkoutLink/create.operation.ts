import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { metadataProperty } from '../../helpers/metadata';
import { productIds, productsProperty } from '../../helpers/products';
import { POLAR_ID_PLACEHOLDER, showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { checkoutBody } from '../checkout/create.operation';

export const description = showFor('checkoutLink', 'create', [
	productsProperty('The products the link offers'),
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
				description: 'Whether customers may enter a discount code',
			},
			{
				displayName: 'Discount ID',
				name: 'discount_id',
				type: 'string',
				default: '',
				placeholder: POLAR_ID_PLACEHOLDER,
				description: 'A Polar discount applied to every checkout of the link',
			},
			{
				displayName: 'Label',
				name: 'label',
				type: 'string',
				default: '',
				description: 'Your own name for the link, shown only in Polar',
			},
			metadataProperty('Your own data, copied to the orders and subscriptions the link creates'),
			{
				displayName: 'Require Billing Address',
				name: 'require_billing_address',
				type: 'boolean',
				default: false,
				description: 'Whether customers must give a full billing address, not only the country',
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
					'Where customers go after paying; {CHECKOUT_ID} in it is replaced by the checkout ID',
			},
		],
	},
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
		{
			resource: { name: 'checkout link' },
			fieldLabels: {
				products: 'Product Names or IDs',
				allow_discount_codes: 'Allow Discount Codes',
				discount_id: 'Discount ID',
				label: 'Label',
				metadata: 'Metadata',
				require_billing_address: 'Require Billing Address',
				return_url: 'Return URL',
				success_url: 'Success URL',
			},
		},
	);
}
