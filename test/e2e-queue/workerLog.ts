/**
 * Which process ran the workflow's executions, from the worker's and webhook process's own log lines
 * ("Enqueued execution N", "Worker started/finished execution N"). The executions themselves are read
 * from the main process's public API with test/e2e's ExecutionCounter (they live in PostgreSQL).
 */
import { type Execution, pollUntil } from '../../tools/n8n-local';
import { triggerItems } from '../e2e/executions';
import type { LoggedProcess } from './loggedProcess';

/** The webhookId the trigger emitted (its single item), or undefined. */
export function emittedWebhookId(execution: Execution): string | undefined {
	const items = triggerItems(execution);
	const id = items.length === 1 ? items[0]?.webhookId : undefined;
	return typeof id === 'string' ? id : undefined;
}

/** Execution ids named by log lines matching `verb` ("Worker finished execution 12 (job 7)" -> "12"). */
function idsIn(process: LoggedProcess, pattern: RegExp): Set<string> {
	const ids = new Set<string>();
	for (const line of process.lines) {
		const match = pattern.exec(line);
		if (match?.[1]) ids.add(match[1]);
	}
	return ids;
}

export const finishedByWorker = (worker: LoggedProcess): Set<string> =>
	idsIn(worker, /Worker finished execution (\S+) \(job/);
export const startedByWorker = (worker: LoggedProcess): Set<string> =>
	idsIn(worker, /Worker started execution (\S+) \(job/);
export const enqueuedBy = (process: LoggedProcess): Set<string> =>
	idsIn(process, /Enqueued execution (\S+) \(job/);

/**
 * Waits until the worker's log names every one of `ids` as started and finished by it, and the webhook
 * process's log names every one as enqueued (the log lines can trail the database by a moment).
 */
export async function expectRunByWorker(
	ids: string[],
	worker: LoggedProcess,
	webhook: LoggedProcess,
	timeoutMs = 20_000,
): Promise<void> {
	let missing: string[] = [];
	await pollUntil(
		() => {
			const started = startedByWorker(worker);
			const finished = finishedByWorker(worker);
			const enqueued = enqueuedBy(webhook);
			missing = ids.filter((id) => !started.has(id) || !finished.has(id) || !enqueued.has(id));
			return missing.length === 0 ? true : undefined;
		},
		{
			what: () =>
				`worker/webhook log lines for executions ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` (+${missing.length - 10})` : ''}`,
			timeoutMs,
			intervalMs: 250,
		},
	);
}

/**
 * Executions whose completion the webhook process heard about ("Execution N (job N) finished", from the
 * worker) BEFORE its own "Enqueued execution N" line: the worker finished the job while the webhook
 * process was still returning from adding it. Bull then has no record of the job (n8n removes completed
 * jobs at once), so the webhook process's `job.finished()` never settles and the execution stays "active"
 * there until the process is stopped.
 */
export function finishedBeforeEnqueued(webhook: LoggedProcess): string[] {
	const finishedAt = new Map<string, number>();
	const early: string[] = [];
	webhook.lines.forEach((line, index) => {
		const finished = /Execution (\S+) \(job \S+\) finished/.exec(line);
		if (finished?.[1] && !finishedAt.has(finished[1])) finishedAt.set(finished[1], index);
		const enqueued = /Enqueued execution (\S+) \(job/.exec(line);
		if (enqueued?.[1] && (finishedAt.get(enqueued[1]) ?? Infinity) < index) early.push(enqueued[1]);
	});
	return early;
}
