import type { INodeProperties } from 'n8n-workflow';

/** `properties`, shown only for one operation of one resource (n8n hides the parameters of the others). */
export function showFor(
	resource: string,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
		},
	}));
}

/** A UUID, as Polar's IDs are: the "By ID" modes check it before anything is sent. */
export const POLAR_ID_PATTERN =
	'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const POLAR_ID_PLACEHOLDER = 'e.g. 992fae2a-2a17-4b7a-8d9e-e287cf90131b';
