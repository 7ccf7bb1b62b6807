/**
 * Executions of the workflow, read from the main process's public API (they live in PostgreSQL, written
 * by the webhook process and the worker), and which process ran them, from the worker's and webhook
 * process's own log lines ("Enqueued execution N", "Worker started/finished execution N").
 */
import {
  type Execution,
  type N8nClient,
  POLAR_TRIGGER_NAME,
  listExecutions,
  nodeOutput,
  pollUntil,
  sleep,
} from '../../scripts/n8n-local';
import type { LoggedProcess } from './loggedProcess';

/** Quiet period after the awaited executions, long enough for an unwanted extra one to show up. */
const QUIET_MS = 2_000;

export class Executions {
  private readonly seen = new Set<string>();

  constructor(
    private readonly client: N8nClient,
    private readonly workflowId: string,
  ) {}

  /** Marks every execution so far as seen; returns how many there are. */
  async mark(): Promise<number> {
    const all = await listExecutions(this.client, this.workflowId);
    for (const execution of all) this.seen.add(execution.id);
    return all.length;
  }

  /** Exactly `count` new executions, all finished, none more after a quiet period; marks them seen. */
  async expectNew(count: number, timeoutMs = 60_000): Promise<Execution[]> {
    let last = 0;
    let unfinished = 0;
    await pollUntil(
      async () => {
        const fresh = await this.unseen(false);
        last = fresh.length;
        unfinished = fresh.filter((execution) => execution.stoppedAt === null).length;
        return fresh.length >= count && unfinished === 0 ? true : undefined;
      },
      { what: () => `${count} new finished execution(s) of workflow ${this.workflowId} (seen ${last}, ${unfinished} unfinished)`, timeoutMs, intervalMs: 400 },
    );
    await sleep(QUIET_MS);
    const fresh = await this.unseen(true);
    for (const execution of fresh) this.seen.add(execution.id);
    if (fresh.length !== count) throw new Error(`expected exactly ${count} new execution(s), found ${fresh.length}`);
    return fresh;
  }

  /** New executions after a quiet period (there should be none); marks them seen. */
  async newAfterQuiet(quietMs = QUIET_MS): Promise<Execution[]> {
    await sleep(quietMs);
    const fresh = await this.unseen(true);
    for (const execution of fresh) this.seen.add(execution.id);
    return fresh;
  }

  private async unseen(includeData: boolean): Promise<Execution[]> {
    const all = await listExecutions(this.client, this.workflowId, { includeData });
    return all.filter((execution) => !this.seen.has(execution.id));
  }
}

export function triggerOutput(execution: Execution): Array<Record<string, unknown>> {
  return nodeOutput(execution, POLAR_TRIGGER_NAME);
}

/** The webhookId the trigger emitted (its single item), or undefined. */
export function emittedWebhookId(execution: Execution): string | undefined {
  const items = triggerOutput(execution);
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

export const finishedByWorker = (worker: LoggedProcess): Set<string> => idsIn(worker, /Worker finished execution (\S+) \(job/);
export const startedByWorker = (worker: LoggedProcess): Set<string> => idsIn(worker, /Worker started execution (\S+) \(job/);
export const enqueuedBy = (process: LoggedProcess): Set<string> => idsIn(process, /Enqueued execution (\S+) \(job/);

/**
 * Waits until the worker's log names every one of `ids` as started and finished by it, and the webhook
 * process's log names every one as enqueued (the log lines can trail the database by a moment).
 */
export async function expectRunByWorker(ids: string[], worker: LoggedProcess, webhook: LoggedProcess, timeoutMs = 20_000): Promise<void> {
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
      what: () => `worker/webhook log lines for executions ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` (+${missing.length - 10})` : ''}`,
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
