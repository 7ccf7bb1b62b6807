/**
 * Webhook endpoint secrets and delivery signatures, in Polar's two schemes: the one signer of the project
 * (the stand-in's deliveries, the tests, the bench). It signs with the standardwebhooks library, so tests
 * that check the node's verifier against it check it against an independent implementation.
 *
 * - standard (from 2026-09-08 and on every reset): `whsec_` + base64(32 random bytes);
 *   HMAC key = base64-decode of the part after `whsec_` (plain Standard Webhooks).
 * - legacy (`polar_whs_` + 43 base62, or `whsec_` + 43 base62/base64url chars):
 *   HMAC key = the UTF-8 bytes of the WHOLE secret, prefix included.
 */
import { isUtf8 } from 'node:buffer';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** The kind of secret Polar issued for an endpoint (its shape, and so its HMAC key). */
export type SecretScheme = 'standard' | 'legacy-polar_whs' | 'legacy-whsec';

/**
 * How the HMAC key comes from a secret: `standard` base64-decodes what follows `whsec_`, `legacy` takes the
 * UTF-8 bytes of the whole secret. Any secret can be signed either way (Polar's old SDK signed even standard
 * secrets the legacy way), so signing takes this rather than a {@link SecretScheme}.
 */
export type KeyDerivation = 'standard' | 'legacy';

export const SECRET_SCHEMES: readonly SecretScheme[] = [
	'standard',
	'legacy-polar_whs',
	'legacy-whsec',
];

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64URL = `${BASE62}-_`;

function randomChars(alphabet: string, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
	return out;
}

export function isSecretScheme(value: unknown): value is SecretScheme {
	return typeof value === 'string' && (SECRET_SCHEMES as readonly string[]).includes(value);
}

/** A fresh secret in the given scheme. */
export function generateSecret(scheme: SecretScheme): string {
	switch (scheme) {
		case 'standard':
			return `whsec_${randomBytes(32).toString('base64')}`;
		case 'legacy-polar_whs':
			return `polar_whs_${randomChars(BASE62, 43)}`;
		case 'legacy-whsec':
			return `whsec_${randomChars(BASE64URL, 43)}`;
	}
}

export function usesStandardSignature(scheme: SecretScheme): boolean {
	return scheme === 'standard';
}

/** The key derivation of a scheme (a {@link KeyDerivation} is returned as it is). */
export function keyDerivationOf(scheme: SecretScheme | KeyDerivation): KeyDerivation {
	return scheme === 'standard' ? 'standard' : 'legacy';
}

/** The key derivation Polar signs with for a secret of this shape. */
export function keyDerivationOfSecret(secret: string): KeyDerivation {
	return /^whsec_[A-Za-z0-9+/]{43}=$/.test(secret) ? 'standard' : 'legacy';
}

/** The HMAC key bytes a scheme derives from a secret. */
export function signingKey(secret: string, scheme: SecretScheme | KeyDerivation): Buffer {
	if (keyDerivationOf(scheme) === 'standard')
		return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	return Buffer.from(secret, 'utf8');
}

/** A `standardwebhooks` signer/verifier that uses the key of the scheme. */
export function webhookFor(secret: string, scheme: SecretScheme | KeyDerivation): Webhook {
	if (keyDerivationOf(scheme) === 'standard') return new Webhook(secret);
	// Polar's old SDK: base64-encode the whole secret and hand it to standardwebhooks -> key = UTF-8 bytes.
	return new Webhook(Buffer.from(secret, 'utf8').toString('base64'));
}

/**
 * The `webhook-signature` entry (`v1,<base64>`) for `${id}.${timestamp}.${body}`.
 * @param timestampSeconds unix seconds
 */
export function sign(
	secret: string,
	scheme: SecretScheme | KeyDerivation,
	id: string,
	timestampSeconds: number,
	body: string | Buffer,
): string {
	if (typeof body === 'string' || isUtf8(body))
		return webhookFor(secret, scheme).sign(id, new Date(timestampSeconds * 1000), body.toString());
	// Bytes that are not text (a gzip body): standardwebhooks signs strings only, so the same HMAC over the bytes.
	return `v1,${createHmac('sha256', signingKey(secret, scheme)).update(`${id}.${timestampSeconds}.`, 'utf8').update(body).digest('base64')}`;
}

/** A delivery as Polar sends it: the body as given, Standard Webhooks headers. */
export interface SignedRequest {
	webhookId: string;
	headers: Record<string, string>;
	rawBody: Buffer;
}

export interface SignOptions {
	/** The delivery's `webhook-id` (default: a new `msg_…` id). */
	id?: string;
	/** Unix seconds (default: now). */
	timestampSeconds?: number;
	/** Default: the one Polar uses for the secret's shape. */
	scheme?: SecretScheme | KeyDerivation;
}

/** A genuinely signed delivery of any body, JSON or not. */
export function signedRawDelivery(
	secret: string,
	body: string,
	options: SignOptions = {},
): SignedRequest {
	const id = options.id ?? `msg_${randomBytes(12).toString('hex')}`;
	const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
	return {
		webhookId: id,
		rawBody: Buffer.from(body, 'utf8'),
		headers: {
			'content-type': 'application/json',
			'user-agent': 'polar.sh webhooks',
			'webhook-id': id,
			'webhook-timestamp': String(timestamp),
			'webhook-signature': sign(
				secret,
				options.scheme ?? keyDerivationOfSecret(secret),
				id,
				timestamp,
				body,
			),
		},
	};
}

/** A delivery of `payload` as Polar sends it: compact JSON body, Standard Webhooks headers. */
export function signedDelivery(
	secret: string,
	payload: unknown,
	options: SignOptions = {},
): SignedRequest {
	return signedRawDelivery(secret, JSON.stringify(payload), options);
}
