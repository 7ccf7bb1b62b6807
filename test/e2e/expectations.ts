/** Assertions shared by the end-to-end suites (single process and queue mode). */
import type { Execution } from '../../tools/n8n-local';
import type { PolarStandIn, WebhookEndpointObject } from '../../tools/polar-stand-in/server';
import type { Sent } from './deliveries';
import { executionsFor, triggerItems } from './executions';

export const sorted = (values: readonly string[]): string[] => [...values].sort();

/** The stand-in must hold exactly one endpoint; returns it. */
export function onlyEndpoint(polar: PolarStandIn): WebhookEndpointObject {
	const endpoints = polar.endpoints();
	expect(
		endpoints.map((endpoint) => `${endpoint.url} [${endpoint.enabled ? 'enabled' : 'disabled'}]`),
	).toHaveLength(1);
	return endpoints[0] as WebhookEndpointObject;
}

/** The stand-in's endpoints on `url` (as Polar stores URLs). */
export function endpointsOn(polar: PolarStandIn, url: string): WebhookEndpointObject[] {
	return polar.endpoints().filter((endpoint) => endpoint.url === new URL(url).href);
}

/** Exactly one endpoint on `url`, enabled, with `events`. */
export function expectLiveEndpoint(
	polar: PolarStandIn,
	url: string,
	events: readonly string[],
): WebhookEndpointObject {
	const endpoints = endpointsOn(polar, url);
	expect(
		endpoints.map((endpoint) => `${endpoint.url} [${endpoint.enabled ? 'enabled' : 'disabled'}]`),
	).toHaveLength(1);
	const endpoint = endpoints[0] as WebhookEndpointObject;
	expect(endpoint.enabled).toBe(true);
	expect(sorted(endpoint.events)).toEqual(sorted(events));
	return endpoint;
}

/** Each sent delivery started exactly one successful execution whose trigger output is the event plus webhookId. */
export function expectExecutionsCarry(executions: Execution[], sent: Sent[], mode: string): void {
	for (const delivery of sent) {
		const matching = executionsFor(executions, delivery.webhookId);
		expect({ type: delivery.type, executions: matching.length }).toEqual({
			type: delivery.type,
			executions: 1,
		});
		const execution = matching[0] as Execution;
		expect({ type: delivery.type, mode: execution.mode, status: execution.status }).toEqual({
			type: delivery.type,
			mode,
			status: 'success',
		});
		expect(triggerItems(execution)).toEqual([
			{ ...delivery.payload, webhookId: delivery.webhookId },
		]);
	}
}
