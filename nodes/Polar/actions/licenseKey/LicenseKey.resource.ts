import type { INodeProperties } from 'n8n-workflow';

import * as activate from './activate.operation';
import * as deactivate from './deactivate.operation';
import * as validate from './validate.operation';

export const operations = { activate, deactivate, validate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['licenseKey'] } },
		default: 'validate',
		options: [
			{
				name: 'Activate',
				value: 'activate',
				action: 'Activate a license key on a device',
				description:
					'Register one activation (device or install) of a license key, within its activation limit',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				action: 'Deactivate a license key activation',
				description: 'Remove one activation of a license key, freeing it for another device',
			},
			{
				name: 'Validate',
				value: 'validate',
				action: 'Validate a license key — valid true or false with the reason',
				description:
					'Check a license key: outputs valid true with the key, or valid false with the reason (expired, revoked, unknown, limit reached)',
			},
		],
	},
	...activate.description,
	...deactivate.description,
	...validate.description,
];
