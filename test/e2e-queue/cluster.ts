/**
 * n8n in queue mode (scale-out), as n8n documents it, on one machine: PostgreSQL + Redis, a main process
 * (editor, API, publication of workflows), a separate `n8n webhook` process that receives Polar's deliveries
 * and an `n8n worker` that runs the executions. All three share one N8N_USER_FOLDER (the packed package is
 * installed there once, as a community package) and one N8N_ENCRYPTION_KEY.
 *
 * The main process is tools/n8n-local's N8nServer (with the queue-mode variables as extraEnv); the library
 * only starts `n8n start`, so the webhook and worker processes are started here, with the library's
 * environment builder and process groups.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	type N8nInstallation,
	N8nServer,
	type PackedPackage,
	POLAR_TRIGGER_TYPE,
	type ProcessInfo,
	bcryptHash,
	freePort,
	hasNodeType,
	listProcesses,
	pollUntil,
	prepareN8n,
	processesWithEnv,
	setLogSink,
} from '../../tools/n8n-local';
import { n8nEnv } from '../../tools/n8n-local/env';
import { PolarStandIn } from '../../tools/polar-stand-in/server';
import { LoggedProcess } from './loggedProcess';
import { say } from './system';
import {
	type Postgres,
	type Redis,
	startPostgres,
	startRedis,
	stopPostgres,
	stopRedis,
} from './services';
import { type Tools, ensureTools } from './system';

/** The one key every process of the cluster shares (credentials are encrypted with it in the database). */
export const QUEUE_ENCRYPTION_KEY = 'n8n-nodes-polar-billing-e2e-queue-shared-encryption-key';

export interface QueueCluster {
	root: string;
	logDir: string;
	tools: Tools;
	installation: N8nInstallation;
	packed: PackedPackage;
	userFolder: string;
	postgres: Postgres;
	redis: Redis;
	main: N8nServer;
	webhook: LoggedProcess;
	webhookPort: number;
	/** N8N_WEBHOOK_URL of every process: the webhook process, with a trailing slash. */
	webhookUrl: string;
	worker: LoggedProcess;
	workerHealthPort: number;
	polar: PolarStandIn;
	polarLog: string[];
	/** The queue-mode variables shared by all three processes (for the summary and the README). */
	sharedEnv: Record<string, string>;
	setupSeconds: Record<string, number>;
}

/** Partially started cluster, so that a failed start still stops what did start. */
type Started = Partial<QueueCluster> & { root: string; logDir: string };

let current: Started | undefined;

/** The queue-mode variables; N8N_WEBHOOK_URL (the webhook process) is set by n8nEnv, under n8n's name for it. */
function queueEnv(postgres: Postgres, redis: Redis): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_ENCRYPTION_KEY: QUEUE_ENCRYPTION_KEY,
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
	};
}

/** Only on the main process. */
export const MAIN_ONLY_ENV: Record<string, string> = {
	N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
};

const seconds = (since: number): number => Math.round((Date.now() - since) / 100) / 10;

export interface QueueClusterOptions {
	/** Extra variables for the webhook process only (e.g. `N8N_LOG_LEVEL: 'debug'` when investigating). */
	webhookEnv?: Record<string, string>;
	/** Extra variables for the worker only. */
	workerEnv?: Record<string, string>;
}

