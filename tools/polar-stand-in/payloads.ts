/**
 * Realistic webhook delivery payloads, generated from the event's payload schema in Polar's OpenAPI document.
 *
 * Deterministic: the same (type, seed, timestamp, organizationId) always gives the same payload.
 * Every generated payload validates against `components.schemas.Webhook<...>Payload`.
 */
import {
	type JsonSchema,
	isKnownEventType,
	isUuid4,
	matchesAt,
	payloadSchemaName,
	resolveRef,
	validateSchema,
} from './openapi';

export interface EventPayload {
	type: string;
	timestamp: string;
	api_version?: string;
	data: Record<string, unknown>;
	[extra: string]: unknown;
}

export interface BuildPayloadOptions {
	/** PRNG seed, default 1. */
	seed?: number;
	/** The event time (top-level `timestamp`, and the anchor for every date in `data`). Default: 2026-09-21T14:03:13Z. */
	timestamp?: Date;
	/** Adds a top-level `api_version` (newer deliveries carry it). */
	apiVersion?: string;
	/** Pins every `organization_id` (and the organization's `id`) in the payload. */
	organizationId?: string;
}

/** Anchor date when no timestamp is given, so that payloads are reproducible. */
export const REFERENCE_TIMESTAMP = new Date('2026-09-21T14:03:13.027Z');

const MAX_DEPTH = 7;
const HARD_DEPTH = 16;

// ---------------------------------------------------------------------------------------------- randomness

export interface Rng {
	next(): number;
	int(min: number, max: number): number;
	pick<T>(values: readonly T[]): T;
	hex(length: number): string;
	uuid4(): string;
}

/** mulberry32: small, fast, deterministic. */
export function createRng(seed: number): Rng {
	let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
	const next = (): number => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const rng: Rng = {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		pick: (values) => values[Math.floor(next() * values.length)] as (typeof values)[number],
		hex: (length) => {
			let out = '';
			for (let i = 0; i < length; i++) out += Math.floor(next() * 16).toString(16);
			return out;
		},
		uuid4: () =>
			`${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${rng.hex(3)}-${rng.hex(12)}`,
	};
	return rng;
}

// ---------------------------------------------------------------------------------------------- helpers

/** Polar timestamps carry microseconds: `2026-09-21T14:03:13.027741Z`. */
export function polarTimestamp(date: Date, micros = '000'): string {
	return date.toISOString().replace('Z', `${micros}Z`);
}

const FIRST_NAMES = ['Jane', 'John', 'Amira', 'Lukas', 'Sofia', 'Kenji', 'Chloe', 'Mateo'];
const LAST_NAMES = ['Doe', 'Smith', 'Haddad', 'Schmidt', 'Rossi', 'Tanaka', 'Martin', 'Garcia'];
const PRODUCT_NAMES = ['Pro plan', 'Team plan', 'Starter', 'Lifetime license', 'Premium support'];

/** Names of nullable fields that are usually null on a fresh object. */
const USUALLY_NULL = new Set([
	'deleted_at',
	'revoked_at',
	'ended_at',
	'ends_at',
	'canceled_at',
	'cancel_at',
	'trial_start',
	'trial_end',
	'customer_cancellation_reason',
	'customer_cancellation_comment',
	'error',
	'discount',
	'discount_id',
	'checkout_id',
	'parent_id',
	'archived_at',
	'expires_at',
	'paused_at',
	'resumes_at',
	'previous_properties',
	'line2',
	'past_due_at',
	'next_payment_attempt_at',
]);

const PREFERRED_ENUM_VALUES = [
	'usd',
	'US',
	'en',
	'owner',
	'raw',
	'month',
	'catalog',
	'succeeded',
	'active',
	'paid',
];

interface Hint {
	/** Property name the value is generated for. */
	prop?: string;
	/** Name of the nearest component schema (e.g. `DiscountFixedRepeatDurationBase`). */
	component?: string;
	/** Entity the enclosing object stands for (`customer`, `order`...), for consistent ids. */
	entity?: string;
	/** Set when inside an array (ids must not be shared). */
	inArray?: boolean;
}

interface Ctx {
	rng: Rng;
	anchor: number;
	depth: number;
	refStack: string[];
	ids: Map<string, string>;
	forced?: { prop: string; value: unknown };
}

