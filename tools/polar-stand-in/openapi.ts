/**
 * Polar's OpenAPI 3.1 document, loaded once and compiled lazily with Ajv (JSON Schema 2020-12).
 *
 * The document is the copy of Polar's `openapi-2026-10.json` kept beside this file (gzipped, so that a clean
 * clone has it; test/polar-stand-in/openapi.test.ts checks it against the project's shared copy), or the
 * file `POLAR_OPENAPI` names (plain JSON or `.gz`).
 * Component schemas are re-rooted under `$defs` of a single Ajv schema so that any component, or any
 * sub-schema addressed by a JSON pointer below a component, can be validated on its own.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
	openapi: string;
	info: { version: string; [key: string]: unknown };
	paths: Record<string, Record<string, unknown>>;
	webhooks: Record<
		string,
		{ post?: { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } } }
	>;
	components: { schemas: Record<string, JsonSchema> };
}

const ROOT_ID = 'https://polar-stand-in.local/openapi.json';
const COMPONENT_PREFIX = '#/components/schemas/';

/** The API version the bundled document describes. */
export const SPEC_API_VERSION = '2026-10';

export const BUNDLED_OPENAPI = path.join(__dirname, 'polar-openapi-2026-10.json.gz');

export function openApiPath(): string {
	return process.env.POLAR_OPENAPI || BUNDLED_OPENAPI;
}

/** The document's text, un-gzipped when the file is `.gz`. */
export function readOpenApiText(file: string): string {
	const bytes = fs.readFileSync(file);
	return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

let docCache: OpenApiDocument | undefined;
let ajvCache: InstanceType<typeof Ajv2020> | undefined;
const validators = new Map<string, ValidateFunction>();

/** The parsed OpenAPI document (read once per process). */
export function spec(): OpenApiDocument {
	if (!docCache) {
		const file = openApiPath();
		let text: string;
		try {
			text = readOpenApiText(file);
		} catch (error) {
			throw new Error(
				`Polar stand-in: cannot read the OpenAPI document at ${file} (set POLAR_OPENAPI): ${String(error)}`,
			);
		}
		const parsed = JSON.parse(text) as OpenApiDocument;
		if (!parsed.components?.schemas || !parsed.webhooks) {
			throw new Error(`Polar stand-in: ${file} does not look like Polar's OpenAPI document`);
		}
		extendEventTypes(parsed);
		docCache = parsed;
	}
	return docCache;
}

/** A component schema by name (`components.schemas[name]`), throws when unknown. */
export function componentSchema(name: string): JsonSchema {
	const schema = spec().components.schemas[name];
	if (!schema) throw new Error(`Polar stand-in: no component schema named ${name}`);
	return schema;
}

/** Resolves a local `$ref` (`#/components/schemas/X`) to its schema and name. */
export function resolveRef(ref: string): { name: string; schema: JsonSchema } {
	if (!ref.startsWith(COMPONENT_PREFIX)) throw new Error(`Polar stand-in: unsupported $ref ${ref}`);
	const name = decodePointerSegment(ref.slice(COMPONENT_PREFIX.length));
	return { name, schema: componentSchema(name) };
}

function decodePointerSegment(segment: string): string {
	return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

function encodePointerSegment(segment: string): string {
	return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/** Deep copy of the component schemas with `$ref`s re-pointed from `#/components/schemas/` to `#/$defs/`. */
function rerootSchemas(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(rerootSchemas);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
			if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT_PREFIX)) {
				out[key] = `#/$defs/${child.slice(COMPONENT_PREFIX.length)}`;
			} else {
				out[key] = rerootSchemas(child);
			}
		}
		return out;
	}
	return value;
}

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid4(value: string): boolean {
	return UUID4.test(value);
}

