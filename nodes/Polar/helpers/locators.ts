import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionRun } from '../actions/types';
import { POLAR_ID_PATTERN, POLAR_ID_PLACEHOLDER } from './properties';
import { requestPolar } from './request';

/**
 * The resource locators: pick a record from a searchable list, or give its ID; customers also by your own
 * user ID (Polar's external ID) or by email. The list modes search with `methods/listSearch.ts`.
 */

/** The By ID modes check the value is a UUID before anything is sent. */
function idValidation(noun: string) {
	return [
		{
			type: 'regex' as const,
			properties: { regex: POLAR_ID_PATTERN, errorMessage: `Not a Polar ${noun} ID (a UUID)` },
		},
	];
}

export type CustomerMode = 'list' | 'id' | 'externalId' | 'email';

/** The customer locator; `modes` leaves some out (Event Ingest has no email look-up per item). */
export function customerLocator(
	description: string,
	options: { modes?: readonly CustomerMode[]; defaultMode?: CustomerMode } = {},
): INodeProperties {
	const locator: INodeProperties = {
		displayName: 'Customer',
		name: 'customer',
		type: 'resourceLocator',
		default: { mode: options.defaultMode ?? 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a customer...',
				typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: POLAR_ID_PLACEHOLDER,
				validation: idValidation('customer'),
			},
			{
				displayName: 'By External ID',
				name: 'externalId',
				type: 'string',
				placeholder: 'e.g. user_42 (your own user ID)',
			},
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. jane@example.com',
			},
		],
		description,
	};
	const { modes } = options;
	return modes
		? {
				...locator,
				modes: locator.modes?.filter((mode) => modes.includes(mode.name as CustomerMode)),
			}
		: locator;
}

/** The locator of a product, subscription or order: from a searchable list or by ID. */
export function recordLocator(
	name: 'product' | 'subscription' | 'order',
	displayName: string,
	searchListMethod: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${name}...`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: POLAR_ID_PLACEHOLDER,
				validation: idValidation(name),
			},
		],
		description,
	};
}

/** What the item's locator says: its mode and the value, trimmed. */
export function locatorValue(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
): { mode: string; value: string } {
	const locator = context.getNodeParameter(name, itemIndex) as INodeParameterResourceLocator;
	return { mode: locator.mode, value: String(locator.value ?? '').trim() };
}

export type CustomerRef = { by: 'id'; id: string } | { by: 'externalId'; externalId: string };

/**
 * The item's customer as Polar can address it: by ID or by external ID as given; an email is looked up
 * (one list request with Polar's exact email filter), since Polar has no path by email.
 */
export async function customerRef(
	context: IExecuteFunctions,
	itemIndex: number,
	run: ActionRun,
): Promise<CustomerRef> {
	const { mode, value } = locatorValue(context, 'customer', itemIndex);
	if (mode === 'externalId' && value.includes('/'))
		return { by: 'id', id: String((await customerBySlashedExternalId(context, run, value)).id) };
	if (mode === 'externalId') return { by: 'externalId', externalId: value };
	if (mode === 'email')
		return { by: 'id', id: String((await customerByEmail(context, run, value)).id) };
	return { by: 'id', id: value };
}

/**
 * The customer with an external ID that contains "/" (`team/42`). Polar routes on the decoded path, so
 * even encoded (`team%2F42`) such an ID splits the by-external-ID path and reaches no route: the customer
 * is found with Polar's customer search instead, which matches external IDs from their start, and then
 * addressed by its Polar ID.
 */
export async function customerBySlashedExternalId(
	context: IExecuteFunctions,
	run: ActionRun,
	externalId: string,
): Promise<IDataObject> {
	const page = await requestPolar(
		context,
		run,
		'customer.getMany',
		{ query: { query: externalId, limit: 100 } },
		{ resource: { name: 'customer' } },
	);
	const customer = ((page.items ?? []) as IDataObject[]).find(
		(candidate) => candidate.external_id === externalId,
	);
	if (customer === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`Polar has no customer with the external ID "${externalId}"`,
			{
				description:
					'Check the external ID, and that the Polar API credential uses the environment the customer was created in (Sandbox and Production are separate).',
			},
		);
	}
	return customer;
}

/** The customer with exactly this email; Polar keeps emails unique within an organization. */
export async function customerByEmail(
	context: IExecuteFunctions,
	run: ActionRun,
	email: string,
): Promise<IDataObject> {
	if (!email) {
		throw new NodeOperationError(context.getNode(), 'The customer email is empty', {
			description: 'Fill in Customer with the email address of a Polar customer.',
		});
	}
	const page = await requestPolar(
		context,
		run,
		'customer.getMany',
		{ query: { email, limit: 1 } },
		{ resource: { name: 'customer' } },
	);
	const [customer] = (page.items ?? []) as IDataObject[];
	if (customer === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`Polar has no customer with the email "${email}"`,
			{
				description:
					'Check the email, and that the Polar API credential uses the environment the customer was created in (Sandbox and Production are separate).',
			},
		);
	}
	return customer;
}

/** Where a call about `ref` goes: Polar's by-ID or by-external-ID path, and how a 404 names the customer. */
export function customerTarget(ref: CustomerRef): {
	external: boolean;
	params: Record<string, string>;
	resource: { name: string; id?: string };
} {
	return ref.by === 'externalId'
		? {
				external: true,
				params: { external_id: ref.externalId },
				resource: { name: `customer with the external ID "${ref.externalId}"` },
			}
		: { external: false, params: { id: ref.id }, resource: { name: 'customer', id: ref.id } };
}

/** The labels of a customer call's path parameters, for a 422 about them. */
export const CUSTOMER_PATH_LABELS = { id: 'Customer', external_id: 'Customer' } as const;
