import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** A kind of record Polar answers with, and how the node offers it. */
export interface RecordShape {
	/** What the record is, for descriptions ("customer"). */
	noun: string;
	/** The top-level fields of Polar's schema for it, offered in Selected Fields (a test holds them to the document). */
	fields: readonly string[];
	/** The fields a workflow usually needs, flat, amounts named in cents. */
	simplify(record: IDataObject): IDataObject;
}

export type OutputMode = 'simplified' | 'raw' | 'selected';

/**
 * Output and, for Selected Fields, the fields: what n8n's guidelines ask of a node an AI agent uses, whose
 * context a full Polar record (a subscription embeds its customer, product and prices) would fill.
 */
export function outputProperties(shape: RecordShape): INodeProperties[] {
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'simplified',
			options: [
				{
					name: 'Raw',
					value: 'raw',
					description: `The ${shape.noun} exactly as Polar returns it, with every nested object`,
				},
				{
					name: 'Selected Fields',
					value: 'selected',
					description: `Only the fields of the ${shape.noun} chosen below`,
				},
				{
					name: 'Simplified',
					value: 'simplified',
					description: `The fields of the ${shape.noun} most workflows need, amounts in cents`,
				},
			],
		},
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'multiOptions',
			default: [],
			required: true,
			displayOptions: { show: { output: ['selected'] } },
			options: [...shape.fields].sort().map((field) => ({ name: field, value: field })),
			description: `The fields of the ${shape.noun} to output, as Polar names them`,
		},
	];
}

/** What turns each record into the item's output mode; the parameters are read once, however many records. */
export function outputShaper(
	context: IExecuteFunctions,
	itemIndex: number,
	shape: RecordShape,
): (record: IDataObject) => IDataObject {
	const mode = context.getNodeParameter('output', itemIndex, 'simplified') as OutputMode;
	if (mode === 'raw') return (record) => record;
	if (mode === 'simplified') return (record) => shape.simplify(record);
	const fields = context.getNodeParameter('fields', itemIndex, []) as string[];
	return (record) => {
		const selected: IDataObject = {};
		for (const field of fields) if (field in record) selected[field] = record[field];
		return selected;
	};
}

/** `record` in the output mode the item asks for. */
export function shapeRecord(
	context: IExecuteFunctions,
	itemIndex: number,
	shape: RecordShape,
	record: IDataObject,
): IDataObject {
	return outputShaper(context, itemIndex, shape)(record);
}
