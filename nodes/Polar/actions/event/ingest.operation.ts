import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameterResourceLocator,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ActionRun } from '../types';
import { callPolar } from '../../../shared/api';
import type { PolarAnswer, ValidationDetail } from '../../../shared/errors';
import { redactSecrets } from '../../../shared/errors';
import { organizationIdToSend } from '../../../shared/organization';
import { errorItem, itemError } from '../../helpers/itemErrors';
import { metadataProperty, putTypedEntries } from '../../helpers/metadata';
import { customerLocator } from '../../helpers/locators';
import { showFor } from '../../helpers/properties';
import { isSuccess, refusal } from '../../helpers/request';

/** Events per request by default: 1,000 input items make 10 requests, well within Polar's rate limits. */
export const DEFAULT_BATCH_SIZE = 100;

export const description = showFor('event', 'ingest', [
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. api_call',
		description: 'The name your meters filter on (up to 128 characters)',
	},
	customerLocator(
		'The customer the usage is billed to: usually your own user ID (By External ID)',
		{ modes: ['list', 'id', 'externalId'], defaultMode: 'externalId' },
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				default: DEFAULT_BATCH_SIZE,
				typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
				description:
					'Events sent per request (read from the first item): the input items are ingested in batches of this size',
			},
			{
				displayName: 'Event ID',
				name: 'external_id',
				type: 'string',
				default: '',
				placeholder: 'e.g. req_7f3a9c',
				description:
					'Your own unique ID for the event: Polar skips an event whose ID it already has, so a workflow that runs again does not bill twice',
			},
			metadataProperty("The event's data your meters sum or filter on, e.g. tokens: 1200"),
			{
				displayName: 'Timestamp',
				name: 'timestamp',
				type: 'dateTime',
				default: '',
				description: 'When the usage happened; empty means now',
			},
		],
	},
]);

const EVENT_FIELD_LABELS = {
	name: 'Event Name',
	customer_id: 'Customer',
	external_customer_id: 'Customer',
	external_id: 'Event ID',
	timestamp: 'Timestamp',
	metadata: 'Metadata',
} as const;

interface PendingEvent {
	itemIndex: number;
	event: IDataObject;
}

/**
 * Ingests one event per input item, many per request, and outputs one item per input item (paired with it),
 * in input order: the event as sent and its batch's counts. Polar answers a batch as a whole (inserted,
 * duplicates), so a refused batch fails every item in it: the items Polar named with their field, the others
 * as refused with them. Batches before a refused one stay ingested.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: ActionRun,
): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const fail = (itemIndex: number, error: unknown) => {
		const failure = itemError(this.getNode(), error, itemIndex);
		if (!this.continueOnFail()) throw failure;
		output[itemIndex] = errorItem(failure, itemIndex);
	};

	const pending: PendingEvent[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			pending.push({ itemIndex, event: eventOf(this, itemIndex, run) });
		} catch (error) {
			fail(itemIndex, error);
		}
	}

	const batchSize = Math.max(
		1,
		Math.floor(this.getNodeParameter('options.batchSize', 0, DEFAULT_BATCH_SIZE) as number),
	);
	const ingested: number[] = [];
	for (let start = 0, number = 1; start < pending.length; start += batchSize, number++) {
		const batch = pending.slice(start, start + batchSize);
		const response = await callPolar(this, run.connection, 'event.ingest', {
			body: { events: batch.map(({ event }) => event) },
		});
		if (!isSuccess(response)) {
			for (const [itemIndex, error] of batchFailures(this, response, batch, ingested))
				fail(itemIndex, error);
			continue;
		}
		const counts = (response.body ?? {}) as IDataObject;
		const batchInfo = {
			number,
			size: batch.length,
			inserted: counts.inserted ?? null,
			duplicates: counts.duplicates ?? 0,
		};
		for (const { itemIndex, event } of batch) {
			// The organization is the credential's, not the item's: it stays out of the output.
			const sent = { ...event };
			delete sent.organization_id;
			output[itemIndex] = {
				json: { ...sent, ingested: true, batch: batchInfo },
				pairedItem: { item: itemIndex },
			};
			ingested.push(itemIndex);
		}
	}
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}

/** The event of one input item, as Polar's `EventCreateCustomer` or `EventCreateExternalCustomer`. */
function eventOf(context: IExecuteFunctions, itemIndex: number, run: ActionRun): IDataObject {
	const name = String(context.getNodeParameter('eventName', itemIndex)).trim();
	if (!name) {
		throw new NodeOperationError(context.getNode(), 'The event name is empty', {
			itemIndex,
			description: 'Fill in Event Name with the name your meters filter on.',
		});
	}
	const customer = context.getNodeParameter('customer', itemIndex) as INodeParameterResourceLocator;
	const customerValue = String(customer.value ?? '').trim();
	if (!customerValue) {
		throw new NodeOperationError(context.getNode(), 'The customer of the event is empty', {
			itemIndex,
			description: 'Fill in Customer, usually with your own user ID (By External ID).',
		});
	}
	const event: IDataObject = { name };
	if (customer.mode === 'externalId') event.external_customer_id = customerValue;
	else event.customer_id = customerValue;

	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const externalId = String(options.external_id ?? '').trim();
	if (externalId) event.external_id = externalId;
	if (options.timestamp) event.timestamp = new Date(String(options.timestamp)).toISOString();
	putTypedEntries(event, 'metadata', options.metadata, context.getNode(), itemIndex);
	const organizationId = organizationIdToSend(context, run.connection);
	if (organizationId) event.organization_id = organizationId;
	return event;
}

