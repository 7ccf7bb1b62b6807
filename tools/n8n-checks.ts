/**
 * n8n's checks for community packages, run the way n8n runs them (`npm run lint:n8n`):
 *
 * 1. the scanner's source pass (`@n8n/scan-community-package`): its own analyser over the working tree's
 *    `package.json` and `{nodes,credentials}/**\/*.{js,ts,json}`, inline `eslint-disable` comments not honoured;
 * 2. n8n-node's default (strict-mode) ESLint config over the code that ships (`nodes/`, `credentials/`,
 *    `package.json`), inline comments not honoured: what `"strict": true` would promise for that code;
 * 3. `npm run build`, `npm pack` into a temporary folder, and the scanner's tarball pass over the unpacked
 *    package (`**\/*.js`, `package.json`), plus the node and credential types the packed package declares;
 * 4. `n8n-node lint` (`@n8n/node-cli`), which must exit 0;
 * 5. the workflow validator (`@action-validator/cli`) on `.github/workflows/*.yml`.
 *
 * Exits 1 when any pass reports an error or a warning. The scanner's CLI only scans published packages, so its
 * exported `analyzePackage` gives the verdict here; it fails on errors only and prints nothing otherwise, so each
 * pass is linted once more with the scanner's exported config and ESLint options to count warnings too, and the
 * two must agree.
 *
 * `--source DIR` / `--tarball DIR` (repeatable) run only the scanner's source / tarball pass on DIR (the unit
 * test uses them on doctored copies); `--json FILE` also writes the results as JSON.
 */
import { spawnSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { ESLint, Linter } from 'eslint';

import { parseCommandLine, readFlags } from './cli-args';
import { REPO_ROOT } from './n8n-local/ensure';
import { buildAndPack } from './n8n-local/pack';

const SCANNER_PATH = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', {
	paths: [REPO_ROOT],
});
/** Resolves modules the way the scanner does (its own eslint, fast-glob and plugin versions). */
const scannerRequire = createRequire(SCANNER_PATH);

/** The tarball pass's patterns: a literal inside the scanner's `analyzePackageByName`, not exported. */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** What the scanner's source must still say for this script to reproduce it (checked on every run). */
const SCANNER_FACTS = [
	'analyzePackage(sourceDir, SOURCE_FILE_PATTERNS)',
	"analyzePackage(packageDir, ['**/*.js', 'package.json'])",
	'allowInlineConfig: false',
	"ignore: ['node_modules/**', '**/package-lock.json']",
];
const SCANNER_IGNORE = ['node_modules/**', '**/package-lock.json'];

interface ScanVerdict {
	passed: boolean;
	message?: string;
	details?: string;
}

interface ScannerModule {
	analyzePackage(packageDir: string, filePatterns?: string[]): Promise<ScanVerdict>;
	buildScanConfig(): Promise<Linter.Config[]>;
	SOURCE_FILE_PATTERNS: string[];
}

export interface PassResult {
	name: string;
	/** Files the pass looked at. */
	files: number;
	errors: number;
	warnings: number;
	/** What to show when the pass did not come out clean. */
	details: string;
	/** One-line facts to print under the pass (e.g. the packed node types). */
	notes: string[];
}

let scanner: Promise<ScannerModule> | undefined;

function loadScanner(): Promise<ScannerModule> {
	// eslint-plugin-n8n-nodes-base names every file "Test.node.ts" when NODE_ENV is "test" (its own test mode, read
	// when it loads), which breaks its filename rules; n8n's scanner never runs that way. Jest sets it.
	if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
	// The scanner makes a temporary folder when loaded; let `tmp` remove it at exit.
	(scannerRequire('tmp') as { setGracefulCleanup(): void }).setGracefulCleanup();
	scanner ??= import(pathToFileURL(SCANNER_PATH).href) as Promise<ScannerModule>;
	return scanner;
}

function stripAnsi(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/\u001b\[[0-9;]*m/g, '');
}