function ajv(): InstanceType<typeof Ajv2020> {
	if (!ajvCache) {
		const instance = new Ajv2020({
			strict: false,
			allErrors: true,
			validateSchema: false,
			logger: false,
		});
		addFormats(instance);
		instance.addFormat('uuid4', UUID4);
		// Pydantic's IPvAnyAddress and Color: accept what those types accept.
		instance.addFormat('ipvanyaddress', (value: string) => net.isIP(value) !== 0);
		instance.addFormat(
			'color',
			/^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|[a-z]+|(rgb|hsl)a?\(.*\))$/i,
		);
		instance.addSchema({
			$id: ROOT_ID,
			$defs: rerootSchemas(spec().components.schemas) as Record<string, unknown>,
		});
		ajvCache = instance;
	}
	return ajvCache;
}

/**
 * A compiled validator for a JSON pointer below `components.schemas`, e.g. `Order` or
 * `Checkout/properties/discount/anyOf/0/oneOf/1` (segments unescaped, joined with `/`).
 */
export function validatorAt(pointerSegments: string[]): ValidateFunction {
	const key = pointerSegments.map(encodePointerSegment).join('/');
	let fn = validators.get(key);
	if (!fn) {
		if (!spec().components.schemas[pointerSegments[0] ?? '']) {
			throw new Error(`Polar stand-in: no component schema named ${pointerSegments[0]}`);
		}
		fn = ajv().compile({ $ref: `${ROOT_ID}#/$defs/${key}` });
		validators.set(key, fn);
	}
	return fn;
}

export function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
	if (!errors) return [];
	return errors.map((error) => {
		const where = error.instancePath || '(root)';
		const details: string[] = [];
		const params = error.params as Record<string, unknown>;
		if (Array.isArray(params.allowedValues))
			details.push(`allowed: ${params.allowedValues.map(String).join(', ')}`);
		if (params.allowedValue !== undefined)
			details.push(`allowed: ${JSON.stringify(params.allowedValue)}`);
		if (typeof params.additionalProperty === 'string')
			details.push(`property: ${params.additionalProperty}`);
		return `${where} ${error.message ?? error.keyword}${details.length ? ` (${details.join('; ')})` : ''}`;
	});
}

/** Validates `value` against the component schema `name`; empty array = valid. */
export function validateSchema(name: string, value: unknown): string[] {
	const fn = validatorAt([name]);
	return fn(value) ? [] : formatErrors(fn.errors);
}

export function matchesAt(pointerSegments: string[], value: unknown): boolean {
	return validatorAt(pointerSegments)(value) === true;
}

/**
 * Event types Polar sends that the bundled 2026-10 document predates. The one explicit extension of the
 * document: Polar's SDKs (1.0.1 and newer) list `subscription.migrated` among the types Polar sends, with a
 * Subscription as `data` and top-level `provider` and `provider_subscription_id` (payloads.ts builds it).
 * Added to the WebhookEventType enum on load, so that request and response validation accept endpoints
 * subscribed to it; everything else is validated exactly as the document says.
 */
export const EVENT_TYPES_BEYOND_DOCUMENT: readonly string[] = ['subscription.migrated'];

let documentEventTypes: string[] | undefined;

function extendEventTypes(document: OpenApiDocument): void {
	const schema = document.components.schemas.WebhookEventType;
	if (!schema || !Array.isArray(schema.enum))
		throw new Error('Polar stand-in: WebhookEventType has no enum');
	documentEventTypes = schema.enum.map(String);
	schema.enum = [
		...documentEventTypes,
		...EVENT_TYPES_BEYOND_DOCUMENT.filter((type) => !documentEventTypes?.includes(type)),
	];
}

/** The 41 values of WebhookEventType in the document, in its order (without the extension). */
export function eventTypes(): string[] {
	spec();
	if (!documentEventTypes) throw new Error('Polar stand-in: WebhookEventType has no enum');
	return [...documentEventTypes];
}

/** Every event type the stand-in accepts: the document's and {@link EVENT_TYPES_BEYOND_DOCUMENT} (42). */
export function acceptedEventTypes(): string[] {
	const values = componentSchema('WebhookEventType').enum;
	if (!Array.isArray(values)) throw new Error('Polar stand-in: WebhookEventType has no enum');
	return values.map(String);
}

