/** Counting the executions a workflow gets, through n8n's public API, with bounded polling. */
import {
  type Execution,
  type N8nClient,
  POLAR_TRIGGER_NAME,
  listExecutions,
  nodeOutput,
  pollUntil,
  sleep,
} from '../../tools/n8n-local';

/** Quiet time after the awaited executions, so that an extra (unwanted) one would show up too. */
const SETTLE_MS = 1_000;

export class ExecutionTracker {
  private readonly known = new Set<string>();

  constructor(
    private readonly client: N8nClient,
    private readonly workflowId: string,
    /** How long to wait after the awaited executions for an unwanted extra one. */
    private readonly quietMs = SETTLE_MS,
  ) {}

  /** Marks every execution so far as seen. */
  async snapshot(): Promise<number> {
    const all = await listExecutions(this.client, this.workflowId);
    for (const execution of all) this.known.add(execution.id);
    return all.length;
  }

  /** Waits for exactly `count` new finished executions (none more after a quiet period) and returns them. */
  async waitForNew(count: number, timeoutMs = 30_000): Promise<Execution[]> {
    let seen = 0;
    let unfinished = 0;
    await pollUntil(
      async () => {
        const fresh = await this.fresh(false);
        seen = fresh.length;
        unfinished = fresh.filter((execution) => execution.stoppedAt === null).length;
        return fresh.length >= count && unfinished === 0 ? true : undefined;
      },
      {
        what: () => `${count} new execution(s) of workflow ${this.workflowId} (seen ${seen}, ${unfinished} unfinished)`,
        timeoutMs,
        intervalMs: 300,
      },
    );
    await sleep(this.quietMs);
    const fresh = await this.fresh(true);
    for (const execution of fresh) this.known.add(execution.id);
    if (fresh.length !== count) {
      throw new Error(`expected exactly ${count} new execution(s) of workflow ${this.workflowId}, got ${fresh.length}`);
    }
    return fresh;
  }

  /** The executions that appeared since the last snapshot/wait, after a quiet period; marks them seen. */
  async newAfterQuiet(quietMs = this.quietMs): Promise<Execution[]> {
    await sleep(quietMs);
    const fresh = await this.fresh(true);
    for (const execution of fresh) this.known.add(execution.id);
    return fresh;
  }

  /** How many executions appeared since the last snapshot/wait (after a quiet period); marks them seen. */
  async countNewAfterQuiet(quietMs = this.quietMs): Promise<number> {
    return (await this.newAfterQuiet(quietMs)).length;
  }

  private async fresh(includeData: boolean): Promise<Execution[]> {
    const all = await listExecutions(this.client, this.workflowId, { includeData });
    return all.filter((execution) => !this.known.has(execution.id));
  }
}

/** The items the Polar Trigger emitted in an execution. */
export function triggerItems(execution: Execution): Array<Record<string, unknown>> {
  return nodeOutput(execution, POLAR_TRIGGER_NAME);
}

/** The executions whose trigger output carries `webhookId`. */
export function executionsFor(executions: Execution[], webhookId: string): Execution[] {
  return executions.filter((execution) => triggerItems(execution).some((item) => item.webhookId === webhookId));
}
