import type { E2eResult } from '../../bench/e2e';
import type { MicroCell, MicroResult } from '../../bench/micro';
import { readmeSummary } from '../../bench/readmeSummary';
import { spread } from '../../bench/stats';

function cell(
	bodyBytes: number,
	scheme: 'legacy' | 'standard',
	accept: number,
	reject: number,
	library: number,
	ceiling = library * 1.1,
): MicroCell {
	return {
		bodyBytes,
		secret: { scheme, shape: '', usesStandardSignature: scheme === 'standard', keysTried: 2 },
		ratios: {
			oursAcceptOverFloor: spread([accept]),
			oursRejectOverFloor: spread([reject]),
			standardWebhooksOverOursAccept: spread([library]),
			standardWebhooksOverOursReject: spread([library * 2]),
			standardWebhooksOverFloor: spread([ceiling]),
			webhookAcceptOverFloor: spread([7]),
		},
	} as unknown as MicroCell;
}

function level(concurrency: number, ratio: number, p99: number) {
	return { concurrency, answerThroughputRatio: ratio, targets: { polar: { latencyMs: { p99 } } } };
}

const onBenchNode = {
	runtime: { node: 'v20.20.2', role: 'bench' },
	cells: [
		cell(1024, 'legacy', 1.1, 2.2, 6.1),
		cell(1024, 'standard', 1.3, 2.0, 5.4),
		cell(65536, 'legacy', 1.0, 2.05, 12),
	],
} as unknown as MicroResult;
const onN8nNode = {
	runtime: { node: 'v24.22.3', role: 'n8n' },
	cells: [cell(1024, 'legacy', 1.12, 2.12, 4.4, 4.9), cell(1024, 'standard', 1.1, 2.18, 4.5, 5.0)],
} as unknown as MicroResult;

const e2e = {
	settings: { n: 100, concurrency: [1, 10] },
	n8n: { version: '2.41.1' },
	configs: [
		{ name: 'default', env: {}, levels: [level(1, 0.5, 144), level(10, 0.48, 1289)] },
		{
			name: 'lazy-isolates',
			env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
			levels: [level(1, 0.98, 55)],
		},
	],
} as unknown as E2eResult;

describe('readmeSummary', () => {
	const markdown = readmeSummary([onBenchNode, onN8nNode], e2e, 'today, here');

	it('reports, per Node and body size, the less favourable of the two secret schemes', () => {
		expect(markdown).toContain('| measure (the less favourable secret scheme) | 1 KB | 64 KB |');
		expect(markdown).toContain(
			'| Node 20: verify a genuine delivery, vs one bare HMAC-SHA256 | 1.30x | 1.00x |',
		);
		expect(markdown).toContain(
			'| Node 20: refuse a forged one (both key schemes tried), vs one HMAC | 2.20x | 2.05x |',
		);
		expect(markdown).toContain(
			"| Node 20: `standardwebhooks` library's time, vs ours (genuine) | 5.4x | 12.0x |",
		);
		expect(markdown).toContain(
			"| Node 24 (n8n's): `standardwebhooks` library's time, vs ours (genuine) | 4.4x | not run |",
		);
		expect(markdown).toContain(
			"| Node 24 (n8n's): `standardwebhooks` library's time, vs one bare HMAC (the ceiling) | 4.9x | not run |",
		);
	});

	it('reports every n8n configuration by its settings, and levels that were not run', () => {
		expect(markdown).toContain('| real n8n 2.41.1, 100 deliveries per level | c=1 | c=10 |');
		expect(markdown).toContain(
			"| Polar Trigger / Webhook node throughput, n8n's defaults | 0.50x | 0.48x |",
		);
		expect(markdown).toContain("| Polar Trigger p99, n8n's defaults | 144 ms | 1289 ms |");
		expect(markdown).toContain(
			'| Polar Trigger / Webhook node throughput, `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true` | 0.98x | not run |',
		);
	});

	it('says where it was measured and how to reproduce it', () => {
		expect(markdown.startsWith('Latest `npm run bench` (today, here):')).toBe(true);
		expect(markdown).toContain('bench/results/latest.json');
	});
});
