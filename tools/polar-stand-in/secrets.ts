/**
 * Webhook endpoint secrets and delivery signatures, in Polar's two schemes.
 *
 * - standard (from 2026-09-08 and on every reset): `whsec_` + base64(32 random bytes);
 *   HMAC key = base64-decode of the part after `whsec_` (plain Standard Webhooks).
 * - legacy (`polar_whs_` + 43 base62, or `whsec_` + 43 base62/base64url chars):
 *   HMAC key = the UTF-8 bytes of the WHOLE secret, prefix included.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export type SecretScheme = 'standard' | 'legacy-polar_whs' | 'legacy-whsec';

export const SECRET_SCHEMES: readonly SecretScheme[] = ['standard', 'legacy-polar_whs', 'legacy-whsec'];

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

/** The HMAC key bytes a scheme derives from a secret. */
export function signingKey(secret: string, scheme: SecretScheme): Buffer {
  if (scheme === 'standard') return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return Buffer.from(secret, 'utf8');
}

/** A `standardwebhooks` signer that uses the key of the scheme. */
export function webhookFor(secret: string, scheme: SecretScheme): Webhook {
  if (scheme === 'standard') return new Webhook(secret);
  // Polar's old SDK: base64-encode the whole secret and hand it to standardwebhooks -> key = UTF-8 bytes.
  return new Webhook(Buffer.from(secret, 'utf8').toString('base64'));
}

/**
 * The `webhook-signature` entry (`v1,<base64>`) for `${id}.${timestamp}.${body}`.
 * @param timestamp unix seconds
 */
export function signDelivery(secret: string, scheme: SecretScheme, id: string, timestamp: number, body: string): string {
  return webhookFor(secret, scheme).sign(id, new Date(timestamp * 1000), body);
}
