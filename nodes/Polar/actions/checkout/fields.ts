import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { metadataProperty, putTypedEntries } from '../../helpers/metadata';
import { POLAR_ID_PLACEHOLDER } from '../../helpers/properties';

/**
 * The fields a checkout session and a checkout link share, named as Polar's body fields: `who` buys
 * ("the customer" of a session, "customers" of a link), and what the metadata is copied to.
 */
export function sharedCheckoutFields(who: string, metadataDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Allow Discount Codes',
			name: 'allow_discount_codes',
			type: 'boolean',
			default: true,
			description: `Whether ${who} may enter a discount code`,
		},
		{
			displayName: 'Discount ID',
			name: 'discount_id',
			type: 'string',
			default: '',
			placeholder: POLAR_ID_PLACEHOLDER,
			description: 'A Polar discount applied to the checkout',
		},
		metadataProperty(metadataDescription),
		{
			displayName: 'Require Billing Address',
			name: 'require_billing_address',
			type: 'boolean',
			default: false,
			description: `Whether ${who} must give a full billing address, not only the country`,
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
				'Where the buyer goes after paying; {CHECKOUT_ID} in it is replaced by the checkout ID',
		},
	];
}

/** The Additional Fields collection of `fields`, in the alphabetical order n8n lists them in. */
export function additionalFields(fields: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The labels of Polar's body fields (the parameters' display names), for a 422 about them. */
export function fieldLabels(fields: INodeProperties[]): Record<string, string> {
	return {
		products: 'Product Names or IDs',
		...Object.fromEntries(fields.map((field) => [field.name, field.displayName])),
	};
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
			putTypedEntries(body, 'metadata', value, context.getNode(), itemIndex);
		} else if (typeof value === 'string') {
			if (value.trim()) body[name] = value.trim();
		} else if (value !== undefined && value !== null) {
			body[name] = value;
		}
	}
	return body;
}
