import {
	ALL_EVENTS,
	KNOWN_EVENT_TYPES,
	POLAR_EVENT_TYPES,
	eventTypesToRegister,
	isEventSelected,
} from '../../../nodes/PolarTrigger/events';
import { PolarTrigger } from '../../../nodes/PolarTrigger/PolarTrigger.node';
import {
	LATEST_EVENT_TYPES,
	NEWER_EVENT_TYPES,
	PROMISED_EVENT_TYPES,
} from '../../helpers/polarFacts';
import {
	EVENT_TYPES_BEYOND_DOCUMENT,
	acceptedEventTypes,
	eventTypes,
	payloadSchemaName,
	spec,
} from '../../../tools/polar-stand-in/openapi';

describe('event catalogue', () => {
	it('holds the 31 promised types, marked documented', () => {
		expect(PROMISED_EVENT_TYPES).toHaveLength(31);
		const documented = POLAR_EVENT_TYPES.filter((event) => event.catalogue === 'documented').map(
			(event) => event.type,
		);
		expect(documented.sort()).toEqual([...PROMISED_EVENT_TYPES].sort());
	});

	it('holds the 10 newer types of API version 2026-10', () => {
		const newer = POLAR_EVENT_TYPES.filter((event) => event.catalogue === '2026-10').map(
			(event) => event.type,
		);
		expect(newer.sort()).toEqual([...NEWER_EVENT_TYPES].sort());
	});

	it('holds subscription.migrated, newer than the 2026-10 document, as the 42nd type: a Subscription', () => {
		const newest = POLAR_EVENT_TYPES.filter((event) => event.catalogue === 'newer');
		expect(newest.map((event) => event.type)).toEqual(LATEST_EVENT_TYPES);
		expect(newest[0]).toMatchObject({ name: 'Subscription Migrated', dataObject: 'Subscription' });
		expect(POLAR_EVENT_TYPES).toHaveLength(42);
	});

	it("equals the WebhookEventType enum of Polar's OpenAPI document plus the stand-in's explicit extension, without duplicates", () => {
		expect(new Set(KNOWN_EVENT_TYPES).size).toBe(KNOWN_EVENT_TYPES.length);
		expect([...KNOWN_EVENT_TYPES].sort()).toEqual(
			[...eventTypes(), ...EVENT_TYPES_BEYOND_DOCUMENT].sort(),
		);
		expect([...KNOWN_EVENT_TYPES].sort()).toEqual(acceptedEventTypes().sort());
		expect(Object.keys(spec().webhooks).sort()).toEqual(eventTypes().sort());
	});

	it("names the object in data as the spec's payload schema does", () => {
		for (const event of POLAR_EVENT_TYPES.filter((known) => known.catalogue !== 'newer')) {
			const payloadSchema = spec().components.schemas[payloadSchemaName(event.type)] as {
				properties: { data: { $ref: string } };
			};
			const dataSchema = payloadSchema.properties.data.$ref.split('/').pop()!;
			expect([event.type, dataSchema.replace(/Webhook$/, '')]).toEqual([
				event.type,
				event.dataObject,
			]);
		}
	});

	it('gives every type a readable name and a one-line description', () => {
		for (const event of POLAR_EVENT_TYPES) {
			expect(event.name).toMatch(/^[A-Z][A-Za-z ]+$/);
			expect(event.description.length).toBeGreaterThan(10);
			expect(event.description).not.toMatch(/\n/);
		}
		expect(new Set(POLAR_EVENT_TYPES.map((event) => event.name)).size).toBe(
			POLAR_EVENT_TYPES.length,
		);
	});
});

describe('eventTypesToRegister', () => {
	it('expands * to every known type', () => {
		expect(eventTypesToRegister([ALL_EVENTS])).toEqual([...KNOWN_EVENT_TYPES].sort());
		expect(eventTypesToRegister(['order.paid', ALL_EVENTS])).toHaveLength(42);
	});

	it('sorts and de-duplicates a selection', () => {
		expect(eventTypesToRegister(['order.paid', 'checkout.created', 'order.paid'])).toEqual([
			'checkout.created',
			'order.paid',
		]);
	});

	it('keeps an empty selection empty (the lifecycle refuses it)', () => {
		expect(eventTypesToRegister([])).toEqual([]);
	});
});

describe('isEventSelected', () => {
	it('selects any type, known or not, under *', () => {
		expect(isEventSelected([ALL_EVENTS], 'subscription.migrated')).toBe(true);
		expect(isEventSelected([ALL_EVENTS], 'subscription.teleported')).toBe(true);
	});

	it('selects only the chosen types otherwise', () => {
		expect(isEventSelected(['order.paid'], 'order.paid')).toBe(true);
		expect(isEventSelected(['order.paid'], 'order.created')).toBe(false);
		expect(isEventSelected([], 'order.paid')).toBe(false);
	});
});

describe('node description', () => {
	const { description } = new PolarTrigger();
	const eventsProperty = description.properties.find((property) => property.name === 'events')!;
	const options = (eventsProperty.options ?? []) as Array<{
		name: string;
		value: string;
		description?: string;
	}>;

	it('offers * first, then every known type exactly once', () => {
		expect(eventsProperty.type).toBe('multiOptions');
		expect(options[0].value).toBe(ALL_EVENTS);
		const values = options.slice(1).map((option) => option.value);
		expect(new Set(values).size).toBe(values.length);
		expect([...values].sort()).toEqual([...KNOWN_EVENT_TYPES].sort());
		for (const type of [...PROMISED_EVENT_TYPES, ...NEWER_EVENT_TYPES, ...LATEST_EVENT_TYPES])
			expect(values).toContain(type);
	});

	it('describes when each event fires and shows its type string', () => {
		for (const option of options.slice(1))
			expect(option.description).toContain(`(${option.value})`);
	});

	it('is a trigger with one POST webhook that answers at once', () => {
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		]);
		expect(description.credentials).toEqual([{ name: 'polarBillingApi', required: true }]);
		expect(description.subtitle).toContain('$parameter["events"]');
	});
});
