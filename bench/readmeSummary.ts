/**
 * The short version of a bench run, at the top of bench/README.md: per Node the micro part ran on and per body size,
 * the least favourable of the two secret schemes; and per n8n configuration the Polar/Webhook throughput ratio and the Polar Trigger's p99.
 * `npm run bench -- --update-readme` writes it between bench/README.md's `bench:summary` markers, so the
 * summary is always that of the run whose full tables follow it.
 */
import type { ConfigResult, E2eResult } from './e2e';
import type { MicroCell, MicroResult } from './micro';
import { formatBytes, formatMs, formatRatio, markdownTable } from './stats';

export function readmeSummary(
	micro: readonly MicroResult[],
	e2e: E2eResult,
	measuredOn: string,
): string {
	return [
		`Latest \`npm run bench\` (${measuredOn}):`,
		microSummary(micro),
		e2eSummary(e2e),
		"Reproduce: `npm run bench` (`--micro-only`, `--quick` shorten it). Every figure and the machine's description: " +
			'`bench/results/latest.json`; the full tables: [Latest results](#latest-results).',
	].join('\n\n');
}

function microSummary(runs: readonly MicroResult[]): string {
	const sizes = [...new Set(runs.flatMap((run) => run.cells.map((cell) => cell.bodyBytes)))];
	const rows = runs.flatMap((run) => {
		const node = `Node ${run.runtime.node.replace(/^v/, '').split('.')[0]}${run.runtime.role === 'n8n' ? " (n8n's)" : ''}`;
		const worst =
			(pick: (cell: MicroCell) => number, direction: 'max' | 'min') =>
			(bytes: number): number | undefined => {
				const values = run.cells.filter((cell) => cell.bodyBytes === bytes).map(pick);
				if (values.length === 0) return undefined;
				return direction === 'max' ? Math.max(...values) : Math.min(...values);
			};
		const row = (
			label: string,
			value: (bytes: number) => number | undefined,
			digits: number,
		): string[] => [
			`${node}: ${label}`,
			...sizes.map((bytes) => {
				const ratio = value(bytes);
				return ratio === undefined ? 'not run' : formatRatio(ratio, digits);
			}),
		];
		return [
			row(
				'verify a genuine delivery, vs one bare HMAC-SHA256',
				worst((cell) => cell.ratios.oursAcceptOverFloor.median, 'max'),
				2,
			),
			row(
				'refuse a forged one (both key schemes tried), vs one HMAC',
				worst((cell) => cell.ratios.oursRejectOverFloor.median, 'max'),
				2,
			),
			row(
				"`standardwebhooks` library's time, vs ours (genuine)",
				worst((cell) => cell.ratios.standardWebhooksOverOursAccept.median, 'min'),
				1,
			),
			row(
				"`standardwebhooks` library's time, vs one bare HMAC (the ceiling)",
				worst((cell) => cell.ratios.standardWebhooksOverFloor.median, 'min'),
				1,
			),
		];
	});
	return markdownTable(
		['measure (the less favourable secret scheme)', ...sizes.map(formatBytes)],
		rows,
		['l', ...sizes.map(() => 'r' as const)],
	);
}

function e2eSummary(e2e: E2eResult): string {
	const levels = e2e.settings.concurrency;
	const rows = e2e.configs.flatMap((config) => configRows(config, levels));
	return markdownTable(
		[
			`real n8n ${e2e.n8n.version}, ${e2e.settings.n} deliveries per level`,
			...levels.map((level) => `c=${level}`),
		],
		rows,
		['l', ...levels.map(() => 'r' as const)],
	);
}

function configRows(config: ConfigResult, levels: number[]): string[][] {
	const setting =
		config.name === 'default'
			? "n8n's defaults"
			: `\`${Object.entries(config.env)
					.map(([name, value]) => `${name}=${value}`)
					.join(' ')}\``;
	const at = (level: number) => config.levels.find((result) => result.concurrency === level);
	return [
		[
			`Polar Trigger / Webhook node throughput, ${setting}`,
			...levels.map((level) => {
				const result = at(level);
				return result ? formatRatio(result.answerThroughputRatio) : 'not run';
			}),
		],
		[
			`Polar Trigger / Webhook node v1 (same class) throughput, ${setting}`,
			...levels.map((level) => {
				const result = at(level);
				return result ? formatRatio(result.sameClassAnswerThroughputRatio) : 'not run';
			}),
		],
		[
			`Polar Trigger p99, ${setting}`,
			...levels.map((level) => {
				const result = at(level);
				return result ? formatMs(result.targets.polar.latencyMs.p99) : 'not run';
			}),
		],
	];
}
