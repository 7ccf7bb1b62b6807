import type { INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidPathValue } from '../../shared/operations';

/** The parameter the user filled in for a path parameter of Polar's, for "The customer ID is empty". */
const PATH_PARAMETER_NAMES: Readonly<Record<string, string>> = {
	id: 'ID',
	external_id: 'external ID',
};

/**
 * `error` as the n8n error of input item `itemIndex`: n8n's own errors keep their message and get the item
 * (n8n shows "Item Index" with them); an ID that cannot be put in a path becomes the item's parameter error.
 */
export function itemError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof InvalidPathValue) {
		const name = PATH_PARAMETER_NAMES[error.parameter] ?? error.parameter;
		return new NodeOperationError(
			node,
			error.value.trim() === ''
				? `The ${name} is empty`
				: `"${error.value}" is not a valid ${name}`,
			{ itemIndex, description: `Fill in the ${name} of the Polar record this item is about.` },
		);
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/**
 * The item n8n's "Continue" settings expect for a failed input item, paired with the input it failed for:
 * `error` (what failed) and `message` (what to do about it), nothing else, so that "Continue (using error
 * output)" routes it to the error output on every n8n: 1.x takes json with only `error`, or `error` and
 * `message`; 2.x also `details`. (An item's own `error` would route it too, but n8n then replaces its json
 * with `{error}`, dropping the rest.)
 */
export function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	return {
		json: {
			error: error.message,
			...(error.description ? { message: error.description } : {}),
		},
		pairedItem: { item: itemIndex },
	};
}
