/**
 * Child processes in their own process group, so that stopping one stops everything it started (n8n's
 * task runners included), with two safety nets for when this process dies without stopping them:
 * - a watchdog leads the group and runs the command; once its parent (this process) is gone, whatever
 *   the cause (SIGKILL, a crashed test runner), it ends the whole group: SIGTERM, SIGKILL 10 s later;
 * - an 'exit' handler SIGKILLs the groups still alive (not run inside Jest's sandbox: the watchdog is).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Last resort (a failed test, an uncaught error): 'exit' handlers must be synchronous, so SIGKILL.
	process.on('exit', () => {
		for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
	});
}

/**
 * The watchdog (plain JavaScript for `node -e`). argv: parent pid, command, args. It ignores SIGTERM
 * (the group's SIGTERM is for the command; the watchdog leaves with the command's exit code).
 */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [parent, command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: 'inherit' });
child.on('error', (error) => { console.error('watchdog: cannot start ' + command + ': ' + error.message); process.exit(127); });
child.on('exit', (code, signal) => process.exit(code === null ? 128 + (require('node:os').constants.signals[signal] || 0) : code));
process.on('SIGTERM', () => {});
process.on('SIGINT', () => {});
let ending = false;
setInterval(() => {
  if (ending || String(process.ppid) === parent) return;
  ending = true;
  try { process.kill(0, 'SIGTERM'); } catch {}
  setTimeout(() => { try { process.kill(0, 'SIGKILL'); } catch {} }, 10000);
}, 1000);
`;

export interface GroupOptions {
	cwd?: string;
	env: NodeJS.ProcessEnv;
	/** Every output line of the process (stdout and stderr). */
	onLine?: (line: string) => void;
}

/**
 * Starts `command` in a new process group under a watchdog (the group leader: its pid is the group id;
 * its exit is the command's exit, with the command's code).
 */
export function startGroup(command: string, args: string[], options: GroupOptions): ChildProcess {
	installExitHook();
	const child = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), command, ...args], {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) throw new Error(`could not start ${command}`);
	liveGroups.add(child.pid);
	const pgid = child.pid;
	child.on('exit', () => {
		if (groupMembers(pgid).length === 0) liveGroups.delete(pgid);
	});
	for (const stream of [child.stdout, child.stderr]) {
		let pending = '';
		stream?.setEncoding('utf8').on('data', (chunk: string) => {
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) options.onLine?.(line);
		});
		stream?.on('end', () => {
			if (pending) options.onLine?.(pending);
			pending = '';
		});
	}
	return child;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// Already gone.
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM to the whole group, SIGKILL to whatever is left after `graceMs`; resolves once no process of
 * the group remains (throws if one survives SIGKILL).
 */
export async function stopGroup(pgid: number, graceMs = 20_000): Promise<void> {
	signalGroup(pgid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (groupMembers(pgid).length > 0 && Date.now() < deadline) await sleep(200);
	if (groupMembers(pgid).length > 0) {
		signalGroup(pgid, 'SIGKILL');
		const killDeadline = Date.now() + 5_000;
		while (groupMembers(pgid).length > 0 && Date.now() < killDeadline) await sleep(100);
	}
	const left = groupMembers(pgid);
	if (left.length > 0)
		throw new Error(`processes of group ${pgid} survived SIGKILL: ${left.join(', ')}`);
	liveGroups.delete(pgid);
}

export interface ProcessInfo {
	pid: number;
	pgid: number;
	command: string;
}

/** Every process on the machine (Linux /proc), with its process group and command line. */
export function listProcesses(): ProcessInfo[] {
	const processes: ProcessInfo[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command name, which is in parentheses and may contain anything.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (fields[0] === 'Z') continue; // a zombie is gone, only not yet reaped
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
			processes.push({ pid: Number(entry), pgid: Number(fields[2]), command });
		} catch {
			// Exited while we looked.
		}
	}
	return processes;
}

/** Pids of the live processes in group `pgid`. */
export function groupMembers(pgid: number): number[] {
	return listProcesses()
		.filter((info) => info.pgid === pgid)
		.map((info) => info.pid);
}

/** Live processes whose environment has `name=value` (e.g. every process of one n8n user folder). */
export function processesWithEnv(name: string, value: string): ProcessInfo[] {
	const wanted = `${name}=${value}`;
	return listProcesses().filter((info) => {
		if (info.pid === process.pid) return false;
		try {
			return readFileSync(`/proc/${info.pid}/environ`, 'utf8').split('\0').includes(wanted);
		} catch {
			return false;
		}
	});
}
