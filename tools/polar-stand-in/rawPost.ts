/**
 * The project's one raw POST (the stand-in's deliveries, the e2e tests, the bench): sent byte for byte as
 * given, with `node:http(s)`: a header whose value is an array goes out once per value (fetch would join
 * them), the body is sent as is (e.g. already gzip-compressed), and an answer that n8n or Node gives before
 * reading the whole body (431, 500) is still reported.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';

export interface RawRequest {
	/** An array value is a header sent several times; undefined leaves the header out. */
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export interface RawAnswer {
	/** undefined when no answer arrived (connection error, timeout). */
	status: number | undefined;
	/** The first `keptAnswerBytes` (default 2 KB) of the answer body. */
	body: string;
	error?: string;
	/** Milliseconds from sending to the answer's end (fractional). */
	ms: number;
}

const KEPT_ANSWER_BYTES = 2048;
const WRITE_CHUNK_BYTES = 256 * 1024;
/** Node's default `maxHeaderSize` (n8n does not change it): a larger header block is answered 431. */
export const NODE_MAX_HEADER_BYTES = 16 * 1024;

export function sendRaw(
	url: string,
	request: RawRequest,
	options: {
		agent?: http.Agent | false;
		timeoutMs?: number;
		/**
		 * Send the headers first and wait up to this long for an answer before sending the body: shows what
		 * a server decides from the headers alone (e.g. a content-length over its limit).
		 */
		holdBodyMs?: number;
		/** How much of the answer body to keep (default 2 KB). */
		keptAnswerBytes?: number;
		/** Aborting destroys the request (the stand-in closing). */
		signal?: AbortSignal;
	} = {},
): Promise<RawAnswer> {
	const started = performance.now();
	const elapsed = (): number => performance.now() - started;
	const timeoutMs = options.timeoutMs ?? 30_000;
	const keptBytes = options.keptAnswerBytes ?? KEPT_ANSWER_BYTES;
	return new Promise((resolve) => {
		let settled = false;
		let answered = false;
		let answer: RawAnswer | undefined;
		const transport = new URL(url).protocol === 'https:' ? https : http;
		const client = transport.request(url, { method: 'POST', agent: options.agent ?? false });
		const timer = setTimeout(
			() => client.destroy(new Error(`timeout after ${timeoutMs} ms without an answer`)),
			timeoutMs,
		);
		const abort = (): void => {
			client.destroy(new Error('aborted'));
		};
		options.signal?.addEventListener('abort', abort);
		if (options.signal?.aborted) abort();
		const finish = (result: RawAnswer): void => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', abort);
			// A body cut short by an early answer leaves the request unfinished: drop that connection.
			if (!client.writableFinished) client.destroy();
			resolve(result);
		};
		for (const [name, value] of Object.entries(request.headers)) {
			if (value !== undefined) client.setHeader(name, value);
		}
		if (
			!hasHeader(request.headers, 'content-length') &&
			!hasHeader(request.headers, 'transfer-encoding')
		) {
			client.setHeader('content-length', String(request.body.length));
		}

		client.on('response', (response) => {
			answered = true;
			const chunks: Buffer[] = [];
			let kept = 0;
			response.on('data', (chunk: Buffer) => {
				if (kept < keptBytes) chunks.push(chunk);
				kept += chunk.length;
			});
			response.on('end', () => {
				answer = {
					status: response.statusCode,
					body: Buffer.concat(chunks).toString('utf8').slice(0, keptBytes),
					ms: elapsed(),
				};
				finish(answer);
			});
			response.on('error', (error) =>
				finish({ status: response.statusCode, body: '', error: error.message, ms: elapsed() }),
			);
		});
		client.on('error', (error: NodeJS.ErrnoException) => {
			const failed = (): void =>
				finish(answer ?? { status: undefined, body: '', error: error.message, ms: elapsed() });
			// The server may answer and close while the body is still being written (EPIPE / ECONNRESET):
			// give the answer a moment to be parsed before reporting the error.
			if (error.code === 'EPIPE' || error.code === 'ECONNRESET') setTimeout(failed, 250);
			else failed();
		});

		if (!options.holdBodyMs && request.body.length <= WRITE_CHUNK_BYTES) {
			client.end(request.body);
			return;
		}
		// Large bodies go out in chunks, and stop as soon as the server has answered (n8n refuses a body over
		// its limit from the content-length, before reading it).
		void (async () => {
			if (options.holdBodyMs) {
				client.flushHeaders();
				const until = Date.now() + options.holdBodyMs;
				while (!answered && !settled && !client.destroyed && Date.now() < until)
					await new Promise((wake) => setTimeout(wake, 20));
			}
			for (let offset = 0; offset < request.body.length; offset += WRITE_CHUNK_BYTES) {
				if (answered || settled || client.destroyed) return;
				if (!client.write(request.body.subarray(offset, offset + WRITE_CHUNK_BYTES))) {
					await new Promise<void>((resume) => {
						const go = (): void => {
							client.off('drain', go);
							client.off('close', go);
							resume();
						};
						client.on('drain', go);
						client.on('close', go);
					});
				}
			}
			if (!answered && !settled && !client.destroyed) client.end();
		})();
	});
}

/** Bytes of the header block as sent (`name: value\r\n` per line, repeated headers once per value). */
export function headerBytes(headers: RawRequest['headers']): number {
	let total = 0;
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		for (const single of Array.isArray(value) ? value : [value])
			total += Buffer.byteLength(`${name}: ${single}\r\n`);
	}
	return total;
}

function hasHeader(headers: RawRequest['headers'], name: string): boolean {
	return Object.entries(headers).some(
		([key, value]) => key.toLowerCase() === name && value !== undefined,
	);
}
