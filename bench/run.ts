/**
 * npm run bench [-- options]
 *
 * Verification speed in-process (micro), delivery speed through a real n8n (e2e) and the action node's
 * requests and Get Many speed against the stand-in (actions), each as ratios against baselines measured
 * in the same run. Prints markdown tables and writes every figure, with a
 * description of the machine, to a JSON file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type ActionsOptions, type ActionsResult, actionsTables, runActions } from './actions';
import { type E2eOptions, type E2eResult, e2eTable, runE2e } from './e2e';
import { describeMachine, machineLine } from './machine';
import { DEFAULT_SIZES, type MicroOptions, type MicroResult, microTables, runMicro } from './micro';
import { runMicroOnN8nNode } from './microOnN8nNode';
import { readmeSummary } from './readmeSummary';
import { parseCommandLine, readFlags } from '../tools/cli-args';
import { REPO_ROOT } from '../tools/n8n-local/ensure';

const DEFAULT_OUT = path.join('bench', 'results', 'latest.json');
const BENCH_README = path.join(REPO_ROOT, 'bench', 'README.md');

const USAGE = `Usage: npm run bench -- [options]
  --micro-only            only the in-process micro benchmark
  --e2e-only              only the end-to-end run through a real n8n
  --actions-only          only the action node: requests per job, Get Many vs a plain loop of requests
  --customers <count>     actions: customers of the timed Get Many (default 10000, quick 5000)
  --action-rounds <count> actions: timed rounds of Get Many (default 11, quick 5)
  --quick                 fewer rounds and deliveries (about half the time)
  --n <count>             e2e deliveries per workflow and concurrency level (default 100, quick 40)
  --concurrency <list>    e2e concurrency levels, e.g. 1,10,50 (default)
  --blocks <count>        e2e interleaved blocks per workflow and level (default 4, quick 2)
  --warmup <count>        e2e untimed deliveries per workflow first (default 20, quick 10; 0 = none)
  --n8n-configs <list>    e2e n8n configurations, in order (default default,lazy-isolates,legacy-expressions;
                          the targets are judged on the first)
  --micro-on <list>       micro: on which Node, in order: bench (this one), n8n (Node 24, which n8n 2.x runs on;
                          installed with n8n the first time) (default bench,n8n)
  --rounds <count>        micro rounds per cell (default 101, quick 31)
  --batch-ms <ms>         micro: length of one timed batch, fractions allowed (default 1)
  --sizes <list>          micro body sizes in bytes, e.g. 1024,65536 (default 1 KB, 4 KB, 64 KB, 1 MB)
  --data-dir <dir>        e2e: n8n user folder to use (default: a new temporary folder, removed afterwards)
  --keep-data-dir         e2e: keep the temporary n8n folder (its n8n.log) after the run
  --budget <seconds>      e2e: start no new block after this long (default 360, quick 240)
  --out <file>            JSON output (default ${DEFAULT_OUT})
  --update-readme         also put the summary and the tables into bench/README.md
  --help`;

type MicroRuntimeName = 'bench' | 'n8n';

interface CliOptions {
	micro: boolean;
	microOn: MicroRuntimeName[];
	/** Internal: run the micro part only, on this Node, and write its result to this file (bench/microOnN8nNode.ts). */
	microChildOut?: string;
	e2e: boolean;
	actions: boolean;
	quick: boolean;
	out: string;
	updateReadme: boolean;
	microOptions: MicroOptions;
	e2eOptions: E2eOptions;
	actionsOptions: Omit<ActionsOptions, 'log'>;
}

function positiveInt(flag: string, raw: string): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`${flag} needs a positive whole number, got "${raw}"`);
	return value;
}

function positiveNumber(flag: string, raw: string): number {
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0)
		throw new Error(`${flag} needs a positive number, got "${raw}"`);
	return value;
}

function intList(flag: string, raw: string): number[] {
	const values = raw.split(',').map((part) => positiveInt(flag, part.trim()));
	if (values.length === 0) throw new Error(`${flag} needs a comma-separated list`);
	return values;
}

