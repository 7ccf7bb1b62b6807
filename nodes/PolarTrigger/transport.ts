import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
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
/** Polar's 429 carries `retry-after`; waiting longer than this inside one call of the node is worse than failing. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 10;
const MAX_RATE_LIMIT_RETRIES = 2;

export interface PolarRequestOptions {
	body?: IDataObject;
	qs?: IDataObject;
	timeoutMs?: number;
}

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
	/** Set only for personal access tokens; organization tokens must not send it. */
	organizationId: string | undefined;
	credential: ICredentialsDecrypted;
}

export async function polarConnection(
	context: Pick<IHookFunctions, 'getCredentials' | 'getNode'>,
): Promise<PolarConnection> {
	const data = await context.getCredentials(POLAR_CREDENTIAL);
	const organizationId = typeof data.organizationId === 'string' ? data.organizationId.trim() : '';
	const details = context.getNode().credentials?.[POLAR_CREDENTIAL];
	return {
		baseUrl: polarBaseUrl(data),
		organizationId: organizationId || undefined,
		credential: { id: details?.id ?? '', name: details?.name ?? '', type: POLAR_CREDENTIAL, data },
	};
}

/**
 * One call to Polar's REST API over `connection`. Every HTTP status comes back as a response (callers
 * decide what 404 means); only a failure to get an answer at all throws. A 429 is retried after Polar's
 * `retry-after`, a bounded number of times.
 */
export async function polarRequest(
	context: IHookFunctions,
	connection: PolarConnection,
	method: IHttpRequestMethods,
	path: string,
	options: PolarRequestOptions = {},
): Promise<PolarAnswer> {
	for (let attempt = 0; ; attempt++) {
		const response = await sendOnce(context, connection, method, path, options);
		const waitSeconds = retryAfterSeconds(response);
		if (
			response.statusCode !== 429 ||
			attempt >= MAX_RATE_LIMIT_RETRIES ||
			waitSeconds === undefined
		) {
			return response;
		}
		await sleep(waitSeconds * 1000);
	}
}

async function sendOnce(
	context: IHookFunctions,
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
		url: `${baseUrl}${path}`,
		body: options.body,
		qs: options.qs,
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

function retryAfterSeconds(response: PolarAnswer): number | undefined {
	const header = response.headers['retry-after'];
	const seconds = Number(Array.isArray(header) ? header[0] : header);
	if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_RATE_LIMIT_WAIT_SECONDS)
		return undefined;
	return seconds;
}
