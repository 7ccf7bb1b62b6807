/**
 * Writes the event reference table of README.md from the event catalogue (nodes/PolarTrigger/events.ts),
 * between the `<!-- events:start -->` and `<!-- events:end -->` markers. `--check` fails when README.md is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { POLAR_EVENT_TYPES } from '../nodes/PolarTrigger/events';

const README = path.resolve(__dirname, '../README.md');
const START = '<!-- events:start -->';
const END = '<!-- events:end -->';

export function eventTable(): string {
	const rows = (catalogue: 'documented' | '2026-10' | 'newer') =>
		POLAR_EVENT_TYPES.filter((event) => event.catalogue === catalogue)
			.map(
				(event) =>
					`| ${event.name} | \`${event.type}\` | ${event.dataObject} | ${event.description} |`,
			)
			.join('\n');
	const header = '| Event | Type | `data` is a | Fires when |\n|---|---|---|---|';
	return [
		`The 31 event types Polar documents:\n\n${header}\n${rows('documented')}`,
		`Added in API version 2026-10:\n\n${header}\n${rows('2026-10')}`,
		`Newer than the API version 2026-10 document (Polar's SDKs list it); beside \`data\` its payload carries \`provider\` and \`provider_subscription_id\`, which *Data Only* keeps:\n\n${header}\n${rows('newer')}`,
	].join('\n\n');
}

export function readmeWithEventTable(readme: string): string {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
	return `${readme.slice(0, start + START.length)}\n${eventTable()}\n${readme.slice(end)}`;
}

if (require.main === module) {
	const current = readFileSync(README, 'utf8');
	const wanted = readmeWithEventTable(current);
	if (process.argv.includes('--check')) {
		if (current !== wanted) {
			console.error('README.md event table is stale: run `npm run docs:events`');
			process.exit(1);
		}
	} else {
		writeFileSync(README, wanted);
	}
}
