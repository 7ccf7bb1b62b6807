import { type KeyObject, createHmac, createSecretKey } from 'node:crypto';

/** Polar refuses nothing older or newer than this; neither do we (Standard Webhooks' window). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

const STANDARD_SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION_PREFIX = 'v1,';
/** `v1,` + the padded base64 of a 32-byte HMAC-SHA256 digest (44 characters). */
const SIGNATURE_ENTRY_LENGTH = SIGNATURE_VERSION_PREFIX.length + 44;
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_TIMESTAMP_DIGITS = 12;

/**
 * The HMAC keys a Polar endpoint secret can stand for. Polar has used two schemes:
 * - legacy (secrets made before 2026-09-08, `polar_whs_…` or `whsec_` + 43 chars): the key is the UTF-8
 *   bytes of the whole secret, prefix included;
 * - standard (later secrets and every reset since, `whsec_` + base64): the key is the base64-decoded part
 *   after `whsec_`, as in plain Standard Webhooks.
 * The string alone does not always tell which (`whsec_` + 43 chars can be either), so a `whsec_` secret
 * yields both keys. Knowing the secret is what proves a delivery, whichever key it gives.
 *
 * `usesStandardSignature` (the endpoint's `uses_standard_webhook_signature`, when Polar sent it) only
 * orders the keys, so that a genuine delivery usually costs one HMAC.
 */
export function hmacKeysForSecret(secret: string, usesStandardSignature?: boolean): readonly Buffer[] {
	const { legacy, standard, standardLikely } = keyBytesOf(secret);
	return inOrder(orderings(legacy, standard, standardLikely), usesStandardSignature);
}

/**
 * The keys of `hmacKeysForSecret` as KeyObjects, cached per secret: deriving them is a measurable part of
 * verifying a small delivery, a trigger sees the same secret each time, and an HMAC keyed with a KeyObject
 * starts faster than one keyed with bytes.
 */
function cachedHmacKeys(secret: string, usesStandardSignature: boolean | undefined): readonly KeyObject[] {
	let keys = keyCache.get(secret);
	if (!keys) {
		const { legacy, standard, standardLikely } = keyBytesOf(secret);
		keys = orderings(createSecretKey(legacy), standard && createSecretKey(standard), standardLikely);
		if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
		keyCache.set(secret, keys);
	}
	return inOrder(keys, usesStandardSignature);
}

interface KeyOrderings<Key> {
	standardFirst: readonly Key[];
	legacyFirst: readonly Key[];
	/** Ordered by the secret's shape: standard first for `whsec_` + base64 of 32 bytes. */
	likelyFirst: readonly Key[];
}

const keyCache = new Map<string, KeyOrderings<KeyObject>>();
const KEY_CACHE_SIZE = 256;

function orderings<Key>(legacyKey: Key, standardKey: Key | undefined, standardLikely: boolean): KeyOrderings<Key> {
	if (standardKey === undefined) {
		const only = [legacyKey];
		return { standardFirst: only, legacyFirst: only, likelyFirst: only };
	}
	const standardFirst = [standardKey, legacyKey];
	const legacyFirst = [legacyKey, standardKey];
	return { standardFirst, legacyFirst, likelyFirst: standardLikely ? standardFirst : legacyFirst };
}

function inOrder<Key>(keys: KeyOrderings<Key>, usesStandardSignature: boolean | undefined): readonly Key[] {
	if (usesStandardSignature === undefined) return keys.likelyFirst;
	return usesStandardSignature ? keys.standardFirst : keys.legacyFirst;
}

function keyBytesOf(secret: string): { legacy: Buffer; standard: Buffer | undefined; standardLikely: boolean } {
	return {
		legacy: Buffer.from(secret, 'utf8'),
		standard: standardKeyOf(secret),
		// `whsec_` + base64 of 32 bytes: what every standard secret looks like.
		standardLikely: secret.startsWith(STANDARD_SECRET_PREFIX) && secret.length - STANDARD_SECRET_PREFIX.length === 44,
	};
}

