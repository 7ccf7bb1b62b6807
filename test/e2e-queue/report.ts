/** What the queue-mode suite did and verified, printed as it goes and summed up at the end. */

const suiteStarted = Date.now();

interface Part {
  title: string;
  facts: string[];
  remarks: string[];
  ms: number;
  error?: string;
}

const parts: Part[] = [];
let open: Part | undefined;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A progress line (setup, teardown). */
export function say(message: string): void {
  for (const line of message.split('\n')) out(`[e2e-queue] ${line}`);
}

/** A side remark inside a part (not a check). */
export function remark(message: string): void {
  open?.remarks.push(message);
  out(`      - ${message}`);
}

/** A verified fact: call it right after the assertions it sums up. */
export function verified(message: string): void {
  open?.facts.push(message);
  out(`    ✓ ${message}`);
}

/** One numbered part of the suite: timed, and its failure kept for the summary. */
export async function part(title: string, body: () => Promise<void>): Promise<void> {
  const record: Part = { title, facts: [], remarks: [], ms: 0 };
  parts.push(record);
  open = record;
  out(`\n[e2e-queue] ${title}`);
  const begin = Date.now();
  try {
    await body();
  } catch (error) {
    record.error = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    out(`    ✗ ${record.error}`);
    throw error;
  } finally {
    record.ms = Date.now() - begin;
    open = undefined;
  }
}

export function failed(): boolean {
  return parts.some((record) => record.error !== undefined);
}

export function secondsSinceStart(): string {
  return `${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`;
}

/** The summary block: every part with its checks, then `extra` lines (setup, cleanup). */
export function printSummary(header: string[], extra: string[]): void {
  const lines = ['', '[e2e-queue] summary', ...header.map((line) => `  ${line}`)];
  for (const record of parts) {
    lines.push(`  ${record.error ? 'FAIL' : 'ok  '} ${record.title}  (${(record.ms / 1000).toFixed(1)} s)`);
    for (const fact of record.facts) lines.push(`         ✓ ${fact}`);
    for (const note of record.remarks) lines.push(`           - ${note.length > 300 ? `${note.slice(0, 297)}...` : note}`);
    if (record.error) lines.push(`         ✗ ${record.error}`);
  }
  lines.push(...extra.map((line) => `  ${line}`));
  const checks = parts.reduce((sum, record) => sum + record.facts.length, 0);
  lines.push(`  ${checks} checks in ${parts.length} parts, ${parts.filter((record) => record.error).length} failed; ${secondsSinceStart()} in all`);
  out(lines.join('\n'));
}
