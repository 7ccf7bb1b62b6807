import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Polar tokens and webhook secrets, wherever they might appear in text we show or log. */
const SECRET_PATTERN = /\b(?:polar_[a-z]{2,4}_|whsec_)[A-Za-z0-9+/=_-]+/g;

export function redactSecrets(text: string): string {
	return text.replace(SECRET_PATTERN, '[redacted]');
}

/**
 * Errors that say nothing about the endpoint, only that Polar could not answer right now: a 5xx, a 429 the
 * node did not wait out, no answer at all. The lifecycle keeps a stored endpoint through them.
 */
const transientErrors = new WeakSet<object>();

export function markTransient<E extends object>(error: E): E {
	transientErrors.add(error);
	return error;
}

export function isTransientPolarError(error: unknown): boolean {
	return typeof error === 'object' && error !== null && transientErrors.has(error);
}

/** `error` to throw again from a lifecycle method: n8n's own error classes as they are, anything else wrapped. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error));
}

/** A Polar answer as the transport hands it back (here: one that is not a success). */
export interface PolarAnswer {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
}

/** One entry of a 422 answer's `detail`. */
export interface ValidationDetail {
	type?: string;
	loc?: unknown[];
	msg?: string;
}

export interface PolarErrorContext {
	/** What the node was doing, e.g. "register the webhook endpoint". */
	action: string;
	/** The scopes the call needs, e.g. "webhooks:read and webhooks:write". */
	scopes: string;
	/** What the user does to try again, e.g. "publish the workflow again". */
	retry: string;
	/** Reads a 422 about the caller's own fields; undefined leaves it to the general reading. */
	explainRefusal?: (
		details: ValidationDetail[],
	) => { message: string; description: string } | undefined;
}

/**
 * A readable n8n error for a Polar answer that is not a success: what went wrong and what fixes it.
 * Only Polar's own explanation (`error_description`, `detail`, `msg`) is quoted, never the request.
 */
export function polarApiError(
	node: INode,
	response: PolarAnswer,
	context: PolarErrorContext,
): NodeApiError {
	const { statusCode } = response;
	const said = polarExplanation(response.body);
	const saidSuffix = said ? ` Polar said: "${said}".` : '';
	let message: string;
	let description: string;

	if (statusCode === 401) {
		message = `Polar rejected the access token while trying to ${context.action}`;
		description = `The token is invalid, expired or revoked, or belongs to the other environment: Sandbox tokens only work with Sandbox, Production tokens only with Production. Check Environment and Access Token in the Polar API credential.${saidSuffix}`;
	} else if (statusCode === 403) {
		message = `The Polar access token is not allowed to ${context.action}`;
		description = `The token lacks a scope this needs. Create an Organization Access Token in Polar (Settings > Developers) with the scopes ${context.scopes}, and paste it into the Polar API credential.${saidSuffix}`;
	} else if (statusCode === 404) {
		message = `Polar could not find what the node asked for while trying to ${context.action}`;
		description = `Check the Environment and Base URL in the Polar API credential.${saidSuffix}`;
	} else if (statusCode === 422) {
		({ message, description } = describeValidationError(response.body, context));
	} else if (statusCode === 429) {
		const retryAfter = response.headers['retry-after'];
		message = `Polar's rate limit was reached while trying to ${context.action}`;
		description = `Polar allows 500 requests a minute in Production and 100 in Sandbox, per organization. ${capitalised(context.retry)}${retryAfter ? ` in ${String(retryAfter)} seconds` : ' in a minute'}.`;
	} else if (statusCode >= 500) {
		message = `Polar had a server error (${statusCode}) while trying to ${context.action}`;
		description = `This is on Polar's side and usually passes: ${context.retry} in a minute.${saidSuffix}`;
	} else {
		message = `Polar answered ${statusCode} while trying to ${context.action}`;
		description = `Unexpected answer from Polar.${saidSuffix}`;
	}

	const errorResponse: JsonObject = { httpCode: String(statusCode), message };
	const error = new NodeApiError(node, errorResponse, {
		message: redactSecrets(message),
		description: redactSecrets(description),
		httpCode: String(statusCode),
	});
	return statusCode === 429 || statusCode >= 500 ? markTransient(error) : error;
}

function describeValidationError(
	body: unknown,
	context: PolarErrorContext,
): { message: string; description: string } {
	const details = validationDetails(body);
	const all = details.map((detail) => detail.msg ?? '').join('; ');
	const field = (name: string) => details.find((detail) => detail.loc?.includes(name));

	const explained = context.explainRefusal?.(details);
	if (explained) return explained;
	const organizationDetail = field('organization_id');
	if (organizationDetail) {
		const required = /required/i.test(organizationDetail.msg ?? '');
		return required
			? {
					message: 'Polar needs an organization ID for this token',
					description: `Personal access tokens must say which organization the request is for: fill in Organization ID in the Polar API credential, or better, use an Organization Access Token. Polar said: "${organizationDetail.msg ?? ''}".`,
				}
			: {
					message: 'Remove the organization ID from the Polar API credential',
					description: `Organization Access Tokens already belong to one organization and must not send an organization ID: clear Organization ID in the credential. Polar said: "${organizationDetail.msg ?? ''}".`,
				};
	}
	return {
		message: `Polar refused the request to ${context.action}`,
		description: all ? `Polar said: "${all}".` : 'Polar gave no reason.',
	};
}

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function validationDetails(body: unknown): ValidationDetail[] {
	const detail = (body as { detail?: unknown } | undefined)?.detail;
	if (Array.isArray(detail))
		return detail.filter(
			(item): item is ValidationDetail => typeof item === 'object' && item !== null,
		);
	if (typeof detail === 'string') return [{ msg: detail }];
	return [];
}

/** Polar's own words about an error, from any of its error shapes. */
function polarExplanation(body: unknown): string | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const { error_description: errorDescription, detail, error } = body as Record<string, unknown>;
	if (typeof errorDescription === 'string') return errorDescription;
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail))
		return validationDetails(body)
			.map((item) => item.msg ?? '')
			.join('; ');
	if (typeof error === 'string') return error;
	return undefined;
}
