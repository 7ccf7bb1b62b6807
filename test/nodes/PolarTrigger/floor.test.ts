/**
 * The oldest n8n the package runs on (README's Compatibility, package.json `engines.n8n`): n8n 1.85.0, the
 * first to ship n8n-workflow 1.83.0 with `NodeConnectionTypes`, which the node reads when n8n creates it.
 *
 * The packed package (as published) is installed next to a copy of n8n-workflow from the registry, the way
 * it finds n8n's own copy inside n8n, and a plain Node process creates the node as n8n's loader does
 * (`new PolarTrigger()`). With n8n-workflow 1.82.0, the last before the floor, that throws the TypeError
 * README quotes; with 1.83.0 the node loads. Needs the npm registry (as CI has).
 *
 * n8n 1.85 to 1.88 (1.94 no longer does) install a community package with a plain `npm install <package>`,
 * which installs peer dependencies too: the package must still land alone, without n8n-workflow's tree.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { asTypedInATerminal } from '../../../tools/n8n-local/ensure';
import { README_INSTALL_ARGS } from '../../../tools/n8n-local/install';
import { type PackedPackage, buildAndPack } from '../../../tools/n8n-local/pack';
import { run } from '../../../tools/n8n-local/run';
import { setLogSink } from '../../../tools/n8n-local/log';

/** The last n8n-workflow before the floor (n8n 1.84.x), and the floor's own (n8n 1.85.0). */
const BEFORE_FLOOR = '1.82.0';
const AT_FLOOR = '1.83.0';

interface Creation {
	created: boolean;
	n8nWorkflow?: string;
	error?: { name: string; message: string };
	outputs?: unknown;
}

/** Creates the installed node in a new Node process, with the n8n-workflow installed beside it. */
const CREATE_NODE = `
const path = require('node:path');
const root = process.argv[1];
const n8nWorkflow = require(path.join(root, 'node_modules', 'n8n-workflow', 'package.json')).version;
const file = path.join(root, 'node_modules', process.argv[2], process.argv[3]);
let result;
try {
	const { PolarTrigger } = require(file);
	result = { created: true, n8nWorkflow, outputs: new PolarTrigger().description.outputs };
} catch (error) {
	result = { created: false, n8nWorkflow, error: { name: error.name, message: error.message } };
}
process.stdout.write(JSON.stringify(result));
`;

let root: string;
let packed: PackedPackage;
const folders: Record<string, string> = {};

beforeAll(async () => {
	setLogSink(() => undefined);
	root = mkdtempSync(path.join(os.tmpdir(), 'polar-floor-'));
	packed = await buildAndPack(path.join(root, 'pack'));
	await Promise.all(
		[BEFORE_FLOOR, AT_FLOOR].map(async (version) => {
			const folder = path.join(root, `n8n-workflow-${version}`);
			mkdirSync(folder);
			writeFileSync(path.join(folder, 'package.json'), '{"private":true}\n');
			// README's install command for the package; scripts off, as n8n's installer runs npm.
			await run(
				'npm',
				[
					...README_INSTALL_ARGS,
					'--ignore-scripts',
					'--no-audit',
					'--no-fund',
					'--prefer-offline',
					packed.tarball,
					`n8n-workflow@${version}`,
				],
				{
					cwd: folder,
					env: asTypedInATerminal(),
					label: `npm install n8n-workflow@${version}`,
					echo: 'none',
				},
			);
			folders[version] = folder;
		}),
	);
}, 10 * 60_000);

afterAll(() => {
	if (root) rmSync(root, { recursive: true, force: true });
});

function createNode(version: string): Creation {
	const child = spawnSync(
		process.execPath,
		['-e', CREATE_NODE, folders[version] as string, packed.name, nodeFile()],
		{ encoding: 'utf8' },
	);
	if (child.status !== 0) throw new Error(`node exited ${child.status}: ${child.stderr}`);
	return JSON.parse(child.stdout) as Creation;
}

/** The node's file as package.json's `n8n.nodes` lists it (the one n8n loads). */
function nodeFile(): string {
	const listed = packed.files.find((file) => /PolarTrigger\.node\.js$/.test(file));
	if (!listed)
		throw new Error(`the packed package has no PolarTrigger.node.js: ${packed.files.join(', ')}`);
	return listed;
}

describe('the oldest n8n the package runs on: 1.85.0 (n8n-workflow 1.83.0)', () => {
	it(`with n8n-workflow ${BEFORE_FLOOR} (n8n 1.84 and older) the node cannot be created: TypeError "Cannot read properties of undefined (reading 'Main')"`, () => {
		expect(createNode(BEFORE_FLOOR)).toEqual({
			created: false,
			n8nWorkflow: BEFORE_FLOOR,
			error: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'Main')" },
		});
	});

	it(`with n8n-workflow ${AT_FLOOR} (n8n 1.85.0) the node is created, with its one main output`, () => {
		expect(createNode(AT_FLOOR)).toEqual({
			created: true,
			n8nWorkflow: AT_FLOOR,
			outputs: ['main'],
		});
	});

	it("n8n 1.85's installer (a plain `npm install <package>` in ~/.n8n/nodes, peers and scripts on) installs the package alone: its n8n-workflow peer is optional", async () => {
		const nodes = path.join(root, 'nodes-1.85');
		mkdirSync(nodes);
		writeFileSync(
			path.join(nodes, 'package.json'),
			'{"name":"installed-nodes","private":true,"dependencies":{}}\n',
		);
		// Without the optional flag npm adds n8n-workflow@latest (2.x) and its tree, whose isolated-vm 7
		// needs Node 24 to build: the install fails on the Node that n8n 1.x runs on.
		await run('npm', ['install', '--no-audit', '--no-fund', packed.tarball], {
			cwd: nodes,
			env: asTypedInATerminal(),
			label: 'npm install (n8n 1.85)',
			echo: 'none',
		});
		expect(
			readdirSync(path.join(nodes, 'node_modules')).filter((name) => !name.startsWith('.')),
		).toEqual([packed.name]);
	});
});
