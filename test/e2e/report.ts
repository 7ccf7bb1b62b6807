/** What the end-to-end suite checked, printed as it goes and summed up at the end. */

const started = Date.now();

interface StepRecord {
  name: string;
  checks: string[];
  ms: number;
  failed?: string;
}

const steps: StepRecord[] = [];
let current: StepRecord | undefined;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function note(message: string): void {
  print(`      · ${message}`);
}

/** Records one verified fact (call it after the assertion passed). */
export function checked(message: string): void {
  current?.checks.push(message);
  print(`    ✓ ${message}`);
}

/** Runs one numbered part of the suite, timing it and remembering a failure for the summary. */
export async function step(name: string, body: () => Promise<void>): Promise<void> {
  const record: StepRecord = { name, checks: [], ms: 0 };
  steps.push(record);
  current = record;
  print(`\n[e2e] ${name}`);
  const begin = Date.now();
  try {
    await body();
  } catch (error) {
    record.failed = error instanceof Error ? error.message.split('\n')[0] : String(error);
    print(`    ✗ ${record.failed}`);
    throw error;
  } finally {
    record.ms = Date.now() - begin;
    current = undefined;
  }
}

export function anyStepFailed(): boolean {
  return steps.some((record) => record.failed !== undefined);
}

export function summary(extra: string[] = []): string {
  const lines = ['', '[e2e] summary'];
  for (const record of steps) {
    const status = record.failed ? 'FAIL' : 'ok  ';
    lines.push(`  ${status} ${record.name}  (${(record.ms / 1000).toFixed(1)} s, ${record.checks.length} checks)`);
    if (record.failed) lines.push(`       ${record.failed}`);
  }
  const total = steps.reduce((sum, record) => sum + record.checks.length, 0);
  lines.push(...extra.map((line) => `  ${line}`));
  lines.push(`  ${total} checks, ${steps.filter((record) => record.failed).length} failed steps, ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  return lines.join('\n');
}

export function printSummary(extra: string[] = []): void {
  print(summary(extra));
}
