/**
 * Installs the packed tarball with README's manual install command, into
 * `<userFolder>/.n8n/nodes/node_modules/<package>`, where n8n's Community Nodes screen puts it too.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { type N8nInstallation, n8nNodeEnv } from './ensure';
import { say } from './log';
import type { PackedPackage } from './pack';
import { run } from './run';

/**
 * README's manual install ("in ~/.n8n/nodes run npm install --legacy-peer-deps <package>"), word for word: a
 * test checks that README gives exactly this command. n8n's own Community Nodes installer, in every version the
 * suites run (2.41 and 1.123; from 1.94 on, read in their community-packages.service.js), packs the package,
 * removes its dev, peer and optional dependencies and runs `npm install --ignore-scripts` in its folder;
 * --legacy-peer-deps leaves the peers out the same way, so npm installs this package alone instead of
 * n8n-workflow and its tree (isolated-vm among it), which the running n8n provides. (n8n 1.85 to 1.88 ran a
 * plain `npm install <package>`; package.json marks the peer optional so that it, too, installs the package
 * alone: test/nodes/PolarTrigger/floor.test.ts.)
 */
export const README_INSTALL_ARGS = ['install', '--legacy-peer-deps'] as const;

/** README's command for a package spec: the name from the registry, or a packed tarball. */
export function readmeInstallCommand(spec: string): string {
	return ['npm', ...README_INSTALL_ARGS, spec].join(' ');
}

/** The environment for that command: as typed in a terminal on n8n's Node (n8nNodeEnv), with quieter output. */
function userInstallEnv(installation: N8nInstallation): NodeJS.ProcessEnv {
	return {
		...n8nNodeEnv(installation),
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_loglevel: 'error',
	};
}

/** n8n's folder for community packages inside a user folder. */
export function communityNodesDir(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

export async function installCommunityPackage(
	installation: N8nInstallation,
	packed: PackedPackage,
	userFolder: string,
): Promise<string> {
	const nodesDir = communityNodesDir(userFolder);
	mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!existsSync(manifest)) {
		writeFileSync(
			manifest,
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
		);
	}
	const packageDir = path.join(nodesDir, 'node_modules', packed.name);
	rmSync(packageDir, { recursive: true, force: true });

	const before = installedPackages(nodesDir);
	say(`installing in ${nodesDir}: ${readmeInstallCommand(path.basename(packed.tarball))}`);
	await run('npm', [...README_INSTALL_ARGS, packed.tarball], {
		cwd: nodesDir,
		env: userInstallEnv(installation),
		label: 'npm install',
	});

	checkInstalled(packageDir, packed);
	const added = installedPackages(nodesDir).filter(
		(name) => name !== packed.name && !before.includes(name),
	);
	if (added.length > 0) {
		throw new Error(
			`README's install command also installed ${added.join(', ')} into ${nodesDir}: it must install ${packed.name} alone`,
		);
	}
	say(`installed ${packed.name}@${packed.version} as a community package`);
	return packageDir;
}

/** The packages in a node_modules folder (scoped ones as @scope/name). */
function installedPackages(nodesDir: string): string[] {
	const modules = path.join(nodesDir, 'node_modules');
	if (!existsSync(modules)) return [];
	return readdirSync(modules)
		.filter((name) => !name.startsWith('.'))
		.flatMap((name) =>
			name.startsWith('@')
				? readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`)
				: [name],
		);
}

/** The installed copy is the packed version and carries every file its `n8n` field names. */
function checkInstalled(packageDir: string, packed: PackedPackage): void {
	const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
		version?: string;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	if (manifest.version !== packed.version) {
		throw new Error(`installed ${packed.name} is ${manifest.version}, packed ${packed.version}`);
	}
	const listed = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (listed.length === 0)
		throw new Error(`${packed.name}/package.json has no n8n.nodes / n8n.credentials`);
	const missing = listed.filter((file) => !existsSync(path.join(packageDir, file)));
	if (missing.length > 0)
		throw new Error(`the packed package lacks files its n8n field names: ${missing.join(', ')}`);
}
