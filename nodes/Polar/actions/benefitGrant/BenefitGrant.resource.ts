import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['benefitGrant'] } },
		default: 'getMany',
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many benefit grants',
				description:
					'List the benefits (license keys, downloads, Discord or GitHub access…) granted to customers, optionally of one customer',
			},
		],
	},
	...getMany.description,
];
