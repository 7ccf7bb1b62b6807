/**
 * Installs the packed tarball the way n8n's Community Nodes screen does: into
 * `<userFolder>/.n8n/nodes/node_modules/<package>`, scripts off, without n8n-workflow (a peer dependency
 * that n8n itself provides).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { type N8nInstallation, node24Env } from './ensure';
import { say } from './log';
import type { PackedPackage } from './pack';
import { run } from './run';

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
    writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
  }
  const packageDir = path.join(nodesDir, 'node_modules', packed.name);
  rmSync(packageDir, { recursive: true, force: true });

  say(`installing ${path.basename(packed.tarball)} into ${nodesDir}`);
  await run(
    'npm',
    [
      'install',
      packed.tarball,
      '--no-save',
      '--package-lock=false',
      '--ignore-scripts',
      '--legacy-peer-deps',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    { cwd: nodesDir, env: node24Env(installation), label: 'npm install' },
  );

  checkInstalled(packageDir, packed);
  if (existsSync(path.join(nodesDir, 'node_modules', 'n8n-workflow'))) {
    throw new Error(`n8n-workflow was installed into ${nodesDir}: the package must only peer-depend on it`);
  }
  say(`installed ${packed.name}@${packed.version} as a community package`);
  return packageDir;
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
  if (listed.length === 0) throw new Error(`${packed.name}/package.json has no n8n.nodes / n8n.credentials`);
  const missing = listed.filter((file) => !existsSync(path.join(packageDir, file)));
  if (missing.length > 0) throw new Error(`the packed package lacks files its n8n field names: ${missing.join(', ')}`);
}
