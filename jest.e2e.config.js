/**
 * End-to-end suite: one real n8n (Node 24, installed by tools/ensure-n8n.sh) with the packed package,
 * and the Polar stand-in. Run with `npm run test:e2e` (in band: the steps share one n8n, in order).
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 5 * 60_000,
  maxWorkers: 1,
  verbose: true,
};