async function formatted(eslint: ESLint, results: ESLint.LintResult[]): Promise<string> {
	const formatter = await eslint.loadFormatter('stylish');
	return stripAnsi(await formatter.format(results));
}

function tally(
	name: string,
	results: ESLint.LintResult[],
	details: string,
	files: number,
): PassResult {
	return {
		name,
		files,
		errors: results.reduce((sum, result) => sum + result.errorCount, 0),
		warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
		details,
		notes: [],
	};
}

/** The scanner's lint of `dir` over `patterns`: its verdict from `analyzePackage`, its counts from the same lint. */
export async function scannerPass(
	name: string,
	dir: string,
	patterns: string[],
): Promise<PassResult> {
	const { analyzePackage, buildScanConfig } = await loadScanner();
	const scannerSource = readFileSync(SCANNER_PATH, 'utf8');
	const drift = SCANNER_FACTS.filter((fact) => !scannerSource.includes(fact));
	if (drift.length > 0) {
		return {
			name,
			files: 0,
			errors: 1,
			warnings: 0,
			details: `${SCANNER_PATH} no longer contains ${drift.join(', ')}: re-read it and update tools/n8n-checks.ts`,
			notes: [],
		};
	}
	const verdict = await analyzePackage(dir, patterns);

	const { ESLint: ScannerESLint } = scannerRequire('eslint') as typeof import('eslint');
	const glob = scannerRequire('fast-glob') as typeof import('fast-glob');
	// The options of the scanner's analyzePackage.
	const eslint = new ScannerESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: SCANNER_IGNORE });
	const results = files.length > 0 ? await eslint.lintFiles(files) : [];
	const pass = tally(name, results, await formatted(eslint, results), files.length);

	if (files.length === 0) {
		pass.errors += 1;
		pass.details = `no files matched ${patterns.join(', ')} in ${dir}`;
	} else if (verdict.passed !== (pass.errors === 0)) {
		pass.errors += 1;
		pass.details += `\nThe scanner's verdict (${verdict.passed ? 'passed' : `failed: ${verdict.message}`}) disagrees with ${pass.errors - 1} error(s) counted here: tools/n8n-checks.ts no longer lints as the scanner does.`;
	} else if (!verdict.passed && verdict.message !== 'ESLint violations found') {
		pass.details += `\nThe scanner: ${verdict.message}`;
	}
	return pass;
}

/** n8n-node's default eslint.config.mjs (the one strict mode requires) over the code that ships. */
async function defaultConfigPass(): Promise<PassResult> {
	const configPath = require.resolve('@n8n/node-cli/eslint', { paths: [REPO_ROOT] });
	// The ESLint that n8n-node lint runs (its own dependency), with the config it generates for strict mode.
	const { ESLint: CliESLint } = createRequire(configPath)('eslint') as typeof import('eslint');
	const { config } = require(configPath) as { config: Linter.Config[] };
	const eslint = new CliESLint({
		cwd: REPO_ROOT,
		overrideConfigFile: true,
		overrideConfig: config,
		allowInlineConfig: false,
	});
	const results = await eslint.lintFiles(['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts']);
	return tally(
		"n8n-node's default ESLint config over package.json, nodes/, credentials/",
		results,
		await formatted(eslint, results),
		results.length,
	);
}

