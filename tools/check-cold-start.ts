/**
 * npm run check:cold-start [-- --timeout-minutes 30]
 *
 * CI's proof that README's main command works for a new user: `npm start`, started through npm exactly as
 * typed (so npm exports the project's .npmrc to everything below it), with the Node 24 + n8n cache pointed at
 * a new empty folder (N8N_POLAR_CACHE), so the whole first install runs. It waits until the editor answers
 * and n8n lists Polar Trigger among its node types, checks that npm start told the user the editor's address
 * and how to log in, then presses Ctrl-C (SIGINT to npm's process group, as a terminal does) and checks that
 * everything npm start started ends and the port closes. The cold cache is removed at the end.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { parseCommandLine, readFlags } from './cli-args';
import { hasNodeType } from './n8n-local/api';
import { REPO_ROOT } from './n8n-local/ensure';
import { POLAR_TRIGGER_TYPE } from './n8n-local/fixtures';
import { N8nClient } from './n8n-local/http';
import { freePort, portInUse } from './n8n-local/ports';
import { groupMembers, listProcesses } from './n8n-local/processes';
import { type LocalSettings, settingsFile } from './n8n-local/settings';

const USAGE = `Usage: npm run check:cold-start -- [--timeout-minutes <n>] [--keep]
  --timeout-minutes <n>  how long the cold start may take until the editor is ready (default 30)
  --keep                 keep the cold cache and data folders (printed) instead of removing them`;

interface Options {
	timeoutMinutes: number;
	keep: boolean;
}

function parseArgs(argv: string[]): Options | 'help' {
	const given = readFlags(argv, { onOff: ['--keep'], values: ['--timeout-minutes'] });
	if (given === 'help') return 'help';
	const timeoutMinutes = Number(given.text('--timeout-minutes') ?? 30);
	if (!(timeoutMinutes > 0)) throw new Error('--timeout-minutes needs a positive number');
	return { timeoutMinutes, keep: given.on('--keep') };
}

const say = (line: string): void => void process.stdout.write(`[cold-start] ${line}\n`);
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(0)} s`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Pids of live processes whose command line mentions `text` (the cold cache folder: Node 24, n8n). */
function processesMentioning(text: string): number[] {
	return listProcesses()
		.filter((info) => info.pid !== process.pid && info.command.includes(text))
		.map((info) => info.pid);
}

/** The editor's HTML and the Polar Trigger among n8n's node types, as the owner npm start created. */
async function editorReady(port: number, dataDir: string): Promise<boolean> {
	const base = `http://127.0.0.1:${port}`;
	try {
		const page = await fetch(`${base}/`);
		const html = await page.text();
		if (!page.ok || !/<div id="app"|<title>n8n/i.test(html)) return false;
		if (!existsSync(settingsFile(dataDir))) return false;
		const settings = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8')) as LocalSettings;
		const client = new N8nClient(base);
		await client.login(settings.ownerEmail, settings.ownerPassword);
		return await hasNodeType(client, POLAR_TRIGGER_TYPE);
	} catch {
		return false;
	}
}

