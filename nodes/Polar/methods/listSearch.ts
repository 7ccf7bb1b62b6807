import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { callPolar } from '../../shared/api';
import type { PolarOperationKey } from '../../shared/operations';
import type { PolarConnection, PolarQuery } from '../../shared/transport';
import { polarConnection, RATE_LIMIT_WAIT_SECONDS } from '../../shared/transport';
import { refusal } from '../helpers/request';

/**
 * The "From List" modes of the resource locators: one page of Polar's list a call, newest first, n8n asking
 * for the next page with `paginationToken` (the page number). Customers and products are searched by Polar
 * (`query`); subscriptions and orders have no text search in Polar, so a search there finds the customers
 * matching it first and lists their subscriptions or orders.
 */

const PAGE_SIZE = 50;

interface Page {
	items: IDataObject[];
	nextPage: string | undefined;
}

/** One page of a list; a refusal is shown in the editor as the error it is (never swallowed into an empty list). */
async function listPage(
	context: ILoadOptionsFunctions,
	connection: PolarConnection,
	key: PolarOperationKey,
	query: PolarQuery,
	paginationToken: string | undefined,
): Promise<Page> {
	const page = Math.max(1, Number(paginationToken) || 1);
	const response = await callPolar(context, connection, key, {
		query: { ...query, page, limit: PAGE_SIZE },
	});
	if (response.statusCode !== 200) throw refusal(context, key, response);
	const body = (response.body ?? {}) as {
		items?: IDataObject[];
		pagination?: { max_page?: number };
	};
	const items = Array.isArray(body.items) ? body.items : [];
	const maxPage = body.pagination?.max_page ?? page;
	return { items, nextPage: items.length > 0 && page < maxPage ? String(page + 1) : undefined };
}

/** A search connection waits out a 429 as briefly as the trigger does: someone is looking at the list. */
async function searchConnection(context: ILoadOptionsFunctions): Promise<PolarConnection> {
	return await polarConnection(context, RATE_LIMIT_WAIT_SECONDS.trigger);
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function object(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null ? (value as IDataObject) : {};
}

/** "29.00 USD" from Polar's minor units, with the currency's own number of decimals. */
function money(amount: unknown, currency: unknown): string {
	if (typeof amount !== 'number' || typeof currency !== 'string' || !currency) return '';
	try {
		const format = new Intl.NumberFormat('en-US', {
			style: 'currency',
			currency: currency.toUpperCase(),
			currencyDisplay: 'code',
		});
		const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
		// Intl puts a no-break space between code and amount; a plain one searches and copies as expected.
		return format.format(amount / 10 ** digits).replace(/\s/g, ' ');
	} catch {
		// An unknown currency code: the amount as Polar gave it, still readable.
		return `${amount} ${currency}`;
	}
}

function customerLabel(customer: IDataObject): string {
	const email = text(customer.email);
	const name = text(customer.name);
	const externalId = text(customer.external_id);
	const who = name && email ? `${name} <${email}>` : name || email || text(customer.id);
	return externalId ? `${who} (${externalId})` : who;
}

function results(
	items: IDataObject[],
	label: (item: IDataObject) => string,
): INodeListSearchItems[] {
	return items.map((item) => ({ name: label(item), value: text(item.id) }));
}

/** A list Polar searches by text itself (`query`), newest first. */
async function searchByText(
	context: ILoadOptionsFunctions,
	key: PolarOperationKey,
	filter: string | undefined,
	paginationToken: string | undefined,
	label: (item: IDataObject) => string,
): Promise<INodeListSearchResult> {
	const connection = await searchConnection(context);
	const page = await listPage(
		context,
		connection,
		key,
		{ query: filter?.trim() || undefined, sorting: '-created_at' },
		paginationToken,
	);
	return { results: results(page.items, label), paginationToken: page.nextPage };
}

async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchByText(this, 'customer.getMany', filter, paginationToken, customerLabel);
}

async function searchProducts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchByText(this, 'product.getMany', filter, paginationToken, (product) => {
		const kind = text(product.recurring_interval) || 'one-time';
		return `${text(product.name)} (${kind}${product.is_archived === true ? ', archived' : ''})`;
	});
}

/**
 * The IDs of the customers a search text matches (one page of Polar's customer search), for the lists that
 * have no text search of their own; undefined without a search text.
 */
async function matchingCustomerIds(
	context: ILoadOptionsFunctions,
	connection: PolarConnection,
	filter: string | undefined,
): Promise<string[] | undefined> {
	const query = filter?.trim();
	if (!query) return undefined;
	const page = await listPage(context, connection, 'customer.getMany', { query }, undefined);
	return page.items.map((customer) => text(customer.id)).filter(Boolean);
}

/** A list filtered by the customers a search text matches: no page at all when none matches. */
async function searchByCustomer(
	context: ILoadOptionsFunctions,
	key: PolarOperationKey,
	sorting: string,
	filter: string | undefined,
	paginationToken: string | undefined,
	label: (item: IDataObject) => string,
): Promise<INodeListSearchResult> {
	const connection = await searchConnection(context);
	const customerIds = await matchingCustomerIds(context, connection, filter);
	if (customerIds?.length === 0) return { results: [] };
	const page = await listPage(
		context,
		connection,
		key,
		{ customer_id: customerIds, sorting },
		paginationToken,
	);
	return { results: results(page.items, label), paginationToken: page.nextPage };
}

async function searchSubscriptions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchByCustomer(
		this,
		'subscription.getMany',
		// Polar sorts subscriptions by when they started; they have no created_at sort.
		'-started_at',
		filter,
		paginationToken,
		(subscription) =>
			[
				text(object(subscription.customer).email),
				text(object(subscription.product).name),
				money(subscription.amount, subscription.currency),
				text(subscription.status),
			]
				.filter(Boolean)
				.join(' · '),
	);
}

async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchByCustomer(
		this,
		'order.getMany',
		'-created_at',
		filter,
		paginationToken,
		(order) =>
			[
				text(object(order.customer).email),
				text(order.description) || text(object(order.product).name),
				money(order.total_amount, order.currency),
				text(order.status),
				text(order.created_at).slice(0, 10),
			]
				.filter(Boolean)
				.join(' · '),
	);
}

export const listSearch = { searchCustomers, searchProducts, searchSubscriptions, searchOrders };
