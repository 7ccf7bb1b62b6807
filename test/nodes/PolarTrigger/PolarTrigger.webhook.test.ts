/**
 * webhook(): what a delivery does, run through n8n's real WebhookContext.
 */
import { N8nTrigger } from '../../../tools/n8nTrigger';
import { PROMISED_EVENT_TYPES, NEWER_EVENT_TYPES } from '../../helpers/polarFacts';
import { signedDelivery, signedRawDelivery } from '../../../tools/polar-stand-in/signing';
import { secretShapes } from '../../helpers/secretShapes';
import {
	buildEventPayload,
	buildEventPayloadForUnknownType,
} from '../../../tools/polar-stand-in/payloads';

const credentials = {
	accessToken: 'polar_oat_unit',
	environment: 'custom',
	baseUrl: 'http://127.0.0.1:9',
};

function publishedTrigger(events: string[], secret: string, options: Record<string, string> = {}) {
	const trigger = new N8nTrigger({ credentials, parameters: { events, options } });
	Object.assign(trigger.staticData, {
		endpointId: 'endpoint-1',
		endpointSecret: secret,
		endpointEvents: events,
	});
	return trigger;
}

describe('webhook(): verified deliveries', () => {
	it.each(PROMISED_EVENT_TYPES)(
		'emits a %s delivery as Polar sent it, plus webhookId',
		async (type) => {
			const secret = secretShapes.whsecStandard();
			const trigger = publishedTrigger([type], secret);
			const payload = buildEventPayload(type);
			const request = signedDelivery(secret, payload);

			const { result, response } = await trigger.deliver(request);

			expect(response.statusCode).toBe(200);
			expect(result.workflowData).toHaveLength(1);
			const items = result.workflowData![0];
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({ ...payload, webhookId: request.headers['webhook-id'] });
		},
	);

	it.each(NEWER_EVENT_TYPES)(
		'emits the newer type %s when all events (*) are chosen',
		async (type) => {
			const secret = secretShapes.polarWhs();
			const trigger = publishedTrigger(['*'], secret);
			const payload = buildEventPayload(type);
			const { result } = await trigger.deliver(signedDelivery(secret, payload));
			expect(result.workflowData![0][0].json).toMatchObject({ type, data: payload.data });
		},
	);

	it.each(Object.entries(secretShapes))('verifies with a %s secret', async (_, make) => {
		const secret = make();
		const trigger = publishedTrigger(['order.paid'], secret);
		const { result } = await trigger.deliver(
			signedDelivery(secret, buildEventPayload('order.paid')),
		);
		expect(result.workflowData).toHaveLength(1);
	});

	it('emits a verified type the catalogue does not know yet when * is chosen, with every top-level field', async () => {
		const secret = secretShapes.whsecStandard();
		const trigger = publishedTrigger(['*'], secret);
		const payload = {
			...buildEventPayloadForUnknownType('subscription.teleported'),
			provider: 'elsewhere',
		};
		const request = signedDelivery(secret, payload);
		const { result } = await trigger.deliver(request);
		expect(result.workflowData![0][0].json).toEqual({
			...payload,
			webhookId: request.headers['webhook-id'],
		});
		expect(result.workflowData![0][0].json).toHaveProperty('provider');
	});

	it('answers 200 and starts nothing for a verified event the user did not select', async () => {
		const secret = secretShapes.whsecStandard();
		const trigger = publishedTrigger(['order.paid'], secret);
		const { result, response } = await trigger.deliver(
			signedDelivery(secret, buildEventPayload('order.created')),
		);
		expect(result).toEqual({});
		expect(response.statusCode).toBe(200);
	});

	it('emits subscription.migrated, the 42nd type, when chosen, with provider and provider_subscription_id', async () => {
		const secret = secretShapes.whsecStandard();
		const trigger = publishedTrigger(['subscription.migrated'], secret);
		const payload = buildEventPayloadForUnknownType('subscription.migrated');
		const request = signedDelivery(secret, payload);
		const { result } = await trigger.deliver(request);
		expect(result.workflowData![0]).toEqual([
			{ json: { ...payload, webhookId: request.headers['webhook-id'] } },
		]);
	});

	it.each([
		['subscription.migrated', {}],
		[
			'a future type with its own top-level field',
			{ type: 'subscription.teleported', destination: 'mars' },
		],
	])('Data Only keeps the top-level fields beside data of %s', async (_, override) => {
		const secret = secretShapes.whsecStandard();
		const trigger = publishedTrigger(['*'], secret, { output: 'data' });
		const payload = { ...buildEventPayloadForUnknownType('subscription.migrated'), ...override };
		const {
			type,
			timestamp: _timestamp,
			api_version: _apiVersion,
			data,
			...extras
		} = payload as Record<string, unknown>;
		expect(Object.keys(extras).length).toBeGreaterThan(0);
		const request = signedDelivery(secret, payload);
		const { result } = await trigger.deliver(request);
		expect(result.workflowData![0][0].json).toEqual({
			...extras,
			...(data as object),
			eventType: type,
			webhookId: request.headers['webhook-id'],
		});
		expect(result.workflowData![0][0].json).not.toHaveProperty('timestamp');
	});

	it('answers 200 and starts nothing for an unknown type when * is not chosen', async () => {
		const secret = secretShapes.whsecStandard();
		const trigger = publishedTrigger(['order.paid'], secret);
		const payload = buildEventPayloadForUnknownType('subscription.teleported');
		const { result } = await trigger.deliver(signedDelivery(secret, payload));
		expect(result).toEqual({});
	});

	it('emits only data, with eventType and webhookId alongside, when asked', async () => {
		const secret = secretShapes.whsecStandard();
		const trigger = publishedTrigger(['benefit.created'], secret, { output: 'data' });
		const payload = buildEventPayload('benefit.created');
		const request = signedDelivery(secret, payload);
		const { result } = await trigger.deliver(request);
		expect(result.workflowData![0][0].json).toEqual({
			...(payload.data as object),
			eventType: 'benefit.created',
			webhookId: request.headers['webhook-id'],
		});
		// A benefit's own `type` (custom, discord, …) survives.
		expect(result.workflowData![0][0].json.type).toBe((payload.data as { type: string }).type);
	});
});

