/**
 * The Polar node as n8n and an AI agent see it: a tool-ready programmatic node (n8n makes a `polarTool`
 * variant of any node with `usableAsTool`), every operation of the must set with an action an agent can pick,
 * options as enums rather than free JSON, Selected Fields that are Polar's own fields, codex and icons.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { Polar } from '../../../nodes/Polar/Polar.node';
import { RESOURCE_OPERATIONS } from '../../../nodes/Polar/actions/resources';
import * as shapes from '../../../nodes/Polar/helpers/shapes';
import { spec } from '../../../tools/polar-stand-in/openapi';

const ROOT = path.resolve(__dirname, '../../..');
const { description } = new Polar();

function flatten(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...flatten(
			(property.options ?? []).flatMap((option) =>
				'values' in option
					? (option.values as INodeProperties[])
					: 'displayName' in option && 'type' in option
						? [option as INodeProperties]
						: [],
			),
		),
	]);
}

const resourceOptions = description.properties.find((property) => property.name === 'resource')!
	.options as Array<{ value: string }>;
const operationProperties = description.properties.filter(
	(property) => property.name === 'operation',
);

describe('the Polar node description', () => {
	it('is a programmatic action node n8n offers as an AI tool, on the shared credential', () => {
		expect(description).toMatchObject({
			name: 'polar',
			displayName: 'Polar',
			usableAsTool: true,
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'polarBillingApi', required: true }],
			version: 1,
		});
		expect(description.group).not.toContain('trigger');
		expect(description.subtitle).toContain('$parameter["operation"]');
		expect(description.subtitle).toContain('$parameter["resource"]');
	});

	it('offers the 26 operations of the must set, each with the code that runs it', () => {
		const offered = operationProperties.flatMap((property) =>
			(property.options as Array<{ value: string }>).map(
				(option) => `${property.displayOptions!.show!.resource![0]}.${option.value}`,
			),
		);
		const implemented = Object.entries(RESOURCE_OPERATIONS).flatMap(([resource, operations]) =>
			Object.keys(operations).map((operation) => `${resource}.${operation}`),
		);
		expect(offered.sort()).toEqual(implemented.sort());
		expect(offered).toHaveLength(26);
		expect(resourceOptions.map((option) => option.value).sort()).toEqual(
			Object.keys(RESOURCE_OPERATIONS).sort(),
		);
	});

	it('gives every operation an action and a description written for an agent', () => {
		for (const property of operationProperties) {
			for (const option of property.options as Array<{ action?: string; description?: string }>) {
				expect(option.action).toMatch(/^[A-Z]/);
				expect(option.description?.length).toBeGreaterThan(20);
			}
		}
		const revoke = operationProperties
			.flatMap((property) => property.options as Array<{ value: string; action: string }>)
			.find((option) => option.value === 'revoke');
		expect(revoke?.action).toBe('Revoke subscription immediately — ends access now');
	});

	it('asks for no free JSON: every field is a typed field, an enum or a collection of them', () => {
		const types = new Set(flatten(description.properties).map((property) => property.type));
		expect(types.has('json')).toBe(false);
	});

	it('shows each field only for its own resource and operation', () => {
		for (const property of description.properties) {
			if (property.name === 'resource') continue;
			expect(property.displayOptions?.show?.resource).toHaveLength(1);
		}
	});
});

describe('Selected Fields offers Polar’s own fields (OpenAPI 2026-10)', () => {
	const schemas: Record<string, keyof typeof shapes> = {
		CustomerIndividual: 'CUSTOMER',
		CustomerStateIndividual: 'CUSTOMER_STATE',
		Subscription: 'SUBSCRIPTION',
		Order: 'ORDER',
		Product: 'PRODUCT',
		Checkout: 'CHECKOUT',
		BenefitGrant: 'BENEFIT_GRANT',
		CustomerMeter: 'CUSTOMER_METER',
		ValidatedLicenseKey: 'VALIDATED_LICENSE_KEY',
		LicenseKeyActivationRead: 'LICENSE_KEY_ACTIVATION',
		CustomerSession: 'CUSTOMER_SESSION',
	};
	it.each(Object.entries(schemas))('%s', (schema, shape) => {
		const document = spec() as unknown as {
			components: { schemas: Record<string, { properties: object }> };
		};
		expect([...shapes[shape].fields].sort()).toEqual(
			Object.keys(document.components.schemas[schema].properties).sort(),
		);
	});
});

describe('the package', () => {
	it('lists the node in package.json’s n8n.nodes, next to the trigger', () => {
		const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[] };
		};
		expect(manifest.n8n.nodes).toEqual([
			'dist/nodes/Polar/Polar.node.js',
			'dist/nodes/PolarTrigger/PolarTrigger.node.js',
		]);
	});

	it('has a codex with categories, aliases and documentation, and light and dark icons', () => {
		const codex = JSON.parse(
			readFileSync(path.join(ROOT, 'nodes/Polar/Polar.node.json'), 'utf8'),
		) as { node: string; categories: string[]; alias: string[]; resources: object };
		expect(codex.node).toBe('n8n-nodes-polar-billing.polar');
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.alias).toEqual(expect.arrayContaining(['billing', 'subscription', 'license key']));
		const icon = description.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark])
			expect(existsSync(path.join(ROOT, 'nodes/Polar', file.replace(/^file:/, '')))).toBe(true);
	});
});
