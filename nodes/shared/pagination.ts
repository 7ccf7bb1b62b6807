import type { IDataObject, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PolarAnswer } from './errors';
import type { PolarCall } from './api';
import { callPolar } from './api';
import type { PolarOperationKey } from './operations';
import { POLAR_OPERATIONS } from './operations';
import type { PolarConnection, PolarContext } from './transport';

/** Polar clamps `limit` to 100 (its API_PAGINATION_MAX_LIMIT): asking for more only hides how many came. */
export const POLAR_PAGE_SIZE = 100;
/**
 * 1,000 pages of 100: far beyond what a workflow should pull in one go, and the end for a server that never
 * stops answering full pages.
 */
export const MAX_PAGES = 1000;

export interface ListRequest extends Pick<PolarCall, 'params' | 'query'> {
	/** How many records at most; undefined for all of them (Return All). */
	limit?: number;
	/** The error for a page Polar refused. */
	error: (response: PolarAnswer) => NodeApiError;
}

/**
 * The records of a list operation, page after page (`page`, `limit`), until `limit` records, Polar's
 * `max_page`, an empty page, or MAX_PAGES. Return All sorts by the operation's stable ascending order unless
 * the caller sorts, and every record appears once (by `id`) even if records shift between pages.
 */
export async function listRecords(
	context: PolarContext,
	connection: PolarConnection,
	key: PolarOperationKey,
	request: ListRequest,
): Promise<IDataObject[]> {
	const { limit } = request;
	// One page size for the whole run: changing it between pages would shift the pages' offsets.
	const pageSize =
		limit === undefined ? POLAR_PAGE_SIZE : Math.min(POLAR_PAGE_SIZE, Math.max(1, limit));
	const { stableSorting } = POLAR_OPERATIONS[key] as { stableSorting?: string };
	const query = { ...request.query };
	if (limit === undefined && query.sorting === undefined && stableSorting)
		query.sorting = stableSorting;

	const records: IDataObject[] = [];
	const seen = new Set<unknown>();
	for (let page = 1; ; page++) {
		if (page > MAX_PAGES) {
			throw new NodeOperationError(
				context.getNode(),
				`Stopped after ${MAX_PAGES} pages of ${POLAR_PAGE_SIZE} records`,
				{
					description:
						'That is more than one run should read: narrow the list with filters, or turn off Return All and set a Limit.',
				},
			);
		}
		const response = await callPolar(context, connection, key, {
			params: request.params,
			query: { ...query, page, limit: pageSize },
		});
		if (response.statusCode !== 200) throw request.error(response);
		const { items, pagination } = (response.body ?? {}) as {
			items?: unknown;
			pagination?: { max_page?: unknown };
		};
		if (!Array.isArray(items)) {
			throw new NodeOperationError(context.getNode(), "Polar's answer is not a list", {
				description:
					'Check that the Base URL in the Polar API credential points at the Polar API (not a proxy or web page).',
			});
		}
		for (const item of items as IDataObject[]) {
			const id = typeof item === 'object' && item !== null ? item.id : undefined;
			if (id !== undefined && seen.has(id)) continue;
			if (id !== undefined) seen.add(id);
			records.push(item);
			if (limit !== undefined && records.length >= limit) return records;
		}
		const maxPage = typeof pagination?.max_page === 'number' ? pagination.max_page : page;
		if (items.length === 0 || page >= maxPage) return records;
	}
}