describe('webhook(): events whose fields look like n8n item fields', () => {
	it.each([
		['Full Event', 'event'],
		['Data Only', 'data'],
	])(
		'emits one item holding the whole event when it has a top-level json field (%s)',
		async (_, output) => {
			const secret = secretShapes.whsecStandard();
			const trigger = publishedTrigger(['*'], secret, { output });
			const payload = {
				...buildEventPayload('order.paid'),
				json: { note: 'a future top-level field' },
			};
			const request = signedDelivery(secret, payload);
			const { result } = await trigger.deliver(request);
			expect(result.workflowData![0]).toHaveLength(1);
			const item = result.workflowData![0][0].json;
			if (output === 'event')
				expect(item).toEqual({ ...payload, webhookId: request.headers['webhook-id'] });
			else
				expect(item).toMatchObject({
					id: (payload.data as { id: string }).id,
					eventType: 'order.paid',
					webhookId: request.headers['webhook-id'],
				});
		},
	);

	it("emits one item when the event's data has a json field (Data Only)", async () => {
		const secret = secretShapes.whsecStandard();
		const trigger = publishedTrigger(['*'], secret, { output: 'data' });
		const payload = buildEventPayload('order.paid');
		(payload.data as Record<string, unknown>).json = { binary: 'not an item' };
		const request = signedDelivery(secret, payload);
		const { result } = await trigger.deliver(request);
		expect(result.workflowData![0]).toEqual([
			{
				json: {
					...(payload.data as object),
					eventType: 'order.paid',
					webhookId: request.headers['webhook-id'],
				},
			},
		]);
	});

	it('answers 401, not 500, when the stored secret is not a string', async () => {
		const trigger = publishedTrigger(['order.paid'], secretShapes.whsecStandard());
		trigger.staticData.endpointSecret = 12345;
		const { response } = await trigger.deliver(
			signedDelivery('12345', buildEventPayload('order.paid')),
		);
		expect(response.statusCode).toBe(401);
	});
});

describe('webhook(): refused deliveries start nothing', () => {
	const secret = secretShapes.whsecStandard();
	const payload = buildEventPayload('order.paid');

	async function expectRefused(
		trigger: N8nTrigger,
		request: Parameters<N8nTrigger['deliver']>[0],
		status: number,
	) {
		const { result, response } = await trigger.deliver(request);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(status);
		expect(response.ended).toBe(true);
		return response;
	}

	it('answers 401 to a forged signature', async () => {
		const trigger = publishedTrigger(['order.paid'], secret);
		const request = signedDelivery(secretShapes.whsecStandard(), payload);
		const response = await expectRefused(trigger, request, 401);
		expect(response.body).toEqual({ error: 'Invalid webhook signature' });
	});

	it('answers 401 to a stale delivery', async () => {
		const trigger = publishedTrigger(['order.paid'], secret);
		const request = signedDelivery(secret, payload, {
			timestampSeconds: Math.floor(Date.now() / 1000) - 301,
		});
		await expectRefused(trigger, request, 401);
	});

	it('answers 401 to an unsigned delivery', async () => {
		const trigger = publishedTrigger(['order.paid'], secret);
		const request = signedDelivery(secret, payload);
		delete (request.headers as Record<string, string | undefined>)['webhook-signature'];
		await expectRefused(trigger, request, 401);
	});

	it('answers 401 to everything while no secret is stored (never fails open)', async () => {
		const trigger = new N8nTrigger({ credentials, parameters: { events: ['order.paid'] } });
		await expectRefused(trigger, signedDelivery(secret, payload), 401);
	});

	it('answers 401 to a tampered body, even for an unselected event', async () => {
		const trigger = publishedTrigger(['order.paid'], secret);
		const request = signedDelivery(secret, buildEventPayload('order.created'));
		request.rawBody = Buffer.from(
			request.rawBody.toString().replace('order.created', 'order.paid'),
		);
		await expectRefused(trigger, request, 401);
	});

	it('answers 400 to a genuine signature over a body that is not a Polar event', async () => {
		const trigger = publishedTrigger(['*'], secret);
		for (const body of ['[1,2,3]', 'not json', '{"data":{}}', '{"type":7}', 'null']) {
			await expectRefused(trigger, signedRawDelivery(secret, body), 400);
		}
	});
});
