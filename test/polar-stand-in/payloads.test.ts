import {
	eventTypes,
	payloadSchemaName,
	responseSchemaName,
	validateSchema,
} from '../../tools/polar-stand-in/openapi';
import {
	buildAnyEventPayload,
	buildEventPayload,
	buildEventPayloadForUnknownType,
	REFERENCE_TIMESTAMP,
} from '../../tools/polar-stand-in/payloads';
import { PROMISED_EVENT_TYPES } from '../helpers/polarFacts';

function walk(value: unknown, visit: (key: string, value: unknown) => void, key = ''): void {
	if (Array.isArray(value)) value.forEach((item) => walk(item, visit, key));
	else if (value && typeof value === 'object') {
		for (const [childKey, child] of Object.entries(value)) {
			visit(childKey, child);
			walk(child, visit, childKey);
		}
	}
}

describe('openapi', () => {
	it('lists the 41 event types of WebhookEventType, including the 31 promised ones', () => {
		const types = eventTypes();
		expect(types).toHaveLength(41);
		expect(new Set(types).size).toBe(41);
		for (const type of PROMISED_EVENT_TYPES) expect(types).toContain(type);
		for (const type of [
			'checkout.expired',
			'member.created',
			'subscription.cycled',
			'discount.deleted',
		]) {
			expect(types).toContain(type);
		}
	});

	it('maps event types to their payload schema', () => {
		expect(payloadSchemaName('order.paid')).toBe('WebhookOrderPaidPayload');
		expect(payloadSchemaName('customer.state_changed')).toBe('WebhookCustomerStateChangedPayload');
		expect(() => payloadSchemaName('subscription.migrated')).toThrow(/no webhook payload schema/);
	});

	it('names response schemas of the webhook operations', () => {
		expect(responseSchemaName('/v1/webhooks/endpoints', 'get', 200)).toBe(
			'ListResource_WebhookEndpoint_',
		);
		expect(responseSchemaName('/v1/webhooks/endpoints', 'post', 201)).toBe('WebhookEndpoint');
		expect(responseSchemaName('/v1/webhooks/endpoints/{id}', 'get', 404)).toBe('ResourceNotFound');
		expect(responseSchemaName('/v1/webhooks/deliveries', 'get', 200)).toBe(
			'ListResource_WebhookDelivery_',
		);
	});

	it('validates with readable errors (uuid4, date-time, enum, required)', () => {
		expect(validateSchema('Pagination', { total_count: 1, max_page: 1 })).toEqual([]);
		const errors = validateSchema('WebhookEndpoint', {
			created_at: 'yesterday',
			modified_at: null,
			id: '00000000-0000-1000-8000-000000000000',
			url: 'https://example.com',
			format: 'xml',
			secret: 's',
			organization_id: '1dbfc517-0bbf-4301-9ba8-555ca42b9737',
			events: ['order.paid', 'order.nope'],
		});
		const text = errors.join('\n');
		expect(text).toMatch(/\/created_at must match format "date-time"/);
		expect(text).toMatch(/\/id must match format "uuid4"/);
		expect(text).toMatch(
			/\/format must be equal to one of the allowed values \(allowed: raw, discord, slack\)/,
		);
		expect(text).toMatch(/\/events\/1 must be equal to one of the allowed values/);
		expect(text).toMatch(/must have required property 'enabled'/);
		expect(() => validateSchema('NoSuchSchema', {})).toThrow(/no component schema/);
	});

	it('accepts the two newer endpoint fields (api_version, uses_standard_webhook_signature)', () => {
		expect(
			validateSchema('WebhookEndpoint', {
				created_at: '2026-09-21T14:03:13.027741Z',
				modified_at: null,
				id: '1dbfc517-0bbf-4301-9ba8-555ca42b9737',
				url: 'https://example.com/hook',
				name: null,
				format: 'raw',
				secret: 'whsec_x',
				organization_id: '1dbfc517-0bbf-4301-9ba8-555ca42b9737',
				events: ['order.paid'],
				enabled: true,
				api_version: '2026-10',
				uses_standard_webhook_signature: true,
			}),
		).toEqual([]);
	});
});

