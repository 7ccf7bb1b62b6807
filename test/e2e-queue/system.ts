/**
 * The machine-level tools queue mode needs: PostgreSQL (initdb/postgres) and Redis (redis-server). Installed
 * from Debian's repositories only when missing (`apt-get update` only then).
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

import { listProcesses } from '../../tools/n8n-local';
import { run } from '../../tools/n8n-local/run';

export interface Tools {
	/** Folder holding initdb, postgres, psql. */
	postgresBin: string;
	postgresVersion: string;
	redisServer: string;
	/** What this run had to install (empty on a warm machine). */
	installed: string[];
}

const PREFERRED_POSTGRES = '15';

function findPostgres(): { bin: string; version: string } | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter(
			(version) =>
				existsSync(path.join(root, version, 'bin', 'initdb')) &&
				existsSync(path.join(root, version, 'bin', 'postgres')),
		)
		.sort((a, b) => Number(b) - Number(a));
	const version = versions.includes(PREFERRED_POSTGRES) ? PREFERRED_POSTGRES : versions[0];
	return version ? { bin: path.join(root, version, 'bin'), version } : undefined;
}

function findOnPath(name: string): string | undefined {
	for (const dir of (process.env.PATH ?? '')
		.split(path.delimiter)
		.concat(['/usr/bin', '/usr/sbin', '/usr/local/bin'])) {
		const candidate = path.join(dir, name);
		if (dir && existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** PIDs of processes whose command starts with one of `names` (to notice services apt may have started). */
function serviceProcesses(names: string[]): Set<number> {
	return new Set(
		listProcesses()
			.filter((info) =>
				names.some((name) => path.basename(info.command.split(' ')[0] ?? '').startsWith(name)),
			)
			.map((info) => info.pid),
	);
}

export async function ensureTools(): Promise<Tools> {
	const missing: string[] = [];
	if (!findPostgres()) missing.push('postgresql');
	if (!findOnPath('redis-server')) missing.push('redis-server');
	if (missing.length > 0) {
		if (process.getuid?.() !== 0) {
			throw new Error(
				`missing ${missing.join(', ')}; install them (apt-get install -y ${missing.join(' ')}) or run as root`,
			);
		}
		const before = serviceProcesses(['postgres', 'redis-server']);
		const started = Date.now();
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		say(`installing ${missing.join(', ')} from Debian (apt-get update + install)`);
		await run('apt-get', ['update', '-q'], { env, label: 'apt-get update', echo: 'none' });
		await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
			env,
			label: 'apt-get install',
			echo: 'none',
		});
		say(`installed ${missing.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		const startedByApt = [...serviceProcesses(['postgres', 'redis-server'])].filter(
			(pid) => !before.has(pid),
		);
		if (startedByApt.length > 0) {
			say(
				`note: the package install started system services (pids ${startedByApt.join(', ')}); this suite uses its own instances and leaves those alone`,
			);
		}
	}
	const postgres = findPostgres();
	const redisServer = findOnPath('redis-server');
	if (!postgres || !redisServer)
		throw new Error('PostgreSQL or redis-server still missing after the install');
	return {
		postgresBin: postgres.bin,
		postgresVersion: postgres.version,
		redisServer,
		installed: missing,
	};
}

/** A progress line of the queue-mode setup and teardown. */
export function say(message: string): void {
	for (const line of message.split('\n')) process.stdout.write(`[e2e-queue] ${line}\n`);
}
