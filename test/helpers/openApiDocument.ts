import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Polar's own OpenAPI document, shared beside the repository (override with POLAR_OPENAPI). */
export const OPENAPI_PATH =
	process.env.POLAR_OPENAPI ?? path.resolve(__dirname, '../../../shared/polar/openapi-2026-10.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let cached: Json | undefined;

export function loadOpenApi(): {
	components: { schemas: Record<string, Json> };
	webhooks: Record<string, Json>;
	paths: Record<string, Json>;
} {
	cached ??= JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
	return cached;
}
