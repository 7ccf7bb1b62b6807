/**
 * The importable example workflows: well-formed, started by a Polar Trigger, a Webhook or a Chat Trigger that
 * reaches every node, without fixed webhook or credential ids; trigger examples de-duplicate on webhookId and
 * read only fields that Polar's payloads (generated from its OpenAPI document) really have; every node of this
 * package in them (Polar Trigger, Polar, and Polar as an AI Agent tool) is valid for its node version: only
 * parameters its description shows for the chosen resource and operation, declared option values and
 * resource-locator modes, nothing required left empty, the Polar API credential; and the nodes after a Polar node
 * read only fields its output has.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type {
	INode,
	INodeParameters,
	INodeProperties,
	INodePropertyCollection,
	INodeTypeDescription,
} from 'n8n-workflow';
import { extractFromAICalls, isFromAIOnlyExpression, NodeHelpers } from 'n8n-workflow';

import { Polar } from '../../nodes/Polar/Polar.node';
import type { RecordShape } from '../../nodes/Polar/helpers/output';
import * as shapes from '../../nodes/Polar/helpers/shapes';
import { ALL_EVENTS, KNOWN_EVENT_TYPES } from '../../nodes/PolarTrigger/events';
import { PolarTrigger } from '../../nodes/PolarTrigger/PolarTrigger.node';
import { buildEventPayload } from '../../tools/polar-stand-in/payloads';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: INodeParameters;
	credentials?: Record<string, { id?: string | null; name: string }>;
	webhookId?: string;
}
type Connections = Record<string, Record<string, Array<Array<{ node: string }> | null>>>;
interface Workflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Connections;
}

const POLAR_TRIGGER = 'n8n-nodes-polar-billing.polarTrigger';
const POLAR = 'n8n-nodes-polar-billing.polar';
const POLAR_TOOL = 'n8n-nodes-polar-billing.polarTool';
const START_TYPES = [
	POLAR_TRIGGER,
	'n8n-nodes-base.webhook',
	'@n8n/n8n-nodes-langchain.chatTrigger',
];

/**
 * What n8n offers for a node with `usableAsTool` (2.41.1, `convertNodeToAiTool` in the CLI's tool generation):
 * the same node named `…Tool`, with an AI tool output and, before its own parameters, Tool Description
 * (Set Automatically / Set Manually) and the description the model reads.
 */
function asTool(node: INodeTypeDescription): INodeTypeDescription {
	return {
		...node,
		name: `${node.name}Tool`,
		displayName: `${node.displayName} Tool`,
		inputs: [],
		outputs: ['ai_tool'],
		properties: [
			{
				displayName: 'Tool Description',
				name: 'descriptionType',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Set Automatically', value: 'auto' },
					{ name: 'Set Manually', value: 'manual' },
				],
				default: 'auto',
			},
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				default: node.description,
				required: true,
				displayOptions: { show: { descriptionType: ['manual'] } },
			},
			...node.properties,
		],
	};
}

const polar = new Polar().description;
const NODE_TYPES: Record<string, INodeTypeDescription> = {
	[POLAR_TRIGGER]: new PolarTrigger().description,
	[POLAR]: polar,
	[POLAR_TOOL]: asTool(polar),
};

const folder = path.resolve(__dirname, '../../examples');
const examples = readdirSync(folder)
	.filter((file) => file.endsWith('.json'))
	.map(
		(file) =>
			[file, JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Workflow] as const,
	);

const isExpression = (value: unknown): value is string =>
	typeof value === 'string' && value.startsWith('=');
const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with `values` against `properties` (one level of a node's parameters, a collection or a
 * fixed-collection entry): parameters the node does not have or does not show with these values (n8n's own
 * `displayParameter`, with `root` for `/`-paths, `@version` and `@tool`), option values it does not offer,
 * resource-locator modes it does not declare, values of the wrong type. Expressions are not evaluated.
 */