/** Builds, packs and unpacks the package; the scanner's tarball pass and the types it declares. */
async function tarballPass(): Promise<PassResult> {
	const root = mkdtempSync(path.join(tmpdir(), 'n8n-checks-'));
	try {
		const packed = await buildAndPack(root);
		const packageDir = path.join(root, 'package');
		mkdirSync(packageDir);
		const untar = spawnSync(
			'tar',
			['-xzf', packed.tarball, '-C', packageDir, '--strip-components=1'],
			{ encoding: 'utf8' },
		);
		if (untar.status !== 0) throw new Error(`tar -xzf ${packed.tarball} failed: ${untar.stderr}`);
		const pass = await scannerPass(
			`scanner, tarball (${TARBALL_FILE_PATTERNS.join(', ')}) of ${path.basename(packed.tarball)}`,
			packageDir,
			TARBALL_FILE_PATTERNS,
		);
		// Loading the packed classes needs n8n-workflow: this repository's node_modules, outside the package folder.
		symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
		const types = declaredTypes(packageDir);
		pass.notes.push(
			`${packed.files.length} files; node types: ${types.nodes.join(', ')}; credential types: ${types.credentials.join(', ')}`,
		);
		for (const problem of types.problems) {
			pass.errors += 1;
			pass.details += `\n${problem}`;
		}
		return pass;
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
}

interface DeclaredTypes {
	nodes: string[];
	credentials: string[];
	problems: string[];
}

/** The node types (`<package>.<name>`) and credential types the unpacked package's `n8n` field loads. */
export function declaredTypes(packageDir: string): DeclaredTypes {
	const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
		name: string;
		n8n: { nodes?: string[]; credentials?: string[] };
	};
	const load = (file: string): Array<new () => unknown> => {
		const absolute = path.join(packageDir, file);
		if (!existsSync(absolute))
			throw new Error(`package.json n8n lists ${file}, which is not in the tarball`);
		return Object.values(require(absolute) as Record<string, unknown>).filter(
			(value): value is new () => unknown => typeof value === 'function',
		);
	};
	const credentials = (manifest.n8n.credentials ?? []).flatMap((file) =>
		load(file).map((Class) => (new Class() as { name: string }).name),
	);
	const nodeDescriptions = (manifest.n8n.nodes ?? []).flatMap((file) =>
		load(file).map(
			(Class) =>
				(new Class() as { description: { name: string; credentials?: Array<{ name: string }> } })
					.description,
		),
	);
	const nodes = nodeDescriptions.map((description) => `${manifest.name}.${description.name}`);
	const problems: string[] = [];
	for (const [kind, names] of [
		['node', nodes],
		['credential', credentials],
	] as const) {
		const repeated = names.filter((name, index) => names.indexOf(name) !== index);
		if (repeated.length > 0)
			problems.push(`${kind} type(s) declared twice: ${repeated.join(', ')}`);
		if (names.length === 0) problems.push(`the packed package declares no ${kind} type`);
	}
	for (const description of nodeDescriptions) {
		for (const credential of description.credentials ?? []) {
			if (!credentials.includes(credential.name))
				problems.push(
					`node ${description.name} uses credential type ${credential.name}, which the package does not declare`,
				);
		}
	}
	return { nodes, credentials, problems };
}