function standardKeyOf(secret: string): Buffer | undefined {
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

const VALID: VerificationResult = Object.freeze({ valid: true });

/**
 * Standard Webhooks verification of one delivery: the signature of `${id}.${timestamp}.${body}` under any
 * of the secret's keys must equal any of the `v1` entries (constant-time), and the timestamp must be
 * within the tolerance of `nowSeconds`, in either direction.
 *
 * Signatures are compared as base64 text, as Standard Webhooks' own libraries do: the expected one is
 * canonical, so an entry in any other spelling (bad alphabet, other padding bits) cannot match. Keeping
 * the digest as text also spares a Buffer per HMAC and a decode per entry, a third of the cost for a
 * typical 1 KB delivery (see bench/README.md).
 */
export function verifyPolarSignature(
	delivery: SignedDelivery,
	secret: string,
	options: { nowSeconds: number; usesStandardSignature?: boolean; toleranceSeconds?: number },
): VerificationResult {
	const { id, timestamp, signature, rawBody } = delivery;
	if (!isNonEmptyString(id)) return invalid('Missing webhook-id header');
	if (!isNonEmptyString(timestamp)) return invalid('Missing webhook-timestamp header');
	if (!isNonEmptyString(signature)) return invalid('Missing webhook-signature header');
	if (!rawBody) return invalid('Missing request body');
	if (!secret) return invalid('No signing secret stored for this trigger');

	const seconds = parseUnixSeconds(timestamp);
	if (seconds === undefined) return invalid('Malformed webhook-timestamp header');
	const tolerance = options.toleranceSeconds ?? TIMESTAMP_TOLERANCE_SECONDS;
	if (Math.abs(options.nowSeconds - seconds) > tolerance) {
		return invalid('Webhook timestamp is outside the allowed window');
	}

	const candidates = v1Signatures(signature);
	if (candidates.length === 0) return invalid('No v1 signature in webhook-signature header');

	const signedPrefix = `${id}.${timestamp}.`;
	for (const key of cachedHmacKeys(secret, options.usesStandardSignature)) {
		const expected = createHmac('sha256', key).update(signedPrefix, 'utf8').update(rawBody).digest('base64');
		// Compare against every entry, so the time taken does not reveal which one matched.
		let matched = false;
		for (const candidate of candidates) matched = equalInConstantTime(expected, candidate) || matched;
		if (matched) return VALID;
	}
	return invalid('Invalid webhook signature');
}

/** Digits only (no sign, no exponent, no spaces), at most 12 of them. */
function parseUnixSeconds(value: string): number | undefined {
	if (value.length > MAX_TIMESTAMP_DIGITS) return undefined;
	let seconds = 0;
	for (let i = 0; i < value.length; i++) {
		const digit = value.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return undefined;
		seconds = seconds * 10 + digit;
	}
	return seconds;
}

/** The base64 part of each `v1` entry of a `webhook-signature` header; other versions and junk are ignored. */
function v1Signatures(header: string): string[] {
	// Polar sends one entry: skip the split for it.
	if (header.length === SIGNATURE_ENTRY_LENGTH) {
		return header.startsWith(SIGNATURE_VERSION_PREFIX) ? [header.slice(SIGNATURE_VERSION_PREFIX.length)] : [];
	}
	const signatures: string[] = [];
	for (const entry of header.split(' ')) {
		if (entry.length === SIGNATURE_ENTRY_LENGTH && entry.startsWith(SIGNATURE_VERSION_PREFIX)) {
			signatures.push(entry.slice(SIGNATURE_VERSION_PREFIX.length));
		}
	}
	return signatures;
}

/** Time depends on the (public, fixed) length only, never on where the strings differ. */
function equalInConstantTime(expected: string, candidate: string): boolean {
	if (expected.length !== candidate.length) return false;
	let difference = 0;
	for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ candidate.charCodeAt(i);
	return difference === 0;
}

function isNonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0;
}

function invalid(reason: string): VerificationResult {
	return { valid: false, reason };
}
