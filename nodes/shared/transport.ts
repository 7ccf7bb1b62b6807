import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { PolarAnswer } from './errors';
import { markTransient, redactSecrets } from './errors';

export const POLAR_CREDENTIAL = 'polarBillingApi';

export const POLAR_BASE_URLS = {
	production: 'https://api.polar.sh',
	sandbox: 'https://sandbox-api.polar.sh',
} as const;

/**
 * What ends a custom Base URL as people type it and is not part of the address: trailing slashes, and a
 * trailing `/v1` (the node adds `/v1/…` itself; kept, it would request `/v1/v1/…`). The credential's
 * declarative test uses this same pattern.
 */
export const CUSTOM_BASE_URL_TAIL = /(?:\/+v1)?\/*$/i;

/** The whole request, answer included: a server that trickles bytes cannot hold the node longer. */
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * The most of an answer the node reads. A page of 100 endpoints subscribed to every event is about 200 KB;
 * anything far larger is not Polar's API, and reading it whole would only cost n8n memory.
 */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
/**
 * How long one request may spend waiting out Polar's 429s (`retry-after`), in total. A publish should not
 * hang on a rate limit (the trigger fails readably and the user publishes again); an action in a running
 * workflow is better waiting up to about a minute (Polar's limits are per minute) than failing the run.
 */
export const RATE_LIMIT_WAIT_SECONDS = { trigger: 10, action: 60 } as const;
/** Also a bound on the number of 429s, for a server that keeps asking to wait 0 seconds. */
const MAX_RATE_LIMIT_RETRIES = 5;
/** 502, 503 and 504 say a proxy or Polar itself could not answer this once; other errors are answers. */
const RETRIED_GATEWAY_STATUSES = [502, 503, 504];
/** Seconds before each retry of an idempotent GET after a 502/503/504. */
const GATEWAY_RETRY_DELAYS_SECONDS = [1, 3];

/** Query values; an array repeats its parameter (`sorting=a&sorting=b`), as Polar reads lists. */
export type PolarQuery = Record<
	string,
	string | number | boolean | undefined | Array<string | number>
>;

export interface PolarRequestOptions {
	body?: IDataObject | IDataObject[];
	query?: PolarQuery;
	timeoutMs?: number;
}

/** Where the node runs a request: a trigger's lifecycle hook, an action's execution, a list search. */
export type PolarContext = IHookFunctions | IExecuteFunctions | ILoadOptionsFunctions;

/** The Polar API a credential points at: Production, Sandbox, or a custom Base URL without its tail. */
export function polarBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = credentials.environment ?? 'production';
	if (environment === 'sandbox') return POLAR_BASE_URLS.sandbox;
	if (environment === 'custom')
		return String(credentials.baseUrl ?? '')
			.trim()
			.replace(CUSTOM_BASE_URL_TAIL, '');
	return POLAR_BASE_URLS.production;
}

/**
 * The node's credential, read and decrypted once per lifecycle call and passed to every request it makes.
 * `credential` goes back to n8n with each request, so that n8n applies the credential's own authentication
 * (the Bearer token) without decrypting it again.
 */
export interface PolarConnection {
	/** The Polar API, without `/v1`. */
	baseUrl: string;
	/** The credential's Organization ID, if filled in; nodes/shared/organization.ts decides when to send it. */
	organizationId: string | undefined;
	/** What kind of token the credential holds, read from its prefix. */
	tokenKind: TokenKind;
	credential: ICredentialsDecrypted;
	/** Budget for waiting out 429s per request: RATE_LIMIT_WAIT_SECONDS of the node making the requests. */
	rateLimitWaitSeconds: number;
}

/**
 * `organization` (polar_oat_…) belongs to one organization; `personal` (polar_pat_…) may reach several and
 * says which in each request. Anything else (a self-hosted Polar's own prefix) is left to Polar to judge.
 */
export type TokenKind = 'organization' | 'personal' | 'unknown';

export function tokenKind(accessToken: unknown): TokenKind {
	const token = typeof accessToken === 'string' ? accessToken.trim() : '';
	if (token.startsWith('polar_oat_')) return 'organization';
	if (token.startsWith('polar_pat_')) return 'personal';
	return 'unknown';
}

export async function polarConnection(
	context: Pick<IHookFunctions, 'getCredentials' | 'getNode'>,
	rateLimitWaitSeconds: number = RATE_LIMIT_WAIT_SECONDS.trigger,
): Promise<PolarConnection> {
	const data = await context.getCredentials(POLAR_CREDENTIAL);
	const organizationId = typeof data.organizationId === 'string' ? data.organizationId.trim() : '';
	const details = context.getNode().credentials?.[POLAR_CREDENTIAL];
	return {
		baseUrl: polarBaseUrl(data),
		organizationId: organizationId || undefined,
		tokenKind: tokenKind(data.accessToken),
		credential: { id: details?.id ?? '', name: details?.name ?? '', type: POLAR_CREDENTIAL, data },
		rateLimitWaitSeconds,
	};
}

