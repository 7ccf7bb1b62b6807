/**
 * npm run docs:screenshots [-- --out docs/images] [--polar-port 7788] [--install-browser] [--keep] [--verbose]
 *
 * Builds and packs the package, starts a fresh n8n 2.41.1 in a temporary data folder with the demo of
 * `npm run demo` (Polar stand-in, credential, published order.paid workflow, one delivery) and the Polar
 * node's set-up of nodeSetup.ts (a customer in the stand-in, on a pinned clock; the Get State and AI Agent
 * workflows), drives Debian's
 * Chromium (playwright-core, no browser download) through the editor as the owner and writes the README's
 * pictures into docs/images/. Pictures are written only when all of them succeeded. Everything it started
 * is stopped at the end, also on failure or Ctrl-C; the temporary folder is kept on failure (n8n.log and a
 * picture of the window that failed are in it).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { hasNodeType } from '../n8n-local/api';
import { REPO_ROOT } from '../n8n-local/ensure';
import { POLAR_NODE_TYPE, POLAR_TRIGGER_TYPE } from '../n8n-local/fixtures';
import { portInUse } from '../n8n-local/ports';
import { prepareN8n } from '../n8n-local/prepare';
import { N8nServer } from '../n8n-local/server';
import type { PolarStandIn } from '../polar-stand-in/server';
import {
	type Browser,
	CHROMIUM,
	INSTALL_HINT,
	installChromium,
	launchBrowser,
	loginInBrowser,
} from './browser';
import { DEMO_EVENT, runDemo } from '../n8n-local/demo';
import { DOCS_CUSTOMER, PICTURES_CLOCK, setUpNodeDemo } from './nodeSetup';
import { SHOTS, type ShotTarget, takeShot } from './shots';
import { parseCommandLine, portNumber, readFlags } from '../cli-args';

const USAGE = `Usage: npm run docs:screenshots -- [options]
  --out <dir>          where the pictures go (default docs/images)
  --polar-port <n>     port of the Polar stand-in; it shows in credential.png (default 7788)
  --install-browser    apt-get install Debian's chromium first if ${CHROMIUM} is missing
  --keep               keep the temporary n8n data folder
  --verbose            show every line n8n and the stand-in print`;

interface Options {
	outDir: string;
	polarPort: number;
	installBrowser: boolean;
	keep: boolean;
	verbose: boolean;
}

function parseArgs(argv: string[]): Options | 'help' {
	const options: Options = {
		outDir: path.join(REPO_ROOT, 'docs', 'images'),
		polarPort: 7788,
		installBrowser: false,
		keep: false,
		verbose: false,
	};
	const given = readFlags(argv, {
		onOff: ['--install-browser', '--keep', '--verbose'],
		values: ['--out', '--polar-port'],
	});
	if (given === 'help') return 'help';
	const outDir = given.text('--out');
	if (outDir !== undefined) options.outDir = path.resolve(outDir);
	const polarPort = given.text('--polar-port');
	if (polarPort !== undefined) options.polarPort = portNumber('--polar-port', polarPort);
	options.installBrowser = given.on('--install-browser');
	options.keep = given.on('--keep');
	options.verbose = given.on('--verbose');
	return options;
}

/** The trigger's webhookId in the pictures' workflow. */
const DOCS_NODE_WEBHOOK_ID = '5b0c1f7e-2d4a-4c8e-9f61-3a7d2e9b4c10';
/** The `webhook-id` of the delivered event (Polar sends a uuid4, the same on every retry). */
const DOCS_DELIVERY_ID = '3f6a2c1e-8b4d-4e7a-9c15-6d2b0a9e7f31';

const log = (line: string): void => {
	process.stdout.write(`[docs-screenshots] ${line}\n`);
};