describe('buildEventPayload', () => {
	it.each(eventTypes())('%s validates against its payload schema', (type) => {
		for (const seed of [1, 2]) {
			const payload = buildEventPayload(type, {
				seed,
				apiVersion: seed === 2 ? '2026-10' : undefined,
			});
			expect(validateSchema(payloadSchemaName(type), payload)).toEqual([]);
			expect(payload.type).toBe(type);
			expect(Object.keys(payload.data).length).toBeGreaterThan(3);
		}
	});

	it('is deterministic for a seed and differs between seeds', () => {
		const a = buildEventPayload('subscription.updated', { seed: 42 });
		const b = buildEventPayload('subscription.updated', { seed: 42 });
		const c = buildEventPayload('subscription.updated', { seed: 43 });
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
		expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
	});

	it('has the delivery shape: type, timestamp, api_version (optional), data — in that order', () => {
		const plain = buildEventPayload('order.paid');
		expect(Object.keys(plain)).toEqual(['type', 'timestamp', 'data']);
		expect(plain.timestamp).toBe('2026-09-21T14:03:13.027000Z');
		const newer = buildEventPayload('order.paid', {
			apiVersion: '2026-10',
			timestamp: new Date('2026-10-01T00:00:00Z'),
		});
		expect(Object.keys(newer)).toEqual(['type', 'timestamp', 'api_version', 'data']);
		expect(newer.timestamp).toBe('2026-10-01T00:00:00.000000Z');
		expect(JSON.stringify(newer)).toMatch(
			/^\{"type":"order.paid","timestamp":"[^"]+","api_version":"2026-10","data":\{/,
		);
	});

	it('looks like Polar data: integer amounts, lower-case currencies, consistent ids, event-specific status', () => {
		const organizationId = '1dbfc517-0bbf-4301-9ba8-555ca42b9737';
		for (const type of eventTypes()) {
			const payload = buildEventPayload(type, { seed: 7, organizationId });
			walk(payload.data, (key, value) => {
				if (/(^|_)amount$/.test(key) && value !== null) expect(Number.isInteger(value)).toBe(true);
				if ((key === 'currency' || key.endsWith('_currency')) && typeof value === 'string')
					expect(value).toBe(value.toLowerCase());
				if (key === 'organization_id') expect(value).toBe(organizationId);
			});
		}
		const paid = buildEventPayload('order.paid', { seed: 3 }).data;
		expect(paid.status).toBe('paid');
		expect(paid.paid).toBe(true);
		expect(paid.customer_id).toBe((paid.customer as { id: string }).id);
		expect(buildEventPayload('subscription.active').data.status).toBe('active');
		expect(buildEventPayload('subscription.canceled').data.cancel_at_period_end).toBe(true);
		expect(buildEventPayload('checkout.expired').data.status).toBe('expired');
		expect(buildEventPayload('customer.deleted').data.deleted_at).toEqual(expect.any(String));
	});

	it('anchors dates on the given timestamp', () => {
		const at = new Date('2030-01-15T10:00:00Z');
		const payload = buildEventPayload('order.created', { timestamp: at });
		expect(payload.timestamp).toBe('2030-01-15T10:00:00.000000Z');
		const created = Date.parse(String(payload.data.created_at));
		expect(created).toBeLessThan(at.getTime());
		expect(created).toBeGreaterThan(at.getTime() - 90 * 86_400_000);
		expect(REFERENCE_TIMESTAMP.toISOString()).toBe('2026-09-21T14:03:13.027Z');
	});

	it('refuses types that are not in the spec', () => {
		expect(() => buildEventPayload('subscription.migrated')).toThrow(
			/buildEventPayloadForUnknownType/,
		);
	});
});

describe('buildEventPayloadForUnknownType', () => {
	it('subscription.migrated: a subscription plus top-level provider fields', () => {
		const payload = buildEventPayloadForUnknownType('subscription.migrated', {
			apiVersion: '2026-10',
		});
		expect(payload.type).toBe('subscription.migrated');
		expect(payload.provider).toBe('stripe');
		expect(payload.provider_subscription_id).toMatch(/^sub_/);
		expect(validateSchema('Subscription', payload.data)).toEqual([]);
		expect(Object.keys(payload).slice(0, 4)).toEqual(['type', 'timestamp', 'api_version', 'data']);
	});

	it('an entirely new family still gets a small data object', () => {
		const payload = buildEventPayloadForUnknownType('wallet.topped_up');
		expect(payload.type).toBe('wallet.topped_up');
		expect(payload.data).toEqual(
			expect.objectContaining({ id: expect.any(String), organization_id: expect.any(String) }),
		);
	});

	it('buildAnyEventPayload picks the right builder', () => {
		expect(
			validateSchema('WebhookRefundCreatedPayload', buildAnyEventPayload('refund.created')),
		).toEqual([]);
		expect(buildAnyEventPayload('member.suspended').type).toBe('member.suspended');
	});
});