function parameterProblems(
	properties: INodeProperties[],
	values: INodeParameters,
	node: INode,
	description: INodeTypeDescription,
	root: INodeParameters,
	at: string,
): string[] {
	const problems: string[] = [];
	// As n8n does, a parameter left out counts with its default when deciding what is shown (Limit shows while
	// Return All is off).
	const shownWith = { ...simpleDefaults(properties), ...values };
	const rootWith = at === '' ? shownWith : root;
	for (const [name, value] of Object.entries(values)) {
		const where = `${at}${name}`;
		const candidates = properties.filter((property) => property.name === name);
		if (candidates.length === 0) {
			problems.push(`${where}: the node has no such parameter here`);
			continue;
		}
		const property = candidates.find((candidate) =>
			NodeHelpers.displayParameter(shownWith, candidate, node, description, rootWith),
		);
		if (!property) {
			problems.push(`${where}: not shown for these settings (resource, operation, version)`);
			continue;
		}
		problems.push(...valueProblems(property, value, node, description, rootWith, where));
	}
	return problems;
}

/** The defaults of the parameters that are not collections, by name (the first one of a name). */
function simpleDefaults(properties: INodeProperties[]): INodeParameters {
	const defaults: INodeParameters = {};
	for (const property of properties) {
		if (['collection', 'fixedCollection'].includes(property.type) || property.name in defaults)
			continue;
		defaults[property.name] = property.default;
	}
	return defaults;
}

function valueProblems(
	property: INodeProperties,
	value: unknown,
	node: INode,
	description: INodeTypeDescription,
	root: INodeParameters,
	where: string,
): string[] {
	if (isExpression(value)) return [];
	const offered = (property.options ?? []).flatMap((option) =>
		'value' in option ? [option.value] : [],
	);
	switch (property.type) {
		case 'options':
			return offered.includes(value as string)
				? []
				: [`${where}: "${String(value)}" is not one of ${JSON.stringify(offered)}`];
		case 'multiOptions':
			return Array.isArray(value)
				? value
						.filter((entry) => !offered.includes(entry as string))
						.map((entry) => `${where}: "${String(entry)}" is not one of ${JSON.stringify(offered)}`)
				: [`${where}: not a list`];
		case 'resourceLocator': {
			const modes = (property.modes ?? []).map((mode) => mode.name);
			if (!isObject(value) || value.__rl !== true)
				return [`${where}: not a resource locator value`];
			return modes.includes(value.mode as string)
				? []
				: [`${where}: mode "${String(value.mode)}" is not one of ${JSON.stringify(modes)}`];
		}
		case 'boolean':
			return typeof value === 'boolean' ? [] : [`${where}: not true or false`];
		case 'number':
			return typeof value === 'number' ? [] : [`${where}: not a number`];
		case 'string':
		case 'dateTime':
			return typeof value === 'string' ? [] : [`${where}: not a string`];
		case 'collection':
			return isObject(value)
				? parameterProblems(
						property.options as INodeProperties[],
						value as INodeParameters,
						node,
						description,
						root,
						`${where}.`,
					)
				: [`${where}: not a collection`];
		case 'fixedCollection': {
			if (!isObject(value)) return [`${where}: not a fixed collection`];
			const problems: string[] = [];
			for (const [group, entries] of Object.entries(value)) {
				const option = (property.options as INodePropertyCollection[]).find(
					(candidate) => candidate.name === group,
				);
				if (!option) {
					problems.push(`${where}.${group}: the collection has no such group`);
					continue;
				}
				const multiple = property.typeOptions?.multipleValues === true;
				if (multiple !== Array.isArray(entries)) {
					problems.push(`${where}.${group}: ${multiple ? 'not a list' : 'a list'}`);
					continue;
				}
				(Array.isArray(entries) ? entries : [entries]).forEach((entry, index) =>
					problems.push(
						...parameterProblems(
							option.values,
							entry as INodeParameters,
							node,
							description,
							root,
							`${where}.${group}${multiple ? `[${index}]` : ''}.`,
						),
					),
				);
			}
			return problems;
		}
		default:
			return [];
	}
}

/** The paths of `example` whose value n8n's resolved parameters do not keep as they are. */
function droppedPaths(example: unknown, resolved: unknown, at = ''): string[] {
	if (isObject(example) && example.__rl !== true) {
		if (!isObject(resolved)) return [at || '(parameters)'];
		return Object.entries(example).flatMap(([key, value]) =>
			droppedPaths(value, resolved[key], at ? `${at}.${key}` : key),
		);
	}
	if (Array.isArray(example)) {
		if (!Array.isArray(resolved)) return [at];
		return example.flatMap((value, index) =>
			droppedPaths(value, resolved[index], `${at}[${index}]`),
		);
	}
	return JSON.stringify(example) === JSON.stringify(resolved) ? [] : [at];
}

