/** Shared set-up of the action-route tests: one stand-in per file, checked and re-seeded after each test. */
import { validateSchema } from '../../tools/polar-stand-in/openapi';
import {
	ACTION_TOKEN,
	PolarStandIn,
	type PolarStandInOptions,
} from '../../tools/polar-stand-in/server';
import { type HttpAnswer, request } from './test-helpers';

export type Detail = Array<{
	type: string;
	loc: Array<string | number>;
	msg: string;
	input?: unknown;
	ctx?: Record<string, unknown>;
}>;

export interface ActionContext {
	polar: PolarStandIn;
	/** A request with ACTION_TOKEN unless `token` says otherwise. */
	call(method: string, path: string, options?: Parameters<typeof request>[3]): Promise<HttpAnswer>;
}

/**
 * Starts a stand-in before the tests of the enclosing `describe`, and after each test asserts that every
 * answer matched the document's response schema, then resets it (the action data is seeded again).
 */
export function useStandIn(options: PolarStandInOptions = {}): ActionContext {
	const context = {} as ActionContext;
	beforeAll(async () => {
		context.polar = await PolarStandIn.start(options);
		context.call = (method, path, callOptions = {}) =>
			request(context.polar.url, method, path, { token: ACTION_TOKEN, ...callOptions });
	});
	afterEach(() => {
		expect(context.polar.schemaViolations).toEqual([]);
		context.polar.reset();
	});
	afterAll(async () => {
		await context.polar.close();
	});
	return context;
}

/** The `detail` list of a 422, after checking it is Polar's RequestValidationError shape. */
export function validationDetail(answer: HttpAnswer): Detail {
	expect(answer.status).toBe(422);
	expect(answer.json).toMatchObject({ error: 'RequestValidationError' });
	expect(validateSchema('HTTPValidationError', answer.json)).toEqual([]);
	return (answer.json as { detail: Detail }).detail;
}

/** A fresh uuid4 nothing in the stand-in has. */
export const UNKNOWN_ID = '0f6c7a52-5d8e-4b1f-9c3a-7e2d4b6a8c10';
export const OTHER_ORG = '2f0c8f4e-6a57-4f0e-9d55-0c4a3c2b1a00';
