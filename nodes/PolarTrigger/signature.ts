import { createHmac, timingSafeEqual } from 'node:crypto';

/** Polar refuses nothing older or newer than this; neither do we (Standard Webhooks' window). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

const STANDARD_SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION_PREFIX = 'v1,';
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Unix seconds: digits only (no sign, no exponent, no spaces), at most 12 of them. */
const UNIX_SECONDS = /^\d{1,12}$/;

interface SecretKeys {
	/** The UTF-8 bytes of the whole secret, prefix included. */
	legacy: Buffer;
	/** The base64-decoded part after `whsec_`, when there is one. */
	standard: Buffer | undefined;
	/** `whsec_` + base64 of 32 bytes: what every standard secret looks like. */
	looksStandard: boolean;
}

/** A trigger verifies every delivery with the same secret: its keys are derived once (bounded, for many triggers). */
const keysBySecret = new Map<string, SecretKeys>();
const MAX_CACHED_SECRETS = 100;

/**
 * The HMAC keys a Polar endpoint secret can stand for, in the order to try them. Polar has used two schemes:
 * - legacy (secrets made before 2026-09-08, `polar_whs_…` or `whsec_` + 43 chars): the key is the UTF-8
 *   bytes of the whole secret, prefix included;
 * - standard (later secrets and every reset since, `whsec_` + base64): the key is the base64-decoded part
 *   after `whsec_`, as in plain Standard Webhooks.
 * The string alone does not always tell which (`whsec_` + 43 chars can be either), so a `whsec_` secret
 * gives both keys. Knowing the secret is what proves a delivery, whichever key it gives.
 *
 * The order only saves an HMAC: the endpoint's `uses_standard_webhook_signature` when Polar sent it, else
 * the secret's shape, puts first the key Polar signs with.
 */
export function hmacKeysForSecret(secret: string, usesStandardSignature?: boolean): Buffer[] {
	let keys = keysBySecret.get(secret);
	if (!keys) {
		keys = {
			legacy: Buffer.from(secret, 'utf8'),
			standard: standardKey(secret),
			looksStandard:
				secret.startsWith(STANDARD_SECRET_PREFIX) &&
				secret.length === STANDARD_SECRET_PREFIX.length + 44,
		};
		if (keysBySecret.size >= MAX_CACHED_SECRETS) keysBySecret.clear();
		keysBySecret.set(secret, keys);
	}
	const { legacy, standard, looksStandard } = keys;
	if (!standard) return [legacy];
	return (usesStandardSignature ?? looksStandard) ? [standard, legacy] : [legacy, standard];
}

function standardKey(secret: string): Buffer | undefined {
	if (!secret.startsWith(STANDARD_SECRET_PREFIX)) return undefined;
	const encoded = secret.slice(STANDARD_SECRET_PREFIX.length);
	if (!CANONICAL_BASE64.test(encoded) || encoded.length % 4 === 1) return undefined;
	const key = Buffer.from(encoded, 'base64');
	return key.length > 0 ? key : undefined;
}

export interface SignedDelivery {
	/** `webhook-id` header. */
	id: unknown;
	/** `webhook-timestamp` header (unix seconds). */
	timestamp: unknown;
	/** `webhook-signature` header: space-separated `v1,<base64>` entries. */
	signature: unknown;
	/** The request body exactly as received. */
	rawBody: Buffer | undefined;
}

export type VerificationResult = { valid: true } | { valid: false; reason: string };

/**
 * Standard Webhooks verification of one delivery: the signature of `${id}.${timestamp}.${body}` under any
 * of the secret's keys must equal any of the `v1` entries (constant-time), and the timestamp must be
 * within TIMESTAMP_TOLERANCE_SECONDS of `nowSeconds`, in either direction.
 *
 * Signatures are compared as base64 text, as Standard Webhooks' own libraries do: the expected one is
 * canonical, so an entry in any other spelling (bad alphabet, other padding bits) cannot match.
 */
export function verifyPolarSignature(
	delivery: SignedDelivery,
	secret: string,
	options: { nowSeconds: number; usesStandardSignature?: boolean },
): VerificationResult {
	const { id, timestamp, signature, rawBody } = delivery;
	if (!isNonEmptyString(id)) return invalid('Missing webhook-id header');
	if (!isNonEmptyString(timestamp)) return invalid('Missing webhook-timestamp header');
	if (!isNonEmptyString(signature)) return invalid('Missing webhook-signature header');
	if (!rawBody) return invalid('Missing request body');
	if (!secret) return invalid('No signing secret stored for this trigger');

	if (!UNIX_SECONDS.test(timestamp)) return invalid('Malformed webhook-timestamp header');
	if (Math.abs(options.nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
		return invalid('Webhook timestamp is outside the allowed window');
	}

	const candidates = signature
		.split(' ')
		.filter((entry) => entry.startsWith(SIGNATURE_VERSION_PREFIX))
		.map((entry) => Buffer.from(entry.slice(SIGNATURE_VERSION_PREFIX.length), 'utf8'));
	if (candidates.length === 0) return invalid('No v1 signature in webhook-signature header');

	for (const key of hmacKeysForSecret(secret, options.usesStandardSignature)) {
		const hmac = createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(rawBody);
		const expected = Buffer.from(hmac.digest('base64'), 'utf8');
		// Compare against every entry, so the time taken does not reveal which one matched.
		let matched = false;
		for (const candidate of candidates) {
			matched =
				(candidate.length === expected.length && timingSafeEqual(expected, candidate)) || matched;
		}
		if (matched) return { valid: true };
	}
	return invalid('Invalid webhook signature');
}

function isNonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0;
}

function invalid(reason: string): VerificationResult {
	return { valid: false, reason };
}
