/** Builds the package and packs it exactly as it would be published (`npm pack`, package.json `files`). */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

import { REPO_ROOT } from './ensure';
import { elapsed, say } from './log';
import { run } from './run';

export interface PackedPackage {
	tarball: string;
	name: string;
	version: string;
	files: string[];
}

/** `npm run build`, then `npm pack` into `destination`. The project's .npmrc turns scripts off, so build first. */
export async function buildAndPack(destination: string): Promise<PackedPackage> {
	const started = Date.now();
	say('building the package (npm run build)');
	await run('npm', ['run', 'build'], { cwd: REPO_ROOT, label: 'build', echo: 'stderr' });
	mkdirSync(destination, { recursive: true });
	say('packing it (npm pack)');
	const { stdout } = await run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{
			cwd: REPO_ROOT,
			echo: 'none',
		},
	);
	const [packed] = JSON.parse(stdout) as Array<{
		filename: string;
		name: string;
		version: string;
		files: Array<{ path: string }>;
	}>;
	if (!packed) throw new Error(`npm pack printed nothing usable:\n${stdout}`);
	const result: PackedPackage = {
		tarball: path.join(destination, packed.filename),
		name: packed.name,
		version: packed.version,
		files: packed.files.map((file) => file.path),
	};
	say(
		`packed ${result.name}@${result.version}: ${result.files.length} files in ${path.basename(result.tarball)} (${elapsed(started)})`,
	);
	return result;
}
