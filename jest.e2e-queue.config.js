/**
 * Queue-mode end-to-end suite: PostgreSQL + Redis (installed from Debian when missing), n8n main + `n8n webhook`
 * + `n8n worker` (n8n and its Node from tools/ensure-n8n.sh) with the packed package, and the Polar stand-in.
 * Run with `npm run test:e2e:queue` (n8n 2.41.1) or `npm run test:e2e:queue:n8n1` (1.123.81). The file name (`*.e2e-queue.ts`, not `*.test.ts`) keeps it out of `npm test`.
 */
module.exports = {
	...require('./jest.e2e.config.js'),
	roots: ['<rootDir>/test/e2e-queue'],
	testMatch: ['**/*.e2e-queue.ts'],
	testTimeout: 6 * 60_000,
};
