/**
 * Writes README.md's generated tables from the code they describe: the event reference from the event
 * catalogue (nodes/PolarTrigger/events.ts) between `<!-- events:start -->` and `<!-- events:end -->`, the
 * scopes of each operation from the operations table (nodes/shared/operations.ts) between
 * `<!-- scopes:start -->` and `<!-- scopes:end -->`. `--check` fails when README.md is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { POLAR_EVENT_TYPES } from '../nodes/PolarTrigger/events';
import { anyOfScopes } from '../nodes/shared/errors';
import type { PolarOperation } from '../nodes/shared/operations';
import { POLAR_OPERATIONS } from '../nodes/shared/operations';

const README = path.resolve(__dirname, '../README.md');

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

/** "getMany" → "Get Many", "checkoutLink" → "Checkout Link". */
function title(name: string): string {
	const words = name.replace(/([A-Z])/g, ' $1');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The calls of the Polar node (the trigger's and the organization lookup apart), by resource and operation. */
function actionOperations(): Array<[string, PolarOperation[]]> {
	const byOperation = new Map<string, PolarOperation[]>();
	for (const operation of Object.values(POLAR_OPERATIONS) as PolarOperation[]) {
		if (operation.resource === 'webhookEndpoint' || operation.resource === 'organization') continue;
		const key = `${operation.resource}.${operation.operation}`;
		byOperation.set(key, [...(byOperation.get(key) ?? []), operation]);
	}
	return [...byOperation.entries()];
}

/** One token for everything: per operation one scope that covers it, writes preferred where a resource writes. */
export function scopeBundle(): string[] {
	const sets = (Object.values(POLAR_OPERATIONS) as PolarOperation[])
		.map((operation) => operation.scopes)
		.sort((a, b) => a.length - b.length);
	const chosen: string[] = [];
	for (const scopes of sets) {
		if (!scopes.some((scope) => chosen.includes(scope))) chosen.push(scopes[0]);
	}
	return chosen.sort();
}

export function scopeTable(): string {
	const rows = actionOperations().map(([, [first, ...more]]) => {
		const extra = more
			.filter((operation) => anyOfScopes(operation.scopes) !== anyOfScopes(first.scopes))
			.map(
				(operation) =>
					`; to ${operation.action}: ${anyOfScopes(operation.scopes.map((scope) => `\`${scope}\``))}`,
			)
			.join('');
		const scopes = anyOfScopes(first.scopes.map((scope) => `\`${scope}\``));
		return `| ${title(first.resource)} | ${title(first.operation)} | ${scopes}${extra} |`;
	});
	return [
		'**Polar Trigger**: `webhooks:read` and `webhooks:write`.',
		'',
		'**Polar node** (any one of the scopes listed for an operation is enough; Polar checks them that way):',
		'',
		'| Resource | Operation | Scopes |',
		'|---|---|---|',
		...rows,
		'',
		'License Key operations also need the organization: fill in **Organization ID** in the operation or the',
		'credential, or give the token `organizations:read` so the node can look it up.',
		'',
		`**One token for both nodes and every operation:** ${[
			...scopeBundle(),
			'organizations:read',
			'webhooks:read',
		]
			.filter((scope, index, all) => all.indexOf(scope) === index)
			.sort()
			.map((scope) => `\`${scope}\``)
			.join(' ')}.`,
	].join('\n');
}

const TABLES: Array<[string, () => string]> = [
	['events', eventTable],
	['scopes', scopeTable],
];

export function readmeWithTables(readme: string): string {
	let text = readme;
	for (const [name, table] of TABLES) {
		const start = `<!-- ${name}:start -->`;
		const end = `<!-- ${name}:end -->`;
		const from = text.indexOf(start);
		const to = text.indexOf(end);
		if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
		text = `${text.slice(0, from + start.length)}\n${table()}\n${text.slice(to)}`;
	}
	return text;
}

if (require.main === module) {
	const current = readFileSync(README, 'utf8');
	const wanted = readmeWithTables(current);
	if (process.argv.includes('--check')) {
		if (current !== wanted) {
			console.error('README.md tables are stale: run `npm run docs:readme`');
			process.exit(1);
		}
	} else {
		writeFileSync(README, wanted);
	}
}
