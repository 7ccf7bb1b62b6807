/**
 * Request validation with FastAPI/pydantic-shaped errors (`{"detail":[{type, loc, msg, input, ctx?}]}`),
 * driven by the schemas of Polar's OpenAPI document, plus Polar's webhook URL rule.
 */
import { BlockList, isIP } from 'node:net';
import { type JsonSchema, componentSchema, isUuid4, resolveRef } from './openapi';
import type { TokenInfo } from './types';

export interface FastApiError {
	type: string;
	loc: Array<string | number>;
	msg: string;
	input: unknown;
	ctx?: Record<string, unknown>;
}

export const LOCAL_URL_MESSAGE = 'Webhook URLs cannot point to localhost or private IP addresses.';

function describe(values: unknown[]): string {
	const quoted = values.map((value) =>
		typeof value === 'string' ? `'${value}'` : JSON.stringify(value),
	);
	if (quoted.length <= 1) return quoted.join('');
	return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function deref(schema: JsonSchema): JsonSchema {
	let current = schema;
	for (let guard = 0; typeof current.$ref === 'string' && guard < 20; guard++)
		current = resolveRef(current.$ref).schema;
	return current;
}

/** Validates one value against a (sub-)schema and returns pydantic-like errors. */
export function checkValue(
	rawSchema: JsonSchema,
	value: unknown,
	loc: Array<string | number>,
): FastApiError[] {
	const schema = deref(rawSchema);
	const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
	if (Array.isArray(variants)) return checkUnion(schema, variants, value, loc);

	if ('const' in schema && value !== schema.const) {
		return [
			{
				type: 'literal_error',
				loc,
				msg: `Input should be ${describe([schema.const])}`,
				input: value,
				ctx: { expected: describe([schema.const]) },
			},
		];
	}

	const type = schema.type;
	if (type === 'null')
		return value === null
			? []
			: [{ type: 'none_required', loc, msg: 'Input should be None', input: value }];

	if (Array.isArray(schema.enum)) {
		if (!schema.enum.includes(value)) {
			const expected = describe(schema.enum);
			return [
				{ type: 'enum', loc, msg: `Input should be ${expected}`, input: value, ctx: { expected } },
			];
		}
		return [];
	}

	switch (type) {
		case 'string':
			return checkString(schema, value, loc);
		case 'boolean':
			return typeof value === 'boolean'
				? []
				: [{ type: 'bool_type', loc, msg: 'Input should be a valid boolean', input: value }];
		case 'integer':
			if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value))
				return [
					{
						type: 'int_from_float',
						loc,
						msg: 'Input should be a valid integer, got a number with a fractional part',
						input: value,
					},
				];
			return Number.isInteger(value)
				? checkBounds(schema, value as number, loc)
				: [{ type: 'int_type', loc, msg: 'Input should be a valid integer', input: value }];
		case 'number':
			return typeof value === 'number'
				? checkBounds(schema, value, loc)
				: [{ type: 'float_type', loc, msg: 'Input should be a valid number', input: value }];
		case 'array':
			return checkArray(schema, value, loc);
		case 'object':
			return checkObject(schema, value, loc);
		default:
			return [];
	}
}

/**
 * A union: with a discriminator, the variant its tag names (pydantic puts the tag in `loc`); without one,
 * valid when any variant is, else the errors of the variant(s) that came closest (fewest errors).
 */