const ON_OFF_FLAGS = [
	'--micro-only',
	'--e2e-only',
	'--actions-only',
	'--quick',
	'--keep-data-dir',
	'--update-readme',
];
const VALUE_FLAGS = [
	'--n',
	'--concurrency',
	'--blocks',
	'--warmup',
	'--rounds',
	'--batch-ms',
	'--sizes',
	'--data-dir',
	'--budget',
	'--out',
	'--n8n-configs',
	'--micro-on',
	'--micro-child',
	'--customers',
	'--action-rounds',
];

export function parseArgs(argv: string[]): CliOptions | 'help' {
	// Collected first and read afterwards: --quick changes the defaults of other flags wherever it stands.
	const given = readFlags(argv, { onOff: ON_OFF_FLAGS, values: VALUE_FLAGS });
	if (given === 'help') return 'help';
	const only = ['--micro-only', '--e2e-only', '--actions-only'].filter((flag) => given.on(flag));
	if (only.length > 1) throw new Error(`${only.join(' and ')} exclude each other`);
	const part = (flag: string) => only.length === 0 || only[0] === flag;

	const quick = given.on('--quick');
	const text = given.text;
	const int = (flag: string, fallback: number): number => {
		const raw = text(flag);
		return raw === undefined ? fallback : positiveInt(flag, raw);
	};
	const n = int('--n', quick ? 40 : 100);
	const blocks = Math.min(int('--blocks', quick ? 2 : 4), n);
	const microOn = (text('--micro-on') ?? 'bench,n8n').split(',').map((name) => name.trim());
	for (const name of microOn) {
		if (name !== 'bench' && name !== 'n8n')
			throw new Error(`--micro-on takes bench and/or n8n, got "${name}"`);
	}
	const microChildOut = text('--micro-child');
	return {
		micro: part('--micro-only'),
		microOn: microOn as MicroRuntimeName[],
		microChildOut,
		e2e: part('--e2e-only') && microChildOut === undefined,
		actions: part('--actions-only') && microChildOut === undefined,
		quick,
		out: text('--out') ?? DEFAULT_OUT,
		updateReadme: given.on('--update-readme'),
		microOptions: {
			sizes: text('--sizes') ? intList('--sizes', text('--sizes') as string) : DEFAULT_SIZES,
			rounds: int('--rounds', quick ? 31 : 101),
			batchMs: positiveNumber('--batch-ms', text('--batch-ms') ?? '1'),
			warmupMs: quick ? 800 : 2000,
		},
		e2eOptions: {
			n,
			blocks,
			concurrency: text('--concurrency')
				? intList('--concurrency', text('--concurrency') as string)
				: [1, 10, 50],
			warmup: text('--warmup') === '0' ? 0 : int('--warmup', quick ? 10 : 20),
			configs: text('--n8n-configs')
				? (text('--n8n-configs') as string).split(',').map((name) => name.trim())
				: undefined,
			dataDir: text('--data-dir') ? path.resolve(text('--data-dir') as string) : undefined,
			keepDataDir: given.on('--keep-data-dir'),
			budgetMs: int('--budget', quick ? 240 : 360) * 1000,
		},
		actionsOptions: {
			customers: int('--customers', quick ? 5000 : 10000),
			rounds: int('--action-rounds', quick ? 5 : 11),
		},
	};
}

const majorVersion = (version: string): string =>
	version.replace(/^v/, '').split('.')[0] ?? version;

const progress = (line: string): void => {
	process.stderr.write(`[bench] ${line}\n`);
};

/** Replaces what lies between `<!-- bench:<section>:start -->` and `<!-- bench:<section>:end -->`. */
function replaceSection(file: string, section: string, markdown: string): void {
	const startMarker = `<!-- bench:${section}:start -->`;
	const endMarker = `<!-- bench:${section}:end -->`;
	const readme = readFileSync(file, 'utf8');
	const start = readme.indexOf(startMarker);
	const end = readme.indexOf(endMarker);
	if (start === -1 || end === -1 || end < start)
		throw new Error(`${file} lacks the ${startMarker} / ${endMarker} markers`);
	writeFileSync(
		file,
		`${readme.slice(0, start + startMarker.length)}\n${markdown}\n${readme.slice(end)}`,
	);
}

