/**
 * What the Polar node's tests share: a stand-in with the action routes, the node in n8n-core's contexts
 * with a credential for it, and the requests the node made, as Polar received them.
 */
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

import type { OnError } from '../../../tools/n8nAction';
import { N8nAction } from '../../../tools/n8nAction';
import type { PolarStandInOptions, RecordedCall } from '../../../tools/polar-stand-in/server';
import {
	ACTION_TOKEN,
	DEFAULT_ORGANIZATION_ID,
	PolarStandIn,
	actionTokenInfo,
} from '../../../tools/polar-stand-in/server';

export { ACTION_TOKEN, DEFAULT_ORGANIZATION_ID };

/** An organization token with no scope at all: every call is refused with `insufficient_scope`. */
export const NO_SCOPE_TOKEN = 'polar_oat_no_scope_0123456789';
/** A personal token of the same organization with the must set's scopes. */
export const PERSONAL_TOKEN = 'polar_pat_actions_0123456789';

export async function startPolar(options: PolarStandInOptions = {}): Promise<PolarStandIn> {
	return await PolarStandIn.start({
		...options,
		tokens: {
			[ACTION_TOKEN]: actionTokenInfo(DEFAULT_ORGANIZATION_ID),
			[PERSONAL_TOKEN]: actionTokenInfo(DEFAULT_ORGANIZATION_ID, 'personal'),
			[NO_SCOPE_TOKEN]: actionTokenInfo(DEFAULT_ORGANIZATION_ID, 'organization', []),
			...options.tokens,
		},
	});
}

type Credentials = ConstructorParameters<typeof N8nAction>[0]['credentials'];

/**
 * The stand-in of one test file: started before its tests, closed after them and, unless `reseed` is
 * false, its action data seeded afresh before each test. What it returns forwards to the running stand-in
 * (which only exists from `beforeAll` on), so that tests read as `polar.actions...`.
 */
export function useStandIn(
	options: PolarStandInOptions = {},
	{ reseed = true }: { reseed?: boolean } = {},
): PolarStandIn {
	let current: PolarStandIn | undefined;
	beforeAll(async () => {
		current = await startPolar(options);
	});
	afterAll(async () => await current?.close());
	if (reseed) beforeEach(() => current?.actions.reset());
	return new Proxy({} as PolarStandIn, {
		get(_, property) {
			if (!current) throw new Error('The stand-in starts in beforeAll: use it inside a test');
			const value: unknown = Reflect.get(current, property);
			return typeof value === 'function' ? value.bind(current) : value;
		},
	});
}

export function credentials(polar: PolarStandIn, accessToken: string = ACTION_TOKEN): Credentials {
	return { accessToken, environment: 'custom', baseUrl: polar.url, organizationId: '' };
}

/** A resource locator value, as n8n stores one. */
export function locator(mode: string, value: string): INodeParameterResourceLocator {
	return { __rl: true, mode, value };
}

export interface NodeRun {
	outputs: INodeExecutionData[][];
	/** The main output's items. */
	items: INodeExecutionData[];
	calls: RecordedCall[];
}

/** Runs the node once over `input` and returns its outputs and the requests Polar received. */
export async function runNode(
	polar: PolarStandIn,
	/** The node's parameters, as n8n stores them (loosely typed here: tests build them from parts). */
	parameters: object,
	input: IDataObject[] = [{}],
	options: { onError?: OnError; accessToken?: string; credentials?: IDataObject } = {},
): Promise<NodeRun> {
	polar.resetCalls();
	const n8n = new N8nAction({
		credentials: (options.credentials ?? credentials(polar, options.accessToken)) as Credentials,
		parameters: parameters as INodeParameters,
		onError: options.onError,
	});
	const outputs = await n8n.execute(input);
	return { outputs, items: outputs[0], calls: [...polar.calls] };
}

/** The error the node stops with (On Error "Stop Workflow"), and the requests Polar received. */
export async function nodeError(
	polar: PolarStandIn,
	parameters: object,
	input: IDataObject[] = [{}],
	options: { accessToken?: string; credentials?: IDataObject } = {},
): Promise<{ error: NodeErrorShape; calls: RecordedCall[] }> {
	polar.resetCalls();
	const n8n = new N8nAction({
		credentials: (options.credentials ?? credentials(polar, options.accessToken)) as Credentials,
		parameters: parameters as INodeParameters,
	});
	const error = await n8n.execute(input).then(
		() => {
			throw new Error('The node did not fail');
		},
		(caught: unknown) => caught as NodeErrorShape,
	);
	return { error, calls: [...polar.calls] };
}

export interface NodeErrorShape extends Error {
	description?: string;
	httpCode?: string;
	context: { itemIndex?: number };
}

/** A request as the tests compare it: method, path as sent (encoded), query and body. */
export function request(call: RecordedCall): {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	body: unknown;
} {
	return { method: call.method, path: call.path, query: call.query, body: call.body };
}
