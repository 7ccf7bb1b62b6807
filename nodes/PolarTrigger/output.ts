import type { IDataObject } from 'n8n-workflow';

import type { OutputMode } from './description';

export type ParsedEvent =
	| { ok: true; event: IDataObject & { type: string } }
	| { ok: false; reason: string };

/** A verified body as a Polar event: a JSON object with a string `type`. */
export function parsePolarEvent(rawBody: Buffer): ParsedEvent {
	let event: unknown;
	try {
		event = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, reason: 'Body is not JSON' };
	}
	if (typeof event !== 'object' || event === null || Array.isArray(event)) {
		return { ok: false, reason: 'Body is not a JSON object' };
	}
	if (typeof (event as IDataObject).type !== 'string')
		return { ok: false, reason: 'Event has no type' };
	return { ok: true, event: event as IDataObject & { type: string } };
}

/** The envelope of every Polar event; any other top-level field belongs to one event type. */
const ENVELOPE_FIELDS = new Set(['type', 'timestamp', 'api_version', 'data']);

/**
 * The item the trigger emits. `webhookId` is the delivery's `webhook-id` header: the same on every retry
 * and redelivery of an event, so it is the key for de-duplication.
 *
 * Data Only keeps the top-level fields some events carry beside `data` (subscription.migrated's `provider`
 * and `provider_subscription_id`, and whatever later types add); where a name clashes, the data's field wins.
 */
export function outputItem(
	event: IDataObject & { type: string },
	webhookId: string,
	mode: OutputMode,
): IDataObject {
	if (mode === 'data') {
		const data =
			typeof event.data === 'object' && event.data !== null ? (event.data as IDataObject) : {};
		const extras: IDataObject = {};
		for (const [name, value] of Object.entries(event))
			if (!ENVELOPE_FIELDS.has(name)) extras[name] = value;
		return { ...extras, ...data, eventType: event.type, webhookId };
	}
	return { ...event, webhookId };
}
