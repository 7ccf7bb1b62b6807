import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createPortalSession from './createPortalSession.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getState from './getState.operation';
import * as update from './update.operation';

export const operations = { create, createPortalSession, get, getMany, getState, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		default: 'getState',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a customer',
				description:
					'Create a customer with an email, and optionally your own user ID as external ID',
			},
			{
				name: 'Create Portal Session',
				value: 'createPortalSession',
				action: 'Create a customer portal link',
				description:
					'Get a link to the Polar portal where the customer manages subscriptions, payment methods and invoices',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a customer',
				description: 'Get a customer by ID, external ID or email',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many customers',
				description:
					'List customers, optionally filtered by email, search text or active subscription',
			},
			{
				name: 'Get State',
				value: 'getState',
				action: 'Get customer state — what they may use now',
				description:
					'Get what a customer may use now: active subscriptions, granted benefits and meter balances. The way to decide access in your app.',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a customer',
				description:
					'Change the email, name, external ID, billing address or metadata of a customer',
			},
		],
	},
	...create.description,
	...createPortalSession.description,
	...get.description,
	...getMany.description,
	...getState.description,
	...update.description,
];
