import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { callPolar } from '../../../shared/api';
import type { PolarAnswer } from '../../../shared/errors';
import { locatorValue } from '../../helpers/locators';
import { showFor } from '../../helpers/properties';
import { isSuccess, refusal, requestPolar } from '../../helpers/request';
import { ORDER_PATH_LABELS, orderLocator } from './locator';

/**
 * Seconds between the checks for an invoice Polar is generating (it does so in the background, usually
 * within seconds): about half a minute in all, then the node gives up rather than hold the workflow.
 */
export const INVOICE_WAIT_SECONDS = [0.5, 1, 1.5, 2, 3, 4, 5, 6, 7];

export const description = showFor('order', 'getInvoice', [
	orderLocator('The paid order whose invoice to get'),
	{
		displayName:
			"Generating an invoice freezes the order's billing details (name and address) as they are at that moment: update the customer's billing details first if they need to change.",
		name: 'invoiceNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Generate If Missing',
		name: 'generateIfMissing',
		type: 'boolean',
		default: true,
		description:
			'Whether to have Polar generate the invoice when the order has none yet, and wait (up to about 30 seconds) until it is ready',
	},
]);

/** The invoice's URL: read, or generated and waited for; an invoice is generated once, never again. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<IDataObject> {
	const { value: id } = locatorValue(this, 'order', itemIndex);
	const errorContext = { resource: { name: 'order', id }, fieldLabels: ORDER_PATH_LABELS };
	const read = async () =>
		await callPolar(this, run.connection, 'order.getInvoice', { params: { id } });
	const invoice = (response: PolarAnswer) => ({
		order_id: id,
		url: (response.body as IDataObject | undefined)?.url ?? null,
	});

	let response = await read();
	if (response.statusCode === 200) return invoice(response);
	// Polar answers 404 both for an order it does not have and for an order without an invoice yet.
	if (response.statusCode !== 404) throw refusal(this, 'order.getInvoice', response, errorContext);

	if (!this.getNodeParameter('generateIfMissing', itemIndex, true)) {
		await requestPolar(this, run, 'order.get', { params: { id } }, errorContext);
		throw new NodeOperationError(this.getNode(), 'The order has no invoice yet', {
			itemIndex,
			description:
				'Turn on Generate If Missing to have the node generate it, or generate it in Polar first.',
		});
	}
	const generation = await callPolar(this, run.connection, 'order.getInvoice.generate', {
		params: { id },
	});
	if (!isSuccess(generation))
		throw refusal(this, 'order.getInvoice.generate', generation, errorContext);

	for (const seconds of INVOICE_WAIT_SECONDS) {
		await sleep(seconds * 1000);
		response = await read();
		if (response.statusCode === 200) return invoice(response);
		if (response.statusCode !== 404)
			throw refusal(this, 'order.getInvoice', response, errorContext);
	}
	throw new NodeOperationError(this.getNode(), 'Polar is still generating the invoice', {
		itemIndex,
		description:
			'Polar accepted the request to generate it but had not finished after about 30 seconds. Run the node again in a minute: it returns the invoice without generating it again.',
	});
}