export function isKnownEventType(type: string): boolean {
	return eventTypes().includes(type);
}

/** The payload schema name of an event type (`order.paid` -> `WebhookOrderPaidPayload`), from `webhooks`. */
export function payloadSchemaName(type: string): string {
	const entry = spec().webhooks[type];
	const ref = entry?.post?.requestBody?.content?.['application/json']?.schema?.$ref;
	if (typeof ref !== 'string')
		throw new Error(`Polar stand-in: no webhook payload schema for event type ${type}`);
	return resolveRef(ref).name;
}

/** A parameter of an operation, as the document declares it. */
export interface OperationParameter {
	name: string;
	in: 'path' | 'query' | 'header' | 'cookie';
	required?: boolean;
	/** `deepObject` for `metadata[key]=value` filters. */
	style?: string;
	schema: JsonSchema;
}

/** The part of an operation object the stand-in reads. */
export interface OperationObject {
	operationId: string;
	parameters?: OperationParameter[];
	requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
	responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
	security?: Array<Record<string, string[]>>;
}

/** The operation at a path template and method (`/v1/customers/{id}`, `get`), undefined when undocumented. */
export function operationAt(pathTemplate: string, method: string): OperationObject | undefined {
	return spec().paths[pathTemplate]?.[method.toLowerCase()] as OperationObject | undefined;
}

/**
 * The scopes an organization token may bring for an operation: its `security` entry for `oat` (the same
 * list as `pat`). Polar accepts any ONE of them (it checks the intersection), not all.
 */
export function operationScopes(pathTemplate: string, method: string): string[] {
	const security = operationAt(pathTemplate, method)?.security ?? [];
	const entry = security.find((item) => 'oat' in item) ?? security.find((item) => 'pat' in item);
	return [...(entry?.oat ?? entry?.pat ?? [])];
}

function responseSchemaOf(
	pathTemplate: string,
	method: string,
	status: number,
): JsonSchema | undefined {
	return operationAt(pathTemplate, method)?.responses?.[String(status)]?.content?.[
		'application/json'
	]?.schema;
}

/** Response schema name of an operation for a status code, e.g. (`/v1/webhooks/endpoints`, `post`, 201). */
export function responseSchemaName(
	pathTemplate: string,
	method: string,
	status: number,
): string | undefined {
	const ref = responseSchemaOf(pathTemplate, method, status)?.$ref;
	return typeof ref === 'string' ? resolveRef(ref).name : undefined;
}

const inlineValidators = new Map<string, ValidateFunction>();

/**
 * Validates a response body against what the document declares for (operation, status): a named
 * component (`Customer`) or an inline schema (a union of error bodies, `{}` for "anything"). Returns the
 * schema's name (or `inline`) and the errors; undefined when the document declares no JSON body.
 */
export function checkResponseBody(
	pathTemplate: string,
	method: string,
	status: number,
	body: unknown,
): { schema: string; errors: string[] } | undefined {
	const schema = responseSchemaOf(pathTemplate, method, status);
	if (!schema) return undefined;
	if (typeof schema.$ref === 'string') {
		const name = resolveRef(schema.$ref).name;
		return { schema: name, errors: validateSchema(name, body) };
	}
	const key = `${pathTemplate} ${method.toLowerCase()} ${status}`;
	let fn = inlineValidators.get(key);
	if (!fn) {
		// Inline schemas point at components with `#/components/schemas/...`: re-point them at the root schema.
		const rerooted = JSON.parse(
			JSON.stringify(schema).replaceAll(`"${COMPONENT_PREFIX}`, `"${ROOT_ID}#/$defs/`),
		) as JsonSchema;
		fn = ajv().compile(rerooted);
		inlineValidators.set(key, fn);
	}
	return { schema: 'inline', errors: fn(body) ? [] : formatErrors(fn.errors) };
}
