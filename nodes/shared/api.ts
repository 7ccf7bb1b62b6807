import type { IDataObject, INode, NodeApiError } from 'n8n-workflow';

import type { PolarAnswer, PolarErrorContext } from './errors';
import { anyOfScopes, polarApiError } from './errors';
import type { PolarOperationKey } from './operations';
import { POLAR_OPERATIONS, operationPath } from './operations';
import type { PolarConnection, PolarContext, PolarQuery } from './transport';
import { polarRequest } from './transport';

/** What one call sends besides its operation: path parameters (encoded by `operationPath`), query, body. */
export interface PolarCall {
	params?: Readonly<Record<string, string>>;
	query?: PolarQuery;
	body?: IDataObject | IDataObject[];
	timeoutMs?: number;
}

/**
 * One call of the operations table over `connection`: method and path from the table, ids encoded. Every
 * HTTP status comes back as an answer (the caller decides what a 404 means, e.g. "already gone").
 */
export async function callPolar(
	context: PolarContext,
	connection: PolarConnection,
	key: PolarOperationKey,
	call: PolarCall = {},
): Promise<PolarAnswer> {
	const operation = POLAR_OPERATIONS[key];
	return await polarRequest(
		context,
		connection,
		operation.method,
		operationPath(operation, call.params),
		{ query: call.query, body: call.body, timeoutMs: call.timeoutMs },
	);
}

/** How the caller's user tries again and what it adds to the table's reading of an error. */
export type CallErrorContext = Pick<PolarErrorContext, 'retry'> &
	Partial<Omit<PolarErrorContext, 'retry'>>;

/** The readable error for a refused call: action and scopes from the table, unless the caller says otherwise. */
export function callError(
	node: INode,
	key: PolarOperationKey,
	response: PolarAnswer,
	context: CallErrorContext,
): NodeApiError {
	const operation = POLAR_OPERATIONS[key];
	return polarApiError(node, response, {
		action: operation.action,
		scopes: anyOfScopes(operation.scopes),
		...context,
	});
}
