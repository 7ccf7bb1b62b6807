import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ALL_EVENTS, POLAR_EVENT_TYPES } from './events';

export type OutputMode = 'event' | 'data';

const eventOptions: INodePropertyOptions[] = [
	{
		name: '*',
		value: ALL_EVENTS,
		description: 'Every event type, including ones Polar adds later',
	},
	...POLAR_EVENT_TYPES.map((event) => ({
		name: event.name,
		value: event.type,
		description: `${event.description} (${event.type})`,
	})).sort((a, b) => a.name.localeCompare(b.name)),
];

export const polarTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Polar only delivers to public HTTPS addresses. If this n8n runs locally, set N8N_WEBHOOK_URL (WEBHOOK_URL on n8n 1.x) to a public https URL (for example a tunnel) before publishing (activating on n8n 1.x) the workflow.',
		name: 'publicUrlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		description:
			'The Polar events that start this workflow. The node registers a webhook endpoint in Polar for them when the workflow is published (activated on n8n 1.x), and removes it when it is unpublished (deactivated).',
		options: eventOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'event',
				description: 'What each item contains',
				options: [
					{
						name: 'Full Event',
						value: 'event',
						description:
							'The event as Polar sent it (type, timestamp, api_version, data), plus webhookId',
					},
					{
						name: 'Data Only',
						value: 'data',
						description:
							"The event's data object, plus eventType and webhookId alongside (named so they never overwrite a field of the data) and any other top-level field of the event, e.g. provider for subscription.migrated",
					},
				],
			},
		],
	},
];
