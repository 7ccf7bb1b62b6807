import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { markTransient, redactSecrets } from './errors';

export const POLAR_CREDENTIAL = 'polarBillingApi';

export const POLAR_BASE_URLS = {
	production: 'https://api.polar.sh',
	sandbox: 'https://sandbox-api.polar.sh',
} as const;

const REQUEST_TIMEOUT_MS = 30_000;
/** Polar's 429 carries `retry-after`; waiting longer than this inside a publish is worse than failing. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 10;
const MAX_RATE_LIMIT_RETRIES = 2;

export interface PolarRequestOptions {
	body?: IDataObject;
	qs?: IDataObject;
	timeoutMs?: number;
}

export interface PolarResponse {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
}

export function polarBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = credentials.environment ?? 'production';
	if (environment === 'sandbox') return POLAR_BASE_URLS.sandbox;
	if (environment === 'custom') return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	return POLAR_BASE_URLS.production;
}

/** The Polar API the node's credential points at now. */
export async function credentialApiUrl(context: Pick<IHookFunctions, 'getCredentials'>): Promise<string> {
	return polarBaseUrl(await context.getCredentials(POLAR_CREDENTIAL));
}

/**
 * One call to Polar's REST API with the node's credential. Every HTTP status comes back as a response
 * (callers decide what 404 means); only a failure to get an answer at all throws. A 429 is retried
 * after Polar's `retry-after`, a bounded number of times.
 */
export async function polarRequest(
	context: IHookFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: PolarRequestOptions = {},
): Promise<PolarResponse> {
	const baseUrl = await credentialApiUrl(context);
	for (let attempt = 0; ; attempt++) {
		const response = await sendOnce(context, baseUrl, method, path, options);
		const waitSeconds = retryAfterSeconds(response);
		if (response.statusCode !== 429 || attempt >= MAX_RATE_LIMIT_RETRIES || waitSeconds === undefined) {
			return response;
		}
		await sleep(waitSeconds * 1000);
	}
}

async function sendOnce(
	context: IHookFunctions,
	baseUrl: string,
	method: IHttpRequestMethods,
	path: string,
	options: PolarRequestOptions,
): Promise<PolarResponse> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(context, POLAR_CREDENTIAL, {
			method,
			url: `${baseUrl}${path}`,
			body: options.body,
			qs: options.qs,
			json: true,
			timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		// The request error carries the request config, Authorization header included: keep only its code.
		const { code: ownCode, cause } = error as { code?: unknown; cause?: { code?: unknown } };
		const code = ownCode ?? cause?.code;
		// The error code goes into the description: n8n rewrites messages that contain codes like ECONNREFUSED.
		throw markTransient(
			new NodeOperationError(context.getNode(), `Could not reach Polar at ${baseUrl}`, {
				description: redactSecrets(
					`${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message ?? ''}. Check the Environment (and Base URL) in the Polar API credential, and that this n8n can reach that address.`,
				),
			}),
		);
	}
	return { statusCode: response.statusCode, body: response.body, headers: response.headers ?? {} };
}

function retryAfterSeconds(response: PolarResponse): number | undefined {
	const header = response.headers['retry-after'];
	const seconds = Number(Array.isArray(header) ? header[0] : header);
	if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_RATE_LIMIT_WAIT_SECONDS) return undefined;
	return seconds;
}
