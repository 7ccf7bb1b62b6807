import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations = { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		default: 'get',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a product',
				description: 'Get a product by ID, with its prices in cents and its benefits',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many products',
				description: 'List products, optionally searched by name, archived or recurring',
			},
		],
	},
	...get.description,
	...getMany.description,
];