function asSchema(value: unknown): JsonSchema | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as JsonSchema)
		: undefined;
}

function isNullSchema(schema: JsonSchema): boolean {
	return schema.type === 'null';
}

function variantsOf(
	schema: JsonSchema,
): { key: 'anyOf' | 'oneOf'; list: JsonSchema[] } | undefined {
	if (Array.isArray(schema.oneOf)) return { key: 'oneOf', list: schema.oneOf as JsonSchema[] };
	if (Array.isArray(schema.anyOf)) return { key: 'anyOf', list: schema.anyOf as JsonSchema[] };
	return undefined;
}

function isNullable(schema: JsonSchema): boolean {
	const variants = variantsOf(schema);
	return !!variants && variants.list.some(isNullSchema);
}

function exhausted(ctx: Ctx): boolean {
	return ctx.depth > MAX_DEPTH;
}

function entityOfProp(prop: string | undefined): string | undefined {
	if (!prop) return undefined;
	if (prop === 'organization' || prop === 'customer' || prop === 'product' || prop === 'benefit')
		return prop;
	if (prop === 'subscription' || prop === 'order' || prop === 'member' || prop === 'discount')
		return prop;
	if (prop === 'checkout' || prop === 'refund' || prop === 'price' || prop === 'product_price') {
		return prop === 'product_price' ? 'price' : prop;
	}
	return undefined;
}

function idFor(ctx: Ctx, entity: string | undefined): string {
	if (!entity) return ctx.rng.uuid4();
	let id = ctx.ids.get(entity);
	if (!id) {
		id = ctx.rng.uuid4();
		ctx.ids.set(entity, id);
	}
	return id;
}

function dateTime(ctx: Ctx, prop: string | undefined): string {
	const hour = 3600 * 1000;
	const day = 24 * hour;
	const name = prop ?? '';
	let time: number;
	if (/(period_end|ends_at|expires_at|trial_end|renew|next_|valid_until|resumes_at)/.test(name)) {
		time = ctx.anchor + ctx.rng.int(1, 30) * day;
	} else if (name === 'modified_at' || name === 'timestamp') {
		time = ctx.anchor - ctx.rng.int(0, 900) * 1000;
	} else if (/(created_at|starts_at|period_start|granted_at|started_at)/.test(name)) {
		time = ctx.anchor - ctx.rng.int(1, 60) * day - ctx.rng.int(0, 23) * hour;
	} else {
		time = ctx.anchor - ctx.rng.int(0, 72) * hour;
	}
	return polarTimestamp(new Date(time), String(ctx.rng.int(0, 999)).padStart(3, '0'));
}

function personName(ctx: Ctx): string {
	return `${ctx.rng.pick(FIRST_NAMES)} ${ctx.rng.pick(LAST_NAMES)}`;
}