export async function startQueueCluster(options: QueueClusterOptions = {}): Promise<QueueCluster> {
	setLogSink((line) => process.stdout.write(`${line}\n`));
	const root = mkdtempSync(path.join(os.tmpdir(), 'n8n-polar-queue-'));
	const logDir = path.join(root, 'logs');
	mkdirSync(logDir, { recursive: true });
	const started: Started = { root, logDir };
	current = started;
	const setupSeconds: Record<string, number> = {};
	say(`run folder ${root} (logs in ${logDir})`);

	let mark = Date.now();
	started.tools = await ensureTools();
	setupSeconds.tools = seconds(mark);

	mark = Date.now();
	started.userFolder = path.join(root, 'n8n');
	const { installation, packed } = await prepareN8n(started.userFolder, path.join(root, 'pack'));
	started.installation = installation;
	started.packed = packed;
	setupSeconds['n8n + package'] = seconds(mark);

	mark = Date.now();
	const [postgres, redis] = await Promise.all([
		startPostgres(started.tools, root, logDir),
		startRedis(started.tools, root, logDir),
	]);
	started.postgres = postgres;
	started.redis = redis;
	setupSeconds['postgres + redis'] = seconds(mark);

	started.polarLog = [];
	const polarLog = started.polarLog;
	started.polar = await PolarStandIn.start({
		allowLoopbackUrls: true,
		maxAttempts: 1,
		disableAfterFailedEvents: 0,
		log: (line) => polarLog.push(`${new Date().toISOString()} ${line}`),
	});

	const webhookPort = await freePort();
	const webhookUrl = `http://127.0.0.1:${webhookPort}/`;
	const sharedEnv = queueEnv(postgres, redis);
	started.webhookPort = webhookPort;
	started.webhookUrl = webhookUrl;
	started.sharedEnv = sharedEnv;

	// Main first: it runs the database migrations, then the others attach to a migrated database.
	mark = Date.now();
	const mainLog = path.join(logDir, 'main.log');
	started.main = await N8nServer.start({
		installation,
		userFolder: started.userFolder,
		encryptionKey: QUEUE_ENCRYPTION_KEY,
		webhookUrl,
		// n8n's advice for queue mode with webhook processes: main serves no production webhooks itself.
		extraEnv: { ...sharedEnv, ...MAIN_ONLY_ENV },
		onLog: mainLogAppender(mainLog),
		readyTimeoutMs: 240_000,
	});
	setupSeconds['n8n main'] = seconds(mark);
	if (!(await hasNodeType(started.main.client, POLAR_TRIGGER_TYPE))) {
		throw new Error(
			`the main process did not load ${POLAR_TRIGGER_TYPE} from ${started.userFolder}/.n8n/nodes`,
		);
	}

	mark = Date.now();
	const settings = started.main.settings;
	const baseEnv = (
		port: number,
		brokerPort: number,
		extra: Record<string, string>,
	): NodeJS.ProcessEnv =>
		n8nEnv({
			n8nVersion: installation.n8nVersion,
			nodeHome: installation.nodeHome,
			userFolder: started.userFolder as string,
			port,
			brokerPort,
			webhookUrl,
			encryptionKey: QUEUE_ENCRYPTION_KEY,
			ownerEmail: settings.ownerEmail,
			ownerPasswordHash: bcryptHash(installation.n8nDir, settings.ownerPassword),
			extra: { ...sharedEnv, ...extra },
		});

	started.webhook = LoggedProcess.start({
		name: 'n8n webhook',
		command: installation.nodeBin,
		args: [installation.n8nBin, 'webhook'],
		env: baseEnv(webhookPort, await freePort(), options.webhookEnv ?? {}),
		cwd: started.userFolder,
		logFile: path.join(logDir, 'webhook.log'),
	});
	const workerHealthPort = await freePort();
	started.workerHealthPort = workerHealthPort;
	started.worker = LoggedProcess.start({
		name: 'n8n worker',
		command: installation.nodeBin,
		args: [installation.n8nBin, 'worker', '--concurrency=10'],
		// The worker's own task-runner broker port and health server port (N8N_PORT is unused by a worker but
		// gets a free port too, so that nothing ever collides with the main process).
		env: baseEnv(await freePort(), await freePort(), {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...(options.workerEnv ?? {}),
		}),
		cwd: started.userFolder,
		logFile: path.join(logDir, 'worker.log'),
	});
	const webhook = started.webhook;
	const worker = started.worker;
	await Promise.all([
		waitHealthy(webhook, `http://127.0.0.1:${webhookPort}/healthz/readiness`),
		waitHealthy(worker, `http://127.0.0.1:${workerHealthPort}/healthz/readiness`),
	]);
	await webhook.waitForLine(/Webhook listener waiting for requests/, 30_000);
	await worker.waitForLine(/n8n worker is now ready/, 30_000);
	setupSeconds['n8n webhook + worker'] = seconds(mark);
	say(
		`n8n webhook process ready on ${webhookUrl} (log ${webhook.logFile}); worker ready, health on 127.0.0.1:${workerHealthPort} (log ${worker.logFile})`,
	);

	return { ...(started as QueueCluster), setupSeconds };
}

/** The main process's lines go to its own file in the run's log folder too (N8nServer also keeps n8n.log). */
function mainLogAppender(file: string): (line: string) => void {
	return (line) => appendFileSync(file, `${line}\n`);
}

async function waitHealthy(child: LoggedProcess, url: string): Promise<void> {
	await pollUntil(
		async () => {
			child.assertRunning();
			const response = await fetch(url).catch(() => undefined);
			return response?.status === 200 ? true : undefined;
		},
		{
			what: () => `${child.name} to answer ${url} (last lines:\n${child.tail(15)})`,
			timeoutMs: 180_000,
			intervalMs: 300,
		},
	);
}

/**
 * Stops everything that was started (worker, webhook, main, then Redis and PostgreSQL, the stand-in) and
 * returns what is still running of this run: every process group, anything with the run's user folder in
 * its environment, anything whose command line names the run folder.
 */
export async function stopQueueCluster(
	keepFiles: boolean,
): Promise<{ leftovers: ProcessInfo[]; errors: string[]; root?: string }> {
	const cluster = current;
	if (!cluster) return { leftovers: [], errors: [] };
	const errors: string[] = [];
	const attempt = async (what: string, action: () => Promise<void>): Promise<void> => {
		try {
			await action();
		} catch (error) {
			errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
		}
	};
	await Promise.all([
		cluster.worker
			? attempt('stopping the worker', () => (cluster.worker as LoggedProcess).stop())
			: undefined,
		cluster.webhook
			? attempt('stopping the webhook process', () => (cluster.webhook as LoggedProcess).stop())
			: undefined,
	]);
	if (cluster.main)
		await attempt('stopping the main process', () => (cluster.main as N8nServer).stop());
	await Promise.all([
		cluster.redis ? attempt('stopping Redis', () => stopRedis(cluster.redis as Redis)) : undefined,
		cluster.postgres
			? attempt('stopping PostgreSQL', () => stopPostgres(cluster.postgres as Postgres))
			: undefined,
		cluster.polar
			? attempt('closing the stand-in', () => (cluster.polar as PolarStandIn).close())
			: undefined,
	]);

	const groups = [
		cluster.worker,
		cluster.webhook,
		cluster.redis?.process,
		cluster.postgres?.process,
	]
		.filter((child): child is LoggedProcess => child !== undefined)
		.map((child) => child.pgid);
	const found = new Map<number, ProcessInfo>();
	for (const info of listProcesses()) {
		if (info.pid === process.pid) continue;
		if (groups.includes(info.pgid) || info.command.includes(cluster.root))
			found.set(info.pid, info);
	}
	if (cluster.userFolder)
		for (const info of processesWithEnv('N8N_USER_FOLDER', cluster.userFolder))
			found.set(info.pid, info);
	if (cluster.main) for (const info of cluster.main.leftovers()) found.set(info.pid, info);
	const leftovers = [...found.values()];
	current = undefined;
	if (!keepFiles && leftovers.length === 0) {
		rmSync(cluster.root, { recursive: true, force: true });
		return { leftovers, errors };
	}
	return { leftovers, errors, root: cluster.root };
}
