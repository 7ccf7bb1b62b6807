/** Small HTTP helpers for the stand-in's own tests (no keep-alive, so nothing lingers). */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpAnswer {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	json: unknown;
}

export function request(
	base: string,
	method: string,
	path: string,
	options: {
		token?: string | null;
		body?: unknown;
		rawBody?: string;
		headers?: Record<string, string>;
	} = {},
): Promise<HttpAnswer> {
	const url = new URL(path, base);
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	if (options.token !== null)
		headers.authorization = `Bearer ${options.token ?? 'polar_oat_standin'}`;
	let payload: string | undefined;
	if (options.rawBody !== undefined) payload = options.rawBody;
	else if (options.body !== undefined) payload = JSON.stringify(options.body);
	if (payload !== undefined) {
		headers['content-type'] ??= 'application/json';
		headers['content-length'] = String(Buffer.byteLength(payload));
	}
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = text === '' ? undefined : JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(payload);
	});
}

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: string;
	at: number;
}

export type Responder = (
	request: ReceivedRequest,
	index: number,
) => { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

/** A tiny webhook receiver: records every request and answers as `responder` says (default 200). */
export class Receiver {
	readonly requests: ReceivedRequest[] = [];
	responder: Responder = () => ({ status: 200, body: 'ok' });
	private readonly server: http.Server;
	private readonly timers = new Set<NodeJS.Timeout>();
	url = '';

	private constructor() {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const headers: Record<string, string> = {};
				for (const [key, value] of Object.entries(req.headers)) {
					if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
				}
				const received: ReceivedRequest = {
					method: req.method ?? '',
					path: req.url ?? '',
					headers,
					body: Buffer.concat(chunks).toString('utf8'),
					at: Date.now(),
				};
				const index = this.requests.push(received) - 1;
				const answer = this.responder(received, index);
				const reply = (): void => {
					if (res.destroyed) return;
					res.writeHead(answer.status, answer.headers ?? {});
					res.end(answer.body ?? '');
				};
				if (answer.delayMs) {
					const timer = setTimeout(() => {
						this.timers.delete(timer);
						reply();
					}, answer.delayMs);
					this.timers.add(timer);
				} else reply();
			});
		});
	}

	static async start(): Promise<Receiver> {
		const receiver = new Receiver();
		await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', () => resolve()));
		receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
		return receiver;
	}

	async close(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}
