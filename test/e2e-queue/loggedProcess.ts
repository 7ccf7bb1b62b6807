/**
 * One long-running child of the queue-mode suite (PostgreSQL, Redis, an `n8n webhook` or `n8n worker`):
 * the leader of its own process group (tools/n8n-local `startGroup`), every output line appended to its
 * own log file and kept in memory, so that the suite can wait for a line and search the log afterwards.
 */
import type { ChildProcess } from 'node:child_process';
import { type WriteStream, createWriteStream } from 'node:fs';

import { PollAbort, groupMembers, pollUntil, startGroup, stopGroup } from '../../tools/n8n-local';

export interface LoggedProcessOptions {
	/** Short name for messages: `postgres`, `redis`, `n8n webhook`, … */
	name: string;
	command: string;
	args: string[];
	env: NodeJS.ProcessEnv;
	cwd?: string;
	logFile: string;
}

export class LoggedProcess {
	readonly lines: string[] = [];
	readonly pgid: number;
	private readonly child: ChildProcess;
	private readonly log: WriteStream;
	private exitCode: number | null | undefined;
	private exitSignal: NodeJS.Signals | null = null;
	private stopRequested = false;
	private readonly exited: Promise<void>;

	private constructor(readonly options: LoggedProcessOptions) {
		this.log = createWriteStream(options.logFile, { flags: 'a' });
		this.log.write(
			`===== ${options.name} started ${new Date().toISOString()}: ${options.command} ${options.args.join(' ')}\n`,
		);
		this.child = startGroup(options.command, options.args, {
			cwd: options.cwd,
			env: options.env,
			onLine: (line) => {
				this.lines.push(line);
				this.log.write(`${line}\n`);
			},
		});
		this.pgid = this.child.pid as number;
		this.exited = new Promise((resolve) =>
			this.child.once('exit', (code, signal) => {
				this.exitCode = code;
				this.exitSignal = signal;
				resolve();
			}),
		);
	}

	static start(options: LoggedProcessOptions): LoggedProcess {
		return new LoggedProcess(options);
	}

	get name(): string {
		return this.options.name;
	}

	get logFile(): string {
		return this.options.logFile;
	}

	/** True while the group leader has not exited. */
	get running(): boolean {
		return this.exitCode === undefined && this.exitSignal === null;
	}

	/** Throws when the process exited although nobody asked it to (for waits that can no longer succeed). */
	assertRunning(): void {
		if (!this.running && !this.stopRequested) {
			throw new PollAbort(
				`${this.name} exited (${this.exitSignal ?? `code ${this.exitCode}`}); last lines of ${this.logFile}:\n${this.tail()}`,
			);
		}
	}

	tail(count = 30): string {
		return this.lines.slice(-count).join('\n');
	}

	/** Lines matching `pattern`, in order. */
	grep(pattern: RegExp): string[] {
		return this.lines.filter((line) => pattern.test(line));
	}

	async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
		return await pollUntil(
			() => {
				const found = this.lines.find((line) => pattern.test(line));
				if (found !== undefined) return found;
				this.assertRunning();
				return undefined;
			},
			{
				what: () => `${this.name} to print ${pattern} (last lines:\n${this.tail(15)})`,
				timeoutMs,
				intervalMs: 200,
			},
		);
	}

	/**
	 * Stops the whole group: `firstSignal` to the leader (e.g. SIGINT, PostgreSQL's fast shutdown), then
	 * SIGTERM / SIGKILL to the group (tools/n8n-local `stopGroup`). Resolves once nothing of the group is left.
	 */
	async stop(options: { firstSignal?: NodeJS.Signals; graceMs?: number } = {}): Promise<void> {
		this.stopRequested = true;
		if (options.firstSignal && this.running) {
			try {
				process.kill(this.pgid, options.firstSignal);
			} catch {
				// Already gone.
			}
			const deadline = Date.now() + (options.graceMs ?? 15_000);
			while (groupMembers(this.pgid).length > 0 && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 100));
		}
		if (groupMembers(this.pgid).length > 0) await stopGroup(this.pgid, options.graceMs ?? 15_000);
		await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2_000))]);
		await new Promise<void>((resolve) => this.log.end(resolve));
	}
}
