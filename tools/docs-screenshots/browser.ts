/**
 * Debian's Chromium driven by playwright-core: no browser download, a fresh profile, nothing but loopback.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type BrowserContext, type Page, chromium, selectors } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const VIEWPORT = { width: 1440, height: 900 } as const;

/** Flags that keep Chromium from phoning home (the network here is closed; it would retry forever). */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-features=Translate,MediaRouter,OptimizationHints',
	'--hide-scrollbars',
	'--font-render-hinting=none',
];

export const INSTALL_HINT = `Chromium is missing (${CHROMIUM}). Install Debian's package:
  apt-get update && apt-get install -y chromium
or run this script with --install-browser to do exactly that.`;

/** Installs Debian's `chromium` with apt-get (only when asked with --install-browser). */
export function installChromium(log: (line: string) => void): void {
	log("installing Debian's chromium with apt-get (asked for with --install-browser)");
	for (const args of [['update'], ['install', '-y', 'chromium']]) {
		const result = spawnSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0)
			throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
	}
	if (!existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}

export interface Browser {
	context: BrowserContext;
	page: Page;
	/** Requests to anything but loopback that the page tried (and that were refused). */
	blocked: Set<string>;
	close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, a fixed viewport, UTC, English, and only loopback reachable. */
export async function launchBrowser(): Promise<Browser> {
	// n8n marks its elements with data-test-id, not Playwright's default data-testid.
	selectors.setTestIdAttribute('data-test-id');
	const profile = mkdtempSync(path.join(os.tmpdir(), 'polar-docs-chromium-'));
	let context: BrowserContext;
	try {
		// A persistent context is how Playwright takes a --user-data-dir of our choosing.
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			colorScheme: 'light',
			reducedMotion: 'reduce',
			locale: 'en-US',
			timezoneId: 'UTC',
			serviceWorkers: 'block',
			// Playwright would close the browser and exit(130) on these before run.ts has stopped n8n.
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
		});
	} catch (error) {
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
	context.setDefaultTimeout(60_000);
	context.setDefaultNavigationTimeout(90_000);
	const blocked = new Set<string>();
	await context.route('**/*', async (route) => {
		const url = new URL(route.request().url());
		if (url.protocol === 'data:' || url.protocol === 'blob:' || isLoopback(url.hostname))
			return route.continue();
		blocked.add(url.host || url.href);
		return route.abort('blockedbyclient');
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		blocked,
		close: async () => {
			await context.close().catch(() => undefined);
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Logs the owner in within the browser's own cookie jar (`POST /rest/login`, as the sign-in form does). */
export async function loginInBrowser(
	page: Page,
	baseUrl: string,
	email: string,
	password: string,
): Promise<void> {
	const response = await page.context().request.post(`${baseUrl}/rest/login`, {
		data: { emailOrLdapLoginId: email, password },
	});
	if (!response.ok())
		throw new Error(
			`the browser could not log in as ${email}: ${response.status()} ${await response.text()}`,
		);
}