/**
 * The error of each item of a refused batch. A 422 names events by their place in the batch
 * (`["body", "events", 3, "name"]`): those items get Polar's words about their own fields; the rest of the
 * batch is reported as refused along with them. Any other refusal (token, scope, rate limit, Polar down) is
 * the same error for every item of the batch.
 */
function batchFailures(
	context: IExecuteFunctions,
	response: PolarAnswer,
	batch: PendingEvent[],
	ingested: number[],
): Array<[number, NodeApiError]> {
	const node = context.getNode();
	const byPosition = eventDetails(response);
	const offenders = [...byPosition.keys()]
		.filter((position) => position < batch.length)
		.map((position) => batch[position].itemIndex);
	const span = `items ${batch[0].itemIndex}–${batch[batch.length - 1].itemIndex}`;
	const earlier =
		ingested.length > 0 ? ` Earlier batches (${ingested.length} events) were ingested.` : '';

	if (offenders.length === 0) {
		const error = refusal(context, 'event.ingest', response, { fieldLabels: EVENT_FIELD_LABELS });
		error.description = `${error.description ?? ''} No event of this batch (${span}) was ingested.${earlier}`;
		return batch.map(({ itemIndex }) => [itemIndex, error]);
	}
	const named = `item${offenders.length > 1 ? 's' : ''} ${offenders.join(', ')}`;
	const failures = batch.map(({ itemIndex }, position): [number, NodeApiError] => {
		const details = byPosition.get(position);
		const message = details
			? redactSecrets(
					`Polar refused the event of item ${itemIndex}: ${details
						.map((detail) => `${fieldLabel(detail)}${detail.msg ?? 'invalid'}`)
						.join('; ')}`,
				)
			: `Not ingested: Polar refused the batch of this item because of ${named}`;
		const error = new NodeApiError(node, { httpCode: String(response.statusCode) } as JsonObject, {
			message,
			description: `Polar takes a batch (${span}) whole or not at all: correct the event of ${named} and run the node again; the other events of the batch were not ingested.${earlier} With Event IDs set, a second run does not ingest an event twice.`,
			httpCode: String(response.statusCode),
			itemIndex,
		});
		return [itemIndex, error];
	});
	// The items Polar named first: without "Continue", the node stops with the first of them.
	return [
		...failures.filter(([itemIndex]) => offenders.includes(itemIndex)),
		...failures.filter(([itemIndex]) => !offenders.includes(itemIndex)),
	];
}

/** A 422's details by the position of the event they name in the batch. */
function eventDetails(response: PolarAnswer): Map<number, ValidationDetail[]> {
	const byPosition = new Map<number, ValidationDetail[]>();
	if (response.statusCode !== 422) return byPosition;
	const detail = (response.body as { detail?: unknown } | undefined)?.detail;
	if (!Array.isArray(detail)) return byPosition;
	for (const entry of detail as ValidationDetail[]) {
		const loc = entry?.loc ?? [];
		const position = loc[0] === 'body' && loc[1] === 'events' ? loc[2] : undefined;
		if (typeof position !== 'number') continue;
		byPosition.set(position, [...(byPosition.get(position) ?? []), entry]);
	}
	return byPosition;
}

function fieldLabel(detail: ValidationDetail): string {
	for (const part of [...(detail.loc ?? [])].reverse()) {
		if (typeof part === 'string' && part in EVENT_FIELD_LABELS)
			return `${EVENT_FIELD_LABELS[part as keyof typeof EVENT_FIELD_LABELS]}: `;
	}
	return '';
}
