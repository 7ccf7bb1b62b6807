import { readFileSync } from 'node:fs';
import path from 'node:path';

import { POLAR_EVENT_TYPES } from '../../nodes/PolarTrigger/events';
import { readmeWithEventTable } from '../../tools/readme-events';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

it("README.md's event table is generated from the current catalogue (npm run docs:events)", () => {
	expect(readmeWithEventTable(readme)).toBe(readme);
});

it("README.md's event table lists every event type once", () => {
	for (const event of POLAR_EVENT_TYPES) {
		expect(readme.split(`| \`${event.type}\` |`)).toHaveLength(2);
	}
});
