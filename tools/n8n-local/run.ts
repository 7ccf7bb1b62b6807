/** Runs a command to completion, streaming its output as progress lines. */
import { spawn } from 'node:child_process';

import { elapsed, say } from './log';

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Prefix for the command's output lines. */
	label?: string;
	/** Which output to show as progress lines (default both; 'stderr' when stdout is data). */
	echo?: 'all' | 'stderr' | 'none';
	/** While the command prints nothing for this long, say that it is still running (default 20 s). */
	heartbeatMs?: number;
}

export interface RunResult {
	stdout: string;
	stderr: string;
}

/** Resolves with the output; rejects with the output's tail when the exit code is not 0. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		const echo = options.echo ?? 'all';
		const started = Date.now();
		let lastShown = started;
		const heartbeatMs = options.heartbeatMs ?? 20_000;
		const heartbeat = setInterval(() => {
			if (Date.now() - lastShown < heartbeatMs) return;
			lastShown = Date.now();
			say(`${options.label ?? command}: still running (${elapsed(started)})`);
		}, 1_000);
		const relay = (text: string): void => {
			lastShown = Date.now();
			for (const line of text.split('\n'))
				if (line.trim()) say(`${options.label ? `${options.label}: ` : ''}${line}`);
		};
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
			if (echo === 'all') relay(chunk);
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
			if (echo !== 'none') relay(chunk);
		});
		child.on('error', (error) => {
			clearInterval(heartbeat);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearInterval(heartbeat);
			if (code === 0) {
				resolve({ stdout, stderr });
				return;
			}
			const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
			reject(
				new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`),
			);
		});
	});
}
