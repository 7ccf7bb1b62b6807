/** Small statistics for the bench: order statistics of samples, and formatting. */

/** The q-quantile (0..1) of `values` by linear interpolation between the closest ranks. */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
	const lower = Math.floor(position);
	const upper = Math.ceil(position);
	const low = sorted[lower] as number;
	const high = sorted[upper] as number;
	return low + (high - low) * (position - lower);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median with the interquartile range: what the tables print as "median (p25–p75)". */
export interface Spread {
	median: number;
	p25: number;
	p75: number;
	min: number;
	max: number;
	/** (p75 - p25) / median: how noisy the rounds were. */
	relativeIqr: number;
	samples: number;
}

export function spread(values: readonly number[]): Spread {
	const mid = median(values);
	const p25 = quantile(values, 0.25);
	const p75 = quantile(values, 0.75);
	return {
		median: mid,
		p25,
		p75,
		min: Math.min(...values),
		max: Math.max(...values),
		relativeIqr: mid === 0 ? 0 : (p75 - p25) / mid,
		samples: values.length,
	};
}

/** Latency percentiles of one set of requests (milliseconds). */
export interface LatencySummary {
	count: number;
	mean: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

export function latencySummary(values: readonly number[]): LatencySummary {
	const sum = values.reduce((total, value) => total + value, 0);
	return {
		count: values.length,
		mean: values.length ? sum / values.length : Number.NaN,
		p50: quantile(values, 0.5),
		p95: quantile(values, 0.95),
		p99: quantile(values, 0.99),
		max: values.length ? Math.max(...values) : Number.NaN,
	};
}

/** Nanoseconds as a short human figure: 850 ns, 12.3 µs, 4.56 ms. */
export function formatNs(ns: number): string {
	if (!Number.isFinite(ns)) return 'n/a';
	if (ns < 1_000) return `${ns.toFixed(0)} ns`;
	if (ns < 1_000_000) return `${(ns / 1_000).toFixed(ns < 10_000 ? 2 : 1)} µs`;
	if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(ns < 10_000_000 ? 2 : 1)} ms`;
	return `${(ns / 1_000_000_000).toFixed(2)} s`;
}

export function formatMs(ms: number): string {
	if (!Number.isFinite(ms)) return 'n/a';
	return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(0)} ms`;
}

export function formatRatio(ratio: number, digits = 2): string {
	return Number.isFinite(ratio) ? `${ratio.toFixed(digits)}x` : 'n/a';
}

/** A ratio's spread as "2.04x (1.98–2.11)". */
export function formatRatioSpread(value: Spread, digits = 2): string {
	return `${formatRatio(value.median, digits)} (${value.p25.toFixed(digits)}–${value.p75.toFixed(digits)})`;
}

/** A markdown table from a header and rows (every cell already a string). */
export function markdownTable(
	header: string[],
	rows: string[][],
	align?: Array<'l' | 'r'>,
): string {
	const rule = header.map((_, index) => ((align?.[index] ?? 'l') === 'r' ? '---:' : '---'));
	return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024)
		return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KB`;
	return `${bytes} B`;
}
