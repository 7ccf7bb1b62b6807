/**
 * Property-based: the verifier accepts exactly what was signed. Messages are signed by the standardwebhooks
 * reference with either of Polar's key schemes; any change to body, id or timestamp must be refused.
 */
import fc from 'fast-check';

import { verifyPolarSignature } from '../../../nodes/PolarTrigger/signature';
import { sign } from '../../../tools/polar-stand-in/signing';
import { secretShapes } from '../../helpers/secretShapes';
import type { KeyDerivation } from '../../../tools/polar-stand-in/signing';

const NOW = 1_790_000_000;
const RUNS = 300;

/** Text that survives UTF-8 round trips unchanged (no lone surrogates), as HTTP bodies and headers do. */
const wellFormed = (constraints: { minLength?: number; maxLength?: number } = {}) =>
	fc
		.string({ unit: 'binary', ...constraints })
		.filter((text) => Buffer.from(text, 'utf8').toString('utf8') === text);
const messageId = fc.string({
	unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'.split('')),
	minLength: 1,
	maxLength: 40,
});
const timestamp = fc.integer({ min: NOW - 300, max: NOW + 300 });
const secretAndScheme = fc.constantFrom<[string, KeyDerivation]>(
	[secretShapes.polarWhs(), 'legacy'],
	[secretShapes.whsec43(), 'legacy'],
	[secretShapes.whsecStandard(), 'standard'],
	[secretShapes.whsecStandard(), 'legacy'],
);
const hint = fc.constantFrom(undefined, true, false);

function verify(
	id: string,
	ts: string,
	signature: string,
	body: string,
	secret: string,
	usesStandardSignature?: boolean,
) {
	return verifyPolarSignature(
		{ id, timestamp: ts, signature, rawBody: Buffer.from(body, 'utf8') },
		secret,
		{ nowSeconds: NOW, usesStandardSignature },
	).valid;
}

describe('verifyPolarSignature properties', () => {
	it('always accepts what was signed, with either key scheme and any hint', () => {
		fc.assert(
			fc.property(
				wellFormed({ maxLength: 2000 }),
				messageId,
				timestamp,
				secretAndScheme,
				hint,
				(body, id, ts, [secret, scheme], usesStandard) => {
					const signature = sign(secret, scheme, id, ts, body);
					return verify(id, String(ts), signature, body, secret, usesStandard);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('never accepts a body that differs from what was signed', () => {
		fc.assert(
			fc.property(
				wellFormed({ maxLength: 500 }),
				wellFormed({ maxLength: 500 }),
				messageId,
				timestamp,
				secretAndScheme,
				(body, otherBody, id, ts, [secret, scheme]) => {
					fc.pre(Buffer.compare(Buffer.from(body), Buffer.from(otherBody)) !== 0);
					const signature = sign(secret, scheme, id, ts, body);
					return !verify(id, String(ts), signature, otherBody, secret);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('never accepts an id that differs from what was signed', () => {
		fc.assert(
			fc.property(
				wellFormed({ maxLength: 200 }),
				messageId,
				messageId,
				timestamp,
				secretAndScheme,
				(body, id, otherId, ts, [secret, scheme]) => {
					fc.pre(id !== otherId);
					const signature = sign(secret, scheme, id, ts, body);
					return !verify(otherId, String(ts), signature, body, secret);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('never accepts a timestamp that differs from what was signed, even inside the window', () => {
		fc.assert(
			fc.property(
				wellFormed({ maxLength: 200 }),
				messageId,
				timestamp,
				timestamp,
				secretAndScheme,
				(body, id, ts, otherTs, [secret, scheme]) => {
					fc.pre(ts !== otherTs);
					const signature = sign(secret, scheme, id, ts, body);
					return !verify(id, String(otherTs), signature, body, secret);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('never accepts a message moved across the id/timestamp/body boundaries', () => {
		// `a.b` + `c` and `a` + `b.c` concatenate alike; the dots in the signed content must not let one pass as the other.
		fc.assert(
			fc.property(
				messageId,
				timestamp,
				wellFormed({ maxLength: 50 }),
				secretAndScheme,
				(id, ts, body, [secret, scheme]) => {
					const signature = sign(secret, scheme, id, ts, body);
					return (
						!verify(`${id}.${ts}`, String(ts), signature, body, secret) &&
						!verify(id, `${ts}`, signature, `.${body}`, secret)
					);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('never accepts a signature made with another secret', () => {
		fc.assert(
			fc.property(
				wellFormed({ maxLength: 200 }),
				messageId,
				timestamp,
				secretAndScheme,
				secretAndScheme,
				(body, id, ts, [secret, scheme], [other]) => {
					fc.pre(secret !== other);
					const signature = sign(secret, scheme, id, ts, body);
					return !verify(id, String(ts), signature, body, other);
				},
			),
			{ numRuns: RUNS },
		);
	});
});
