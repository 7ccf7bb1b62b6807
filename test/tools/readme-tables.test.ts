import { readFileSync } from 'node:fs';
import path from 'node:path';

import { POLAR_EVENT_TYPES } from '../../nodes/PolarTrigger/events';
import { readmeWithTables, scopeBundle } from '../../tools/readme-tables';
import { POLAR_OPERATIONS } from '../../nodes/shared/operations';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

it("README.md's event and scope tables are generated from the current code (npm run docs:readme)", () => {
	expect(readmeWithTables(readme)).toBe(readme);
});

it('the one-token scope bundle covers every call of both nodes', () => {
	const bundle = scopeBundle();
	for (const operation of Object.values(POLAR_OPERATIONS)) {
		expect(operation.scopes.some((scope) => bundle.includes(scope))).toBe(true);
	}
	expect(bundle).toEqual(
		expect.arrayContaining(['customers:write', 'orders:read', 'webhooks:write']),
	);
	expect(bundle).not.toContain('customers:read');
});

it("README.md's event table lists every event type once", () => {
	for (const event of POLAR_EVENT_TYPES) {
		expect(readme.split(`| \`${event.type}\` |`)).toHaveLength(2);
	}
});
