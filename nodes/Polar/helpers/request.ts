import type { IDataObject } from 'n8n-workflow';

import type { ActionRun } from '../actions/types';
import type { CallErrorContext, PolarCall } from '../../shared/api';
import { callError, callPolar } from '../../shared/api';
import type { PolarAnswer } from '../../shared/errors';
import type { PolarOperationKey } from '../../shared/operations';
import type { PolarContext } from '../../shared/transport';

/** What the node's user does after an error that may pass: the node runs per execution, not per publish. */
export const RETRY = 'run the node again';

/** callError's context with the action node's retry advice filled in. */
export type RequestErrorContext = Partial<CallErrorContext>;

export function isSuccess(response: PolarAnswer): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

/** The readable error for a refused call of `key`. */
export function refusal(
	context: Pick<PolarContext, 'getNode'>,
	key: PolarOperationKey,
	response: PolarAnswer,
	errorContext: RequestErrorContext = {},
) {
	return callError(context.getNode(), key, response, { retry: RETRY, ...errorContext });
}

/** One call that must succeed: Polar's answer on a 2xx, else the readable error for what Polar said. */
export async function requestPolar(
	context: PolarContext,
	run: ActionRun,
	key: PolarOperationKey,
	call: PolarCall = {},
	errorContext: RequestErrorContext = {},
): Promise<IDataObject> {
	const response = await callPolar(context, run.connection, key, call);
	if (isSuccess(response)) return (response.body ?? {}) as IDataObject;
	throw refusal(context, key, response, errorContext);
}
