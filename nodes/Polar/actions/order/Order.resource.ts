import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getInvoice from './getInvoice.operation';
import * as getMany from './getMany.operation';

export const operations = { get, getInvoice, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		default: 'get',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an order',
				description: 'Get an order by ID, with its amounts in cents, customer and product',
			},
			{
				name: 'Get Invoice',
				value: 'getInvoice',
				action: 'Get the invoice URL of a paid order',
				description:
					"Get the URL of a paid order's invoice, having Polar generate it first if needed (this freezes the billing details)",
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many orders',
				description:
					'List orders, optionally of one customer (by ID or external ID), product, subscription, status or time range',
			},
		],
	},
	...get.description,
	...getInvoice.description,
	...getMany.description,
];
