/**
 * Malformed and hostile deliveries, each with the answer it must get. Shared by the unit suite (through
 * n8n's WebhookContext) and the end-to-end suite (over HTTP into a real n8n). None of them may start an
 * execution. Every case is built around one genuine delivery, so each differs from a valid one in one way.
 */
import { createHmac, randomBytes } from 'node:crypto';

import {
	keyDerivationOfSecret,
	sign as signWith,
	signedRawDelivery,
} from '../../tools/polar-stand-in/signing';

export interface HostileRequest {
	/** Header values; an array is a header sent several times. */
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export interface HostileCase {
	name: string;
	/** 401: not a genuine Polar delivery; 400: genuine signature over something that is not a Polar event. */
	expectedStatus: 401 | 400;
	request: HostileRequest;
	/** Only meaningful over real HTTP (the unit harness has no transport). */
	httpOnly?: boolean;
}

export interface HostileContext {
	secret: string;
	/** A secret of another endpoint, e.g. the Sandbox one. */
	otherSecret: string;
	nowSeconds: number;
	/** A genuine event body (compact JSON). */
	body: string;
}

export function hostileDeliveryCases(context: HostileContext): HostileCase[] {
	const { secret, otherSecret, nowSeconds, body } = context;
	const genuine = signedRawDelivery(secret, body, { timestampSeconds: nowSeconds });
	const id = genuine.headers['webhook-id'];
	const timestamp = genuine.headers['webhook-timestamp'];
	const signature = genuine.headers['webhook-signature'];
	const sign = (content: { id?: string; timestamp?: number; body?: string; secret?: string }) =>
		signWith(
			content.secret ?? secret,
			keyDerivationOfSecret(content.secret ?? secret),
			content.id ?? id,
			content.timestamp ?? nowSeconds,
			content.body ?? body,
		);
	const withHeaders = (
		changes: Record<string, string | string[] | undefined>,
		newBody = genuine.rawBody,
	): HostileRequest => ({
		headers: { ...genuine.headers, ...changes },
		body: newBody,
	});
	const signedBody = (raw: string | Buffer): HostileRequest => {
		const text = raw.toString();
		const signed = signedRawDelivery(secret, text, { timestampSeconds: nowSeconds });
		return { headers: signed.headers, body: Buffer.isBuffer(raw) ? raw : Buffer.from(raw) };
	};
	const bigBody = JSON.stringify({
		type: 'order.paid',
		data: { blob: 'x'.repeat(3 * 1024 * 1024) },
	});
	const legacyPrefixStripped = createHmac(
		'sha256',
		Buffer.from(secret.replace(/^(polar_whs_|whsec_)/, ''), 'utf8'),
	)
		.update(`${id}.${timestamp}.${body}`)
		.digest('base64');

	const cases: Array<Omit<HostileCase, 'expectedStatus'> & { expectedStatus?: 401 | 400 }> = [
		// Headers missing, empty or repeated.
		{ name: 'no webhook-id', request: withHeaders({ 'webhook-id': undefined }) },
		{ name: 'empty webhook-id', request: withHeaders({ 'webhook-id': '' }) },
		{ name: 'no webhook-timestamp', request: withHeaders({ 'webhook-timestamp': undefined }) },
		{ name: 'empty webhook-timestamp', request: withHeaders({ 'webhook-timestamp': '' }) },
		{ name: 'no webhook-signature', request: withHeaders({ 'webhook-signature': undefined }) },
		{ name: 'empty webhook-signature', request: withHeaders({ 'webhook-signature': '' }) },
		{
			name: 'no headers at all',
			request: { headers: { 'content-type': 'application/json' }, body: genuine.rawBody },
		},
		{ name: 'webhook-id sent twice', request: withHeaders({ 'webhook-id': [id, `${id}x`] }) },
		{
			name: 'webhook-timestamp sent twice',
			request: withHeaders({ 'webhook-timestamp': [timestamp, timestamp] }),
		},
		{
			name: 'webhook-signature sent twice, both forged',
			request: withHeaders({
				'webhook-signature': [sign({ secret: otherSecret }), sign({ body: '{}' })],
			}),
		},
		// Garbage, truncated and other-version signatures.
		{
			name: 'garbage signature',
			request: withHeaders({ 'webhook-signature': 'v1,!!!not-base64!!!' }),
		},
		{
			name: 'truncated signature',
			request: withHeaders({ 'webhook-signature': signature.slice(0, -6) }),
		},
		{
			name: 'signature without version',
			request: withHeaders({ 'webhook-signature': signature.slice(3) }),
		},
		{
			name: 'valid signature under v2',
			request: withHeaders({ 'webhook-signature': `v2,${signature.slice(3)}` }),
		},
		{
			name: 'valid signature under V1 (case)',
			request: withHeaders({ 'webhook-signature': `V1,${signature.slice(3)}` }),
		},
		{
			name: 'valid signature as base64url',
			request: withHeaders({
				'webhook-signature': `v1,${Buffer.from(signature.slice(3), 'base64').toString('base64url')}`,
			}),
		},
		{
			name: 'valid signature with extra padding',
			request: withHeaders({ 'webhook-signature': `${signature}==` }),
		},
		{
			name: 'valid signature with its unused bits set (non-canonical base64)',
			request: withHeaders({ 'webhook-signature': `v1,${withPaddingBitsSet(signature.slice(3))}` }),
		},
		{
			name: '500 random v1 signatures',
			request: withHeaders({
				'webhook-signature': Array.from(
					{ length: 500 },
					() => `v1,${randomBytes(32).toString('base64')}`,
				).join(' '),
			}),
		},
		// Valid signatures of something else.
		{
			name: 'signature of another body',
			request: withHeaders({ 'webhook-signature': sign({ body: body.replace('"', "'") }) }),
		},
		{
			name: 'signature of another webhook-id',
			request: withHeaders({ 'webhook-signature': sign({ id: `${id}0` }) }),
		},
		{
			name: 'signature of another timestamp',
			request: withHeaders({ 'webhook-signature': sign({ timestamp: nowSeconds - 1 }) }),
		},
		{
			name: 'signature with another secret',
			request: withHeaders({ 'webhook-signature': sign({ secret: otherSecret }) }),
		},
		{
			name: 'signature with the secret of the other environment',
			request: withHeaders({
				'webhook-signature': sign({ secret: `whsec_${randomBytes(32).toString('base64')}` }),
			}),
		},
		{
			name: 'legacy secret keyed without its prefix',
			request: withHeaders({ 'webhook-signature': `v1,${legacyPrefixStripped}` }),
		},
		// Timestamps.
		{
			name: 'timestamp 301 s old (signed)',
			request: withHeaders({
				'webhook-timestamp': String(nowSeconds - 301),
				'webhook-signature': sign({ timestamp: nowSeconds - 301 }),
			}),
		},
		{
			name: 'timestamp 301 s ahead (signed)',
			request: withHeaders({
				'webhook-timestamp': String(nowSeconds + 301),
				'webhook-signature': sign({ timestamp: nowSeconds + 301 }),
			}),
		},
		{ name: 'non-numeric timestamp', request: withHeaders({ 'webhook-timestamp': 'yesterday' }) },
		{
			name: 'huge timestamp',
			request: withHeaders({ 'webhook-timestamp': '99999999999999999999999' }),
		},
		{ name: 'negative timestamp', request: withHeaders({ 'webhook-timestamp': `-${timestamp}` }) },
		{
			name: 'timestamp in milliseconds',
			request: withHeaders({ 'webhook-timestamp': `${timestamp}000` }),
		},
		{
			name: 'fractional timestamp',
			request: withHeaders({ 'webhook-timestamp': `${timestamp}.5` }),
		},
		// Bodies: unsigned, or genuinely signed but not a Polar event.
		{ name: 'empty body, signature of the real one', request: withHeaders({}, Buffer.alloc(0)) },
		{ name: 'whitespace added to the body', request: withHeaders({}, Buffer.from(` ${body}\n`)) },
		{
			name: 'unicode escaped differently in the body',
			request: withHeaders({}, Buffer.from(body.replace(/é/g, '\\u00e9'))),
		},
		{ name: 'multi-megabyte body, forged', request: withHeaders({}, Buffer.from(bigBody)) },
		{ name: 'empty body, signed', expectedStatus: 400, request: signedBody('') },
		{ name: 'non-JSON body, signed', expectedStatus: 400, request: signedBody('type=order.paid') },
		{
			name: 'JSON array, signed',
			expectedStatus: 400,
			request: signedBody('[{"type":"order.paid"}]'),
		},
		{ name: 'JSON string, signed', expectedStatus: 400, request: signedBody('"order.paid"') },
		{
			name: 'JSON without type, signed',
			expectedStatus: 400,
			request: signedBody('{"data":{"id":"x"}}'),
		},
		{
			name: 'JSON with a numeric type, signed',
			expectedStatus: 400,
			request: signedBody('{"type":1,"data":{}}'),
		},
		// Replays.
		{
			name: 'replay of a genuine delivery after the window',
			request: (() => {
				const old = signedRawDelivery(secret, body, { timestampSeconds: nowSeconds - 3600 });
				return { headers: old.headers, body: old.rawBody };
			})(),
		},
	];
	return cases.map((hostile) => ({ ...hostile, expectedStatus: hostile.expectedStatus ?? 401 }));
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The same 32 bytes, spelled differently: the last character before `=` carries 2 bits that decoders
 * ignore. Lenient decoders (Node's Buffer among them) give the genuine digest back, so a verifier that
 * decodes before comparing accepts it; Standard Webhooks compares the text and refuses it.
 */
export function withPaddingBitsSet(canonical: string): string {
	const last = canonical.length - 2;
	const spelled = BASE64_ALPHABET[
		BASE64_ALPHABET.indexOf(canonical[last] as string) | 0b11
	] as string;
	return `${canonical.slice(0, last)}${spelled}${canonical.slice(last + 1)}`;
}
