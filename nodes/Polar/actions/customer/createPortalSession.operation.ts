import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { customerLocator, customerRef } from '../../helpers/locators';
import { outputProperties, shapeRecord } from '../../helpers/output';
import { showFor } from '../../helpers/properties';
import { requestPolar } from '../../helpers/request';
import { CUSTOMER_SESSION } from '../../helpers/shapes';

export const description = showFor('customer', 'createPortalSession', [
	customerLocator('The customer the portal link is for'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Return URL',
				name: 'return_url',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/account',
				description: "Where the portal's back button leads",
			},
		],
	},
	...outputProperties(CUSTOMER_SESSION),
]);

/** A link (`customer_portal_url`) where the customer manages subscriptions, payment methods and invoices. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const ref = await customerRef(this, itemIndex, run);
	const returnUrl = String(this.getNodeParameter('options.return_url', itemIndex, '')).trim();
	const body: IDataObject =
		ref.by === 'externalId' ? { external_customer_id: ref.externalId } : { customer_id: ref.id };
	if (returnUrl) body.return_url = returnUrl;
	const session = await requestPolar(
		this,
		run,
		'customer.createPortalSession',
		{ body },
		{
			resource:
				ref.by === 'externalId'
					? { name: `customer with the external ID "${ref.externalId}"` }
					: { name: 'customer', id: ref.id },
			fieldLabels: {
				customer_id: 'Customer',
				external_customer_id: 'Customer',
				return_url: 'Return URL',
			},
		},
	);
	return shapeRecord(this, itemIndex, CUSTOMER_SESSION, session);
}
