/**
 * The suite's world: ONE n8n (fresh temporary user folder, random free loopback ports) with the packed
 * package installed as a community package, and the Polar stand-in in this process. Which n8n: N8N_VERSION
 * (tools/n8n-local/versions.ts; default 2.41.1, `npm run test:e2e:n8n1` runs 1.123.81).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	type N8nInstallation,
	N8nServer,
	type PackedPackage,
	type ProcessInfo,
	POLAR_TRIGGER_TYPE,
	flavourOf,
	hasNodeType,
	nodeVersionFor,
	prepareN8n,
	setLogSink,
} from '../../tools/n8n-local';
import { PolarStandIn } from '../../tools/polar-stand-in/server';

/** Fixed, so that credentials saved before a restart decrypt after it. */
export const E2E_ENCRYPTION_KEY = 'n8n-nodes-polar-billing-e2e-encryption-key';

export interface Environment {
	root: string;
	installation: N8nInstallation;
	packed: PackedPackage;
	server: N8nServer;
	polar: PolarStandIn;
	/** The stand-in's request/delivery log, for failure reports. */
	polarLog: string[];
}

/** Starts the world; `extraEnv` adds environment variables for n8n (e.g. its expression engine). */
export async function startEnvironment(
	extraEnv: Record<string, string> = {},
): Promise<Environment> {
	setLogSink((line) => process.stdout.write(`${line}\n`));
	const root = mkdtempSync(path.join(os.tmpdir(), 'n8n-polar-e2e-'));
	const userFolder = path.join(root, 'n8n');
	const { installation, packed } = await prepareN8n(userFolder, path.join(root, 'pack'));
	const polarLog: string[] = [];
	const polar = await PolarStandIn.start({
		allowLoopbackUrls: true,
		// One attempt per delivery: a refused delivery is reported at once, not retried for seconds.
		maxAttempts: 1,
		// The negative checks fail deliveries on purpose; they must not get the endpoint disabled.
		disableAfterFailedEvents: 0,
		log: (line) => polarLog.push(`${new Date().toISOString()} ${line}`),
	});
	let server: N8nServer;
	try {
		server = await N8nServer.start({
			installation,
			userFolder,
			encryptionKey: E2E_ENCRYPTION_KEY,
			extraEnv,
		});
	} catch (error) {
		await polar.close();
		process.stdout.write(`[e2e] n8n did not start; files kept in ${root}\n`);
		throw error;
	}
	if (!(await hasNodeType(server.client, POLAR_TRIGGER_TYPE))) {
		await server.stop();
		await polar.close();
		throw new Error(`n8n did not load ${POLAR_TRIGGER_TYPE} from the installed tarball`);
	}
	return { root, installation, packed, server, polar, polarLog };
}

/** Stops everything and returns the processes of this run that are still alive (there must be none). */
export async function stopEnvironment(
	env: Environment | undefined,
	keepFiles: boolean,
): Promise<ProcessInfo[]> {
	if (!env) return [];
	const leftovers: ProcessInfo[] = [];
	try {
		await env.server.stop();
	} finally {
		await env.polar.close();
		// Anything still running with this run's user folder, whatever its process group.
		leftovers.push(...env.server.leftovers());
		if (!keepFiles) rmSync(env.root, { recursive: true, force: true });
	}
	return leftovers;
}

/** Whether a test or hook of this file has failed so far (counted by test/e2e/failureCountingEnvironment.js). */
export function anyTestFailed(): boolean {
	return ((globalThis as { e2eFailures?: number }).e2eFailures ?? 0) > 0;
}

/**
 * The file's one n8n and stand-in: started in beforeAll, stopped in afterAll. When a test failed, n8n's
 * folder is kept and the stand-in's log tail printed. Returns the getter the tests use.
 */
export function useEnvironment(extraEnv: Record<string, string> = {}): () => Environment {
	let env: Environment | undefined;
	beforeAll(async () => {
		env = await startEnvironment(extraEnv);
		process.stdout.write(
			`[e2e] n8n ${env.installation.n8nVersion} on Node ${nodeVersionFor(env.installation.n8nVersion)} (publish = ${flavourOf(env.installation.n8nVersion).publishWord}) ` +
				`${env.server.url} (user folder ${env.server.userFolder}, extra environment ${JSON.stringify(extraEnv)}), ` +
				`Polar stand-in ${env.polar.url}, package ${env.packed.name}@${env.packed.version}\n`,
		);
	}, 20 * 60_000);

	afterAll(async () => {
		const keepFiles = anyTestFailed();
		const leftovers = await stopEnvironment(env, keepFiles);
		if (keepFiles && env) {
			process.stdout.write(
				[
					`[e2e] a test failed: files kept in ${env.root} (n8n log: ${env.server.logFile})`,
					'[e2e] stand-in log (last 40 lines):',
					...env.polarLog.slice(-40).map((line) => `  ${line}`),
				].join('\n') + '\n',
			);
		}
		expect(leftovers.map((info) => `${info.pid} ${info.command}`)).toEqual([]);
	}, 120_000);

	return () => {
		if (!env) throw new Error('the environment did not start (see beforeAll)');
		return env;
	};
}
