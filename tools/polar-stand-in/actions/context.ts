/** What an action handler gets, and the helpers every resource shares (lists, filters, lookups). */
import { type ApiResponse, MAX_PAGE_LIMIT, notFound, paginate } from '../answers';
import type { ActionOperationId } from '../routes';
import type { TokenInfo } from '../types';
import type { ActionStore } from './store';

/** A request that passed authentication, scopes and validation against the document. */
export interface ActionRequest {
	store: ActionStore;
	subject: TokenInfo;
	operationId: ActionOperationId;
	/** Path parameters (decoded, and valid for their schema). */
	params: Record<string, string>;
	/**
	 * Query parameters, typed, with the document's defaults filled in (`page` 1, `limit` 10, `sorting`):
	 * repeatable filters are arrays, `metadata` is `{key: [values]}`.
	 */
	query: Record<string, unknown>;
	/** The JSON body, valid for the operation's request body schema (undefined when it has none). */
	body: Record<string, unknown>;
}

export type ActionHandler = (request: ActionRequest) => ApiResponse;

/** The values of a repeatable filter, undefined when absent. */
export function filterValues(request: ActionRequest, name: string): string[] | undefined {
	const values = request.query[name];
	return Array.isArray(values) ? values.map((value) => String(value)) : undefined;
}

/** True when the filter is absent or the value is one of its values (uuid filters compare lower-case). */
export function passes(request: ActionRequest, name: string, value: unknown): boolean {
	const values = filterValues(request, name);
	if (!values) return true;
	if (value === null || value === undefined) return false;
	const text = String(value);
	return values.some((candidate) => candidate === text || candidate.toLowerCase() === text);
}

/**
 * `metadata[key]=value` filters: every key must match one of its values (Polar compares the stored
 * value as text, so `metadata[seats]=3` matches the number 3).
 */
export function matchesMetadata(
	request: ActionRequest,
	metadata: Record<string, unknown>,
): boolean {
	const filter = request.query.metadata as Record<string, string[]> | undefined;
	if (!filter) return true;
	return Object.entries(filter).every(
		([key, values]) => key in metadata && values.includes(String(metadata[key])),
	);
}

/** A value to sort by; null sorts last ascending and first descending, as in Postgres. */
export type SortValue = string | number | boolean | null;

/**
 * A list answer: `all` sorted by the request's `sorting` criteria (`-name` descending), then one page.
 * Every list hook sees the page before it is sent (tests insert records mid-run there).
 */
export function listAnswer<T>(
	request: ActionRequest,
	all: T[],
	sortKeys: Record<string, (item: T) => SortValue>,
	present: (item: T) => unknown,
): ApiResponse {
	const criteria = ((request.query.sorting as string[] | undefined) ?? []).map((criterion) => ({
		key: sortKeys[criterion.replace(/^-/, '')],
		descending: criterion.startsWith('-'),
	}));
	const sorted = [...all].sort((a, b) => {
		for (const { key, descending } of criteria) {
			if (!key) continue;
			const order = compare(key(a), key(b));
			if (order !== 0) return descending ? -order : order;
		}
		return 0;
	});
	const page = request.query.page as number;
	const limit = Math.min(request.query.limit as number, MAX_PAGE_LIMIT);
	const answer = paginate(sorted, page, limit);
	const items = answer.items.map(present);
	for (const hook of [...request.store.listHooks])
		hook({ operationId: request.operationId, page, limit, items });
	return { status: 200, json: { items, pagination: answer.pagination } };
}

function compare(a: SortValue, b: SortValue): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : 1;
	return Number(a) < Number(b) ? -1 : 1;
}

/** Polar timestamps as numbers, so that `created_at` sorts by time. */
export function time(value: unknown): number | null {
	return typeof value === 'string' ? Date.parse(value) : null;
}

/** The record with this ID when the token's organization owns it, else a 404 answer. */
export function visible<T>(
	record: T | undefined,
	organizationId: string | undefined,
	subject: TokenInfo,
): { record: T } | { answer: ApiResponse } {
	if (!record || organizationId !== subject.organizationId) return { answer: notFound() };
	return { record };
}