function quickCheck(schema: JsonSchema, value: unknown): boolean {
	if (value === null || value === undefined) return false;
	const type = schema.type;
	if (type === 'string' && typeof value !== 'string') return false;
	if (type === 'integer' && !Number.isInteger(value)) return false;
	if (type === 'number' && typeof value !== 'number') return false;
	if (type === 'boolean' && typeof value !== 'boolean') return false;
	if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
	if (typeof value === 'string') {
		if (typeof schema.minLength === 'number' && value.length < schema.minLength) return false;
		if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return false;
		if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
			return false;
		const format = schema.format;
		if ((format === 'uuid4' || format === 'uuid') && !isUuid4(value)) return false;
		if (format === 'date-time' && Number.isNaN(Date.parse(value))) return false;
		if (format === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return false;
		if (format === 'uri' && !/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
	}
	if (typeof value === 'number') {
		if (typeof schema.minimum === 'number' && value < schema.minimum) return false;
		if (typeof schema.maximum === 'number' && value > schema.maximum) return false;
		if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
			return false;
		if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
			return false;
	}
	return true;
}

// ---------------------------------------------------------------------------------------------- generator

function generate(schema: JsonSchema, pointer: string[], ctx: Ctx, hint: Hint): unknown {
	if (ctx.depth > HARD_DEPTH)
		throw new Error(`Polar stand-in: payload generation too deep at ${pointer.join('/')}`);

	if (typeof schema.$ref === 'string') {
		const { name, schema: target } = resolveRef(schema.$ref);
		// Sibling examples beside a $ref (e.g. `role: {$ref: MemberRole, examples: ["owner"]}`).
		if (Array.isArray(schema.examples)) {
			const example = schema.examples.find(
				(value) => typeof value !== 'object' && quickCheck(target, value),
			);
			if (example !== undefined) return example;
		}
		const recursive = ctx.refStack.filter((entry) => entry === name).length;
		const inner: Ctx = {
			...ctx,
			refStack: [...ctx.refStack, name],
			depth: recursive >= 1 ? ctx.depth + 3 : ctx.depth,
		};
		const objectLike = !!(
			target.properties ||
			target.type === 'object' ||
			target.oneOf ||
			target.anyOf
		);
		return generate(target, [name], inner, {
			...hint,
			component: objectLike ? name : hint.component,
		});
	}

	if ('const' in schema) return schema.const;

	const variants = variantsOf(schema);
	if (variants) return generateVariant(schema, variants, pointer, ctx, hint);

	const type = Array.isArray(schema.type)
		? ((schema.type as string[]).find((candidate) => candidate !== 'null') ?? 'null')
		: (schema.type as string | undefined);

	if (type === 'object' || (!type && (schema.properties || schema.additionalProperties))) {
		return generateObject(schema, pointer, ctx, hint);
	}
	if (type === 'array') return generateArray(schema, pointer, ctx, hint);
	if (type === 'null') return null;

	if (Array.isArray(schema.examples)) {
		const example = schema.examples.find((value) => quickCheck(schema, value));
		if (example !== undefined && !(schema.format === 'uuid4' || schema.format === 'uuid'))
			return example;
	}
	if (Array.isArray(schema.enum)) return pickEnum(schema.enum, ctx, hint);
	if (
		schema.default !== undefined &&
		schema.default !== null &&
		quickCheck(schema, schema.default)
	) {
		return schema.default;
	}
	switch (type) {
		case 'string':
			return generateString(schema, ctx, hint);
		case 'integer':
			return generateNumber(schema, ctx, hint, true);
		case 'number':
			return generateNumber(schema, ctx, hint, false);
		case 'boolean':
			return generateBoolean(ctx, hint);
		default:
			// Untyped ("any") schema.
			return `${hint.prop ?? 'value'}_${ctx.rng.hex(6)}`;
	}
}

function generateVariant(
	schema: JsonSchema,
	variants: { key: 'anyOf' | 'oneOf'; list: JsonSchema[] },
	pointer: string[],
	ctx: Ctx,
	hint: Hint,
): unknown {
	const indexed = variants.list.map((variant, index) => ({ variant, index }));
	const nonNull = indexed.filter(({ variant }) => !isNullSchema(variant));
	const nullable = nonNull.length < indexed.length;
	if (nullable && (exhausted(ctx) || (hint.prop !== undefined && USUALLY_NULL.has(hint.prop))))
		return null;
	if (nonNull.length === 0) return null;

	const discriminator = asSchema(schema.discriminator);
	const mapping = asSchema(discriminator?.mapping) as Record<string, string> | undefined;
	if (discriminator && mapping && typeof discriminator.propertyName === 'string') {
		const keys = Object.keys(mapping).sort();
		const key = ctx.rng.pick(keys);
		const { name, schema: target } = resolveRef(mapping[key] as string);
		const inner: Ctx = {
			...ctx,
			refStack: [...ctx.refStack, name],
			forced: { prop: discriminator.propertyName, value: key },
		};
		return generate(target, [name], inner, { ...hint, component: name });
	}

	if (variants.key === 'oneOf' && nonNull.length > 1) {
		// No discriminator: the value must match exactly one branch. Try branches until one does.
		const start = ctx.rng.int(0, nonNull.length - 1);
		let fallback: unknown;
		for (let offset = 0; offset < nonNull.length; offset++) {
			const { variant, index } = nonNull[(start + offset) % nonNull.length] as {
				variant: JsonSchema;
				index: number;
			};
			const candidate = generate(variant, [...pointer, 'oneOf', String(index)], { ...ctx }, hint);
			if (fallback === undefined) fallback = candidate;
			const matching = indexed.filter(({ index: other }) =>
				matchesAt([...pointer, 'oneOf', String(other)], candidate),
			);
			if (matching.length === 1) return candidate;
		}
		return fallback;
	}

	// anyOf: prefer structured branches (refs/objects) over plain scalars for realism, else pick one.
	const structured = nonNull.filter(({ variant }) => variant.$ref || variant.type === 'object');
	const pool = structured.length > 0 ? structured : nonNull;
	const chosen = pool.length === 1 ? (pool[0] as (typeof pool)[number]) : ctx.rng.pick(pool);
	return generate(chosen.variant, [...pointer, variants.key, String(chosen.index)], ctx, hint);
}

function generateObject(
	schema: JsonSchema,
	pointer: string[],
	ctx: Ctx,
	hint: Hint,
): Record<string, unknown> {
	const forced = ctx.forced;
	const inner: Ctx = { ...ctx, depth: ctx.depth + 1, forced: undefined };
	const out: Record<string, unknown> = {};
	const properties = asSchema(schema.properties) ?? {};
	const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
	const entity = hint.entity;

	for (const [prop, raw] of Object.entries(properties)) {
		const propSchema = asSchema(raw);
		if (!propSchema) continue;
		if (!required.has(prop) && exhausted(inner)) continue;
		if (forced && forced.prop === prop) {
			out[prop] = forced.value;
			continue;
		}
		const idEntity = idEntityFor(prop, propSchema, entity);
		if (idEntity !== undefined && !(prop === 'id' && hint.inArray)) {
			const id = idFor(ctx, idEntity);
			if (!isNullable(propSchema) || !USUALLY_NULL.has(prop)) {
				out[prop] = id;
				continue;
			}
		}
		const childHint: Hint = { prop, component: hint.component, entity: entityOfProp(prop) };
		out[prop] = generate(propSchema, [...pointer, 'properties', prop], inner, childHint);
	}

	const additional = schema.additionalProperties;
	if (Object.keys(properties).length === 0 && additional && additional !== false) {
		if (Array.isArray(schema.examples)) {
			const example = schema.examples.find(
				(value) =>
					value && typeof value === 'object' && !Array.isArray(value) && matchesAt(pointer, value),
			);
			if (example !== undefined) return { ...(example as Record<string, unknown>) };
		}
		if (exhausted(inner)) return out;
		const valueSchema = asSchema(additional) ?? {};
		const names = asSchema(schema.propertyNames);
		const count = hint.prop === 'metadata' ? ctx.rng.int(0, 2) : 1;
		for (let i = 0; i < count; i++) {
			let key: string;
			if (names?.format === 'uuid4' || names?.format === 'uuid')
				key = idFor(ctx, hint.prop === 'prices' ? 'product' : undefined);
			else if (names?.$ref)
				key = String(generate(names, [...pointer, 'propertyNames'], inner, { prop: 'key' }));
			else
				key =
					hint.prop === 'metadata'
						? ctx.rng.pick(['source', 'plan_tier', 'internal_ref', 'campaign'])
						: `key_${i + 1}`;
			out[key] =
				hint.prop === 'metadata'
					? ctx.rng.pick(['n8n', 'gold', `ref_${ctx.rng.hex(6)}`, 'spring'])
					: generate(valueSchema, [...pointer, 'additionalProperties'], inner, {
							prop: hint.prop,
							inArray: true,
						});
		}
	}
	return out;
}

/** For `id` / `<entity>_id` uuid properties: the entity whose id it is, so ids line up across the payload. */
function idEntityFor(
	prop: string,
	schema: JsonSchema,
	entity: string | undefined,
): string | undefined {
	const uuidish = (candidate: JsonSchema): boolean =>
		candidate.format === 'uuid4' || candidate.format === 'uuid';
	const variants = variantsOf(schema);
	const ok = uuidish(schema) || (!!variants && variants.list.some((variant) => uuidish(variant)));
	if (!ok) return undefined;
	if (prop === 'id') return entity;
	const match =
		/^(organization|customer|product|subscription|order|member|discount|checkout|benefit|price|product_price)_id$/.exec(
			prop,
		);
	if (!match) return undefined;
	return match[1] === 'product_price' ? 'price' : match[1];
}

function generateArray(schema: JsonSchema, pointer: string[], ctx: Ctx, hint: Hint): unknown[] {
	if (Array.isArray(schema.examples)) {
		const example = schema.examples.find(
			(value) => Array.isArray(value) && matchesAt(pointer, value),
		);
		if (example !== undefined) return [...(example as unknown[])];
	}
	const inner: Ctx = { ...ctx, depth: ctx.depth + 1 };
	if (Array.isArray(schema.prefixItems)) {
		return (schema.prefixItems as JsonSchema[]).map((item, index) =>
			generate(item, [...pointer, 'prefixItems', String(index)], inner, {
				prop: hint.prop,
				inArray: true,
			}),
		);
	}
	const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
	const items = asSchema(schema.items);
	if (!items) return [];
	const count = exhausted(inner) ? minItems : Math.max(minItems, 1);
	const out: unknown[] = [];
	for (let i = 0; i < count; i++) {
		out.push(
			generate(items, [...pointer, 'items'], inner, {
				prop: hint.prop,
				component: hint.component,
				inArray: true,
			}),
		);
	}
	return out;
}

function pickEnum(values: unknown[], ctx: Ctx, hint: Hint): unknown {
	const component = (hint.component ?? '').toLowerCase();
	// A value named in the component name wins (DiscountFixedRepeat... -> "fixed", "repeating").
	const named = values.find(
		(value) =>
			typeof value === 'string' &&
			value.length > 2 &&
			(component.includes(value.toLowerCase()) ||
				component.includes(value.toLowerCase().replace(/ing$/, ''))),
	);
	if (named !== undefined) return named;
	const preferred = PREFERRED_ENUM_VALUES.find((value) => values.includes(value));
	if (preferred !== undefined) return preferred;
	return ctx.rng.pick(values);
}

function generateString(schema: JsonSchema, ctx: Ctx, hint: Hint): string {
	const prop = hint.prop ?? '';
	const format = schema.format;
	if (format === 'uuid4' || format === 'uuid') return ctx.rng.uuid4();
	if (format === 'date-time') return dateTime(ctx, prop);
	if (format === 'date') return dateTime(ctx, prop).slice(0, 10);
	if (format === 'email') return emailFor(ctx);
	if (format === 'uri') return urlFor(ctx, prop);
	if (format === 'ipvanyaddress') return `203.0.113.${ctx.rng.int(1, 254)}`;
	if (format === 'duration') return 'P30D';
	if (format === 'color') return '#0062ff';

	let value = stringFor(ctx, prop, hint);
	if (typeof schema.pattern === 'string') {
		const pattern = new RegExp(schema.pattern, 'u');
		if (!pattern.test(value)) {
			const candidates = [
				'12.5',
				'0.01',
				'1',
				'usd',
				`value-${ctx.rng.hex(4)}`,
				`A${ctx.rng.hex(8).toUpperCase()}`,
			];
			value = candidates.find((candidate) => pattern.test(candidate)) ?? value;
		}
	}
	const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
	const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
	while (value.length < minLength) value += 'x';
	if (value.length > maxLength) value = value.slice(0, maxLength);
	return value;
}

function emailFor(ctx: Ctx): string {
	return `${ctx.rng.pick(FIRST_NAMES).toLowerCase()}.${ctx.rng.pick(LAST_NAMES).toLowerCase()}@example.com`;
}

function urlFor(ctx: Ctx, prop: string): string {
	if (prop.includes('avatar')) return `https://www.gravatar.com/avatar/${ctx.rng.hex(32)}?d=404`;
	if (prop.includes('checkout') || prop === 'url')
		return `https://polar.sh/checkout/polar_c_${ctx.rng.hex(24)}`;
	return `https://example.com/${prop.replace(/_url$/, '').replace(/_/g, '-') || 'resource'}/${ctx.rng.hex(8)}`;
}

function stringFor(ctx: Ctx, prop: string, hint: Hint): string {
	if (prop === 'currency' || prop.endsWith('_currency')) return 'usd';
	if (prop === 'email' || prop.endsWith('_email')) return emailFor(ctx);
	if (prop.endsWith('_url') || prop === 'url' || prop === 'website') return urlFor(ctx, prop);
	if (prop === 'country') return 'US';
	if (prop === 'locale') return 'en';
	if (prop === 'city') return ctx.rng.pick(['New York', 'Berlin', 'Lisbon', 'Osaka']);
	if (prop === 'line1') return `${ctx.rng.int(1, 999)} Market Street`;
	if (prop === 'postal_code') return String(ctx.rng.int(10000, 99999));
	if (prop === 'state') return 'US-NY';
	if (prop === 'slug') return `acme-${ctx.rng.hex(4)}`;
	if (prop === 'code') return `LAUNCH${ctx.rng.int(10, 50)}`;
	if (prop === 'external_id' || prop.startsWith('external_'))
		return `usr_${ctx.rng.int(1000, 9999)}`;
	if (prop === 'client_secret') return `polar_c_${ctx.rng.hex(32)}`;
	if (prop === 'description') return 'Access to every premium feature, billed monthly.';
	if (prop === 'invoice_number' || prop === 'receipt_number')
		return `ACME-${ctx.rng.hex(4).toUpperCase()}-${String(ctx.rng.int(1, 999)).padStart(4, '0')}`;
	if (prop === 'key' || prop.endsWith('_key'))
		return `ACME-${ctx.rng.hex(8).toUpperCase()}-${ctx.rng.hex(8).toUpperCase()}`;
	if (prop === 'billing_name' || prop === 'customer_name') return personName(ctx);
	if (prop === 'name') {
		const component = (hint.component ?? '').toLowerCase();
		if (
			component.includes('customer') ||
			component.includes('member') ||
			component.includes('user')
		)
			return personName(ctx);
		if (component.includes('organization')) return 'Acme Inc.';
		if (component.includes('product')) return ctx.rng.pick(PRODUCT_NAMES);
		if (component.includes('discount')) return `Launch discount ${ctx.rng.int(10, 50)}%`;
		if (component.includes('benefit')) return 'Premium access';
		return `${ctx.rng.pick(PRODUCT_NAMES)}`;
	}
	if (prop.endsWith('_name') || prop === 'label' || prop === 'title')
		return `Acme ${prop.replace(/_/g, ' ')}`;
	if (prop.endsWith('_id')) return `${prop.replace(/_id$/, '')}_${ctx.rng.hex(16)}`;
	return `${prop || 'value'}_${ctx.rng.hex(8)}`;
}

function generateNumber(schema: JsonSchema, ctx: Ctx, hint: Hint, integer: boolean): number {
	const prop = hint.prop ?? '';
	let min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
	let max = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
	if (typeof schema.exclusiveMinimum === 'number')
		min = Math.max(min, schema.exclusiveMinimum + (integer ? 1 : 1e-6));
	if (typeof schema.exclusiveMaximum === 'number')
		max = Math.min(max, schema.exclusiveMaximum - (integer ? 1 : 1e-6));
	let value: number;
	if (
		/(amount|total|price|balance|subtotal|net|gross|fee|revenue|cost)/.test(prop) &&
		!/count/.test(prop)
	) {
		value = /tax|discount|refunded|fee/.test(prop)
			? ctx.rng.int(0, 20) * 100
			: ctx.rng.int(5, 200) * 100 - 1;
	} else if (/basis_points/.test(prop)) {
		value = ctx.rng.pick([1000, 1500, 2000, 2500]);
	} else if (
		/(seats|quantity|count|interval_count|months|limit|units|activations|usage)/.test(prop)
	) {
		value = ctx.rng.int(1, 5);
	} else if (/(year)/.test(prop)) {
		value = 2026;
	} else {
		value = ctx.rng.int(0, 100);
	}
	if (!integer && /(units|quantity|consumed|credited|balance)/.test(prop))
		value += ctx.rng.int(0, 9) / 10;
	if (value < min) value = Number.isFinite(min) ? (integer ? Math.ceil(min) : min) : value;
	if (value > max) value = Number.isFinite(max) ? (integer ? Math.floor(max) : max) : value;
	return value;
}

function generateBoolean(ctx: Ctx, hint: Hint): boolean {
	const prop = hint.prop ?? '';
	if (
		/^(is_archived|is_deleted|is_revoked|archived|cancel_at_period_end|legacy|is_archived)$/.test(
			prop,
		)
	)
		return false;
	if (
		/^(is_granted|email_verified|enabled|selectable|is_recurring|is_business_customer)$/.test(prop)
	)
		return prop !== 'is_business_customer';
	return ctx.rng.next() < 0.5;
}

// ---------------------------------------------------------------------------------------------- event realism

type Override = [
	path: string,
	value: (payload: EventPayload, rng: Rng, at: (prop: string) => string) => unknown,
];

/** Family of an event type: the entity `data` stands for (`customer.state_changed` -> `customer`). */
function familyOf(type: string): string {
	const family = type.split('.')[0] ?? type;
	return family;
}

const STATUS_OVERRIDES: Record<string, Override[]> = {
	'checkout.created': [['status', () => 'open']],
	'checkout.updated': [['status', () => 'confirmed']],
	'checkout.expired': [['status', () => 'expired']],
	'customer.deleted': [['deleted_at', (_p, _r, at) => at('deleted_at')]],
	'member.deleted': [['deleted_at', (_p, _r, at) => at('deleted_at')]],
	'order.created': [
		['status', () => 'pending'],
		['paid', () => false],
	],
	'order.updated': [
		['status', () => 'paid'],
		['paid', () => true],
	],
	'order.paid': [
		['status', () => 'paid'],
		['paid', () => true],
	],
	'order.refunded': [
		['status', () => 'refunded'],
		['paid', () => true],
		['refunded_amount', (payload) => payload.data.total_amount ?? payload.data.net_amount],
	],
	'subscription.created': [['status', () => 'active']],
	'subscription.updated': [['status', () => 'active']],
	'subscription.active': [['status', () => 'active']],
	'subscription.uncanceled': [
		['status', () => 'active'],
		['cancel_at_period_end', () => false],
		['canceled_at', () => null],
	],
	'subscription.canceled': [
		['status', () => 'active'],
		['cancel_at_period_end', () => true],
		['canceled_at', (_p, _r, at) => at('canceled_at')],
		['ends_at', (payload) => payload.data.current_period_end],
	],
	'subscription.revoked': [
		['status', () => 'canceled'],
		['canceled_at', (_p, _r, at) => at('canceled_at')],
		['ended_at', (_p, _r, at) => at('ended_at')],
	],
	'subscription.past_due': [['status', () => 'past_due']],
	'subscription.paused': [['status', () => 'paused']],
	'subscription.resumed': [['status', () => 'active']],
	'subscription.cycled': [['status', () => 'active']],
	'refund.created': [['status', () => 'pending']],
	'refund.updated': [['status', () => 'succeeded']],
	'benefit_grant.created': [
		['is_granted', () => true],
		['is_revoked', () => false],
	],
	'benefit_grant.cycled': [['is_granted', () => true]],
	'benefit_grant.revoked': [
		['is_granted', () => false],
		['is_revoked', () => true],
		['revoked_at', (_p, _r, at) => at('revoked_at')],
	],
	'customer_seat.assigned': [['status', () => 'pending']],
	'customer_seat.claimed': [['status', () => 'claimed']],
	'customer_seat.revoked': [['status', () => 'revoked']],
};

function applyOverrides(
	type: string,
	payload: EventPayload,
	schemaName: string,
	rng: Rng,
	anchor: number,
): void {
	const overrides = STATUS_OVERRIDES[type] ?? [];
	const ctx: Ctx = { rng, anchor, depth: 0, refStack: [], ids: new Map() };
	const at = (prop: string): string => dateTime(ctx, prop);
	for (const [prop, make] of overrides) {
		if (!(prop in payload.data)) continue;
		const previous = payload.data[prop];
		payload.data[prop] = make(payload, rng, at);
		// Keep only what the spec allows.
		if (validateSchema(schemaName, payload).length > 0) payload.data[prop] = previous;
	}
}

// ---------------------------------------------------------------------------------------------- public API

function toPayload(
	type: string,
	timestamp: Date,
	data: Record<string, unknown>,
	apiVersion?: string,
): EventPayload {
	const payload: EventPayload = { type, timestamp: polarTimestamp(timestamp, '000'), data };
	if (apiVersion) {
		// Same key order as Polar: type, timestamp, api_version, data.
		return { type, timestamp: payload.timestamp, api_version: apiVersion, data };
	}
	return payload;
}

/** Generates `data` for a component schema (exposed for tests and tools). */
export function generateFromSchema(
	componentName: string,
	opts: { seed?: number; timestamp?: Date; organizationId?: string; entity?: string } = {},
): unknown {
	const rng = createRng(opts.seed ?? 1);
	const ids = new Map<string, string>();
	if (opts.organizationId) ids.set('organization', opts.organizationId);
	const ctx: Ctx = {
		rng,
		anchor: (opts.timestamp ?? REFERENCE_TIMESTAMP).getTime(),
		depth: 0,
		refStack: [],
		ids,
	};
	return generate({ $ref: `#/components/schemas/${componentName}` }, [componentName], ctx, {
		entity: opts.entity,
	});
}

/**
 * A realistic delivery payload for a known event type: `{type, timestamp, api_version?, data}`.
 * Throws for types that are not in the spec (see {@link buildEventPayloadForUnknownType}).
 */
export function buildEventPayload(type: string, opts: BuildPayloadOptions = {}): EventPayload {
	if (!isKnownEventType(type)) {
		throw new Error(
			`Polar stand-in: ${type} is not an event type of the OpenAPI document; use buildEventPayloadForUnknownType`,
		);
	}
	const seed = opts.seed ?? 1;
	const timestamp = opts.timestamp ?? REFERENCE_TIMESTAMP;
	const schemaName = payloadSchemaName(type);
	const rng = createRng(seed);
	const ids = new Map<string, string>();
	if (opts.organizationId) ids.set('organization', opts.organizationId);
	const ctx: Ctx = { rng, anchor: timestamp.getTime(), depth: 0, refStack: [], ids };

	const dataSchema = asSchema(
		asSchema(resolveRef(`#/components/schemas/${schemaName}`).schema.properties)?.data,
	);
	if (!dataSchema) throw new Error(`Polar stand-in: ${schemaName} has no data property`);
	const data = generate(dataSchema, [schemaName, 'properties', 'data'], ctx, {
		entity: familyOf(type),
		component: schemaName,
	}) as Record<string, unknown>;

	const payload = toPayload(type, timestamp, data, opts.apiVersion);
	applyOverrides(type, payload, schemaName, rng, timestamp.getTime());

	const errors = validateSchema(schemaName, payload);
	if (errors.length > 0) {
		throw new Error(
			`Polar stand-in: generated ${type} payload does not validate: ${errors.slice(0, 5).join('; ')}`,
		);
	}
	return payload;
}

/**
 * A payload for an event type the 2026-10 document does not know (Polar keeps adding types).
 * `subscription.migrated` (known to SDK 1.0.1) gets a Subscription as `data` plus top-level `provider`
 * and `provider_subscription_id`; other `<family>.<verb>` types reuse the family's data when the spec
 * has one, else a small generic object.
 */
export function buildEventPayloadForUnknownType(
	type: string,
	opts: BuildPayloadOptions = {},
): EventPayload {
	const timestamp = opts.timestamp ?? REFERENCE_TIMESTAMP;
	const seed = opts.seed ?? 1;
	const rng = createRng(seed + 7919);
	const family = familyOf(type);
	const sibling = isKnownEventType(type) ? type : undefined;
	const familyType =
		sibling ?? ['created', 'updated'].map((verb) => `${family}.${verb}`).find(isKnownEventType);
	let data: Record<string, unknown>;
	if (familyType) {
		data = buildEventPayload(familyType, {
			seed,
			timestamp,
			organizationId: opts.organizationId,
		}).data;
	} else {
		data = {
			id: rng.uuid4(),
			created_at: polarTimestamp(new Date(timestamp.getTime() - 86_400_000), '000'),
			modified_at: null,
			organization_id: opts.organizationId ?? rng.uuid4(),
		};
	}
	const payload = toPayload(type, timestamp, data, opts.apiVersion);
	if (type === 'subscription.migrated') {
		return {
			...payload,
			provider: 'stripe',
			provider_subscription_id: `sub_${rng.hex(8)}${rng.hex(6).toUpperCase()}`,
		};
	}
	return payload;
}

/** Known types through {@link buildEventPayload}, others through {@link buildEventPayloadForUnknownType}. */
export function buildAnyEventPayload(type: string, opts: BuildPayloadOptions = {}): EventPayload {
	return isKnownEventType(type)
		? buildEventPayload(type, opts)
		: buildEventPayloadForUnknownType(type, opts);
}