/**
 * One call to Polar's REST API over `connection`; `path` comes from nodes/shared/api.ts, ids already encoded.
 * Every HTTP status comes back as a response (callers decide what 404 means); only a failure to get an
 * answer at all throws. A 429 is retried after Polar's `retry-after` while the connection's wait budget
 * lasts. A GET (and only a GET: Polar has no idempotency keys, so a repeated create could create twice) is
 * retried after a 502, 503 or 504, a bounded number of times.
 */
export async function polarRequest(
	context: PolarContext,
	connection: PolarConnection,
	method: IHttpRequestMethods,
	path: string,
	options: PolarRequestOptions = {},
): Promise<PolarAnswer> {
	let waitedSeconds = 0;
	let rateLimitRetries = 0;
	let gatewayRetries = 0;
	for (;;) {
		const response = await sendOnce(context, connection, method, path, options);
		const waitSeconds = retryAfterSeconds(response);
		if (
			response.statusCode === 429 &&
			waitSeconds !== undefined &&
			rateLimitRetries++ < MAX_RATE_LIMIT_RETRIES &&
			waitedSeconds + waitSeconds <= connection.rateLimitWaitSeconds
		) {
			waitedSeconds += waitSeconds;
			await sleep(waitSeconds * 1000);
			continue;
		}
		if (
			method === 'GET' &&
			RETRIED_GATEWAY_STATUSES.includes(response.statusCode) &&
			gatewayRetries < GATEWAY_RETRY_DELAYS_SECONDS.length
		) {
			await sleep(GATEWAY_RETRY_DELAYS_SECONDS[gatewayRetries++] * 1000);
			continue;
		}
		return response;
	}
}

async function sendOnce(
	context: PolarContext,
	connection: PolarConnection,
	method: IHttpRequestMethods,
	path: string,
	options: PolarRequestOptions,
): Promise<PolarAnswer> {
	const { baseUrl } = connection;
	const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
	// `timeout` alone only bounds silence; this bounds the whole request, reading the answer included.
	const deadline = AbortSignal.timeout(timeoutMs);
	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${path}${queryString(options.query)}`,
		body: options.body,
		json: true,
		// Read as a stream, so that the node stops at MAX_ANSWER_BYTES instead of buffering any size.
		encoding: 'stream',
		timeout: timeoutMs,
		abortSignal: deadline,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
	};
	let response: IN8nHttpFullResponse;
	let text: string;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			POLAR_CREDENTIAL,
			request,
			{
				credentialsDecrypted: connection.credential,
			},
		)) as IN8nHttpFullResponse;
		text = await readAnswer(response.body as AnswerStream, deadline);
	} catch (error) {
		if (error instanceof AnswerTooLarge) {
			throw new NodeOperationError(
				context.getNode(),
				`Polar's answer from ${baseUrl} is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`,
				{
					description:
						'No answer of the Polar API the node uses is that large. Check that the Base URL in the Polar API credential points at the Polar API (not a proxy or web page), then try again.',
				},
			);
		}
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
	return {
		statusCode: response.statusCode,
		body: parseAnswer(text),
		headers: response.headers ?? {},
	};
}

/** What n8n's request helper hands back for `encoding: 'stream'`: a readable byte stream. */
interface AnswerStream extends AsyncIterable<Uint8Array | string> {
	destroy(error?: Error): void;
}

class AnswerTooLarge extends Error {}

/** The answer's text, at most MAX_ANSWER_BYTES of it, read before `deadline`. */
async function readAnswer(
	stream: AnswerStream | undefined,
	deadline: AbortSignal,
): Promise<string> {
	if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') return '';
	const stop = () => stream.destroy(new Error(`timeout: no complete answer in time`));
	if (deadline.aborted) stop();
	deadline.addEventListener('abort', stop, { once: true });
	try {
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of stream) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
			size += bytes.length;
			if (size > MAX_ANSWER_BYTES) {
				stream.destroy();
				throw new AnswerTooLarge();
			}
			chunks.push(bytes);
		}
		return Buffer.concat(chunks).toString('utf8');
	} finally {
		deadline.removeEventListener('abort', stop);
	}
}

/** JSON when the answer is JSON (Polar's always are), else the text itself, and undefined when empty. */
function parseAnswer(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/**
 * `?a=1&b=x&b=y`: built here rather than by n8n's `qs` option, so that a list repeats its parameter the way
 * Polar reads it whatever n8n's serializer does, and undefined values are left out.
 */
function queryString(query: PolarQuery | undefined): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query ?? {})) {
		if (value === undefined) continue;
		for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one));
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}

function retryAfterSeconds(response: PolarAnswer): number | undefined {
	const header = response.headers['retry-after'];
	const seconds = Number(Array.isArray(header) ? header[0] : header);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
