/**
 * Event ingestion: `POST /v1/events/ingest`, as Polar's event service does it. Every event is checked
 * (organization rule per event, known customer, known parent); an event whose `external_id` was already
 * ingested in the organization, or earlier in the same batch, is a duplicate and is not inserted.
 */
import { unprocessable } from '../answers';
import { type FastApiError, payloadOrganization, valueError } from '../validation';
import type { ActionHandler } from './context';
import { meterEvent } from './meters';
import type { ActionStore, EventRecord, Fields } from './store';

function parentKnown(
	store: ActionStore,
	organizationId: string,
	parentId: string,
	batch: Set<string>,
): boolean {
	if (batch.has(parentId)) return true;
	return [...store.events.values()].some(
		(event) =>
			event.organization_id === organizationId &&
			(event.id === parentId.toLowerCase() || event.external_id === parentId),
	);
}

export const ingestEvents: ActionHandler = ({ store, subject, body }) => {
	const events = body.events as Fields[];
	const errors: FastApiError[] = [];
	const batchExternalIds = new Set(
		events.map((event) => event.external_id).filter((id): id is string => typeof id === 'string'),
	);
	const accepted: Array<{ event: Fields; organizationId: string }> = [];
	events.forEach((event, index) => {
		const loc = ['body', 'events', index];
		const organization = payloadOrganization(subject, event.organization_id, [
			...loc,
			'organization_id',
		]);
		if ('errors' in organization) {
			errors.push(...organization.errors);
			return;
		}
		const organizationId = organization.organizationId;
		if (typeof event.customer_id === 'string') {
			const customer = store.customers.get(event.customer_id.toLowerCase());
			if (!customer || customer.organization_id !== organizationId || customer.deleted_at) {
				errors.push(
					valueError(
						[...loc, 'customer_id'],
						'Customer not found.',
						event.customer_id,
						'customer_id',
					),
				);
				return;
			}
		}
		if (
			typeof event.parent_id === 'string' &&
			!parentKnown(store, organizationId, event.parent_id, batchExternalIds)
		) {
			errors.push(
				valueError([...loc, 'parent_id'], 'Parent event not found.', event.parent_id, 'parent_id'),
			);
			return;
		}
		accepted.push({ event, organizationId });
	});
	if (errors.length > 0) return unprocessable(errors);

	let inserted = 0;
	let duplicates = 0;
	const seen = new Set<string>();
	for (const { event, organizationId } of accepted) {
		const externalId = typeof event.external_id === 'string' ? event.external_id : null;
		if (externalId !== null) {
			const known =
				seen.has(externalId) ||
				[...store.events.values()].some(
					(stored) =>
						stored.organization_id === organizationId && stored.external_id === externalId,
				);
			seen.add(externalId);
			if (known) {
				duplicates += 1;
				continue;
			}
		}
		const externalCustomerId =
			typeof event.external_customer_id === 'string' ? event.external_customer_id : null;
		const customerId =
			typeof event.customer_id === 'string'
				? event.customer_id.toLowerCase()
				: externalCustomerId
					? (store.customerByExternalId(organizationId, externalCustomerId)?.id ?? null)
					: null;
		const record: EventRecord = {
			id: store.id(),
			name: event.name as string,
			timestamp: (event.timestamp as string | undefined) ?? store.stamp(),
			organization_id: organizationId,
			external_id: externalId,
			customer_id: customerId,
			external_customer_id: externalCustomerId,
			parent_id: (event.parent_id as string | null | undefined) ?? null,
			metadata: { ...((event.metadata as Fields | undefined) ?? {}) },
		};
		store.events.set(record.id, record);
		meterEvent(store, record);
		inserted += 1;
	}
	return { status: 200, json: { inserted, duplicates } };
};
