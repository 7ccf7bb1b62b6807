/**
 * Signs deliveries the way Polar does, with the standardwebhooks library as the independent reference
 * (never with the code under test).
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export type SecretScheme = 'standard' | 'legacy';

/** A secret in each shape Polar has issued. */
export const secretShapes = {
	/** Legacy, before 2026-09-08. */
	polarWhs: () => `polar_whs_${base62(43)}`,
	/** Legacy `whsec_` + 43 characters: signed with the UTF-8 bytes of the whole string. */
	whsec43: () => `whsec_${base62(43)}`,
	/** Standard, from 2026-09-08: `whsec_` + base64 of 32 bytes. */
	whsecStandard: () => `whsec_${randomBytes(32).toString('base64')}`,
};

function base62(length: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** The scheme Polar signs with for a secret of this shape. */
export function schemeOf(secret: string): SecretScheme {
	return /^whsec_[A-Za-z0-9+/]{43}=$/.test(secret) ? 'standard' : 'legacy';
}

export function referenceWebhook(secret: string, scheme: SecretScheme): Webhook {
	return scheme === 'standard' ? new Webhook(secret) : new Webhook(Buffer.from(secret, 'utf8').toString('base64'));
}

/** `v1,<base64>` for the message, by the reference library. */
export function signReference(
	secret: string,
	scheme: SecretScheme,
	id: string,
	timestampSeconds: number,
	body: string | Buffer,
): string {
	return referenceWebhook(secret, scheme).sign(id, new Date(timestampSeconds * 1000), body.toString());
}

export interface SignedRequest {
	headers: Record<string, string>;
	rawBody: Buffer;
}

/** A delivery as Polar sends it: compact JSON body and Standard Webhooks headers. */
export function signedDelivery(
	secret: string,
	payload: unknown,
	options: { id?: string; timestampSeconds?: number; scheme?: SecretScheme } = {},
): SignedRequest {
	return signedRawDelivery(secret, JSON.stringify(payload), options);
}

/** A genuinely signed delivery of any body, JSON or not. */
export function signedRawDelivery(
	secret: string,
	body: string,
	options: { id?: string; timestampSeconds?: number; scheme?: SecretScheme } = {},
): SignedRequest {
	const id = options.id ?? `msg_${randomBytes(12).toString('hex')}`;
	const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
	const signature = signReference(secret, options.scheme ?? schemeOf(secret), id, timestamp, body);
	return {
		rawBody: Buffer.from(body, 'utf8'),
		headers: {
			'content-type': 'application/json',
			'user-agent': 'polar.sh webhooks',
			'webhook-id': id,
			'webhook-timestamp': String(timestamp),
			'webhook-signature': signature,
		},
	};
}