/** `n8n-node lint` in the repository: exit code 0 or an error. */
function nodeCliLint(): PassResult {
	const bin = path.join(REPO_ROOT, 'node_modules', '.bin', 'n8n-node');
	const lint = spawnSync(bin, ['lint'], { cwd: REPO_ROOT, encoding: 'utf8' });
	const output = stripAnsi(
		`${lint.stdout ?? ''}${lint.stderr ?? ''}${lint.error ? String(lint.error) : ''}`,
	).trim();
	const pass: PassResult = {
		name: 'n8n-node lint',
		files: 0,
		errors: lint.status === 0 ? 0 : 1,
		warnings: 0,
		details: output,
		notes: [],
	};
	const problems = /(\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(output);
	if (problems) pass.warnings = Number(problems[3]);
	pass.notes.push(`exit ${lint.status ?? lint.signal}`);
	return pass;
}

/** `action-validator` on every workflow file. */
function workflowPass(): PassResult {
	const folder = path.join(REPO_ROOT, '.github', 'workflows');
	const files = existsSync(folder)
		? readdirSync(folder)
				.filter((file) => /\.ya?ml$/.test(file))
				.sort()
		: [];
	const bin = path.join(REPO_ROOT, 'node_modules', '.bin', 'action-validator');
	const pass: PassResult = {
		name: 'workflow validator (action-validator) on .github/workflows',
		files: files.length,
		errors: 0,
		warnings: 0,
		details: '',
		notes: [files.join(', ')],
	};
	if (files.length === 0) {
		pass.errors = 1;
		pass.details = 'no workflow files in .github/workflows';
	}
	for (const file of files) {
		const run = spawnSync(bin, [path.join(folder, file)], { cwd: REPO_ROOT, encoding: 'utf8' });
		if (run.status === 0) continue;
		let count = 1;
		try {
			count = Math.max(1, (JSON.parse(run.stderr) as { errors: unknown[] }).errors.length);
		} catch {
			// not the validator's JSON report (e.g. it could not start): one error, its output below
		}
		pass.errors += count;
		pass.details += `${file}:\n${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}\n`;
	}
	return pass;
}

function report(passes: PassResult[]): boolean {
	const clean = passes.every((pass) => pass.errors === 0 && pass.warnings === 0);
	const lines = ['', "n8n's checks"];
	for (const pass of passes) {
		const verdict = pass.errors === 0 && pass.warnings === 0 ? 'ok  ' : 'FAIL';
		const files = pass.files > 0 ? `, ${pass.files} file${pass.files === 1 ? '' : 's'}` : '';
		lines.push(
			`  ${verdict} ${pass.name}${files}: ${pass.errors} error(s), ${pass.warnings} warning(s)`,
		);
		for (const note of pass.notes) lines.push(`       ${note}`);
	}
	for (const pass of passes) {
		if (pass.errors === 0 && pass.warnings === 0) continue;
		lines.push('', `--- ${pass.name}`, pass.details.trim());
	}
	lines.push('', clean ? 'all clean' : 'FAILED: errors or warnings above', '');
	process.stdout.write(`${lines.join('\n')}\n`);
	return clean;
}

interface Options {
	sources: string[];
	tarballs: string[];
	json: string | undefined;
}

const USAGE = `Usage: tsx tools/n8n-checks.ts [--source DIR]... [--tarball DIR]... [--json FILE]
  no --source/--tarball: every check on this repository (scanner source and tarball passes, n8n-node's default
  config on the shipped code, n8n-node lint, workflow validator)`;

function parse(argv: string[]): Options | 'help' {
	const given = readFlags(argv, { values: ['--source', '--tarball', '--json'] });
	if (given === 'help') return 'help';
	const json = given.text('--json');
	return {
		sources: given.all('--source').map((dir) => path.resolve(dir)),
		tarballs: given.all('--tarball').map((dir) => path.resolve(dir)),
		json: json === undefined ? undefined : path.resolve(json),
	};
}

async function main(): Promise<void> {
	const options = parseCommandLine(parse, USAGE);
	if (!options) return;
	const { SOURCE_FILE_PATTERNS } = await loadScanner();
	const sourceName = (dir: string) =>
		`scanner, source (${SOURCE_FILE_PATTERNS.join(', ')}) of ${dir}`;
	const passes: PassResult[] = [];
	if (options.sources.length + options.tarballs.length > 0) {
		for (const dir of options.sources)
			passes.push(await scannerPass(sourceName(dir), dir, SOURCE_FILE_PATTERNS));
		for (const dir of options.tarballs)
			passes.push(
				await scannerPass(
					`scanner, tarball (${TARBALL_FILE_PATTERNS.join(', ')}) of ${dir}`,
					dir,
					TARBALL_FILE_PATTERNS,
				),
			);
	} else {
		passes.push(await scannerPass(sourceName('the working tree'), REPO_ROOT, SOURCE_FILE_PATTERNS));
		passes.push(await defaultConfigPass());
		passes.push(await tarballPass());
		passes.push(nodeCliLint());
		passes.push(workflowPass());
	}
	if (options.json) writeFileSync(options.json, `${JSON.stringify(passes, null, 2)}\n`);
	process.exitCode = report(passes) ? 0 : 1;
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(
			`n8n-checks: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exitCode = 1;
	});
}