async function main(): Promise<number> {
	const options = parseCommandLine(parseArgs, USAGE);
	if (!options) return 0;
	if (!existsSync(CHROMIUM)) {
		if (!options.installBrowser) {
			process.stderr.write(`${INSTALL_HINT}\n`);
			return 2;
		}
		installChromium(log);
	}

	const started = Date.now();
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'polar-docs-'));
	const dataDir = path.join(workDir, 'n8n');
	const shotDir = path.join(workDir, 'pictures');
	mkdirSync(shotDir, { recursive: true });
	let server: N8nServer | undefined;
	let polar: PolarStandIn | undefined;
	let browser: Browser | undefined;
	let failed = false;
	let interrupted = false;
	let cleaning: Promise<void> | undefined;
	const cleanUp = (): Promise<void> => {
		cleaning ??= (async () => {
			await browser?.close().catch(() => undefined);
			await polar?.close().catch(() => undefined);
			await server
				?.stop()
				.catch((error: unknown) => log(`stopping n8n failed: ${(error as Error).message}`));
			const leftovers = server?.leftovers() ?? [];
			if (leftovers.length > 0)
				log(`still running after stop: ${leftovers.map((info) => info.pid).join(', ')}`);
			if ((failed && !interrupted) || options.keep) log(`kept ${workDir} (n8n.log in ${dataDir})`);
			else rmSync(workDir, { recursive: true, force: true });
		})();
		return cleaning;
	};
	// `on`, not `once`: one Ctrl-C arrives twice under tsx (see tools/n8n-local/cli.ts).
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			interrupted = true;
			log(`received ${signal}: stopping everything this started`);
			void cleanUp().finally(() => process.exit(130));
		});
	}

	try {
		let polarPort = options.polarPort;
		if (await portInUse(polarPort)) {
			log(
				`port ${polarPort} is taken (an \`npm run demo\`?): the stand-in takes a free one, so credential.png will show another Base URL`,
			);
			polarPort = 0;
		}
		const { installation } = await prepareN8n(dataDir);
		server = await N8nServer.start({
			installation,
			userFolder: dataDir,
			onLog: (line) => {
				if (options.verbose) process.stdout.write(`[n8n] ${line}\n`);
			},
		});
		if (!(await hasNodeType(server.client, POLAR_TRIGGER_TYPE)))
			throw new Error(`n8n did not load ${POLAR_TRIGGER_TYPE}`);
		const demo = await runDemo(server, {
			polarPort,
			onPolarLog: options.verbose
				? (line) => process.stdout.write(`[polar-stand-in] ${line}\n`)
				: undefined,
			pinned: { nodeWebhookId: DOCS_NODE_WEBHOOK_ID, deliveryId: DOCS_DELIVERY_ID },
			polarActions: { now: PICTURES_CLOCK },
		});
		polar = demo.polar;
		if (!(await hasNodeType(server.client, POLAR_NODE_TYPE)))
			throw new Error(`n8n did not load ${POLAR_NODE_TYPE}`);
		const nodeDemo = await setUpNodeDemo(server, polar);
		log(
			`set up the Polar node's workflows (${nodeDemo.getStateWorkflowId}, ${nodeDemo.agentWorkflowId}) and the stand-in's customer ${DOCS_CUSTOMER.externalId}`,
		);

		log(`starting ${CHROMIUM} (headless, loopback only)`);
		browser = await launchBrowser();
		await loginInBrowser(
			browser.page,
			server.url,
			server.settings.ownerEmail,
			server.settings.ownerPassword,
		);
		const target: ShotTarget = { page: browser.page, baseUrl: server.url, outDir: shotDir, log };
		const ids = {
			workflowId: demo.workflow.id,
			credentialId: demo.credential.id,
			executionId: demo.execution.id,
			outputMarkers: [DEMO_EVENT, DOCS_DELIVERY_ID],
			getStateWorkflowId: nodeDemo.getStateWorkflowId,
			stateMarkers: nodeDemo.stateMarkers,
			agentWorkflowId: nodeDemo.agentWorkflowId,
		};
		for (const shot of SHOTS) await takeShot(target, shot, ids);
		if (browser.blocked.size > 0)
			log(
				`the editor tried to reach (refused, loopback only): ${[...browser.blocked].sort().join(', ')}`,
			);

		mkdirSync(options.outDir, { recursive: true });
		for (const shot of SHOTS)
			copyFileSync(path.join(shotDir, shot.file), path.join(options.outDir, shot.file));
		log(
			`wrote ${SHOTS.map((shot) => shot.file).join(', ')} to ${path.relative(process.cwd(), options.outDir) || '.'}`,
		);
	} catch (error) {
		failed = true;
		if (!interrupted)
			process.stderr.write(`[docs-screenshots] failed: ${(error as Error).message}\n`);
	} finally {
		await cleanUp();
	}
	if (interrupted) return 130;
	log(`${failed ? 'failed' : 'done'} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
	return failed ? 1 : 0;
}

void main().then((code) => process.exit(code));
