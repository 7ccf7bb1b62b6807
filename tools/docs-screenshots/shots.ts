/**
 * The pictures. Each one navigates by URL, waits for the elements it shows (n8n's data-test-id
 * attributes), clears n8n's own pop-ups, parks the mouse and crops to the part that matters.
 */
import * as path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { VIEWPORT } from './browser';
import { GET_STATE_NODE_NAME, TOOL_NODE_NAME } from './nodeSetup';

export interface ShotTarget {
	page: Page;
	/** The editor's base URL, without a trailing slash. */
	baseUrl: string;
	outDir: string;
	log: (line: string) => void;
}

export interface Shot {
	file: string;
	/** What it shows (printed when it is taken; docs/images/README.md says the same). */
	caption: string;
	take(target: ShotTarget, ids: DemoIds): Promise<Clip>;
	/** A taller window for this picture only (n8n's panels grow with it); VIEWPORT again afterwards. */
	viewport?: { width: number; height: number };
}

export interface DemoIds {
	workflowId: string;
	credentialId: string;
	executionId: string;
	/** Text the execution's output must show before it is photographed. */
	outputMarkers: string[];
	/** Manual Trigger -> Polar (Customer -> Get State), not run yet (nodeSetup.ts). */
	getStateWorkflowId: string;
	/** Text the Get State output must show: the customer's, its subscription's and its grants' IDs. */
	stateMarkers: string[];
	/** Chat Trigger -> AI Agent with a chat model and the Polar tool (nodeSetup.ts). */
	agentWorkflowId: string;
}

interface Clip {
	x: number;
	y: number;
	width: number;
	height: number;
}

/**
 * Motion and blinking off, so that a picture never catches something half-way; and Element Plus's overlay
 * scroll bars, which fade in and out with the pointer and would differ from run to run.
 */
const STILL_CSS = `
*, *::before, *::after { animation-duration: 0s !important; animation-delay: 0s !important;
  transition-duration: 0s !important; transition-delay: 0s !important; caret-color: transparent !important; }
.el-scrollbar__bar { display: none !important; }
`;

/** n8n's pop-ups that are not part of what a picture shows: close buttons, clicked when visible. */
const DISMISSERS = [
	'suggested-actions-close', // "Production Checklist" on a published workflow
	'notification-banner-dismiss',
	'credit-banner-dismiss',
	'trial-intro-close-button',
	'consent-close-button',
	'open-in-assistant-notification-close',
	'evaluations-canvas-info-card-dismiss',
];

