/**
 * Query strings read as FastAPI reads them: values coerced to the parameter's type, repeated parameters
 * (`customer_id=a&customer_id=b`) as lists, `metadata[key]=value` as a deepObject, pydantic-shaped errors.
 */
import type { JsonSchema, OperationParameter } from './openapi';
import { type FastApiError, checkValue } from './validation';

const UUID4_PARAM = { type: 'string', format: 'uuid4' };

/** A positive integer parameter (`page`, `limit`): the last value wins, like FastAPI. */
export function positiveIntParam(
	params: URLSearchParams,
	name: string,
	fallback: number,
	errors: FastApiError[],
): number {
	const values = params.getAll(name);
	const raw = values[values.length - 1];
	if (raw === undefined) return fallback;
	const value = coerce({ type: 'integer', exclusiveMinimum: 0 }, raw, ['query', name], errors);
	return typeof value === 'number' ? value : fallback;
}

/** A repeatable uuid4 filter (`organization_id=a&organization_id=b`), lower-cased; undefined when absent. */
export function uuidListParam(
	params: URLSearchParams,
	name: string,
	errors: FastApiError[],
): string[] | undefined {
	const values = listParam(params, name, UUID4_PARAM, errors);
	return values?.map((value) => String(value).toLowerCase());
}

/** A boolean parameter the way pydantic parses one (`true`, `1`, `yes`, `on`...); undefined when absent. */
export function boolParam(
	params: URLSearchParams,
	name: string,
	errors: FastApiError[],
): boolean | undefined {
	const raw = params.get(name);
	if (raw === null) return undefined;
	const value = coerce({ type: 'boolean' }, raw, ['query', name], errors);
	return typeof value === 'boolean' ? value : undefined;
}

/**
 * Every value of a repeatable parameter, coerced. Locations of a list parameter (`sorting`) carry the
 * index; those of a value-or-list filter (`customer_id`) only when there are several values.
 */
function listParam(
	params: URLSearchParams,
	name: string,
	itemSchema: JsonSchema,
	errors: FastApiError[],
	alwaysIndexed = false,
): unknown[] | undefined {
	const values = params.getAll(name);
	if (values.length === 0) return undefined;
	return values.map((value, index) =>
		coerce(
			itemSchema,
			value,
			alwaysIndexed || values.length > 1 ? ['query', name, index] : ['query', name],
			errors,
		),
	);
}

const TRUE_WORDS = ['true', '1', 'yes', 'on', 't', 'y'];
const FALSE_WORDS = ['false', '0', 'no', 'off', 'f', 'n'];

/** A query-string value as the schema's type (errors are pushed, the raw text is returned on failure). */
function coerce(
	schema: JsonSchema,
	raw: string,
	loc: Array<string | number>,
	errors: FastApiError[],
): unknown {
	const type = schema.type;
	if (type === 'integer') {
		if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
			errors.push({
				type: 'int_parsing',
				loc,
				msg: 'Input should be a valid integer, unable to parse string as an integer',
				input: raw,
			});
			return raw;
		}
		const value = Number(raw);
		const problems = checkValue(schema, value, loc).map((error) => ({ ...error, input: raw }));
		errors.push(...problems);
		return problems.length > 0 ? raw : value;
	}
	if (type === 'boolean') {
		const normalized = raw.trim().toLowerCase();
		if (TRUE_WORDS.includes(normalized)) return true;
		if (FALSE_WORDS.includes(normalized)) return false;
		errors.push({
			type: 'bool_parsing',
			loc,
			msg: 'Input should be a valid boolean, unable to interpret input',
			input: raw,
		});
		return raw;
	}
	if (type === 'number') {
		const value = Number(raw);
		if (raw.trim() === '' || Number.isNaN(value)) {
			errors.push({
				type: 'float_parsing',
				loc,
				msg: 'Input should be a valid number, unable to parse string as a number',
				input: raw,
			});
			return raw;
		}
		return value;
	}
	errors.push(...checkValue(schema, raw, loc));
	return raw;
}

/** The value schemas of a parameter: `X`, `X | null`, `X | X[] | null` (repeatable) or `X[] | null` (a list). */
function parameterShape(schema: JsonSchema): {
	item: JsonSchema;
	repeatable: boolean;
	list: boolean;
} {
	const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
	if (!Array.isArray(variants)) {
		const list = schema.type === 'array';
		return { item: list ? ((schema.items as JsonSchema) ?? {}) : schema, repeatable: list, list };
	}
	const nonNull = variants.filter((variant) => variant.type !== 'null');
	const array = nonNull.find((variant) => variant.type === 'array');
	if (array)
		return {
			item: (array.items as JsonSchema) ?? {},
			repeatable: true,
			list: nonNull.length === 1,
		};
	return { item: nonNull[0] ?? {}, repeatable: false, list: false };
}

/**
 * Reads the query parameters an operation declares. Repeatable ones come back as arrays, `deepObject`
 * ones as `{key: [values]}`, others as their typed value; absent ones are left out (the operation's
 * default applies). Parameters the operation does not declare are ignored, as FastAPI does.
 */
export function readQuery(
	parameters: OperationParameter[],
	params: URLSearchParams,
): { values: Record<string, unknown>; errors: FastApiError[] } {
	const values: Record<string, unknown> = {};
	const errors: FastApiError[] = [];
	for (const parameter of parameters) {
		if (parameter.in !== 'query') continue;
		const name = parameter.name;
		if (parameter.style === 'deepObject') {
			const entries: Record<string, string[]> = {};
			for (const [key, value] of params) {
				const match = new RegExp(`^${name}\\[(.+)\\]$`).exec(key);
				if (match) (entries[match[1] as string] ??= []).push(value);
			}
			if (Object.keys(entries).length > 0) values[name] = entries;
			continue;
		}
		const { item, repeatable, list: indexed } = parameterShape(parameter.schema);
		if (repeatable) {
			const list = listParam(params, name, item, errors, indexed);
			if (list !== undefined) values[name] = list;
			continue;
		}
		const all = params.getAll(name);
		const raw = all[all.length - 1];
		if (raw !== undefined) values[name] = coerce(item, raw, ['query', name], errors);
	}
	return { values, errors };
}
