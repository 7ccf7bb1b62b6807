/**
 * End-to-end suite: one real n8n (2.41.1 on Node 24, or with N8N_VERSION=1.123.81 that on Node 22, installed by
 * tools/ensure-n8n.sh) with the packed package, and the Polar stand-in. Run with `npm run test:e2e` or
 * `npm run test:e2e:n8n1` (in band: one n8n per file, started in beforeAll; each test sets up its own credential
 * and workflow).
 */
module.exports = {
	preset: 'ts-jest',
	// Counts failed tests, for the suites' diagnostics in afterAll.
	testEnvironment: '<rootDir>/test/e2e/failureCountingEnvironment.js',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testTimeout: 5 * 60_000,
	maxWorkers: 1,
	verbose: true,
};