/** Every string anywhere in a node's parameters. */
function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (isObject(value)) return Object.values(value).flatMap(strings);
	return [];
}

/** Every node reached from `start` along main connections, and along AI connections in either direction. */
function reachedFrom(start: string, connections: Connections): Set<string> {
	const edges: Array<[string, string, string]> = Object.entries(connections).flatMap(
		([from, outputs]) =>
			Object.entries(outputs).flatMap(([kind, lists]) =>
				lists.flatMap((list) =>
					(list ?? []).map(({ node }): [string, string, string] => [from, node, kind]),
				),
			),
	);
	const reached = new Set([start]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const [from, to, kind] of edges) {
			const next =
				reached.has(from) && !reached.has(to)
					? to
					: kind.startsWith('ai_') && reached.has(to) && !reached.has(from)
						? from
						: undefined;
			if (next !== undefined) {
				reached.add(next);
				grew = true;
			}
		}
	}
	return reached;
}

it('has at least six examples, three or more of them using the Polar node', () => {
	expect(examples.length).toBeGreaterThanOrEqual(6);
	const withPolar = examples.filter(([, workflow]) =>
		workflow.nodes.some((node) => node.type === POLAR || node.type === POLAR_TOOL),
	);
	expect(withPolar.length).toBeGreaterThanOrEqual(3);
});

describe.each(examples)('%s', (_, workflow) => {
	const starts = workflow.nodes.filter((node) => START_TYPES.includes(node.type));

	it('starts at one Polar Trigger, Webhook or Chat Trigger; no node has a fixed webhookId (n8n assigns one on import)', () => {
		expect(starts.map((node) => node.type)).toHaveLength(1);
		// A fixed id would give every import the same, predictable URL, and a second import could not publish.
		for (const node of workflow.nodes)
			expect([node.name, node.webhookId]).toEqual([node.name, undefined]);
	});

	it('connects only nodes that exist, and reaches every node from its start through main or AI connections', () => {
		const names = workflow.nodes.map((node) => node.name).sort();
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const lists of Object.values(outputs))
				for (const { node } of lists.flat().filter((link) => link !== null))
					expect(names).toContain(node);
		}
		expect([...reachedFrom(starts[0].name, workflow.connections)].sort()).toEqual(names);
	});

	it('names its credentials without ids (n8n matches them by name on import, or asks)', () => {
		for (const node of workflow.nodes) {
			for (const [type, credential] of Object.entries(node.credentials ?? {})) {
				expect([node.name, type, credential]).toEqual([
					node.name,
					type,
					{ name: expect.any(String) as string },
				]);
			}
		}
	});
});

const triggerExamples = examples.filter(([, workflow]) =>
	workflow.nodes.some((node) => node.type === POLAR_TRIGGER),
);

