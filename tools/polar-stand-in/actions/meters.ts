/**
 * Meters and customer meters: `GET /v1/customer-meters/`, and the usage ingested events add to them
 * (the stand-in evaluates the simple meters it seeds: clauses on `name` and metadata, count or sum).
 */
import type { ActionHandler } from './context';
import { listAnswer, passes, time } from './context';
import { presentCustomer } from './customers';
import type { ActionStore, CustomerMeterRecord, EventRecord, Fields, MeterRecord } from './store';

export interface MeterInput {
	name?: string;
	/** The event name the meter counts (a filter clause `name eq <event>`). */
	event?: string;
	/** Sum this metadata property instead of counting events. */
	sum?: string;
	organization_id?: string;
	created_at?: string;
}

export function createMeter(store: ActionStore, input: MeterInput = {}): MeterRecord {
	const event = input.event ?? 'api_call';
	const meter: MeterRecord = {
		metadata: {},
		created_at: input.created_at ?? store.stamp(),
		modified_at: null,
		id: store.id(),
		name: input.name ?? 'API calls',
		unit: 'scalar',
		custom_label: null,
		custom_multiplier: null,
		filter: { conjunction: 'and', clauses: [{ property: 'name', operator: 'eq', value: event }] },
		aggregation: input.sum ? { func: 'sum', property: input.sum } : { func: 'count' },
		organization_id: input.organization_id ?? store.organizationId,
		archived_at: null,
	};
	store.meters.set(meter.id, meter);
	return meter;
}

export interface CustomerMeterInput {
	customer_id: string;
	meter_id: string;
	consumed_units?: number;
	credited_units?: number;
	created_at?: string;
}

export function createCustomerMeter(
	store: ActionStore,
	input: CustomerMeterInput,
): CustomerMeterRecord {
	const consumed = input.consumed_units ?? 0;
	const credited = input.credited_units ?? 0;
	const created = input.created_at ?? store.stamp();
	const record: CustomerMeterRecord = {
		id: store.id(),
		created_at: created,
		modified_at: created,
		customer_id: input.customer_id,
		meter_id: input.meter_id,
		consumed_units: consumed,
		credited_units: credited,
		balance: credited - consumed,
	};
	store.customerMeters.set(record.id, record);
	return record;
}

/** The value an event gives a meter, or undefined when the meter's filter does not match it. */
function meterValue(meter: MeterRecord, event: EventRecord): number | undefined {
	const filter = meter.filter as { conjunction: string; clauses: Fields[] };
	const matches = filter.clauses.map((clause) => {
		const actual =
			clause.property === 'name' ? event.name : event.metadata[String(clause.property)];
		return clause.operator === 'eq' ? actual === clause.value : actual !== clause.value;
	});
	const matched = filter.conjunction === 'or' ? matches.some(Boolean) : matches.every(Boolean);
	if (!matched) return undefined;
	const aggregation = meter.aggregation as { func: string; property?: string };
	if (aggregation.func === 'count') return 1;
	const value = event.metadata[aggregation.property ?? ''];
	return typeof value === 'number' ? value : 0;
}

/** Adds an ingested event's usage to its customer's meters (creating a customer meter on first use). */
export function meterEvent(store: ActionStore, event: EventRecord): void {
	const customerId = event.customer_id;
	if (!customerId) return;
	for (const meter of store.meters.values()) {
		if (meter.organization_id !== event.organization_id || meter.archived_at) continue;
		const value = meterValue(meter, event);
		if (value === undefined) continue;
		const record =
			[...store.customerMeters.values()].find(
				(candidate) => candidate.customer_id === customerId && candidate.meter_id === meter.id,
			) ?? createCustomerMeter(store, { customer_id: customerId, meter_id: meter.id });
		record.consumed_units += value;
		record.balance = record.credited_units - record.consumed_units;
		record.modified_at = store.stamp();
	}
}

function presentCustomerMeter(store: ActionStore, record: CustomerMeterRecord): Fields {
	const customer = store.customers.get(record.customer_id);
	return {
		...structuredClone(record),
		customer: customer ? presentCustomer(store, customer) : null,
		meter: structuredClone(store.meters.get(record.meter_id)),
	};
}

export const listCustomerMeters: ActionHandler = (request) => {
	const { store, subject } = request;
	const all = [...store.customerMeters.values()].filter((record) => {
		const customer = store.customers.get(record.customer_id);
		return (
			customer?.organization_id === subject.organizationId &&
			!customer.deleted_at &&
			passes(request, 'organization_id', customer.organization_id) &&
			passes(request, 'customer_id', record.customer_id) &&
			passes(request, 'external_customer_id', customer.external_id) &&
			passes(request, 'meter_id', record.meter_id)
		);
	});
	return listAnswer(
		request,
		all,
		{
			created_at: (record) => time(record.created_at),
			modified_at: (record) => time(record.modified_at),
			customer_id: (record) => record.customer_id,
			customer_name: (record) => store.customers.get(record.customer_id)?.name ?? null,
			meter_id: (record) => record.meter_id,
			meter_name: (record) => store.meters.get(record.meter_id)?.name ?? null,
			consumed_units: (record) => record.consumed_units,
			credited_units: (record) => record.credited_units,
			balance: (record) => record.balance,
		},
		(record) => presentCustomerMeter(store, record),
	);
};