function checkUnion(
	schema: JsonSchema,
	variants: JsonSchema[],
	value: unknown,
	loc: Array<string | number>,
): FastApiError[] {
	const nullable = variants.some((variant) => deref(variant).type === 'null');
	if (value === null) {
		return nullable ? [] : [{ type: 'missing', loc, msg: 'Field required', input: null }];
	}
	const discriminator = schema.discriminator as
		| { propertyName?: string; mapping?: Record<string, string> }
		| undefined;
	if (discriminator?.propertyName && discriminator.mapping && isRecord(value))
		return checkTagged(discriminator.propertyName, discriminator.mapping, value, loc);

	const nonNull = variants.filter((variant) => deref(variant).type !== 'null');
	// A variant whose literal fields (`type: "team"`, or absent with that default) fit the value is the one
	// meant: pydantic's tagged unions report only its errors.
	const tagged = nonNull.filter((variant) => tagMatches(deref(variant), value));
	const candidates = tagged.length > 0 ? tagged : nonNull;
	const outcomes = candidates.map((candidate) => checkValue(candidate, value, loc));
	if (outcomes.some((errors) => errors.length === 0)) return [];
	const fewest = Math.min(...outcomes.map((errors) => errors.length));
	const seen = new Set<string>();
	return outcomes
		.filter((errors) => errors.length === fewest)
		.flat()
		.filter((error) => {
			const key = `${error.type} ${JSON.stringify(error.loc)}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		});
}

/** True when an object schema has literal (`const`) fields and the value has (or defaults to) each of them. */
function tagMatches(schema: JsonSchema, value: unknown): boolean {
	if (!isRecord(value)) return false;
	const literals = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).filter(
		([, property]) => 'const' in property,
	);
	return (
		literals.length > 0 &&
		literals.every(([name, property]) =>
			name in value ? value[name] === property.const : property.default === property.const,
		)
	);
}

function checkTagged(
	property: string,
	mapping: Record<string, string>,
	value: Record<string, unknown>,
	loc: Array<string | number>,
): FastApiError[] {
	const tags = Object.keys(mapping);
	const discriminator = `'${property}'`;
	const tag = value[property];
	if (tag === undefined)
		return [
			{
				type: 'union_tag_not_found',
				loc,
				msg: `Unable to extract tag using discriminator ${discriminator}`,
				input: value,
				ctx: { discriminator },
			},
		];
	const ref = typeof tag === 'string' ? mapping[tag] : undefined;
	if (!ref) {
		const expected = tags.map((name) => `'${name}'`).join(', ');
		return [
			{
				type: 'union_tag_invalid',
				loc,
				msg: `Input tag '${String(tag)}' found using ${discriminator} does not match any of the expected tags: ${expected}`,
				input: value,
				ctx: { discriminator, tag: String(tag), expected_tags: expected },
			},
		];
	}
	return checkValue({ $ref: ref }, value, [...loc, tag as string]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

function checkBounds(
	schema: JsonSchema,
	value: number,
	loc: Array<string | number>,
): FastApiError[] {
	const bounds: Array<
		[keyword: string, type: string, words: string, ctx: string, ok: (n: number) => boolean]
	> = [
		['exclusiveMinimum', 'greater_than', 'greater than', 'gt', (n) => value > n],
		['minimum', 'greater_than_equal', 'greater than or equal to', 'ge', (n) => value >= n],
		['exclusiveMaximum', 'less_than', 'less than', 'lt', (n) => value < n],
		['maximum', 'less_than_equal', 'less than or equal to', 'le', (n) => value <= n],
	];
	for (const [keyword, type, words, ctx, ok] of bounds) {
		const bound = schema[keyword];
		if (typeof bound === 'number' && !ok(bound))
			return [
				{
					type,
					loc,
					msg: `Input should be ${words} ${bound}`,
					input: value,
					ctx: { [ctx]: bound },
				},
			];
	}
	return [];
}

function checkArray(
	schema: JsonSchema,
	value: unknown,
	loc: Array<string | number>,
): FastApiError[] {
	if (!Array.isArray(value))
		return [{ type: 'list_type', loc, msg: 'Input should be a valid list', input: value }];
	const items = schema.items as JsonSchema | undefined;
	const errors = items
		? value.flatMap((item, index) => checkValue(items, item, [...loc, index]))
		: [];
	const size = sizeError('List', schema.minItems, schema.maxItems, value.length, value, loc);
	return size ? [size, ...errors] : errors;
}

/** pydantic's `too_short` / `too_long` for lists and dictionaries. */
function sizeError(
	kind: 'List' | 'Dictionary',
	min: unknown,
	max: unknown,
	length: number,
	input: unknown,
	loc: Array<string | number>,
): FastApiError | undefined {
	const limits = [
		{
			type: 'too_short',
			words: 'at least',
			key: 'min_length',
			bound: min,
			out: (n: number) => length < n,
		},
		{
			type: 'too_long',
			words: 'at most',
			key: 'max_length',
			bound: max,
			out: (n: number) => length > n,
		},
	];
	for (const { type, words, key, bound, out } of limits) {
		if (typeof bound !== 'number' || !out(bound)) continue;
		const items = `${bound} item${bound === 1 ? '' : 's'}`;
		return {
			type,
			loc,
			msg: `${kind} should have ${words} ${items} after validation, not ${length}`,
			input,
			ctx: { field_type: kind, [key]: bound, actual_length: length },
		};
	}
	return undefined;
}

function checkString(
	schema: JsonSchema,
	value: unknown,
	loc: Array<string | number>,
): FastApiError[] {
	if (typeof value !== 'string')
		return [{ type: 'string_type', loc, msg: 'Input should be a valid string', input: value }];
	const fail = (type: string, msg: string, ctx: Record<string, unknown>): FastApiError[] => [
		{ type, loc, msg, input: value, ctx },
	];
	const characters = (n: number): string => `${n} character${n === 1 ? '' : 's'}`;
	if (typeof schema.minLength === 'number' && value.length < schema.minLength)
		return fail('string_too_short', `String should have at least ${characters(schema.minLength)}`, {
			min_length: schema.minLength,
		});
	if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
		return fail('string_too_long', `String should have at most ${characters(schema.maxLength)}`, {
			max_length: schema.maxLength,
		});
	if (schema.format === 'uri' && !isAbsoluteUrl(value))
		return fail('url_parsing', 'Input should be a valid URL, relative URL without a base', {
			error: 'relative URL without a base',
		});
	const emailReason = schema.format === 'email' ? emailProblem(value) : undefined;
	if (emailReason)
		return fail('value_error', `value is not a valid email address: ${emailReason}`, {
			reason: emailReason,
		});
	if (schema.format === 'date-time' && !isDateTime(value))
		return fail(
			'datetime_from_date_parsing',
			'Input should be a valid datetime or date, invalid character in year',
			{ error: 'invalid character in year' },
		);
	if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
		return fail('string_pattern_mismatch', `String should match pattern '${schema.pattern}'`, {
			pattern: schema.pattern,
		});
	if (schema.format !== 'uuid4' && schema.format !== 'uuid') return [];
	if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value))
		return fail('uuid_parsing', 'Input should be a valid UUID, unable to parse string as a UUID', {
			error: 'invalid UUID',
		});
	if (schema.format === 'uuid4' && !isUuid4(value))
		return fail('uuid_version', 'UUID version 4 expected', { expected_version: 4 });
	return [];
}

function isAbsoluteUrl(value: string): boolean {
	try {
		new URL(value);
	} catch {
		return false;
	}
	return /^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(value);
}

/** The reason email-validator gives for the commonest bad addresses (pydantic's EmailStr uses it). */
function emailProblem(value: string): string | undefined {
	const at = value.lastIndexOf('@');
	if (at < 0) return 'An email address must have an @-sign.';
	if (at === 0) return 'There must be something before the @-sign.';
	const domain = value.slice(at + 1);
	if (domain === '') return 'There must be something after the @-sign.';
	if (/\s/.test(value)) return 'The email address contains invalid characters.';
	if (!domain.includes('.'))
		return 'The part after the @-sign is not valid. It should have a period.';
	return undefined;
}

/** ISO 8601 date-times as pydantic reads them (`2026-09-21T14:03:13Z`, with offset or fraction). */
function isDateTime(value: string): boolean {
	return (
		/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(
			value,
		) && !Number.isNaN(Date.parse(value.replace(' ', 'T')))
	);
}

/** An object without declared properties: a map whose keys and values have schemas (`metadata`). */
function checkMap(
	schema: JsonSchema,
	value: Record<string, unknown>,
	loc: Array<string | number>,
): FastApiError[] {
	const errors: FastApiError[] = [];
	const size = sizeError(
		'Dictionary',
		schema.minProperties,
		schema.maxProperties,
		Object.keys(value).length,
		value,
		loc,
	);
	if (size) errors.push(size);
	const names = schema.propertyNames as JsonSchema | undefined;
	const values = schema.additionalProperties;
	for (const [key, child] of Object.entries(value)) {
		if (names)
			errors.push(...checkValue({ type: 'string', ...names }, key, [...loc, key, '[key]']));
		if (values && typeof values === 'object')
			errors.push(...checkValue(values as JsonSchema, child, [...loc, key]));
	}
	return errors;
}

function checkObject(
	schema: JsonSchema,
	value: unknown,
	loc: Array<string | number>,
	extraAllowed: Record<string, JsonSchema> = {},
): FastApiError[] {
	if (!schema.properties && isRecord(value)) return checkMap(schema, value, loc);
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return [
			{
				type: 'model_attributes_type',
				loc,
				msg: 'Input should be a valid dictionary or object to extract fields from',
				input: value,
			},
		];
	}
	const record = value as Record<string, unknown>;
	const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
	const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
	const errors: FastApiError[] = [];
	for (const name of required) {
		if (!(name in record))
			errors.push({ type: 'missing', loc: [...loc, name], msg: 'Field required', input: value });
	}
	for (const [name, child] of Object.entries(record)) {
		// Declared fields, then what `additionalProperties` allows (a TypedDict with extra items, such
		// as event metadata); without it, extra fields are refused (Polar's schemas forbid them).
		const additional = schema.additionalProperties;
		const propertySchema =
			properties[name] ??
			extraAllowed[name] ??
			(additional === true ? {} : isRecord(additional) ? (additional as JsonSchema) : undefined);
		if (!propertySchema) {
			errors.push({
				type: 'extra_forbidden',
				loc: [...loc, name],
				msg: 'Extra inputs are not permitted',
				input: child,
			});
			continue;
		}
		errors.push(...checkValue(propertySchema, child, [...loc, name]));
	}
	return errors;
}

/**
 * Validates a request body against a component schema (e.g. `WebhookEndpointCreate`) or an operation's
 * inline body schema (a union such as `CustomerSessionCustomerIDCreate | ...`), rejecting unknown fields.
 * `extraFields` are fields newer servers accept beyond the document (e.g. `api_version`).
 */
export function validateBody(
	schema: string | JsonSchema,
	body: unknown,
	extraFields: Record<string, JsonSchema> = {},
): FastApiError[] {
	if (body === undefined)
		return [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }];
	const resolved = deref(typeof schema === 'string' ? componentSchema(schema) : schema);
	if (resolved.anyOf || resolved.oneOf) return checkValue(resolved, body, ['body']);
	return checkObject(resolved, body, ['body'], extraFields);
}

/** Parses a JSON request body; FastAPI answers `json_invalid` for a body it cannot decode. */
export function parseJsonBody(
	raw: string,
): { ok: true; value: unknown } | { ok: false; error: FastApiError } {
	if (raw.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(raw) as unknown };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const position = /position (\d+)/.exec(message);
		return {
			ok: false,
			error: {
				type: 'json_invalid',
				loc: ['body', position ? Number(position[1]) : 0],
				msg: 'JSON decode error',
				input: {},
				ctx: { error: message },
			},
		};
	}
}

// ---------------------------------------------------------------------------------------------- URL rule

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.0.2.0', 24],
	['192.88.99.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['198.51.100.0', 24],
	['203.0.113.0', 24],
	['224.0.0.0', 4],
	['240.0.0.0', 4],
] as const) {
	NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
	['::', 128],
	['::1', 128],
	['100::', 64],
	['2001::', 23],
	['2001:db8::', 32],
	['fc00::', 7],
	['fe80::', 10],
	['fec0::', 10],
	['ff00::', 8],
] as const) {
	NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

function stripBrackets(host: string): string {
	return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** IPv4 inside an IPv4-mapped IPv6 address (`::ffff:7f00:1` -> `127.0.0.1`). */
function mappedIpv4(address: string): string | undefined {
	const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (dotted) return dotted[1];
	const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
	if (!hex) return undefined;
	const high = parseInt(hex[1] as string, 16);
	const low = parseInt(hex[2] as string, 16);
	return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export function isLoopbackHost(rawHost: string): boolean {
	const host = stripBrackets(rawHost.toLowerCase()).replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	const mapped = mappedIpv4(host);
	const address = mapped ?? host;
	if (isIP(address) === 4) return address.startsWith('127.');
	// WHATWG URL parsing already compresses IPv6 literals (`[0:0::1]` -> `[::1]`).
	return address === '::1';
}

/** True for localhost names and every non-public IP literal (hostnames are not resolved). */
export function isNonPublicHost(rawHost: string): boolean {
	const host = stripBrackets(rawHost.toLowerCase()).replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.localdomain')
		return true;
	const mapped = mappedIpv4(host);
	if (mapped) return true; // ::ffff:0:0/96 is not a public destination (as Python's ipaddress says)
	const family = isIP(host);
	if (family === 4) return NON_PUBLIC.check(host, 'ipv4');
	if (family === 6) return NON_PUBLIC.check(host, 'ipv6');
	return false;
}

export interface UrlRuleOptions {
	/** Lift the https + public rule for loopback URLs (http or https to 127.0.0.0/8, ::1, localhost). */
	allowLoopbackUrls?: boolean;
	/** Lift it for every non-public address (e.g. a container network). */
	allowPrivateUrls?: boolean;
}

/** Polar's webhook URL rule: https, and never localhost or a non-public IP. Returns the errors (empty = ok). */
export function checkWebhookUrl(
	value: string,
	loc: Array<string | number>,
	options: UrlRuleOptions = {},
): FastApiError[] {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return [
			{
				type: 'url_parsing',
				loc,
				msg: 'Input should be a valid URL, relative URL without a base',
				input: value,
			},
		];
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return [
			{
				type: 'url_scheme',
				loc,
				msg: "URL scheme should be 'http' or 'https'",
				input: value,
				ctx: { expected_schemes: "'http' or 'https'" },
			},
		];
	}
	const loopback = isLoopbackHost(url.hostname);
	const nonPublic = isNonPublicHost(url.hostname);
	const exempt = (loopback && options.allowLoopbackUrls) || (nonPublic && options.allowPrivateUrls);
	if (exempt) return [];
	if (nonPublic)
		return [
			{
				type: 'value_error',
				loc,
				msg: LOCAL_URL_MESSAGE,
				input: value,
				ctx: { error: LOCAL_URL_MESSAGE },
			},
		];
	if (url.protocol !== 'https:') {
		return [
			{
				type: 'url_scheme',
				loc,
				msg: "URL scheme should be 'https'",
				input: value,
				ctx: { expected_schemes: "'https'" },
			},
		];
	}
	return [];
}

// ---------------------------------------------------------------------------------------------- organization_id

/**
 * Polar's rule for `organization_id` in a request body (its organization resolver): refused
 * with an organization token (the token names the organization), required with a personal token, and
 * then only an organization the token can access.
 */
export function payloadOrganization(
	subject: TokenInfo,
	value: unknown,
	loc: Array<string | number>,
): { organizationId: string } | { errors: FastApiError[] } {
	const absent = value === undefined || value === null;
	if (subject.kind === 'organization')
		return absent
			? { organizationId: subject.organizationId }
			: {
					errors: [
						valueError(
							loc,
							'Setting organization_id is disallowed when using an organization token.',
							value,
							'organization_token',
						),
					],
				};
	if (absent) return { errors: [valueError(loc, 'organization_id is required.', null, 'missing')] };
	if (String(value).toLowerCase() !== subject.organizationId)
		return { errors: [valueError(loc, 'Organization not found.', value)] };
	return { organizationId: subject.organizationId };
}

/** An error Polar's services raise after validation (`PolarRequestValidationError`): `msg` at `loc`. */
export function valueError(
	loc: Array<string | number>,
	msg: string,
	input: unknown,
	type = 'value_error',
): FastApiError {
	return { type, loc, msg, input };
}
