import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as revoke from './revoke.operation';
import * as uncancel from './uncancel.operation';

export const operations = { cancel, get, getMany, revoke, uncancel };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscription'] } },
		default: 'get',
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel subscription at period end — access continues until then',
				description:
					'Stop the subscription from renewing: the customer keeps access until the current period ends',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a subscription',
				description: 'Get a subscription by ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many subscriptions',
				description:
					'List subscriptions, optionally of one customer (by ID or external ID), product or status',
			},
			{
				name: 'Revoke',
				value: 'revoke',
				action: 'Revoke subscription immediately — ends access now',
				description:
					'End the subscription and its benefits now, without a refund (refund an order separately)',
			},
			{
				name: 'Uncancel',
				value: 'uncancel',
				action: 'Uncancel subscription — renew it again',
				description:
					'Undo a cancellation at period end, before the period ends: the subscription renews again',
			},
		],
	},
	...cancel.description,
	...get.description,
	...getMany.description,
	...revoke.description,
	...uncancel.description,
];