function exited(
	child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
	}
	return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function main(): Promise<void> {
	const options = parseCommandLine(parseArgs, USAGE);
	if (!options) return;
	const cache = mkdtempSync(path.join(os.tmpdir(), 'n8n-polar-cold-cache-'));
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-polar-cold-data-'));
	const port = await freePort();
	const output: string[] = [];
	const failures: string[] = [];
	const started = Date.now();

	say(`npm start -- --port ${port} --data-dir ${dataDir}   with N8N_POLAR_CACHE=${cache} (empty)`);
	const child = spawn('npm', ['start', '--', '--port', String(port), '--data-dir', dataDir], {
		cwd: REPO_ROOT,
		env: { ...process.env, N8N_POLAR_CACHE: cache },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	// The pipes stay open until the last process of npm start that holds them (npm start's own, which outlives
	// npm after Ctrl-C) has exited: their close is when its last words have been read.
	const outputClosed = [child.stdout, child.stderr].map((stream) => {
		let rest = '';
		stream?.setEncoding('utf8').on('data', (chunk: string) => {
			const lines = (rest + chunk).split('\n');
			rest = lines.pop() ?? '';
			for (const line of lines) {
				output.push(line);
				process.stdout.write(`  | ${line}\n`);
			}
		});
		return new Promise<void>((resolve) => stream?.once('close', () => resolve()) ?? resolve());
	});
	const ended = exited(child);

	try {
		const deadline = started + options.timeoutMinutes * 60_000;
		let ready = false;
		while (!ready && Date.now() < deadline) {
			const finished = await Promise.race([ended, sleep(5_000).then(() => undefined)]);
			if (finished)
				throw new Error(
					`npm start ended before the editor was ready (exit ${finished.code ?? finished.signal})`,
				);
			ready = await editorReady(port, dataDir);
		}
		if (!ready)
			throw new Error(
				`the editor was not ready with ${POLAR_TRIGGER_TYPE} after ${options.timeoutMinutes} minutes`,
			);
		say(
			`editor answers on port ${port} and lists ${POLAR_TRIGGER_TYPE}: ${seconds(started)} after npm start, cold`,
		);

		// npm start prints its summary right after it checked the node type itself; give it a moment.
		const told = (): { address: boolean; login: boolean } => ({
			address: output.some(
				(line) => line.includes(`http://localhost:${port}`) && line.includes('is up'),
			),
			login: output.some((line) => /owner login\s+\S+@\S+ \/ \S+/.test(line)),
		});
		for (let waited = 0; waited < 30 && !(told().address && told().login); waited++)
			await sleep(1_000);
		if (!told().address) failures.push("npm start did not print the editor's address");
		if (!told().login)
			failures.push('npm start did not print how to log in (owner email / password)');

		// A terminal's Ctrl-C sends SIGINT to the foreground process group: npm, its shell and npm start's own
		// process. npm and the shell end at once (exit 130, as for any Ctrl-C'd npm script); npm start's process
		// stops n8n (its own process group) and then exits. Clean means: all of it gone, the port closed.
		say('pressing Ctrl-C (SIGINT to npm start and everything in its process group)');
		const stopping = Date.now();
		process.kill(-(child.pid as number), 'SIGINT');
		const result = await Promise.race([ended, sleep(30_000).then(() => undefined)]);
		if (!result) throw new Error('npm did not exit within 30 s of Ctrl-C');
		if (!(result.code === 0 || result.code === 130 || result.signal === 'SIGINT')) {
			failures.push(
				`npm start ended with ${result.code ?? result.signal} after Ctrl-C, not 0 or SIGINT`,
			);
		}
		const leftovers = async (): Promise<string[]> => [
			...processesMentioning(cache).map((pid) => `process ${pid} from the cold cache`),
			...groupMembers(child.pid as number).map(
				(pid) => `process ${pid} of npm start's process group`,
			),
			...((await portInUse(port)) ? [`port ${port} still accepting connections`] : []),
		];
		let left = await leftovers();
		while (left.length > 0 && Date.now() - stopping < 90_000) {
			await sleep(500);
			left = await leftovers();
		}
		if (left.length > 0) failures.push(`90 s after Ctrl-C: ${left.join(', ')}`);
		else say(`everything npm start started has stopped, ${seconds(stopping)} after Ctrl-C`);
		await Promise.race([Promise.all(outputClosed), sleep(10_000)]);
		if (!output.some((line) => line.includes('n8n stopped')))
			failures.push('npm start did not say that n8n stopped');
	} catch (error) {
		failures.push((error as Error).message);
	} finally {
		try {
			process.kill(-(child.pid as number), 'SIGKILL');
		} catch {
			// Already gone, as it should be.
		}
		for (const pid of processesMentioning(cache)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
		if (options.keep) say(`kept ${cache} and ${dataDir}`);
		// 3 GB of small files: rm is several times faster than Node's rmSync here.
		else spawnSync('rm', ['-rf', cache, dataDir]);
	}

	if (failures.length > 0) {
		for (const failure of failures) process.stderr.write(`[cold-start] FAILED: ${failure}\n`);
		process.exit(1);
	}
	say(
		`passed: cold npm start ready, listed the node, told the address and login, stopped cleanly (${seconds(started)} in all)`,
	);
}

void main();
