/** Shapes shared by the stand-in's modules. */
import type { SecretScheme } from './signing';

/** `components.schemas.WebhookEndpoint` plus the two fields newer servers return. */
export interface WebhookEndpointObject {
	created_at: string;
	modified_at: string | null;
	id: string;
	url: string;
	name: string | null;
	format: string;
	secret: string;
	organization_id: string;
	events: string[];
	enabled: boolean;
	api_version: string;
	uses_standard_webhook_signature: boolean;
}

export interface StoredEndpoint {
	endpoint: WebhookEndpointObject;
	/** The scheme the current secret was generated in. */
	scheme: SecretScheme;
}

export interface TokenInfo {
	kind: 'organization' | 'personal';
	organizationId: string;
	scopes: string[];
}

/** A webhook event (one per endpoint and event), as kept by the stand-in. */
export interface StoredEvent {
	/** `WebhookEvent.id` (uuid4), accepted by `POST /v1/webhooks/events/{id}/redeliver`. */
	id: string;
	/** The `webhook-id` header value; equals `id` unless the caller chose another one. */
	webhookId: string;
	endpointId: string;
	organizationId: string;
	type: string;
	/** The exact delivered body (compact JSON). */
	body: string;
	createdAt: string;
	modifiedAt: string | null;
	lastHttpCode: number | null;
	succeeded: boolean | null;
	skipped: boolean;
	/** Monotonic sequence, for "most recent" ordering. */
	seq: number;
}

/** One delivery attempt (`WebhookDelivery`). */
export interface StoredDelivery {
	id: string;
	eventId: string;
	endpointId: string;
	createdAt: string;
	succeeded: boolean;
	httpCode: number | null;
	response: string | null;
	seq: number;
}
