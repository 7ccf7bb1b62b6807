import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';

export const operations = { create, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['checkout'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a checkout session — a payment page for one customer',
				description:
					'Create a payment page (URL) for chosen products, optionally prefilled for a customer; it expires after about an hour',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a checkout session',
				description: 'Get a checkout session and its status',
			},
		],
	},
	...create.description,
	...get.description,
];
