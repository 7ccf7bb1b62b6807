/** Everything before n8n starts: Node 24 + n8n installed, the package built, packed and installed. */
import * as path from 'node:path';

import { type N8nInstallation, REPO_ROOT, ensureN8n } from './ensure';
import { installCommunityPackage } from './install';
import { type PackedPackage, buildAndPack } from './pack';

export interface Prepared {
	installation: N8nInstallation;
	packed: PackedPackage;
	packageDir: string;
}

/** Default place for tarballs (git-ignored). */
export const DEFAULT_PACK_DIR = path.join(REPO_ROOT, '.n8n-local', 'pack');

export async function prepareN8n(
	userFolder: string,
	packDir = DEFAULT_PACK_DIR,
): Promise<Prepared> {
	const installation = await ensureN8n();
	const packed = await buildAndPack(packDir);
	const packageDir = await installCommunityPackage(installation, packed, userFolder);
	return { installation, packed, packageDir };
}
