import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Polar's limits on metadata (its `MetadataInputType`): checked here so that the error names the entry. */
const MAX_KEYS = 50;
const MAX_KEY_LENGTH = 40;
const MAX_STRING_LENGTH = 500;

type MetadataType = 'string' | 'number' | 'boolean';

interface MetadataEntry {
	key?: string;
	type?: MetadataType;
	value?: string | number | boolean;
}

/**
 * Metadata as typed entries, not free JSON: Polar keeps strings, numbers and booleans apart (a `plan_level`
 * of 2 is not "2" in its metadata filters), and a field per entry is what an AI agent fills in reliably.
 */
export function metadataProperty(
	description: string,
	names: { displayName: string; name: string } = { displayName: 'Metadata', name: 'metadata' },
): INodeProperties {
	return {
		...names,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${names.displayName}`,
		default: {},
		description,
		options: [
			{
				displayName: 'Entry',
				name: 'entries',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						description: 'Up to 40 characters',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'string',
						options: [
							{ name: 'Boolean', value: 'boolean' },
							{ name: 'Number', value: 'number' },
							{ name: 'String', value: 'string' },
						],
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'A string of up to 500 characters, a number, or true or false, as Type says',
					},
				],
			},
		],
	};
}

/** The entries of a metadata parameter as Polar's metadata object, each value of its type. */
function metadataObject(
	node: INode,
	parameter: unknown,
	itemIndex: number,
	label = 'metadata',
): IDataObject {
	const entries = ((parameter as { entries?: MetadataEntry[] } | undefined)?.entries ?? []).filter(
		(entry) => (entry.key ?? '').trim() !== '',
	);
	const invalid = (message: string) =>
		new NodeOperationError(node, message, {
			itemIndex,
			description: `Polar accepts up to ${MAX_KEYS} ${label} keys of up to ${MAX_KEY_LENGTH} characters, with strings of up to ${MAX_STRING_LENGTH} characters, numbers or booleans as values.`,
		});
	if (entries.length > MAX_KEYS) throw invalid(`The ${label} has ${entries.length} keys`);
	const metadata: IDataObject = {};
	for (const entry of entries) {
		const key = (entry.key ?? '').trim();
		if (key.length > MAX_KEY_LENGTH) throw invalid(`The ${label} key "${key}" is too long`);
		if (key in metadata) throw invalid(`The ${label} key "${key}" appears twice`);
		metadata[key] = typedValue(entry, `${label} value of "${key}"`, invalid);
	}
	return metadata;
}

/**
 * Puts the typed entries of the parameter value `parameter` into `body[name]`, if it has any: an added but
 * empty Metadata (or Conditions) is not sent, so that it never clears what Polar has.
 */
export function putTypedEntries(
	body: IDataObject,
	name: string,
	parameter: unknown,
	node: INode,
	itemIndex: number,
	label = name,
): void {
	if (parameter === undefined) return;
	const entries = metadataObject(node, parameter, itemIndex, label);
	if (Object.keys(entries).length > 0) body[name] = entries;
}

function typedValue(
	entry: MetadataEntry,
	what: string,
	invalid: (message: string) => NodeOperationError,
): string | number | boolean {
	const raw = entry.value ?? '';
	const text = String(raw).trim();
	if (entry.type === 'number') {
		const number = typeof raw === 'number' ? raw : text === '' ? NaN : Number(text);
		if (!Number.isFinite(number)) throw invalid(`The ${what} is not a number`);
		return number;
	}
	if (entry.type === 'boolean') {
		if (raw === true || text.toLowerCase() === 'true') return true;
		if (raw === false || text.toLowerCase() === 'false') return false;
		throw invalid(`The ${what} is not true or false`);
	}
	const value = String(raw);
	if (value === '') throw invalid(`The ${what} is empty`);
	if (value.length > MAX_STRING_LENGTH) throw invalid(`The ${what} is too long`);
	return value;
}
