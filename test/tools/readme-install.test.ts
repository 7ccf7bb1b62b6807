import { readFileSync } from 'node:fs';
import path from 'node:path';

import { README_INSTALL_ARGS, readmeInstallCommand } from '../../tools/n8n-local/install';

const root = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const { name } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	name: string;
};

describe("README's manual install is the command the end-to-end suite installs the package with", () => {
	it('README gives the same npm install command, for the published name', () => {
		expect(readme).toContain(`\`${readmeInstallCommand(name)}\``);
	});

	it("the command leaves out peer dependencies, as n8n's Community Nodes installer does", () => {
		expect(README_INSTALL_ARGS).toContain('--legacy-peer-deps');
	});
});
