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
	/**
	 * The scopes the call needs, as the user should read them: "webhooks:read and webhooks:write" for the
	 * trigger's lifecycle, `anyOfScopes(...)` of an operation's table entry for an action. When empty, the
	 * scopes Polar names in `WWW-Authenticate` are used.
	 */
	scopes: string;
	/** What the user does to try again, e.g. "run the node again". */
	retry: string;
	/** What the call was about, named in a 404: e.g. `{ name: 'subscription', id }`. */
	resource?: { name: string; id?: string };
	/** n8n parameter labels of Polar's body and query fields, so that a 422 names the field the user filled in. */
	fieldLabels?: Readonly<Record<string, string>>;
	/** Reads a 422 about the caller's own fields; undefined leaves it to the general reading. */
	explainRefusal?: (
		details: ValidationDetail[],
	) => { message: string; description: string } | undefined;
}

/** "a", "a or b", "a, b or c": any one of an operation's scopes is enough, as Polar checks them. */
export function anyOfScopes(scopes: readonly string[]): string {
	if (scopes.length <= 1) return scopes.join('');
	return `${scopes.slice(0, -1).join(', ')} or ${scopes[scopes.length - 1]}`;
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
	const errorClass = polarErrorClass(response.body);
	let message: string;
	let description: string;

	if (statusCode === 401) {
		message = `Polar rejected the access token while trying to ${context.action}`;
		description = `The token is invalid, expired or revoked, or belongs to the other environment: Sandbox tokens only work with Sandbox, Production tokens only with Production. Check Environment and Access Token in the Polar API credential.${saidSuffix}`;
	} else if (isBusinessRule(statusCode, errorClass)) {
		// Polar's business rules (AlreadyCanceledSubscription, RefundedAlready, NotPermitted, …) are 403s too,
		// and some are 400s ("License key only has 2 more usages"), 404s other than ResourceNotFound
		// (RefundUnknownPayment) or 410s (ResourceUnavailable): they say what Polar will not do, not that the
		// token lacks a scope or the record is missing.
		message = `Polar refused to ${context.action}: ${said ?? errorClass}`;
		description = `Polar's reason: ${errorClass}. No other token or scope changes this; check the ${context.resource?.name ?? 'record'} in Polar.${saidSuffix}`;
	} else if (statusCode === 403) {
		const needed =
			context.scopes ||
			anyOfScopes(scopesFromChallenge(response.headers['www-authenticate']) ?? []);
		message = `The Polar access token is not allowed to ${context.action}`;
		description = `The token lacks a scope this needs: ${needed}. Create an Organization Access Token in Polar (Settings > Developers) with ${/ or /.test(needed) ? 'one of them' : / and /.test(needed) ? 'both' : 'it'}, and paste it into the Polar API credential.${saidSuffix}`;
	} else if (statusCode === 404 && errorClass === undefined) {
		// FastAPI's own 404 ({"detail":"Not Found"}) is an unknown route, not a missing record.
		message = `There is no such Polar API route at the Base URL while trying to ${context.action}`;
		description = `Check the Environment and Base URL in the Polar API credential: a custom Base URL is the address of the Polar API itself (e.g. https://polar.example.com), without a path.${saidSuffix}`;
	} else if (statusCode === 404) {
		const { name, id } = context.resource ?? { name: 'record' };
		message = `Polar has no ${name}${id ? ` with the ID "${id}"` : ''}`;
		description = `Check the ID, and that the Polar API credential uses the environment the ${name} was created in (Sandbox and Production are separate).${saidSuffix}`;
	} else if (statusCode === 409) {
		message = `Polar refused to ${context.action} in the ${context.resource?.name ?? 'record'}'s current state`;
		description = `${errorClass ? `Polar's reason: ${errorClass}. ` : ''}Wait until Polar has finished with it, or check its state in Polar, then ${context.retry}.${saidSuffix}`;
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

	const errorResponse: JsonObject = {
		httpCode: String(statusCode),
		message: redactSecrets(message),
	};
	const error = new NodeApiError(node, errorResponse, {
		message: redactSecrets(message),
		description: redactSecrets(description),
		httpCode: String(statusCode),
	});
	return statusCode === 429 || statusCode >= 500 ? markTransient(error) : error;
}

const BUSINESS_RULE_STATUSES = [400, 403, 404, 410];

function isBusinessRule(statusCode: number, errorClass: string | undefined): errorClass is string {
	return (
		BUSINESS_RULE_STATUSES.includes(statusCode) &&
		errorClass !== undefined &&
		errorClass !== 'insufficient_scope' &&
		errorClass !== 'ResourceNotFound'
	);
}

/** The scopes named in `WWW-Authenticate: Bearer error="insufficient_scope", scope="a b"`. */
function scopesFromChallenge(header: unknown): string[] | undefined {
	const text = Array.isArray(header) ? header.join(', ') : typeof header === 'string' ? header : '';
	const scopes = /scope="([^"]*)"/.exec(text)?.[1].split(/\s+/).filter(Boolean);
	return scopes?.length ? scopes : undefined;
}

/** Polar's error class (`"error": "AlreadyCanceledSubscription"`), if the body has one. */
export function polarErrorClass(body: unknown): string | undefined {
	const error = (body as { error?: unknown } | undefined)?.error;
	return typeof error === 'string' && error ? error : undefined;
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
	const labelled = details
		.map((detail) => {
			const label = fieldLabel(detail.loc, context.fieldLabels);
			return label ? `${label}: ${detail.msg ?? ''}` : undefined;
		})
		.filter((text): text is string => text !== undefined);
	if (labelled.length > 0) {
		return {
			message: `Polar refused ${labelled.length === 1 ? 'a field' : 'fields'} to ${context.action}: ${labelled.join('; ')}`,
			description: `Correct ${labelled.length === 1 ? 'the field' : 'the fields'} in the node and run it again. Polar said: "${all}".`,
		};
	}
	return {
		message: `Polar refused the request to ${context.action}`,
		description: all ? `Polar said: "${all}".` : 'Polar gave no reason.',
	};
}

/** The n8n label of the field a 422 `loc` points at (`["body", "email"]` → "Email"), the nearest one named. */
function fieldLabel(
	loc: unknown[] | undefined,
	labels: Readonly<Record<string, string>> | undefined,
): string | undefined {
	if (!loc || !labels) return undefined;
	for (let index = loc.length - 1; index >= 0; index--) {
		const part = loc[index];
		if (typeof part === 'string' && Object.prototype.hasOwnProperty.call(labels, part))
			return labels[part];
	}
	return undefined;
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
