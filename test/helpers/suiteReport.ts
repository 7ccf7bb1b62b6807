/**
 * What an end-to-end suite checked, printed as it goes and summed up at the end. Each suite makes its own
 * report (`createSuiteReport('e2e')`), so the lines of two suites never mix.
 */

interface StepRecord {
	name: string;
	checks: string[];
	notes: string[];
	ms: number;
	failed?: string;
}

export interface SuiteReport {
	/** A progress line outside the steps (setup, teardown). */
	say(message: string): void;
	/** A side remark inside a step (not a check). */
	note(message: string): void;
	/** One verified fact: call it right after the assertions it sums up. */
	checked(message: string): void;
	/** One numbered part of the suite: timed, and its failure kept for the summary. */
	step(name: string, body: () => Promise<void>): Promise<void>;
	anyStepFailed(): boolean;
	/** The summary block: `header` lines, every step (with its checks and notes when `detailed`), then `extra` lines. */
	printSummary(lines?: { header?: string[]; extra?: string[] }): void;
}

const MAX_NOTE_LENGTH = 300;

export function createSuiteReport(label: string, options: { detailed?: boolean } = {}): SuiteReport {
	const started = Date.now();
	const steps: StepRecord[] = [];
	let current: StepRecord | undefined;
	const print = (line: string): void => {
		process.stdout.write(`${line}\n`);
	};

	return {
		say(message) {
			for (const line of message.split('\n')) print(`[${label}] ${line}`);
		},
		note(message) {
			current?.notes.push(message);
			print(`      · ${message}`);
		},
		checked(message) {
			current?.checks.push(message);
			print(`    ✓ ${message}`);
		},
		async step(name, body) {
			const record: StepRecord = { name, checks: [], notes: [], ms: 0 };
			steps.push(record);
			current = record;
			print(`\n[${label}] ${name}`);
			const begin = Date.now();
			try {
				await body();
			} catch (error) {
				record.failed = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
				print(`    ✗ ${record.failed}`);
				throw error;
			} finally {
				record.ms = Date.now() - begin;
				current = undefined;
			}
		},
		anyStepFailed() {
			return steps.some((record) => record.failed !== undefined);
		},
		printSummary({ header = [], extra = [] } = {}) {
			const lines = ['', `[${label}] summary`, ...header.map((line) => `  ${line}`)];
			for (const record of steps) {
				const status = record.failed ? 'FAIL' : 'ok  ';
				lines.push(`  ${status} ${record.name}  (${(record.ms / 1000).toFixed(1)} s, ${record.checks.length} checks)`);
				if (options.detailed) {
					for (const check of record.checks) lines.push(`         ✓ ${check}`);
					for (const note of record.notes) {
						lines.push(`           · ${note.length > MAX_NOTE_LENGTH ? `${note.slice(0, MAX_NOTE_LENGTH - 3)}...` : note}`);
					}
				}
				if (record.failed) lines.push(`         ✗ ${record.failed}`);
			}
			lines.push(...extra.map((line) => `  ${line}`));
			const checks = steps.reduce((sum, record) => sum + record.checks.length, 0);
			const failures = steps.filter((record) => record.failed).length;
			lines.push(`  ${checks} checks in ${steps.length} steps, ${failures} failed; ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
			print(lines.join('\n'));
		},
	};
}