describe.each(triggerExamples)('%s, started by Polar events', (_, workflow) => {
	const trigger = workflow.nodes.find((node) => node.type === POLAR_TRIGGER)!;
	const events = trigger.parameters.events as string[];

	it('listens to known event types', () => {
		expect(events.length).toBeGreaterThan(0);
		for (const event of events) expect([ALL_EVENTS, ...KNOWN_EVENT_TYPES]).toContain(event);
	});

	it("drops Polar's redeliveries by webhookId across executions, right after the trigger", () => {
		const dedupe = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.removeDuplicates')!;
		expect(dedupe.parameters).toMatchObject({
			operation: 'removeItemsSeenInPreviousExecutions',
			dedupeValue: '={{ $json.webhookId }}',
		});
		expect(workflow.connections[trigger.name].main[0]![0].node).toBe(dedupe.name);
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

const ownNodes = examples.flatMap(([file, workflow]) =>
	workflow.nodes
		.filter((node) => node.type in NODE_TYPES)
		.map((node) => [file, node.name, node] as const),
);

describe.each(ownNodes)('%s: "%s"', (_, __, example) => {
	const description = NODE_TYPES[example.type];
	const node = { ...example, parameters: example.parameters } as unknown as INode;

	it('has a typeVersion the node declares, and the Polar API credential', () => {
		const versions = Array.isArray(description.version)
			? description.version
			: [description.version];
		expect(versions).toContain(example.typeVersion);
		expect(example.credentials?.polarBillingApi?.name).toEqual(expect.any(String));
	});

	it('sets only parameters shown for its resource and operation, with declared options and locator modes', () => {
		expect(
			parameterProblems(
				description.properties,
				example.parameters,
				node,
				description,
				example.parameters,
				'',
			),
		).toEqual([]);
	});

	it('keeps every value through n8n (getNodeParameters) and leaves nothing required empty', () => {
		const resolved = NodeHelpers.getNodeParameters(
			description.properties,
			example.parameters,
			true,
			false,
			node,
			description,
		)!;
		expect(droppedPaths(example.parameters, resolved)).toEqual([]);
		expect(
			NodeHelpers.getNodeParametersIssues(
				description.properties,
				{ ...node, parameters: resolved },
				description,
			),
		).toBeNull();
	});

	if (example.type === POLAR_TOOL) {
		it('describes itself to the model, and lets the model fill fields only with whole, well-formed $fromAI() calls', () => {
			expect(example.parameters.descriptionType).toBe('manual');
			expect(String(example.parameters.toolDescription).length).toBeGreaterThan(40);
			const filled = strings(example.parameters).filter((value) => value.includes('$fromAI'));
			expect(filled.length).toBeGreaterThan(0);
			for (const value of filled) {
				// Only then does the editor show the field as "Defined automatically by the model".
				expect([value, isFromAIOnlyExpression(value)]).toEqual([value, true]);
				for (const call of extractFromAICalls(value)) {
					// The key names the field in the tool's schema: n8n accepts these characters, up to 64.
					expect(call.key).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
					expect(call.description?.length).toBeGreaterThan(10);
				}
			}
		});
	} else {
		it('uses no $fromAI() (only tools are filled by a model)', () => {
			expect(strings(example.parameters).filter((value) => value.includes('$fromAI'))).toEqual([]);
		});
	}
});

/**
 * The Simplified output of the operations the examples use, by resource and operation (`shapes.ts`); an example
 * using another operation adds it here.
 */
const SIMPLIFIED: Record<string, RecordShape> = {
	'customer.get': shapes.CUSTOMER,
	'customer.getState': shapes.CUSTOMER_STATE,
	'order.getMany': shapes.ORDER,
	'subscription.get': shapes.SUBSCRIPTION,
};
/** Nodes that pass their items on unchanged, so that the nodes after them still read the Polar node's output. */
const PASS_THROUGH = ['n8n-nodes-base.if', 'n8n-nodes-base.switch', 'n8n-nodes-base.noOp'];

const polarOutputs = examples.flatMap(([file, workflow]) =>
	workflow.nodes
		.filter((node) => node.type === POLAR && workflow.connections[node.name])
		.map((node) => [file, node.name, node, workflow] as const),
);

describe.each(polarOutputs)('%s: after "%s"', (_, __, polarNode, workflow) => {
	it("the nodes read only fields of the Polar node's Simplified output", () => {
		const key = `${String(polarNode.parameters.resource)}.${String(polarNode.parameters.operation)}`;
		expect(polarNode.parameters.output ?? 'simplified').toBe('simplified');
		expect(Object.keys(SIMPLIFIED)).toContain(key);
		const fields = Object.keys(SIMPLIFIED[key].simplify({}));
		const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
		const readers: WorkflowNode[] = [];
		const queue = [polarNode.name];
		while (queue.length) {
			for (const list of workflow.connections[queue.shift()!]?.main ?? []) {
				for (const { node: name } of list ?? []) {
					const node = byName.get(name)!;
					if (readers.includes(node)) continue;
					readers.push(node);
					if (PASS_THROUGH.includes(node.type)) queue.push(name);
				}
			}
		}
		const read = [
			...new Set(
				[
					...JSON.stringify(readers.map((node) => node.parameters)).matchAll(/\$json\.([a-z_]+)/g),
				].map((match) => match[1]),
			),
		];
		expect(read.length).toBeGreaterThan(0);
		expect(read.filter((field) => !fields.includes(field))).toEqual([]);
	});
});
