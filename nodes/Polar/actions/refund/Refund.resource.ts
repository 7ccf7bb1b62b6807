import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export const operations = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['refund'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Refund an order — full remaining amount or part in cents',
				description:
					'Refund a paid order, all that is left of it or an amount in cents, to the payment method the customer used',
			},
		],
	},
	...create.description,
];
