/**
 * npm start [-- --port 5678] [--data-dir ~/.n8n-nodes-polar-billing/n8n] [--webhook-url http://127.0.0.1:5678/]
 *           [--demo] [--polar-port 7788] [--exit] [--verbose]
 *
 * Builds and packs n8n-nodes-polar-billing, installs the tarball as a community package into the data folder,
 * starts n8n 2.x (Node 24, SQLite) with Polar Trigger in the nodes panel and keeps it running until
 * Ctrl-C. `--demo` also starts a Polar stand-in and runs one order.paid through a published workflow.
 */
import * as os from 'node:os';
import * as path from 'node:path';

import type { PolarStandIn } from '../polar-stand-in/server';
import { hasNodeType } from './api';
import { runDemo } from './demo';
import { POLAR_TRIGGER_TYPE } from './fixtures';
import { elapsed, say } from './log';
import { portInUse } from './ports';
import { prepareN8n } from './prepare';
import { N8nServer } from './server';
import { loadSettings, settingsFile } from './settings';
import { parseCommandLine, portNumber, readFlags } from '../cli-args';

const USAGE = `Usage: npm start -- [options]
  --port <n>           n8n port (default 5678)
  --data-dir <dir>     n8n user folder (default ~/.n8n-nodes-polar-billing/n8n)
  --webhook-url <url>  N8N_WEBHOOK_URL (default http://127.0.0.1:<port>/)
  --demo               also start a Polar stand-in and run an order.paid through a published workflow
  --polar-port <n>     port of the demo's stand-in (default 7788, 0 = random)
  --exit               stop everything once ready (and after the demo) instead of waiting for Ctrl-C
  --verbose            show every line n8n prints (always in <data-dir>/n8n.log)`;

interface CliOptions {
	port: number;
	dataDir: string;
	webhookUrl?: string;
	demo: boolean;
	polarPort: number;
	exit: boolean;
	verbose: boolean;
}

function parseArgs(argv: string[]): CliOptions | 'help' {
	const options: CliOptions = {
		port: 5678,
		dataDir: path.join(os.homedir(), '.n8n-nodes-polar-billing', 'n8n'),
		demo: false,
		polarPort: 7788,
		exit: false,
		verbose: false,
	};
	const given = readFlags(argv, {
		onOff: ['--demo', '--exit', '--verbose'],
		values: ['--port', '--data-dir', '--webhook-url', '--polar-port'],
	});
	if (given === 'help') return 'help';
	const port = (flag: string, fallback: number): number => {
		const raw = given.text(flag);
		return raw === undefined ? fallback : portNumber(flag, raw);
	};
	options.port = port('--port', options.port);
	options.polarPort = port('--polar-port', options.polarPort);
	const dataDir = given.text('--data-dir');
	if (dataDir !== undefined)
		options.dataDir = path.resolve(dataDir.replace(/^~(?=$|\/)/, os.homedir()));
	const webhookUrl = given.text('--webhook-url');
	if (webhookUrl !== undefined) {
		const url = new URL(webhookUrl);
		options.webhookUrl = url.href.endsWith('/') ? url.href : `${url.href}/`;
	}
	options.demo = given.on('--demo');
	options.exit = given.on('--exit');
	options.verbose = given.on('--verbose');
	return options;
}

/**
 * n8n's output without stack traces, failed look-ups of its own online services (no internet here), its
 * list of deprecated settings and the Python runner it cannot start: all of it stays in <data-dir>/n8n.log.
 */
function worthShowing(line: string): boolean {
	if (!line.trim() || /^\s+at\s/.test(line) || /^\s+- [A-Z0-9_]+ ->/.test(line)) return false;
	return !/ENOTFOUND|EAI_AGAIN|getaddrinfo|Strapi|system task run failed|deprecations related to your n8n setup|Python task runner|(Starting|Finished) migration|^\s*[}\]]|^\s*\w+: .*,$/.test(
		line,
	);
}

async function main(): Promise<void> {
	const options = parseCommandLine(parseArgs, USAGE);
	if (!options) return;
	const started = Date.now();
	const { settings, created } = loadSettings(options.dataDir);
	let server: N8nServer | undefined;
	let polar: PolarStandIn | undefined;
	let stopping: Promise<void> | undefined;
	const stopAll = (reason: string): Promise<void> => {
		stopping ??= (async () => {
			say(`${reason}: stopping everything this started`);
			await polar?.close();
			await server?.stop();
		})();
		return stopping;
	};
	// `on`, not `once`: one Ctrl-C reaches this process twice (from the terminal, and relayed by tsx), and a
	// second SIGINT without a handler would end it halfway through stopping n8n.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			void stopAll(`received ${signal}`).then(
				() => process.exit(0),
				() => process.exit(1),
			);
		});
	}

	try {
		if (await portInUse(options.port))
			throw new Error(
				`port ${options.port} is already in use on 127.0.0.1: choose another (--port)`,
			);
		const { installation } = await prepareN8n(options.dataDir);
		const launched = await N8nServer.start({
			installation,
			userFolder: options.dataDir,
			port: options.port,
			webhookUrl: options.webhookUrl ?? `http://127.0.0.1:${options.port}/`,
			onLog: (line) => {
				if (options.verbose || worthShowing(line)) process.stdout.write(`[n8n] ${line}\n`);
			},
		});
		server = launched;
		if (!(await hasNodeType(launched.client, POLAR_TRIGGER_TYPE))) {
			throw new Error(`n8n did not load ${POLAR_TRIGGER_TYPE}: see ${launched.logFile}`);
		}
		const editorUrl = `http://localhost:${launched.port}`;
		say(
			[
				'',
				`n8n ${editorUrl} is up with Polar Trigger (${POLAR_TRIGGER_TYPE}) in the nodes panel (${elapsed(started)})`,
				`  data folder   ${options.dataDir}`,
				`  webhook URL   ${launched.webhookUrl}`,
				created
					? `  owner login   ${settings.ownerEmail} / ${settings.ownerPassword}   (created now; kept in ${settingsFile(options.dataDir)})`
					: `  owner login   ${settings.ownerEmail} / password in ${settingsFile(options.dataDir)}`,
				'',
			].join('\n'),
		);
		launched.onUnexpectedExit(() => {
			void stopAll('n8n exited unexpectedly').then(() => process.exit(1));
		});

		if (options.demo) {
			const demo = await runDemo(launched, {
				polarPort: options.polarPort,
				onPolarLog: (line) => process.stdout.write(`[polar-stand-in] ${line}\n`),
			});
			polar = demo.polar;
			say(
				`send more: curl -s -X POST ${demo.polar.url}/_standin/emit -H 'content-type: application/json' -d '{"type":"order.paid"}'`,
			);
		}
		if (options.exit) {
			await stopAll('--exit');
			return;
		}
		say('press Ctrl-C to stop n8n' + (options.demo ? ' and the Polar stand-in' : ''));
	} catch (error) {
		process.stderr.write(`[n8n-local] failed: ${(error as Error).message}\n`);
		await stopAll('failure').catch(() => undefined);
		process.exit(1);
	}
}

void main();
