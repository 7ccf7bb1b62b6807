/** HTTP to one n8n: its REST API as the logged-in owner (cookie) and its public API (API key). */
import { DEFAULT_N8N_VERSION } from './versions';

export class N8nHttpError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${method} ${path} -> ${status}: ${body.slice(0, 500)}`);
	}
}

export class N8nClient {
	private cookie: string | undefined;
	apiKey: string | undefined;

	/** `n8nVersion`: the version of the n8n at baseUrl, for what api.ts does differently per version. */
	constructor(
		readonly baseUrl: string,
		readonly n8nVersion: string = DEFAULT_N8N_VERSION,
	) {}

	get loggedIn(): boolean {
		return this.cookie !== undefined;
	}

	/** `POST /rest/login`; keeps the `n8n-auth` cookie for later REST calls. */
	async login(email: string, password: string): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: email, password }),
		});
		const text = await response.text();
		if (!response.ok) throw new N8nHttpError('POST', '/rest/login', response.status, text);
		const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '');
		const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
		if (!auth) throw new Error('n8n answered the login without an n8n-auth cookie');
		this.cookie = auth;
	}

	/** A REST call as the owner; returns the `data` n8n wraps answers in (or the whole body without one). */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		if (!this.cookie) throw new Error(`not logged in (${method} ${path})`);
		const parsed = await this.send(method, path, { cookie: this.cookie }, body);
		return (isObject(parsed) && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** A public API call (`/api/v1/...`) with the API key. */
	async api<T>(method: string, path: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error(`no API key (${method} ${path})`);
		return (await this.send(method, `/api/v1${path}`, { 'x-n8n-api-key': this.apiKey }, body)) as T;
	}

	/** Any request with no credentials; resolves with the status and text, never throws on a status. */
	async raw(
		method: string,
		path: string,
		init: { headers?: Record<string, string>; body?: string } = {},
	) {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: init.headers,
			body: init.body,
		});
		return { status: response.status, text: await response.text() };
	}

	private async send(
		method: string,
		path: string,
		auth: Record<string, string>,
		body: unknown,
	): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new N8nHttpError(method, path, response.status, text);
		if (text === '') return undefined;
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return text;
		}
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