export const SHOTS: Shot[] = [
	{
		file: 'nodes-panel.png',
		caption:
			'the nodes panel of a new workflow ("What triggers this workflow?") searched for "Polar"',
		async take({ page, baseUrl }) {
			await open(page, `${baseUrl}/workflow/new`, page.getByTestId('canvas-add-button'));
			await page.getByTestId('canvas-add-button').click();
			const search = page.getByTestId('node-creator-search-bar');
			await search.fill('Polar');
			// n8n lists trigger nodes without the word "Trigger" here (it shows "Polar").
			await page
				.getByTestId('node-creator-item-name')
				.filter({ hasText: /^\s*Polar(\s+Trigger)?\s*$/ })
				.first()
				.waitFor();
			await settle(page);
			const panel = await box(page.getByTestId('node-creator'));
			const items = page.getByTestId('item-iterator-item');
			const last = await box(items.nth((await items.count()) - 1));
			return {
				x: panel.x,
				y: panel.y,
				width: panel.width,
				height: last.y + last.height + 24 - panel.y,
			};
		},
	},
	{
		file: 'trigger-settings.png',
		caption: "the Polar Trigger's settings (credential, notice, Events) with the Events list open",
		async take({ page, baseUrl }, ids) {
			await openWorkflowNode(page, `${baseUrl}/workflow/${ids.workflowId}`);
			const events = page.getByTestId('parameter-input-events');
			await events.waitFor();
			await events.click();
			const list = page.locator('.el-select__popper:visible');
			await list
				.locator('.el-select-dropdown__item')
				.filter({ hasText: 'Order Paid' })
				.first()
				.waitFor();
			await settle(page);
			// The node's title, the trigger panel and the parameters with the open list; not the empty output.
			const ndv = await box(ndvDialog(page));
			const parameters = await box(page.getByTestId('node-parameters'));
			const dropdown = await box(list);
			const right = Math.max(parameters.x + parameters.width, dropdown.x + dropdown.width) + 2;
			return {
				x: ndv.x,
				y: ndv.y,
				width: right - ndv.x,
				height: dropdown.y + dropdown.height + 24 - ndv.y,
			};
		},
	},
	{
		file: 'credential.png',
		caption:
			'the Polar API credential (token masked, Environment Custom for the local stand-in), tested',
		async take({ page, baseUrl }, ids) {
			await open(
				page,
				`${baseUrl}/home/credentials/${ids.credentialId}`,
				page.getByTestId('credential-edit-dialog'),
			);
			await page.getByTestId('credentials-config-container-test-success').waitFor();
			await page.getByTestId('parameter-input-accessToken').waitFor();
			await settle(page);
			return await box(page.getByTestId('editCredential-modal'));
		},
	},
	{
		file: 'execution-output.png',
		caption:
			'an execution of the demo workflow: the order.paid event as the trigger emitted it (type, timestamp, api_version, data, webhookId)',
		async take({ page, baseUrl }, ids) {
			await open(
				page,
				`${baseUrl}/workflow/${ids.workflowId}/executions/${ids.executionId}`,
				page.getByTestId(`execution-preview-details-${ids.executionId}`),
			);
			const node = page.getByTestId('canvas-node').first();
			await node.getByTestId('canvas-node-status-success').waitFor();
			await dismissOverlays(page);
			await node.dblclick();
			const output = page.getByTestId('output-panel');
			await output.waitFor();
			await output.getByTestId('radio-button-table').click();
			for (const marker of ids.outputMarkers)
				await output.getByText(marker, { exact: true }).first().waitFor();
			await settle(page);
			// The output (the item's table); the read-only parameters beside it are in trigger-settings.png.
			const panel = await box(output);
			return { ...panel, height: Math.min(panel.height, 640) };
		},
	},
	{
		file: 'polar-node-operations.png',
		caption:
			'the nodes panel opened from a node\'s "+", searched for "Polar" and the Polar node opened: its actions by resource',
		// Tall enough for every action at once (the panel is as tall as the window).
		viewport: { width: VIEWPORT.width, height: 1800 },
		async take({ page, baseUrl }, ids) {
			await openWorkflow(page, `${baseUrl}/workflow/${ids.getStateWorkflowId}`);
			// The one free "+" is the output of the workflow's last node, the Polar node.
			await page.getByTestId('canvas-handle-plus').first().click();
			await page.getByTestId('node-creator-search-bar').fill('Polar');
			// n8n lists the node and the trigger of a package as one "Polar" item.
			await page
				.getByTestId('node-creator-item-name')
				.filter({ hasText: /^\s*Polar\s*$/ })
				.first()
				.click();
			const panel = page.getByTestId('node-creator');
			await panel.getByText(/^Get customer state\b/).waitFor();
			const triggers = panel
				.getByTestId('node-creator-category-item')
				.filter({ hasText: 'Triggers' });
			await triggers.waitFor();
			await settle(page);
			const whole = await box(panel);
			const last = await box(triggers);
			return {
				x: whole.x,
				y: whole.y,
				width: whole.width,
				height: last.y + last.height + 16 - whole.y,
			};
		},
	},
	{
		file: 'polar-get-state-output.png',
		caption:
			'the Polar node, Customer -> Get State by External ID, run in the editor: its parameters and the JSON output (subscription, benefits, meter)',
		// Tall enough for the whole item in the JSON view.
		viewport: { width: VIEWPORT.width, height: 1500 },
		async take({ page, baseUrl }, ids) {
			await openWorkflow(page, `${baseUrl}/workflow/${ids.getStateWorkflowId}`);
			// Runs through n8n: the Manual Trigger, then the Polar node against the stand-in.
			await page.getByTestId('execute-workflow-button').click();
			const node = page.getByTestId('canvas-node').filter({ hasText: GET_STATE_NODE_NAME });
			await node.getByTestId('canvas-node-status-success').waitFor();
			await dismissOverlays(page);
			await node.dblclick();
			await ndvDialog(page).waitFor();
			const output = page.getByTestId('output-panel');
			await output.getByTestId('radio-button-json').click();
			for (const marker of ids.stateMarkers) await output.getByText(marker).first().waitFor();
			await settle(page);
			// The parameters and the output, from the tabs down; the input (the Manual Trigger) is empty.
			const ndv = await box(ndvDialog(page));
			const parameters = await box(page.getByTestId('tab-params'));
			const main = await box(page.getByTestId('node-parameters'));
			const x = parameters.x - 1;
			return {
				x,
				y: main.y - parameters.height - 16,
				width: ndv.x + ndv.width - x,
				height: ndv.y + ndv.height - (main.y - parameters.height - 16),
			};
		},
	},
	{
		file: 'polar-tool-in-agent.png',
		caption:
			'an AI Agent (Chat Trigger, OpenAI Chat Model) with the Polar node attached as its tool "Get customer state"',
		async take({ page, baseUrl }, ids) {
			await openWorkflow(page, `${baseUrl}/workflow/${ids.agentWorkflowId}`);
			const nodes = page.getByTestId('canvas-node');
			await nodes.filter({ hasText: TOOL_NODE_NAME }).waitFor();
			await settle(page);
			// Every node with its label and the agent's connectors, with a margin.
			const boxes = await Promise.all((await nodes.all()).map((node) => box(node)));
			const left = Math.min(...boxes.map((b) => b.x)) - 90;
			const top = Math.min(...boxes.map((b) => b.y)) - 50;
			const right = Math.max(...boxes.map((b) => b.x + b.width)) + 110;
			const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 80;
			return { x: left, y: top, width: right - left, height: bottom - top };
		},
	},
];

