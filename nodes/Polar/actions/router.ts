import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { polarConnection, RATE_LIMIT_WAIT_SECONDS } from '../../shared/transport';
import { errorItem, itemError } from '../helpers/itemErrors';
import { newRun } from '../helpers/run';
import { RESOURCE_OPERATIONS } from './resources';
import type { PolarOperationModule } from './types';

/** What n8n puts in Resource and Operation for "Custom API Call" (n8n adds it for credentials with `authenticate`). */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/**
 * Runs the chosen operation over the input items. The credential is read once for the whole execution; an
 * operation answers item by item (its records paired with the item), or, for event ingest, in batches.
 * A failed item becomes an error item paired with it when the node continues on failure, else the error
 * (with the item's index) stops the node.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	// With the resource "Custom API Call" no Operation parameter is shown, so n8n has none to give.
	const operation =
		resource === CUSTOM_API_CALL
			? CUSTOM_API_CALL
			: (this.getNodeParameter('operation', 0) as string);
	if (operation === CUSTOM_API_CALL) {
		throw new NodeOperationError(
			this.getNode(),
			'Custom API calls go through the HTTP Request node',
			{
				description:
					'Add an HTTP Request node, set Authentication to "Predefined Credential Type", choose "Polar API" and pick this credential: n8n then sends the token for you. The paths are in Polar\'s API reference: https://polar.sh/docs/api-reference/introduction',
			},
		);
	}
	const operations: Readonly<Record<string, Readonly<Record<string, PolarOperationModule>>>> =
		RESOURCE_OPERATIONS;
	const module = operations[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}

	const run = newRun(await polarConnection(this, RATE_LIMIT_WAIT_SECONDS.action));
	const items = this.getInputData();
	if ('executeBatch' in module) return [await module.executeBatch.call(this, items, run)];

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await module.execute.call(this, itemIndex, run);
			// Wrapped here, not by returnJsonArray: it would take a record with a top-level `json` field for an item.
			for (const json of Array.isArray(result) ? result : [result])
				output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const failure = itemError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw failure;
			output.push(errorItem(failure, itemIndex));
		}
	}
	return [output];
}