async function main(): Promise<void> {
	const options = parseCommandLine(parseArgs, USAGE);
	if (!options) return;

	if (options.microChildOut) {
		const result = await runMicro({ ...options.microOptions, log: progress, role: 'n8n' });
		writeFileSync(options.microChildOut, JSON.stringify(result));
		return;
	}

	const started = Date.now();
	const machine = describeMachine();
	progress(`machine: ${machineLine(machine)}`);
	const micro: MicroResult[] = [];
	let e2e: E2eResult | undefined;
	let actions: ActionsResult | undefined;

	if (options.micro) {
		progress(
			`micro: ${options.microOptions.sizes?.length} sizes x 2 secrets, ${options.microOptions.rounds} rounds, on ${options.microOn.join(' and ')}'s Node`,
		);
		for (const runtime of options.microOn) {
			micro.push(
				runtime === 'bench'
					? await runMicro({ ...options.microOptions, log: progress, role: 'bench' })
					: await runMicroOnN8nNode({ ...options.microOptions, quick: options.quick }, progress),
			);
		}
	}
	if (options.e2e) {
		const { n, concurrency, blocks } = options.e2eOptions;
		progress(
			`e2e: ${n} deliveries per workflow at concurrency ${concurrency?.join(', ')} in ${blocks} blocks (first run installs n8n: minutes)`,
		);
		e2e = await runE2e({ ...options.e2eOptions, log: progress });
		machine.n8n = { version: e2e.n8n.version, node: e2e.n8n.node };
	}
	if (options.actions) {
		const { customers, rounds } = options.actionsOptions;
		progress(
			`actions: request counts, then Get Many of ${customers} customers in ${rounds} rounds`,
		);
		actions = await runActions({ ...options.actionsOptions, log: progress });
	}
	machine.loadAverageAtEnd = os.loadavg().map((value) => Math.round(value * 100) / 100);

	const generatedAt = new Date().toISOString();
	const sections = [
		`Measured ${generatedAt.slice(0, 16).replace('T', ' ')} UTC with \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` ` +
			`(${((Date.now() - started) / 1000).toFixed(0)} s) on: ${machineLine(machine)}.`,
	];
	for (const result of micro)
		sections.push(
			`### Micro (in-process), Node ${majorVersion(result.runtime.node)}`,
			microTables(result),
		);
	if (e2e) sections.push('### End to end (real n8n, loopback)', e2eTable(e2e));
	if (actions)
		sections.push(
			'### Polar action node (in-process through n8n-core, against the stand-in)',
			actionsTables(actions),
		);
	const markdown = sections.join('\n\n');

	const out = path.resolve(options.out);
	mkdirSync(path.dirname(out), { recursive: true });
	const report = {
		generatedAt,
		command: ['npm run bench', ...process.argv.slice(2)].join(' '),
		quick: options.quick,
		durationMs: Date.now() - started,
		machine,
		targets: {
			micro: micro.map((result) => ({ node: result.runtime.node, ...result.summary })),
			e2e: e2e?.summary,
			actions: actions?.summary,
		},
		micro,
		e2e,
		actions,
	};
	writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
	if (options.updateReadme) {
		replaceSection(BENCH_README, 'latest', markdown);
		if (micro.length > 0 && e2e) {
			const measuredOn =
				`${generatedAt.slice(0, 10)}, ${machine.cpuModel}, ${machine.cores} cores, ` +
				`n8n ${e2e.n8n.version} on Node ${e2e.n8n.node.replace(/^v/, '')}`;
			replaceSection(BENCH_README, 'summary', readmeSummary(micro, e2e, measuredOn));
		} else {
			progress('bench/README.md summary left as it was: it needs both the micro and the e2e part');
		}
	}

	process.stdout.write(
		`\n${markdown}\n\nAll figures: ${path.relative(process.cwd(), out) || out}\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