/** Takes one picture into outDir; on failure leaves `<name>.failed.png` (the whole window) beside it. */
export async function takeShot(target: ShotTarget, shot: Shot, ids: DemoIds): Promise<void> {
	const file = path.join(target.outDir, shot.file);
	try {
		if (shot.viewport) await target.page.setViewportSize(shot.viewport);
		const clip = clamp(await shot.take(target, ids), shot.viewport ?? VIEWPORT);
		await target.page.screenshot({
			path: file,
			clip,
			animations: 'disabled',
			caret: 'hide',
			scale: 'css',
		});
		target.log(`${shot.file} (${clip.width}x${clip.height}): ${shot.caption}`);
	} catch (error) {
		const failed = file.replace(/\.png$/, '.failed.png');
		await target.page.screenshot({ path: failed }).catch(() => undefined);
		throw new Error(`${shot.file}: ${briefly(error)} (the window at that moment: ${failed})`);
	} finally {
		if (shot.viewport) await target.page.setViewportSize(VIEWPORT);
	}
}

// ------------------------------------------------------------------------------------------ helpers

// Playwright colours its messages with ANSI escapes (ESC [ … m): a control character is what this must match.
// eslint-disable-next-line no-control-regex
const ANSI_COLOURS = /\u001b\[[0-9;]*m/g;

/** Playwright's message without its call log, but with what it waited for. */
function briefly(error: unknown): string {
	const lines = (error as Error).message.split('\n');
	const waited = lines.find((line) => line.includes('waiting for'));
	return [lines[0], waited?.replace(ANSI_COLOURS, '').trim()].filter(Boolean).join(': ');
}

async function open(page: Page, url: string, ready: Locator): Promise<void> {
	await page.goto(url, { waitUntil: 'domcontentloaded' });
	await page.addStyleTag({ content: STILL_CSS });
	await ready.first().waitFor();
	await dismissOverlays(page);
}

/** Opens a workflow and the settings of its (only) node. */
/** A workflow's canvas, once its nodes are drawn. */
async function openWorkflow(page: Page, url: string): Promise<void> {
	await open(page, url, page.getByTestId('canvas-node'));
}

async function openWorkflowNode(page: Page, url: string): Promise<void> {
	await openWorkflow(page, url);
	await page.getByTestId('canvas-node').first().dblclick();
	await ndvDialog(page).waitFor();
}

/** The node details view (a <dialog>). */
function ndvDialog(page: Page): Locator {
	return page.getByTestId('ndv');
}

async function dismissOverlays(page: Page): Promise<void> {
	for (const id of DISMISSERS) {
		const closer = page.getByTestId(id);
		for (const handle of await closer.all()) {
			if (await handle.isVisible()) await handle.click().catch(() => undefined);
		}
	}
	for (const closer of await page
		.locator('[data-test-id^="banner-"][data-test-id$="-close"]')
		.all()) {
		if (await closer.isVisible()) await closer.click().catch(() => undefined);
	}
}

/**
 * Before a picture: no loading spinner, every image and font loaded, no toast (an error toast fails the
 * picture), n8n's pop-ups closed, the mouse out of the way, then a moment for the last layout.
 */
async function settle(page: Page): Promise<void> {
	await dismissOverlays(page);
	const toasts = page.locator('.el-notification:visible');
	for (const toast of await toasts.all()) {
		const text = (await toast.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
		const isError = await toast.locator('.el-notification--error').count();
		if (isError > 0) throw new Error(`n8n shows an error: ${text}`);
		await toast
			.locator('.el-notification__closeBtn')
			.click()
			.catch(() => undefined);
	}
	await toasts
		.first()
		.waitFor({ state: 'hidden', timeout: 10_000 })
		.catch(() => undefined);
	await page
		.locator('.el-loading-mask:visible, [data-test-id="node-view-loader"]:visible')
		.first()
		.waitFor({ state: 'hidden' });
	await page.waitForFunction(
		'document.fonts.status === "loaded" && Array.from(document.images).every((image) => image.complete)',
	);
	const window = page.viewportSize() ?? VIEWPORT;
	await page.mouse.move(window.width - 2, window.height - 2);
	await page.waitForTimeout(500);
}

async function box(locator: Locator): Promise<Clip> {
	await locator.waitFor();
	const found = await locator.boundingBox();
	if (!found) throw new Error(`no bounding box for ${String(locator)}`);
	return found;
}

function clamp(clip: Clip, window: { width: number; height: number }): Clip {
	const x = Math.max(0, Math.floor(clip.x));
	const y = Math.max(0, Math.floor(clip.y));
	return {
		x,
		y,
		width: Math.min(window.width - x, Math.ceil(clip.width)),
		height: Math.min(window.height - y, Math.ceil(clip.height)),
	};
}
