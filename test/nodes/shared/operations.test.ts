/**
 * The operations table (nodes/shared/operations.ts) against Polar's OpenAPI document: every call the nodes
 * make exists there with the same method, path, operationId and scopes, and the table covers the must set
 * of operations the Polar node offers. Path parameters are always encoded.
 */
import {
	InvalidPathValue,
	POLAR_OPERATIONS,
	operationPath,
} from '../../../nodes/shared/operations';
import { spec } from '../../../tools/polar-stand-in/openapi';
import { SERVED_OPERATIONS } from '../../../tools/polar-stand-in/routes';

interface SpecOperation {
	operationId?: string;
	security?: Array<Record<string, string[]>>;
	parameters?: Array<{ name: string; in: string }>;
}

function specOperation(method: string, path: string): SpecOperation | undefined {
	return spec().paths[path]?.[method.toLowerCase()] as SpecOperation | undefined;
}

const rows = Object.entries(POLAR_OPERATIONS);

describe('every row of the operations table is an operation of Polar’s OpenAPI document', () => {
	it.each(rows)('%s', (_, operation) => {
		const documented = specOperation(operation.method, operation.path);
		expect(documented).toBeDefined();
		expect(documented!.operationId).toBe(operation.operationId);
		// The organization-token scopes; Polar accepts any one of them.
		const oat = documented!.security?.find((entry) => 'oat' in entry)?.oat;
		expect([...operation.scopes].sort()).toEqual([...(oat ?? [])].sort());
		const pathParameters = (documented!.parameters ?? [])
			.filter((parameter) => parameter.in === 'path')
			.map((parameter) => parameter.name)
			.sort();
		const templated = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
		expect(templated).toEqual(pathParameters);
	});
});

describe('the table covers the Polar node’s must set (../shared/polar/actions.md)', () => {
	const mustSet: Record<string, string[]> = {
		customer: ['getState', 'get', 'getMany', 'create', 'update', 'createPortalSession'],
		subscription: ['get', 'getMany', 'cancel', 'uncancel', 'revoke'],
		order: ['get', 'getMany', 'getInvoice'],
		refund: ['create'],
		checkout: ['create', 'get'],
		checkoutLink: ['create'],
		product: ['get', 'getMany'],
		benefitGrant: ['getMany'],
		licenseKey: ['validate', 'activate', 'deactivate'],
		event: ['ingest'],
		customerMeter: ['getMany'],
	};
	const pairs = Object.entries(mustSet).flatMap(([resource, operations]) =>
		operations.map((operation) => `${resource}.${operation}`),
	);

	it('has the 26 operations', () => {
		expect(pairs).toHaveLength(26);
		const served = new Set(rows.map(([, row]) => `${row.resource}.${row.operation}`));
		expect(pairs.filter((pair) => !served.has(pair))).toEqual([]);
	});

	it('reads customers by ID and by external ID', () => {
		const paths = rows
			.filter(([, row]) => row.resource === 'customer' && row.operation === 'getState')
			.map(([, row]) => row.path);
		expect(paths.sort()).toEqual([
			'/v1/customers/external/{external_id}/state',
			'/v1/customers/{id}/state',
		]);
	});

	it('knows orders:write does not read orders, and customer meters only have :read', () => {
		expect(POLAR_OPERATIONS['order.get'].scopes).toEqual(['orders:read']);
		expect(POLAR_OPERATIONS['order.getInvoice.generate'].scopes).toEqual(['orders:read']);
		expect(POLAR_OPERATIONS['customerMeter.getMany'].scopes).toEqual(['customer_meters:read']);
		expect(POLAR_OPERATIONS['licenseKey.validate'].scopes).toEqual(['license_keys:write']);
	});

	it('gives every list a stable ascending sort Polar accepts for Return All', () => {
		for (const [key, row] of rows) {
			// e.g. subscriptions have no created_at sort: started_at keeps their Return All stable.
			const sorting = (row as { stableSorting?: string }).stableSorting;
			if (!sorting) continue;
			const documented = specOperation(row.method, row.path) as {
				parameters?: Array<{ name: string; schema?: unknown }>;
			};
			const parameter = documented.parameters?.find((candidate) => candidate.name === 'sorting');
			expect({ key, values: sortValues(parameter?.schema) }).toEqual({
				key,
				values: expect.arrayContaining([sorting]),
			});
		}
	});
});

/** The enum values a `sorting` parameter's schema allows (through $refs of the document). */
function sortValues(schema: unknown): string[] {
	const found: string[] = [];
	const visit = (node: unknown): void => {
		if (!node || typeof node !== 'object') return;
		const { $ref, enum: values } = node as { $ref?: string; enum?: string[] };
		if (values) found.push(...values);
		if ($ref) {
			const name = $ref.split('/').pop()!;
			visit(
				(spec() as unknown as { components: { schemas: Record<string, unknown> } }).components
					.schemas[name],
			);
		}
		for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
	};
	visit(schema);
	return found;
}

describe('operationPath encodes every path parameter', () => {
	const byExternalId = POLAR_OPERATIONS['customer.get.external'];

	it.each([
		['team/42?x=1', '/v1/customers/external/team%2F42%3Fx%3D1'],
		['a b#c', '/v1/customers/external/a%20b%23c'],
		['ünïcode', '/v1/customers/external/%C3%BCn%C3%AFcode'],
		['user.42', '/v1/customers/external/user.42'],
	])('%s stays one segment', (externalId, path) => {
		expect(operationPath(byExternalId, { external_id: externalId })).toBe(path);
	});

	it.each(['', '  ', '.', '..'])('refuses %j, which would request another path', (value) => {
		expect(() => operationPath(byExternalId, { external_id: value })).toThrow(InvalidPathValue);
	});

	it('refuses a missing parameter', () => {
		expect(() => operationPath(byExternalId, {})).toThrow('No value for {external_id}');
	});
});

describe('the Polar stand-in serves every call of the table', () => {
	it.each(rows)('%s', (_, operation) => {
		expect(SERVED_OPERATIONS).toContainEqual({
			method: operation.method,
			path: operation.path,
			operationId: operation.operationId,
		});
	});
});
