/**
 * The importable example workflows: well-formed, using the real node type and known events, de-duplicating on
 * webhookId, and reading only fields that Polar's payloads (generated from its OpenAPI document) really have.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { ALL_EVENTS, KNOWN_EVENT_TYPES } from '../../nodes/PolarTrigger/events';
import { buildEventPayload } from '../../tools/polar-stand-in/payloads';

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	webhookId?: string;
}
interface Workflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const folder = path.resolve(__dirname, '../../examples');
const examples = readdirSync(folder)
	.filter((file) => file.endsWith('.json'))
	.map(
		(file) =>
			[file, JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Workflow] as const,
	);

it('has at least three examples', () => {
	expect(examples.length).toBeGreaterThanOrEqual(3);
});

describe.each(examples)('%s', (_, workflow) => {
	const trigger = workflow.nodes.find(
		(node) => node.type === 'n8n-nodes-polar-billing.polarTrigger',
	)!;
	const events = trigger.parameters.events as string[];

	it('starts with a Polar Trigger on known events, without a fixed webhookId (n8n assigns one on import)', () => {
		expect(trigger).toBeDefined();
		// A fixed id would give every import the same, predictable trigger URL, and a second import could not publish.
		expect(trigger).not.toHaveProperty('webhookId');
		for (const event of events) expect([ALL_EVENTS, ...KNOWN_EVENT_TYPES]).toContain(event);
	});

	it('connects only nodes that exist, and reaches every node from the trigger', () => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		const reached = new Set([trigger.name]);
		const queue = [trigger.name];
		while (queue.length) {
			for (const output of workflow.connections[queue.shift()!]?.main ?? []) {
				for (const { node } of output) {
					expect(names).toContain(node);
					if (!reached.has(node)) {
						queue.push(node);
						reached.add(node);
					}
				}
			}
		}
		expect([...reached].sort()).toEqual([...names].sort());
	});

	it("drops Polar's redeliveries by webhookId across executions", () => {
		const dedupe = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.removeDuplicates')!;
		expect(dedupe.parameters).toMatchObject({
			operation: 'removeItemsSeenInPreviousExecutions',
			dedupeValue: '={{ $json.webhookId }}',
		});
		expect(workflow.connections[trigger.name].main[0][0].node).toBe(dedupe.name);
	});

	it("reads only fields Polar's payloads have", () => {
		const text = JSON.stringify(workflow.nodes);
		const paths = [
			...new Set(
				[...text.matchAll(/\$json\.data((?:\.[a-z_]+(?![A-Za-z_]*\())+)/g)].map((match) =>
					match[1].slice(1),
				),
			),
		];
		const types = events.includes(ALL_EVENTS) ? [] : events;
		for (const type of types) {
			const payload = buildEventPayload(type) as { data: Record<string, unknown> };
			for (const fieldPath of paths) {
				const value = fieldPath
					.split('.')
					.reduce<unknown>(
						(object, key) => (object as Record<string, unknown>)?.[key],
						payload.data,
					);
				expect([type, fieldPath, value === undefined]).toEqual([type, fieldPath, false]);
			}
		}
	});
});
