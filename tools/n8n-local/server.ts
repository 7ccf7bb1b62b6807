/**
 * One local n8n process: started with its Node (24 for n8n 2.x) in its own process group, its own user folder and ports,
 * an env-managed owner; ready when its REST API answers and the owner is logged in with an API key.
 */
import type { ChildProcess } from 'node:child_process';
import {
	type WriteStream,
	createWriteStream,
	existsSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import * as path from 'node:path';

import { createApiKey } from './api';
import type { N8nInstallation } from './ensure';
import { n8nEnv } from './env';
import { N8nClient } from './http';
import { elapsed, say } from './log';
import { freePort, portInUse } from './ports';
import {
	type ProcessInfo,
	groupMembers,
	listProcesses,
	processesWithEnv,
	startGroup,
	stopGroup,
} from './processes';
import { type LocalSettings, bcryptHash, loadSettings, saveSettings } from './settings';
import { flavourOf } from './versions';
import { PollAbort, pollUntil } from './wait';

export interface N8nServerOptions {
	installation: N8nInstallation;
	/** N8N_USER_FOLDER: n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder: string;
	/** Default: a free port. */
	port?: number;
	/** Task runner broker port. Default: a free port. */
	brokerPort?: number;
	/** Default `http://127.0.0.1:<port>/`. */
	webhookUrl?: string;
	/** Used when the folder has no settings yet (a new folder); an existing folder keeps its own key. */
	encryptionKey?: string;
	/** Every line n8n prints (it is also appended to `<userFolder>/n8n.log`). */
	onLog?: (line: string) => void;
	/** How long to wait for n8n to answer, default 3 minutes. */
	readyTimeoutMs?: number;
	extraEnv?: Record<string, string>;
}

const LOG_LINES_KEPT = 300;

export class N8nServer {
	readonly client: N8nClient;
	readonly port: number;
	readonly brokerPort: number;
	/** The editor and REST base, without a trailing slash. */
	readonly url: string;
	/** N8N_WEBHOOK_URL, with a trailing slash. */
	readonly webhookUrl: string;
	settings: LocalSettings;

	private child: ChildProcess | undefined;
	/** Process group of the latest start, kept after stop() for leftovers(). */
	private lastGroup: number | undefined;
	private exited: Promise<void> | undefined;
	private logStream: WriteStream | undefined;
	private readonly recentLines: string[] = [];
	private stopping = false;
	private unexpectedExitHandlers: Array<(code: number | null) => void> = [];

	private constructor(
		private readonly options: N8nServerOptions,
		port: number,
		brokerPort: number,
		settings: LocalSettings,
	) {
		this.port = port;
		this.brokerPort = brokerPort;
		this.url = `http://127.0.0.1:${port}`;
		this.webhookUrl = options.webhookUrl ?? `${this.url}/`;
		this.client = new N8nClient(this.url, options.installation.n8nVersion);
		this.settings = settings;
	}

	/** Starts n8n and resolves once it is ready, the owner logged in and an API key at hand. */
	static async start(options: N8nServerOptions): Promise<N8nServer> {
		const { settings } = loadSettings(options.userFolder, { encryptionKey: options.encryptionKey });
		await stopStaleInstance(options.userFolder);
		const port = options.port ?? (await freePort());
		const brokerPort = options.brokerPort ?? (await freePort());
		const server = new N8nServer(options, port, brokerPort, settings);
		await server.launch();
		return server;
	}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	get userFolder(): string {
		return this.options.userFolder;
	}

	get logFile(): string {
		return path.join(this.options.userFolder, 'n8n.log');
	}

	/** The last lines n8n printed. */
	logTail(lines = 40): string {
		return this.recentLines.slice(-lines).join('\n');
	}

	/** Production URL of a webhook: `<N8N_WEBHOOK_URL>webhook/<webhookId>/<path>`. */
	productionWebhookUrl(webhookId: string, webhookPath: string): string {
		return `${this.webhookUrl}webhook/${webhookId}/${webhookPath}`;
	}

	/** Test URL of a webhook: `<N8N_WEBHOOK_URL>webhook-test/<webhookId>/<path>`. */
	testWebhookUrl(webhookId: string, webhookPath: string): string {
		return `${this.webhookUrl}webhook-test/${webhookId}/${webhookPath}`;
	}

	/** Called when n8n exits without stop() having been asked for (a crash). */
	onUnexpectedExit(handler: (code: number | null) => void): void {
		this.unexpectedExitHandlers.push(handler);
	}

	async restart(): Promise<void> {
		say('restarting n8n');
		await this.stop();
		await this.launch();
	}

	/** Stops n8n and every process it started (SIGTERM to the group, SIGKILL after a grace period). */
	async stop(): Promise<void> {
		const pid = this.child?.pid;
		if (pid === undefined) return;
		const started = Date.now();
		say(`stopping n8n (process group ${pid})`);
		this.stopping = true;
		try {
			await stopGroup(pid);
			await this.exited;
		} finally {
			this.stopping = false;
		}
		this.child = undefined;
		rmSync(pidFile(this.options.userFolder), { force: true });
		await new Promise<void>((resolve) =>
			this.logStream ? this.logStream.end(resolve) : resolve(),
		);
		this.logStream = undefined;
		say(`n8n stopped (${elapsed(started)})`);
	}

	/** Processes of this n8n still alive: its process group, and anything running on its user folder. */
	leftovers(): ProcessInfo[] {
		const byFolder = processesWithEnv('N8N_USER_FOLDER', this.options.userFolder);
		const pgid = this.lastGroup;
		const byGroup = pgid === undefined ? [] : listProcesses().filter((info) => info.pgid === pgid);
		const seen = new Map<number, ProcessInfo>();
		for (const info of [...byFolder, ...byGroup]) seen.set(info.pid, info);
		return [...seen.values()];
	}

	private async launch(): Promise<void> {
		const { installation, userFolder } = this.options;
		if (await portInUse(this.port))
			throw new Error(`port ${this.port} is already in use on 127.0.0.1: choose another (--port)`);
		const started = Date.now();
		say(`starting n8n on ${this.url} (user folder ${userFolder}, log ${this.logFile})`);
		this.logStream = createWriteStream(this.logFile, { flags: 'a' });
		this.logStream.write(`\n===== n8n-local start ${new Date().toISOString()} =====\n`);
		const env = n8nEnv({
			n8nVersion: installation.n8nVersion,
			nodeHome: installation.nodeHome,
			userFolder,
			port: this.port,
			brokerPort: this.brokerPort,
			webhookUrl: this.webhookUrl,
			encryptionKey: this.settings.encryptionKey,
			ownerEmail: this.settings.ownerEmail,
			ownerPasswordHash: bcryptHash(installation.n8nDir, this.settings.ownerPassword),
			extra: this.options.extraEnv,
		});
		const child = startGroup(installation.nodeBin, [installation.n8nBin, 'start'], {
			cwd: userFolder,
			env,
			onLine: (line) => {
				this.logStream?.write(`${line}\n`);
				this.recentLines.push(line);
				if (this.recentLines.length > LOG_LINES_KEPT) this.recentLines.shift();
				this.options.onLog?.(line);
			},
		});
		this.child = child;
		this.lastGroup = child.pid;
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
		child.once('exit', (code) => {
			if (this.stopping) return;
			for (const handler of this.unexpectedExitHandlers) handler(code);
		});
		writeFileSync(pidFile(userFolder), `${child.pid}\n`);

		try {
			await this.waitUntilReady(child);
			await this.authenticate();
		} catch (error) {
			await this.stop().catch(() => undefined);
			throw new Error(
				`${(error as Error).message}\n--- last lines of ${this.logFile} ---\n${this.logTail()}`,
			);
		}
		say(`n8n is ready on ${this.url} (${elapsed(started)})`);
	}

	private async waitUntilReady(child: ChildProcess): Promise<void> {
		let exitCode: number | null | undefined;
		child.once('exit', (code) => {
			exitCode = code;
		});
		const timeoutMs = this.options.readyTimeoutMs ?? 180_000;
		const firstStart = !existsSync(path.join(this.options.userFolder, '.n8n', 'database.sqlite'));
		let announced = 0;
		const started = Date.now();
		await pollUntil(
			async () => {
				if (exitCode !== undefined)
					throw new PollAbort(`n8n exited (code ${exitCode}) before it was ready`);
				if (Date.now() - started > (announced + 1) * 15_000) {
					announced += 1;
					say(
						`still waiting for n8n to answer (${elapsed(started)}${firstStart ? '; a new data folder first runs database migrations' : ''})`,
					);
				}
				const health = await this.client.raw('GET', '/healthz/readiness').catch(() => undefined);
				if (health?.status !== 200) return undefined;
				const settings = await this.client.raw('GET', '/rest/settings').catch(() => undefined);
				return settings?.status === 200 ? true : undefined;
			},
			{
				what: `n8n on ${this.url} to answer /healthz/readiness and /rest/settings`,
				timeoutMs,
				intervalMs: 300,
			},
		);
	}

	/**
	 * Sets the owner up where n8n needs it (1.x, versions.ts), logs the owner in and makes sure the API key
	 * works (reusing the folder's key across restarts).
	 */
	private async authenticate(): Promise<void> {
		const { ownerEmail, ownerPassword } = this.settings;
		await flavourOf(this.options.installation.n8nVersion).ensureOwner(this.client, this.settings);
		await pollUntil(
			async () => {
				await this.client.login(ownerEmail, ownerPassword);
				return true;
			},
			{ what: `the owner ${ownerEmail} to log in`, timeoutMs: 30_000, intervalMs: 500 },
		);
		if (this.settings.apiKey) {
			this.client.apiKey = this.settings.apiKey;
			const works = await this.client
				.api('GET', '/workflows?limit=1')
				.then(() => true)
				.catch(() => false);
			if (works) return;
		}
		this.client.apiKey = await createApiKey(this.client, `n8n-local ${new Date().toISOString()}`);
		this.settings = { ...this.settings, apiKey: this.client.apiKey };
		saveSettings(this.options.userFolder, this.settings);
	}
}

function pidFile(userFolder: string): string {
	return path.join(userFolder, 'n8n-local.pid');
}

/** An n8n left running on this folder by an earlier run that was killed outright: stop it first. */
async function stopStaleInstance(userFolder: string): Promise<void> {
	const file = pidFile(userFolder);
	if (!existsSync(file)) return;
	const pgid = Number(readFileSync(file, 'utf8').trim());
	const members = Number.isInteger(pgid) && pgid > 0 ? groupMembers(pgid) : [];
	const n8nMembers = listProcesses().filter(
		(info) => members.includes(info.pid) && info.command.includes('n8n'),
	);
	if (n8nMembers.length > 0) {
		say(`an earlier n8n (process group ${pgid}) still runs on ${userFolder}: stopping it`);
		await stopGroup(pgid, 10_000);
	}
	rmSync(file, { force: true });
}
