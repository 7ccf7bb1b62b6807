/**
 * Shapes of Polar's objects from the document: a schema-valid example of a component (generated once,
 * then copied) under the fields the stand-in sets, and the subset of a stored object a smaller schema
 * embeds (a Customer inside an Order is an `OrderCustomer`).
 */
import { componentSchema } from '../openapi';
import { generateFromSchema } from '../payloads';
import type { Fields } from './store';

const examples = new Map<string, Fields>();

/**
 * `fields` over a generated example of `schemaName`, for objects with many fields the stand-in has no
 * behaviour for (an Organization's settings, a Checkout's payment flags). The example is the same for
 * every object of the schema, so every field that tells objects apart must be in `fields`.
 */
export function shaped(schemaName: string, fields: Fields): Fields {
	let example = examples.get(schemaName);
	if (!example) {
		example = generateFromSchema(schemaName, { seed: 7 }) as Fields;
		examples.set(schemaName, example);
	}
	return { ...structuredClone(example), ...fields };
}

/** The properties `schemaName` declares, taken from `source` (missing ones are left out). */
export function pick(source: Fields, schemaName: string): Fields {
	const properties = Object.keys(
		(componentSchema(schemaName).properties as Record<string, unknown> | undefined) ?? {},
	);
	const out: Fields = {};
	for (const name of properties) if (name in source) out[name] = source[name];
	return out;
}
