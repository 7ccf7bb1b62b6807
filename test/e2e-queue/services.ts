/**
 * The suite's own PostgreSQL and Redis: fresh data folders under the run's temporary folder, random free
 * loopback ports, nothing else listening (no Unix socket, no persistence for Redis). PostgreSQL refuses to
 * run as root, so as root it runs as the `postgres` account (setpriv: no intermediate process, the
 * postmaster itself leads the process group).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import * as path from 'node:path';

import { freePort, pollUntil } from '../../tools/n8n-local';
import { run } from '../../tools/n8n-local/run';
import { LoggedProcess } from './loggedProcess';
import { say } from './system';
import type { Tools } from './system';

const POSTGRES_ACCOUNT = 'postgres';

export interface Postgres {
	host: '127.0.0.1';
	port: number;
	database: string;
	user: string;
	password: string;
	process: LoggedProcess;
	dataDir: string;
}

/** uid/gid of the `postgres` account (from /etc/passwd via `id`), or undefined when not root. */
async function postgresAccount(): Promise<{ uid: number; gid: number } | undefined> {
	if (process.getuid?.() !== 0) return undefined;
	const uid = Number((await run('id', ['-u', POSTGRES_ACCOUNT], { echo: 'none' })).stdout.trim());
	const gid = Number((await run('id', ['-g', POSTGRES_ACCOUNT], { echo: 'none' })).stdout.trim());
	if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0)
		throw new Error(`no usable ${POSTGRES_ACCOUNT} account`);
	return { uid, gid };
}

/** `command args` as the postgres account when we are root (setpriv execs, keeping the pid). */
function asPostgres(
	account: { uid: number; gid: number } | undefined,
	command: string,
	args: string[],
): [string, string[]] {
	if (!account) return [command, args];
	return [
		'setpriv',
		[`--reuid=${account.uid}`, `--regid=${account.gid}`, '--init-groups', '--', command, ...args],
	];
}

function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		LANG: 'C.UTF-8',
		LC_ALL: 'C.UTF-8',
		...extra,
	};
}

export async function startPostgres(tools: Tools, root: string, logDir: string): Promise<Postgres> {
	const started = Date.now();
	const account = await postgresAccount();
	const pgRoot = path.join(root, 'postgres');
	const dataDir = path.join(pgRoot, 'data');
	mkdirSync(pgRoot, { recursive: true });
	chmodSync(root, 0o711); // the postgres account must be able to reach its folder (nothing else is listable)
	chmodSync(pgRoot, 0o700);
	const password = randomBytes(18).toString('base64url');
	const passwordFile = path.join(pgRoot, 'pwfile');
	writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
	if (account) {
		chownSync(pgRoot, account.uid, account.gid);
		chownSync(passwordFile, account.uid, account.gid);
	}
	const user = 'n8n';
	const [initCommand, initArgs] = asPostgres(account, path.join(tools.postgresBin, 'initdb'), [
		'--pgdata',
		dataDir,
		'--username',
		user,
		`--pwfile=${passwordFile}`,
		'--auth=scram-sha-256',
		'--encoding=UTF8',
		'--locale=C',
		'--no-sync',
		'--no-instructions',
	]);
	await run(initCommand, initArgs, { env: plainEnv(), echo: 'none', cwd: '/' });

	const port = await freePort();
	const [command, args] = asPostgres(account, path.join(tools.postgresBin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'unix_socket_directories=',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=60',
	]);
	const postgres = LoggedProcess.start({
		name: 'postgres',
		command,
		args,
		env: plainEnv(),
		cwd: '/',
		logFile: path.join(logDir, 'postgres.log'),
	});
	try {
		await postgres.waitForLine(/database system is ready to accept connections/, 60_000);
		const database = 'n8n';
		await pollUntil(
			async () => {
				await run(
					path.join(tools.postgresBin, 'psql'),
					[
						'-h',
						'127.0.0.1',
						'-p',
						String(port),
						'-U',
						user,
						'-d',
						'postgres',
						'-v',
						'ON_ERROR_STOP=1',
						'-c',
						`CREATE DATABASE ${database}`,
					],
					{
						env: plainEnv({ PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' }),
						echo: 'none',
						cwd: '/',
					},
				);
				return true;
			},
			{ what: 'the n8n database to be created', timeoutMs: 20_000, intervalMs: 500 },
		);
		say(
			`PostgreSQL ${tools.postgresVersion} on 127.0.0.1:${port} (runs as ${account ? POSTGRES_ACCOUNT : userInfo().username}, data ${dataDir}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		return { host: '127.0.0.1', port, database, user, password, process: postgres, dataDir };
	} catch (error) {
		await postgres.stop({ firstSignal: 'SIGINT' });
		throw error;
	}
}

/** Fast shutdown (SIGINT to the postmaster), then the group. */
export async function stopPostgres(postgres: Postgres): Promise<void> {
	await postgres.process.stop({ firstSignal: 'SIGINT', graceMs: 15_000 });
}

export interface Redis {
	host: '127.0.0.1';
	port: number;
	process: LoggedProcess;
}

export async function startRedis(tools: Tools, root: string, logDir: string): Promise<Redis> {
	const started = Date.now();
	const dir = path.join(root, 'redis');
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const redis = LoggedProcess.start({
		name: 'redis',
		command: tools.redisServer,
		args: [
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--protected-mode',
			'yes',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
			'--logfile',
			'',
		],
		env: plainEnv(),
		cwd: dir,
		logFile: path.join(logDir, 'redis.log'),
	});
	try {
		await redis.waitForLine(/Ready to accept connections/, 30_000);
	} catch (error) {
		await redis.stop();
		throw error;
	}
	say(
		`Redis on 127.0.0.1:${port} (no persistence) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
	return { host: '127.0.0.1', port, process: redis };
}

export async function stopRedis(redis: Redis): Promise<void> {
	await redis.process.stop({ firstSignal: 'SIGTERM', graceMs: 10_000 });
}
