/** Unit tests: fast, no network beyond loopback servers the tests start themselves. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/e2e-queue/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	// A limit for hung tests, not a speed check (speed is measured by npm run bench): jest's default 5 s fails
	// the stand-in round trips on a busy 2-core machine (31 real HTTP deliveries through n8n-core's contexts).
	testTimeout: 60_000,
};
