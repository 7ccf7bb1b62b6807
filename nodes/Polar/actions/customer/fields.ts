import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { metadataProperty, putTypedEntries } from '../../helpers/metadata';

/** The fields Create and Update share, named as Polar's body fields. */
export const CUSTOMER_FIELDS: INodeProperties[] = [
	{
		displayName: 'Billing Address',
		name: 'billing_address',
		type: 'fixedCollection',
		placeholder: 'Add Billing Address',
		default: {},
		options: [
			{
				displayName: 'Address',
				name: 'address',
				values: [
					{
						displayName: 'Country',
						name: 'country',
						type: 'string',
						default: '',
						placeholder: 'e.g. US',
						description: 'Two-letter country code (ISO 3166-1 alpha-2)',
					},
					{ displayName: 'Line 1', name: 'line1', type: 'string', default: '' },
					{ displayName: 'Line 2', name: 'line2', type: 'string', default: '' },
					{ displayName: 'Postal Code', name: 'postal_code', type: 'string', default: '' },
					{ displayName: 'City', name: 'city', type: 'string', default: '' },
					{
						displayName: 'State',
						name: 'state',
						type: 'string',
						default: '',
						description: 'State or province, required by Polar for US and Canadian addresses',
					},
				],
			},
		],
	},
	{
		displayName: 'External ID',
		name: 'external_id',
		type: 'string',
		default: '',
		placeholder: 'e.g. user_42',
		description:
			'The ID of the customer in your own system (unique in the organization). Polar does not let it change once set.',
	},
	{
		displayName: 'Locale',
		name: 'locale',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description: "The customer's language for Polar's emails and pages",
	},
	metadataProperty(
		'Your own data about the customer. On Update it replaces all metadata the customer had.',
	),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Jane Doe',
	},
	{
		displayName: 'Tax ID',
		name: 'tax_id',
		type: 'string',
		default: '',
		placeholder: 'e.g. DE123456789',
		description: "The customer's VAT or tax number, as printed on invoices",
	},
];

/** The labels of Polar's body fields, for a 422 about them. */
export const CUSTOMER_FIELD_LABELS = {
	email: 'Email',
	name: 'Name',
	external_id: 'External ID',
	billing_address: 'Billing Address',
	country: 'Country',
	locale: 'Locale',
	tax_id: 'Tax ID',
	metadata: 'Metadata',
} as const;

/** Polar's body for the fields the item filled in (empty ones are left out, not sent as ""). */
export function customerBody(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	for (const name of ['email', 'name', 'external_id', 'locale', 'tax_id']) {
		const value = typeof fields[name] === 'string' ? (fields[name] as string).trim() : '';
		if (value) body[name] = value;
	}
	const address = (fields.billing_address as { address?: IDataObject } | undefined)?.address;
	if (address) body.billing_address = billingAddress(context, itemIndex, address);
	putTypedEntries(body, 'metadata', fields.metadata, context.getNode(), itemIndex);
	return body;
}

function billingAddress(
	context: IExecuteFunctions,
	itemIndex: number,
	address: IDataObject,
): IDataObject {
	const country = String(address.country ?? '')
		.trim()
		.toUpperCase();
	if (!/^[A-Z]{2}$/.test(country)) {
		throw new NodeOperationError(context.getNode(), 'The billing address needs a country', {
			itemIndex,
			description: 'Fill in Country with a two-letter country code, e.g. US or DE.',
		});
	}
	const result: IDataObject = { country };
	for (const name of ['line1', 'line2', 'postal_code', 'city', 'state']) {
		const value = String(address[name] ?? '').trim();
		if (value) result[name] = value;
	}
	return result;
}
