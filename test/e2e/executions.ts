/**
 * The one execution counter of the e2e suites: a workflow's NEW executions through n8n's public API
 * (main process; in queue mode they live in PostgreSQL), cheaply even when it has thousands:
 * `GET /api/v1/executions` lists newest first (by id, cursor = last id), so reading stops at the first
 * execution at or below the baseline instead of paging through the whole history. Data (the trigger's
 * output) is fetched only once the count is reached.
 *
 * A single n8n leaves its running executions out of that list, but in queue mode the main process only knows
 * its own: executions that the webhook process enqueued and the worker runs are listed while queued or running
 * (n8n 1.123's handler excludes main's ActiveExecutions only), without their data yet. So an execution counts
 * once it has stopped (`stoppedAt`).
 */
import {
	type Execution,
	type N8nClient,
	POLAR_TRIGGER_NAME,
	nodeOutput,
	sleep,
} from '../../tools/n8n-local';

const PAGE_LIMIT = 250;

interface Page {
	data: Execution[];
	nextCursor: string | null;
}

export interface WaitOptions {
	/** Give up after this long (a clear error saying what was seen); default 30 s. */
	timeoutMs?: number;
	/** Quiet time after the count is reached, so that an extra (unwanted) execution would show up too. */
	settleMs?: number;
	intervalMs?: number;
	/** Called with the count seen, at most every few seconds (for long waits). */
	progress?: (seen: number) => void;
}

/** Not exactly the awaited number of new executions; carries what was found, to name the extra ones. */
export class ExecutionCountError extends Error {
	constructor(
		message: string,
		readonly executions: Execution[],
	) {
		super(message);
	}
}

export class ExecutionCounter {
	/** Executions with an id above this are new. */
	private baseline = 0;

	constructor(
		private readonly client: N8nClient,
		readonly workflowId: string,
		/** Quiet time after the awaited executions, so that an extra (unwanted) one would show up too. */
		private readonly settleMs = 1_000,
	) {}

	/** Everything so far counts as old. */
	async mark(): Promise<void> {
		const page = await this.page(false, 1);
		this.baseline = Math.max(
			this.baseline,
			...page.data.map((execution) => executionNumber(execution)),
		);
	}

	/** The executions newer than the baseline (newest first). */
	async fresh(includeData: boolean): Promise<Execution[]> {
		const found: Execution[] = [];
		let cursor: string | undefined;
		for (;;) {
			const page = await this.page(includeData, PAGE_LIMIT, cursor);
			for (const execution of page.data) {
				if (executionNumber(execution) <= this.baseline) return found;
				found.push(execution);
			}
			if (!page.nextCursor || page.data.length === 0) return found;
			cursor = page.nextCursor;
		}
	}

	/**
	 * Waits for exactly `count` new executions (none more after the quiet period), returns them with their
	 * data and makes them old.
	 */
	async waitForNew(count: number, options: WaitOptions = {}): Promise<Execution[]> {
		const timeoutMs = options.timeoutMs ?? 30_000;
		const deadline = Date.now() + timeoutMs;
		let seen = 0;
		let unfinished = 0;
		let lastProgress = Date.now();
		for (;;) {
			const fresh = await this.fresh(false);
			seen = fresh.filter(stopped).length;
			unfinished = fresh.length - seen;
			if (seen >= count && unfinished === 0) break;
			if (Date.now() >= deadline) {
				throw new Error(
					`timed out after ${timeoutMs} ms waiting for ${count} new execution(s) of workflow ${this.workflowId}: saw ${seen} finished${unfinished ? ` and ${unfinished} queued or running` : ''}`,
				);
			}
			if (options.progress && Date.now() - lastProgress > 5_000) {
				lastProgress = Date.now();
				options.progress(seen);
			}
			await sleep(options.intervalMs ?? 300);
		}
		await sleep(options.settleMs ?? this.settleMs);
		const fresh = await this.fresh(true);
		this.advance(fresh);
		if (fresh.length !== count) {
			throw new ExecutionCountError(
				`expected exactly ${count} new execution(s) of workflow ${this.workflowId}, got ${fresh.length}`,
				fresh,
			);
		}
		return fresh;
	}

	/** New executions after a quiet period (expected: none); makes them old. */
	async newAfterQuiet(quietMs = this.settleMs): Promise<Execution[]> {
		await sleep(quietMs);
		const fresh = await this.fresh(true);
		this.advance(fresh);
		return fresh;
	}

	/** How many new executions after a quiet period (expected: 0); makes them old. */
	async countNewAfterQuiet(quietMs = this.settleMs): Promise<number> {
		return (await this.newAfterQuiet(quietMs)).length;
	}

	private advance(executions: Execution[]): void {
		this.baseline = Math.max(
			this.baseline,
			...executions.map((execution) => executionNumber(execution)),
		);
	}

	private async page(includeData: boolean, limit: number, cursor?: string): Promise<Page> {
		const query = new URLSearchParams({
			workflowId: this.workflowId,
			limit: String(limit),
			includeData: String(includeData),
		});
		if (cursor) query.set('cursor', cursor);
		return await this.client.api<Page>('GET', `/executions?${query}`);
	}
}

/** Finished, failed or crashed: not queued or running any more. */
const stopped = (execution: Execution): boolean =>
	execution.stoppedAt !== null && execution.stoppedAt !== undefined;

function executionNumber(execution: Execution): number {
	const value = Number(execution.id);
	if (!Number.isSafeInteger(value))
		throw new Error(
			`n8n execution id ${execution.id} is not a number: the counter cannot order it`,
		);
	return value;
}

/** The `webhookId` of each item the Polar Trigger emitted in these executions, one entry per item. */
export function emittedWebhookIds(executions: Execution[]): string[] {
	return executions.flatMap((execution) =>
		nodeOutput(execution, POLAR_TRIGGER_NAME).map((item) => String(item.webhookId)),
	);
}

/** Values that occur more than once. */
export function duplicatesIn(values: readonly string[]): string[] {
	const seen = new Set<string>();
	const doubled = new Set<string>();
	for (const value of values) (seen.has(value) ? doubled : seen).add(value);
	return [...doubled];
}

/** The items the Polar Trigger emitted in an execution. */
export function triggerItems(execution: Execution): Array<Record<string, unknown>> {
	return nodeOutput(execution, POLAR_TRIGGER_NAME);
}

/** The executions whose trigger output carries `webhookId`. */
export function executionsFor(executions: Execution[], webhookId: string): Execution[] {
	return executions.filter((execution) =>
		triggerItems(execution).some((item) => item.webhookId === webhookId),
	);
}
