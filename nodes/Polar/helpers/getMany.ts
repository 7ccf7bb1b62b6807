import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ActionRun, ItemOperation } from '../actions/types';
import type { PolarOperationKey } from '../../shared/operations';
import { listRecords } from '../../shared/pagination';
import type { PolarQuery } from '../../shared/transport';
import type { RecordShape } from './output';
import { outputProperties, outputShaper } from './output';
import { showFor } from './properties';
import { refusal } from './request';

export interface GetManyOptions {
	shape: RecordShape;
	/** Plural noun, for descriptions ("customers"). */
	plural: string;
	/** The Filters collection's fields; their names are Polar's query parameters. */
	filters: INodeProperties[];
	/**
	 * Polar's sort properties for this list (ascending; descending is the same with a leading `-`), the first
	 * one Polar's own default (offered newest first).
	 */
	sortFields: ReadonlyArray<readonly [value: string, label: string]>;
}

/** Return All, Limit, Filters, Sort and Output: the parameters every Get Many has. */
function getManyProperties(options: GetManyOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: options.filters,
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'collection',
			placeholder: 'Add Sort',
			default: {},
			options: [
				{
					displayName: 'Order',
					name: 'order',
					type: 'options',
					default: `-${options.sortFields[0][0]}`,
					description: `The order of the ${options.plural}. Without it, Return All reads them oldest first (records created meanwhile then come last instead of shifting pages), and a Limit takes the newest.`,
					options: options.sortFields
						.flatMap(([value, label]) => [
							{ name: `${label}, Ascending`, value },
							{ name: `${label}, Descending`, value: `-${value}` },
						])
						.sort((a, b) => a.name.localeCompare(b.name)),
				},
			],
		},
		...outputProperties(options.shape),
	];
}

/** The item's filters, with empty ones left out (n8n keeps a filter the user added and then cleared). */
function filterValues(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const given: IDataObject = {};
	for (const [name, value] of Object.entries(filters)) {
		if (value === '' || value === undefined || value === null) continue;
		if (Array.isArray(value) && value.length === 0) continue;
		given[name] = value;
	}
	return given;
}

/** The records of one Get Many, page after page, each in the item's output mode. */
async function getManyRecords(
	context: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
	key: PolarOperationKey,
	shape: RecordShape,
	query: PolarQuery,
	fieldLabels: Readonly<Record<string, string>> = {},
): Promise<IDataObject[]> {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? undefined
		: (context.getNodeParameter('limit', itemIndex, 50) as number);
	const order = context.getNodeParameter('sort.order', itemIndex, '') as string;
	const records = await listRecords(context, run.connection, key, {
		query: { ...query, sorting: order || undefined },
		limit,
		error: (response) =>
			refusal(context, key, response, { fieldLabels: { sorting: 'Sort', ...fieldLabels } }),
	});
	const shaped = outputShaper(context, itemIndex, shape);
	return records.map(shaped);
}

export interface GetManyOperation extends GetManyOptions {
	resource: string;
	key: PolarOperationKey;
	/** Polar's query from the item's filters, where they differ (default: the filters as they are). */
	query?: (filters: IDataObject) => PolarQuery;
}

/**
 * A resource's Get Many: its parameters, and an `execute` that sends the filters (named as Polar's query
 * parameters) and labels a refused one with its display name.
 */
export function getManyOperation(options: GetManyOperation): ItemOperation {
	const fieldLabels = Object.fromEntries(
		options.filters.map((filter) => [filter.name, filter.displayName]),
	);
	return {
		description: showFor(options.resource, 'getMany', getManyProperties(options)),
		async execute(this: IExecuteFunctions, itemIndex: number, run: ActionRun) {
			const filters = filterValues(this, itemIndex);
			return await getManyRecords(
				this,
				itemIndex,
				run,
				options.key,
				options.shape,
				options.query ? options.query(filters) : (filters as PolarQuery),
				fieldLabels,
			);
		},
	};
}
