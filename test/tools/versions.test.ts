/**
 * tools/n8n-local/versions.ts: which n8n and Node N8N_VERSION selects, what n8n is told per major version,
 * and that the npm scripts and CI run the versions it pins.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { n8nEnv } from '../../tools/n8n-local/env';
import {
	DEFAULT_N8N_VERSION,
	TESTED_N8N,
	flavourOf,
	nodeVersionFor,
	selectedN8nVersion,
} from '../../tools/n8n-local/versions';

const root = path.resolve(__dirname, '../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

describe('N8N_VERSION selects the n8n, and the Node it runs on', () => {
	it('unset or empty: n8n 2.41.1 on Node 24', () => {
		expect(selectedN8nVersion({})).toBe(DEFAULT_N8N_VERSION);
		expect(selectedN8nVersion({ N8N_VERSION: '' })).toBe('2.41.1');
		expect(nodeVersionFor('2.41.1')).toMatch(/^24\./);
	});

	it("1.123.81: on Node 22, the Node of n8n 1.123's Docker image", () => {
		expect(selectedN8nVersion({ N8N_VERSION: '1.123.81' })).toBe('1.123.81');
		expect(nodeVersionFor('1.123.81')).toMatch(/^22\./);
	});

	it('anything but a 1.x or 2.x version is refused, naming the tested ones', () => {
		for (const wrong of ['latest', '3.0.0', '0.236.0', '1.123']) {
			expect(() => selectedN8nVersion({ N8N_VERSION: wrong })).toThrow(
				/knows n8n 1\.x and 2\.x \(tested: 1\.123\.81, 2\.41\.1\)/,
			);
		}
	});
});

describe('what n8n is told differs by major version', () => {
	const env = (n8nVersion: string) =>
		n8nEnv(
			{
				n8nVersion,
				nodeHome: '/cache/node',
				userFolder: '/data',
				port: 5678,
				brokerPort: 5679,
				webhookUrl: 'https://hooks.example.com/',
				encryptionKey: 'key',
				ownerEmail: 'owner@example.com',
				ownerPasswordHash: 'hash',
			},
			{ PATH: '/usr/bin', WEBHOOK_URL: 'https://inherited.example.com/' },
		);

	it('2.x reads its public webhook URL from N8N_WEBHOOK_URL', () => {
		expect(env('2.41.1')).toMatchObject({ N8N_WEBHOOK_URL: 'https://hooks.example.com/' });
		expect(env('2.41.1')).not.toHaveProperty('WEBHOOK_URL');
	});

	it('1.x from WEBHOOK_URL, the only name it knows', () => {
		expect(env('1.123.81')).toMatchObject({ WEBHOOK_URL: 'https://hooks.example.com/' });
		expect(env('1.123.81')).not.toHaveProperty('N8N_WEBHOOK_URL');
	});

	it('2.x publishes, 1.x activates', () => {
		expect([flavourOf('2.41.1').publishWord, flavourOf('1.123.81').publishWord]).toEqual([
			'publish',
			'activate',
		]);
	});

	it("1.x's public API gets the credential field its schema demands, 2.x the credential as it is", () => {
		const data = { accessToken: 'polar_oat_x', environment: 'sandbox' };
		expect(flavourOf('2.41.1').credentialData(data)).toEqual(data);
		expect(flavourOf('1.123.81').credentialData(data)).toEqual({
			...data,
			allowedHttpRequestDomains: 'all',
		});
	});
});

describe('the npm scripts and CI run the pinned versions', () => {
	it('test:e2e and test:e2e:queue run the default n8n; the :n8n1 scripts the same suites on the pinned 1.x', () => {
		expect(scripts['test:e2e']).not.toContain('N8N_VERSION');
		expect(scripts['test:e2e:queue']).not.toContain('N8N_VERSION');
		expect(scripts['test:e2e:n8n1']).toBe(
			`N8N_VERSION=${TESTED_N8N[1].n8n} ${scripts['test:e2e'] ?? ''}`,
		);
		expect(scripts['test:e2e:queue:n8n1']).toBe(
			`N8N_VERSION=${TESTED_N8N[1].n8n} ${scripts['test:e2e:queue'] ?? ''}`,
		);
	});

	it('.ci/run runs every end-to-end script', () => {
		const ci = read('.ci/run');
		for (const script of ['test:e2e', 'test:e2e:queue', 'test:e2e:n8n1', 'test:e2e:queue:n8n1'])
			expect(ci).toMatch(new RegExp(`^npm run ${script}$`, 'm'));
	});

	it("CI's cache of n8n installs is keyed by every pinned n8n and Node version", () => {
		const key = /key: (.+)/.exec(read('.github/workflows/ci.yml'))?.[1] ?? '';
		for (const { n8n, node } of Object.values(TESTED_N8N))
			expect(key).toContain(`n8n-${n8n}-node-${node}`);
	});
});
