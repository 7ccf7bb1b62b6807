/**
 * The answers every route of the stand-in gives: Polar's error bodies (exactly as its exception handlers
 * write them) and page/limit pagination.
 */
import type { FastApiError } from './validation';

export interface ApiResponse {
	status: number;
	json?: unknown;
	headers?: Record<string, string>;
	/** Path template + method for response-schema lookup (only answers of an operation are checked). */
	operation?: { template: string; method: string };
}

export const UNAUTHORIZED_BODY = { error: 'Unauthorized', detail: 'Unauthorized' } as const;
export const INVALID_TOKEN_BODY = {
	error: 'invalid_token',
	error_description:
		'The access token provided is expired, revoked, malformed, or invalid for other reasons.',
} as const;
export const INSUFFICIENT_SCOPE_BODY = {
	error: 'insufficient_scope',
	error_description: 'The request requires higher privileges than provided by the access token.',
} as const;
export const NOT_FOUND_BODY = { error: 'ResourceNotFound', detail: 'Not found' } as const;

/** 422 as Polar's handler for request validation errors writes it (the document's schema shows only `detail`). */
export function unprocessable(errors: FastApiError[]): ApiResponse {
	return { status: 422, json: { error: 'RequestValidationError', detail: errors } };
}

/** A PolarError: `{"error": <exception class>, "detail": <message>}`. */
export function polarError(status: number, error: string, detail: string): ApiResponse {
	return { status, json: { error, detail } };
}

/** 404 `ResourceNotFound`, with Polar's default message unless the server says more (license keys do). */
export function notFound(detail: string = NOT_FOUND_BODY.detail): ApiResponse {
	return polarError(404, NOT_FOUND_BODY.error, detail);
}

/** Polar's `API_PAGINATION_MAX_LIMIT`: larger limits are clamped, silently. */
export const MAX_PAGE_LIMIT = 100;

export interface Page<T> {
	items: T[];
	pagination: { total_count: number; max_page: number };
}

/** One page of `all`; a page past `max_page` is empty. */
export function paginate<T>(all: T[], page: number, limit: number): Page<T> {
	const size = Math.min(limit, MAX_PAGE_LIMIT);
	return {
		items: all.slice((page - 1) * size, page * size),
		pagination: { total_count: all.length, max_page: Math.ceil(all.length / size) },
	};
}

/**
 * Errors Polar's server raises on a status its document declares with another schema. Only these may
 * differ from the declared schema; anything else is a stand-in bug (server.ts records it).
 * - `InvoiceDoesNotExist`: `GET /v1/orders/{id}/invoice` before the invoice is generated answers 404
 *   with it (Polar's order service); the document's 404 is `ResourceNotFound`.
 */
export const POLAR_ERRORS_BEYOND_DOCUMENT: readonly string[] = ['InvoiceDoesNotExist'];
