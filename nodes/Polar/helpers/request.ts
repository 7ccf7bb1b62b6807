import type { IDataObject } from 'n8n-workflow';

import type { ActionRun } from '../actions/types';
import type { CallErrorContext, PolarCall } from '../../shared/api';
import { callError, callPolar } from '../../shared/api';
import type { PolarAnswer } from '../../shared/errors';
import { polarErrorClass } from '../../shared/errors';
import type { PolarOperationKey } from '../../shared/operations';
import type { PolarContext } from '../../shared/transport';

/** What the node's user does after an error that may pass: the node runs per execution, not per publish. */
export const RETRY = 'run the node again';

/** callError's context with the action node's retry advice filled in. */
export type RequestErrorContext = Partial<CallErrorContext>;

export function isSuccess(response: PolarAnswer): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

/**
 * Statuses Polar also uses for its business rules, with an error class naming the rule: 400 (`BadRequest`
 * "License key only has 2 more usages", `RevokeSubscriptionBenefitsProhibited`), 404 other than
 * `ResourceNotFound` (`RefundUnknownPayment`), 410 (`ResourceUnavailable`). Read like the business 403s.
 */
const BUSINESS_RULE_STATUSES = [400, 404, 410];

/** The readable error for a refused call of `key`. */
export function refusal(
	context: Pick<PolarContext, 'getNode'>,
	key: PolarOperationKey,
	response: PolarAnswer,
	errorContext: RequestErrorContext = {},
) {
	const errorClass = polarErrorClass(response.body);
	const businessRule =
		BUSINESS_RULE_STATUSES.includes(response.statusCode) &&
		errorClass !== undefined &&
		errorClass !== 'ResourceNotFound';
	const error = callError(
		context.getNode(),
		key,
		// Read as the business 403 it is; the error keeps Polar's own status.
		businessRule ? { ...response, statusCode: 403 } : response,
		{ retry: RETRY, ...errorContext },
	);
	if (businessRule) error.httpCode = String(response.statusCode);
	return error;
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
