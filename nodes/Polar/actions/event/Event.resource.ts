import type { INodeProperties } from 'n8n-workflow';

import * as ingest from './ingest.operation';

export const operations = { ingest };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		default: 'ingest',
		options: [
			{
				name: 'Ingest',
				value: 'ingest',
				action: 'Ingest usage events for usage billing',
				description:
					"Record usage (one event per input item, sent in batches) that Polar's meters count and bill",
			},
		],
	},
	...ingest.description,
];
