import { createHash } from 'node:crypto';

import {
	BUNDLED_OPENAPI,
	EVENT_TYPES_BEYOND_DOCUMENT,
	SPEC_API_VERSION,
	readOpenApiText,
	spec,
} from '../../tools/polar-stand-in/openapi';

/** SHA-256 of Polar's openapi-2026-10.json as Polar published it. */
const POLAR_OPENAPI_SHA256 = '8ac1830be58df3d24270430c2a3fc226eedede5c44ec1675b4a7d491d476ca44';

describe('the OpenAPI document the stand-in checks against', () => {
	it("is Polar's 2026-10 document, byte for byte", () => {
		const bundled = readOpenApiText(BUNDLED_OPENAPI);
		expect(createHash('sha256').update(bundled).digest('hex')).toBe(POLAR_OPENAPI_SHA256);
	});

	it('is the one the stand-in loads, unless POLAR_OPENAPI names another, extended only by the newer event types', () => {
		const document = JSON.parse(readOpenApiText(BUNDLED_OPENAPI)) as ReturnType<typeof spec>;
		const enumValues = document.components.schemas.WebhookEventType.enum as string[];
		expect(enumValues).not.toContain('subscription.migrated');
		enumValues.push(...EVENT_TYPES_BEYOND_DOCUMENT);
		if (!process.env.POLAR_OPENAPI) expect(spec()).toEqual(document);
		expect(spec().info.version).toContain(SPEC_API_VERSION);
		expect(Object.keys(spec().webhooks).length).toBeGreaterThanOrEqual(41);
	});
});
