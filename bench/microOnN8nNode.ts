/**
 * The micro benchmark again, in a child process on the Node that n8n 2.x runs on (Node 24, from
 * tools/ensure-n8n.sh), since that is where the node verifies deliveries. The child is this same bench
 * (`bench/run.ts --micro-child <file>`), which writes its MicroResult to the file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT, ensureN8n, n8nNodeEnv } from '../tools/n8n-local';
import type { MicroOptions, MicroResult } from './micro';

export async function runMicroOnN8nNode(
	options: MicroOptions & { quick: boolean },
	log: (line: string) => void,
): Promise<MicroResult> {
	const installation = await ensureN8n();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-polar-billing-micro-'));
	const out = path.join(folder, 'micro.json');
	const args = [
		require.resolve('tsx/cli'),
		path.join(REPO_ROOT, 'bench', 'run.ts'),
		'--micro-child',
		out,
		...(options.quick ? ['--quick'] : []),
		...(options.sizes ? ['--sizes', options.sizes.join(',')] : []),
		...(options.rounds ? ['--rounds', String(options.rounds)] : []),
		...(options.batchMs ? ['--batch-ms', String(options.batchMs)] : []),
	];
	try {
		await new Promise<void>((resolve, reject) => {
			const child = spawn(installation.nodeBin, args, {
				cwd: REPO_ROOT,
				env: n8nNodeEnv(installation),
				stdio: ['ignore', 'ignore', 'pipe'],
			});
			let pending = '';
			child.stderr.on('data', (chunk: Buffer) => {
				pending += chunk.toString();
				const lines = pending.split('\n');
				pending = lines.pop() ?? '';
				for (const line of lines) log(`[n8n's Node] ${line.replace(/^\[bench\] /, '')}`);
			});
			child.once('error', reject);
			child.once('exit', (code, signal) => {
				if (pending) log(`[n8n's Node] ${pending}`);
				if (code === 0) resolve();
				else
					reject(
						new Error(
							`the micro benchmark on ${installation.nodeBin} ended with ${signal ?? `exit code ${code}`}`,
						),
					);
			});
		});
		return JSON.parse(readFileSync(out, 'utf8')) as MicroResult;
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}
