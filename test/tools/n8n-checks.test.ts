/**
 * `npm run lint:n8n` can fail: the scanner's two passes (tools/n8n-checks.ts, n8n's own analyser) run on copies
 * of this package where a node reads `process.env` and imports `node:fs`, each hidden behind an inline
 * `eslint-disable` comment, which the scanner does not honour. An untouched copy stays clean.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { PassResult } from '../../tools/n8n-checks';

const REPO_ROOT = path.resolve(__dirname, '../..');

/** A node file that breaks n8n's rules, with every violation "disabled" inline. */
const LEAKY_NODE_TS = `// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import { readFileSync } from 'node:fs';

/* eslint-disable */
export const token = process.env.POLAR_ACCESS_TOKEN;
export const secret = readFileSync('/etc/hostname', 'utf8');
`;

/** The same in compiled form, as it would sit in a published tarball. */
const LEAKY_NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
// eslint-disable-next-line
const node_fs_1 = require("node:fs");
/* eslint-disable */
exports.token = process.env.POLAR_ACCESS_TOKEN;
exports.secret = (0, node_fs_1.readFileSync)('/etc/hostname', 'utf8');
`;

let root: string;
let passes: PassResult[];
let status: number | null;
let output: string;

function copyOfPackage(name: string): string {
	const dir = path.join(root, name);
	mkdirSync(dir);
	for (const entry of ['package.json', 'nodes', 'credentials'])
		cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
	return dir;
}

beforeAll(() => {
	root = mkdtempSync(path.join(tmpdir(), 'n8n-checks-test-'));
	const clean = copyOfPackage('clean');
	const leaky = copyOfPackage('leaky');
	writeFileSync(path.join(leaky, 'nodes', 'PolarTrigger', 'leak.ts'), LEAKY_NODE_TS);
	const tarball = path.join(root, 'tarball');
	mkdirSync(path.join(tarball, 'dist', 'nodes', 'PolarTrigger'), { recursive: true });
	cpSync(path.join(REPO_ROOT, 'package.json'), path.join(tarball, 'package.json'));
	writeFileSync(path.join(tarball, 'dist', 'nodes', 'PolarTrigger', 'leak.js'), LEAKY_NODE_JS);

	const json = path.join(root, 'passes.json');
	const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
	const run = spawnSync(
		tsx,
		[
			'tools/n8n-checks.ts',
			'--source',
			clean,
			'--source',
			leaky,
			'--tarball',
			tarball,
			'--json',
			json,
		],
		{
			cwd: REPO_ROOT,
			encoding: 'utf8',
			timeout: 120_000,
		},
	);
	status = run.status;
	output = `${run.stdout}${run.stderr}`;
	passes = JSON.parse(readFileSync(json, 'utf8')) as PassResult[];
}, 130_000);

afterAll(() => {
	rmSync(root, { recursive: true, force: true });
});

it('the source pass finds nothing in an untouched copy of the package', () => {
	const [clean] = passes;
	expect(clean?.details).toBe('');
	expect(clean?.files).toBeGreaterThan(5);
	expect(clean).toMatchObject({ errors: 0, warnings: 0 });
});

it('the source pass reports process.env and node:fs in a node, inline eslint-disable comments notwithstanding', () => {
	const leaky = passes[1] as PassResult;
	expect(leaky.errors).toBeGreaterThanOrEqual(2);
	expect(leaky.details).toContain('leak.ts');
	expect(leaky.details).toContain('@n8n/community-nodes/no-restricted-globals');
	expect(leaky.details).toContain('@n8n/community-nodes/no-restricted-imports');
});

it('the tarball pass reports the same in compiled JavaScript', () => {
	const tarball = passes[2] as PassResult;
	expect(tarball.errors).toBeGreaterThanOrEqual(1);
	expect(tarball.details).toContain('leak.js');
	expect(tarball.details).toContain('@n8n/community-nodes/no-restricted-globals');
});

it('the checker exits 1 and says which pass failed', () => {
	expect(status).toBe(1);
	expect(output).toMatch(/FAIL scanner, source .*leaky/);
	expect(output).toMatch(/FAILED: errors or warnings above/);
});
