/**
 * Outside jest, Node resolves `nodes/PolarTrigger/PolarTrigger.node` (as tools/n8nTrigger.ts imports
 * it) to the codex file `PolarTrigger.node.json`, which Node's resolver tries before tsx's `.ts`. Jest
 * tries `.ts` first. This makes an extension-less request for a `*.node` module whose `.ts` source exists
 * resolve to that source, for the bench process only.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

type Resolve = (
	request: string,
	parent: { filename?: string | null } | undefined,
	...rest: unknown[]
) => string;

let installed = false;

export function preferTypeScriptSources(): void {
	if (installed) return;
	installed = true;
	const moduleWithResolver = Module as unknown as { _resolveFilename: Resolve };
	const original = moduleWithResolver._resolveFilename;
	moduleWithResolver._resolveFilename = function resolveFilename(request, parent, ...rest) {
		if (request.startsWith('.') && request.endsWith('.node') && parent?.filename) {
			const source = path.resolve(path.dirname(parent.filename), `${request}.ts`);
			if (existsSync(source)) return source;
		}
		return original.call(this, request, parent, ...rest);
	};
}
