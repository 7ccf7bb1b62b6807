import { createHmac, randomBytes } from 'node:crypto';

import {
	TIMESTAMP_TOLERANCE_SECONDS,
	hmacKeysForSecret,
	verifyPolarSignature,
} from '../../../nodes/PolarTrigger/signature';
import { withPaddingBitsSet } from '../../helpers/hostileDeliveries';
import {
	keyDerivationOfSecret,
	sign,
	signedDelivery,
	webhookFor,
} from '../../../tools/polar-stand-in/signing';
import { secretShapes } from '../../helpers/secretShapes';

const NOW = 1_790_000_000;
const payload = {
	type: 'order.paid',
	timestamp: '2026-09-21T14:03:13.027741Z',
	api_version: '2026-10',
	data: {
		id: '9f1c2d3e-1111-4222-8333-444455556666',
		total_amount: 2900,
		currency: 'usd',
		note: 'Grüße ✓',
	},
};

function verify(
	request: { headers: Record<string, string>; rawBody: Buffer | undefined },
	secret: string,
	options: { nowSeconds?: number; usesStandardSignature?: boolean } = {},
) {
	return verifyPolarSignature(
		{
			id: request.headers['webhook-id'],
			timestamp: request.headers['webhook-timestamp'],
			signature: request.headers['webhook-signature'],
			rawBody: request.rawBody,
		},
		secret,
		{ nowSeconds: options.nowSeconds ?? NOW, usesStandardSignature: options.usesStandardSignature },
	);
}

const shapes = Object.entries(secretShapes);

describe('hmacKeysForSecret', () => {
	it('gives only the UTF-8 bytes of the whole secret for polar_whs_ secrets', () => {
		const secret = secretShapes.polarWhs();
		expect(hmacKeysForSecret(secret)).toEqual([Buffer.from(secret, 'utf8')]);
	});

	it('gives the base64-decoded remainder first, then the legacy key, for standard whsec_ secrets', () => {
		const raw = randomBytes(32);
		const secret = `whsec_${raw.toString('base64')}`;
		expect(hmacKeysForSecret(secret)).toEqual([raw, Buffer.from(secret, 'utf8')]);
	});

	it('gives both keys for whsec_ + 43 characters, legacy first, since the string alone cannot tell', () => {
		const secret = `whsec_${'A'.repeat(42)}B`;
		const keys = hmacKeysForSecret(secret);
		expect(keys).toHaveLength(2);
		expect(keys[0]).toEqual(Buffer.from(secret, 'utf8'));
		expect(keys[1]).toEqual(Buffer.from(secret.slice(6), 'base64'));
	});

	it("orders by the endpoint's uses_standard_webhook_signature when known", () => {
		const secret = secretShapes.whsecStandard();
		expect(hmacKeysForSecret(secret, false)[0]).toEqual(Buffer.from(secret, 'utf8'));
		expect(hmacKeysForSecret(secret, true)[0]).toEqual(Buffer.from(secret.slice(6), 'base64'));
	});

	it('does not invent a standard key from a remainder that is not base64', () => {
		expect(hmacKeysForSecret('whsec_abc-def_ghi')).toHaveLength(1);
		expect(hmacKeysForSecret('whsec_')).toHaveLength(1);
		expect(hmacKeysForSecret('whsec_A')).toHaveLength(1);
	});
});

describe('verifyPolarSignature against the standardwebhooks reference', () => {
	it.each(shapes)(
		'accepts a %s secret signed the way Polar signs it, as the reference library does',
		(_, make) => {
			const secret = make();
			const now = Math.floor(Date.now() / 1000);
			const request = signedDelivery(secret, payload, { timestampSeconds: now });
			expect(() =>
				webhookFor(secret, keyDerivationOfSecret(secret)).verify(
					request.rawBody.toString(),
					request.headers,
				),
			).not.toThrow();
			expect(verify(request, secret, { nowSeconds: now })).toEqual({ valid: true });
		},
	);

	it.each(shapes)(
		'accepts a %s secret whatever the uses_standard_webhook_signature hint says',
		(_, make) => {
			const secret = make();
			const request = signedDelivery(secret, payload, { timestampSeconds: NOW });
			expect(verify(request, secret, { usesStandardSignature: true })).toEqual({ valid: true });
			expect(verify(request, secret, { usesStandardSignature: false })).toEqual({ valid: true });
		},
	);

	it('accepts a standard-format secret signed with the legacy key (secrets of either age verify)', () => {
		const secret = secretShapes.whsecStandard();
		const request = signedDelivery(secret, payload, { timestampSeconds: NOW, scheme: 'legacy' });
		expect(verify(request, secret)).toEqual({ valid: true });
	});

	it.each(shapes)(
		'refuses a %s delivery signed with another secret of the same shape',
		(_, make) => {
			const request = signedDelivery(make(), payload, { timestampSeconds: NOW });
			expect(verify(request, make())).toEqual({
				valid: false,
				reason: 'Invalid webhook signature',
			});
		},
	);

	it('refuses the classic mistakes: legacy secret keyed without its prefix, or base64-decoded', () => {
		const secret = secretShapes.polarWhs();
		const body = JSON.stringify(payload);
		const id = 'msg_mistake';
		const content = `${id}.${NOW}.${body}`;
		const wrongKeys = [
			Buffer.from(secret.slice('polar_whs_'.length), 'utf8'),
			Buffer.from(secret.slice('polar_whs_'.length), 'base64'),
			Buffer.from(secret, 'base64'),
		];
		for (const key of wrongKeys) {
			const signature = `v1,${createHmac('sha256', key).update(content).digest('base64')}`;
			const request = {
				headers: {
					'webhook-id': id,
					'webhook-timestamp': String(NOW),
					'webhook-signature': signature,
				},
				rawBody: Buffer.from(body),
			};
			expect(verify(request, secret).valid).toBe(false);
		}
	});

	it('accepts when any of several space-separated signatures matches', () => {
		const secret = secretShapes.whsecStandard();
		const request = signedDelivery(secret, payload, { timestampSeconds: NOW });
		const other = sign(
			secretShapes.whsecStandard(),
			'standard',
			request.headers['webhook-id'],
			NOW,
			request.rawBody,
		);
		for (const header of [
			`${other} ${request.headers['webhook-signature']}`,
			`${request.headers['webhook-signature']} ${other}`,
			`v2,${request.headers['webhook-signature'].slice(3)} garbage ${request.headers['webhook-signature']}`,
		]) {
			expect(
				verify(
					{ ...request, headers: { ...request.headers, 'webhook-signature': header } },
					secret,
				),
			).toEqual({
				valid: true,
			});
		}
	});

	it('refuses when no entry matches, even among many', () => {
		const secret = secretShapes.whsecStandard();
		const request = signedDelivery(secret, payload, { timestampSeconds: NOW });
		const forged = Array.from({ length: 5 }, () => `v1,${randomBytes(32).toString('base64')}`).join(
			' ',
		);
		expect(
			verify({ ...request, headers: { ...request.headers, 'webhook-signature': forged } }, secret)
				.valid,
		).toBe(false);
	});

	it('refuses a valid signature under another version prefix', () => {
		const secret = secretShapes.whsecStandard();
		const request = signedDelivery(secret, payload, { timestampSeconds: NOW });
		const v1a = request.headers['webhook-signature'].replace(/^v1,/, 'v1a,');
		expect(
			verify({ ...request, headers: { ...request.headers, 'webhook-signature': v1a } }, secret),
		).toEqual({
			valid: false,
			reason: 'No v1 signature in webhook-signature header',
		});
	});

	it.each(shapes)(
		'refuses the right digest in non-canonical base64, as standardwebhooks does (%s)',
		(_, make) => {
			const secret = make();
			const now = Math.floor(Date.now() / 1000);
			const request = signedDelivery(secret, payload, { timestampSeconds: now });
			const genuine = request.headers['webhook-signature'];
			const respelled = `v1,${withPaddingBitsSet(genuine.slice(3))}`;
			expect(respelled).not.toBe(genuine);
			expect(Buffer.from(respelled.slice(3), 'base64')).toEqual(
				Buffer.from(genuine.slice(3), 'base64'),
			);
			const headers = { ...request.headers, 'webhook-signature': respelled };

			expect(verify({ ...request, headers }, secret, { nowSeconds: now })).toEqual({
				valid: false,
				reason: 'Invalid webhook signature',
			});
			const library = webhookFor(secret, keyDerivationOfSecret(secret));
			expect(() => library.verify(request.rawBody.toString(), request.headers)).not.toThrow();
			expect(() => library.verify(request.rawBody.toString(), headers)).toThrow(
				'No matching signature found',
			);
		},
	);

	describe('tampering', () => {
		const secret = secretShapes.whsecStandard();
		const request = signedDelivery(secret, payload, { timestampSeconds: NOW });

		it('refuses a changed body', () => {
			const body = Buffer.from(request.rawBody.toString().replace('2900', '2'));
			expect(verify({ ...request, rawBody: body }, secret).valid).toBe(false);
		});

		it('refuses a re-serialised body (same JSON, other bytes)', () => {
			const reserialised = Buffer.from(
				JSON.stringify(JSON.parse(request.rawBody.toString()), null, 2),
			);
			expect(verify({ ...request, rawBody: reserialised }, secret).valid).toBe(false);
			const trailingNewline = Buffer.concat([request.rawBody, Buffer.from('\n')]);
			expect(verify({ ...request, rawBody: trailingNewline }, secret).valid).toBe(false);
		});

		it('refuses a changed webhook-id', () => {
			expect(
				verify({ ...request, headers: { ...request.headers, 'webhook-id': 'msg_other' } }, secret)
					.valid,
			).toBe(false);
		});

		it('refuses a changed webhook-timestamp, even inside the window', () => {
			const headers = { ...request.headers, 'webhook-timestamp': String(NOW - 1) };
			expect(verify({ ...request, headers }, secret)).toEqual({
				valid: false,
				reason: 'Invalid webhook signature',
			});
		});
	});

	describe('timestamp window', () => {
		const secret = secretShapes.polarWhs();
		it.each([
			[-299, true],
			[299, true],
			[-TIMESTAMP_TOLERANCE_SECONDS, true],
			[TIMESTAMP_TOLERANCE_SECONDS, true],
			[-301, false],
			[301, false],
			[-86_400, false],
		])('a delivery signed %i s from now is accepted: %s', (offset, accepted) => {
			const request = signedDelivery(secret, payload, { timestampSeconds: NOW + offset });
			const result = verify(request, secret);
			expect(result.valid).toBe(accepted);
			if (!accepted)
				expect(result).toEqual({
					valid: false,
					reason: 'Webhook timestamp is outside the allowed window',
				});
		});

		it.each(['abc', '1.7e9', '-1790000000', ' 1790000000', '1790000000000000', ''])(
			'refuses the malformed timestamp %j',
			(timestamp) => {
				const request = signedDelivery(secret, payload, { timestampSeconds: NOW });
				expect(
					verify(
						{ ...request, headers: { ...request.headers, 'webhook-timestamp': timestamp } },
						secret,
					).valid,
				).toBe(false);
			},
		);
	});

	describe('missing pieces', () => {
		const secret = secretShapes.whsecStandard();
		const request = signedDelivery(secret, payload, { timestampSeconds: NOW });

		it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
			'refuses a delivery without %s',
			(header) => {
				const headers: Record<string, string> = { ...request.headers };
				delete headers[header];
				expect(verify({ ...request, headers }, secret)).toEqual({
					valid: false,
					reason: `Missing ${header} header`,
				});
				expect(
					verify({ ...request, headers: { ...request.headers, [header]: '' } }, secret).valid,
				).toBe(false);
			},
		);

		it('refuses a delivery without a body', () => {
			expect(verify({ ...request, rawBody: undefined }, secret)).toEqual({
				valid: false,
				reason: 'Missing request body',
			});
		});

		it('refuses everything when no secret is stored', () => {
			expect(verify(request, '')).toEqual({
				valid: false,
				reason: 'No signing secret stored for this trigger',
			});
		});

		it('refuses header values that are arrays (repeated headers)', () => {
			const result = verifyPolarSignature(
				{
					id: [request.headers['webhook-id'], request.headers['webhook-id']],
					timestamp: request.headers['webhook-timestamp'],
					signature: request.headers['webhook-signature'],
					rawBody: request.rawBody,
				},
				secret,
				{ nowSeconds: NOW },
			);
			expect(result.valid).toBe(false);
		});
	});
});

describe('hmacKeysForSecret keeps derived keys per secret', () => {
	it('stays correct for many secrets (more than it keeps) and for every hint', () => {
		const secrets = Array.from({ length: 300 }, (_, index) =>
			Object.values(secretShapes)[index % 3](),
		);
		for (const secret of [...secrets, ...secrets.slice(0, 10)]) {
			const request = signedDelivery(secret, payload, { timestampSeconds: NOW });
			for (const hint of [undefined, true, false]) {
				expect(verify(request, secret, { usesStandardSignature: hint })).toEqual({ valid: true });
			}
			expect(verify(request, secrets[(secrets.indexOf(secret) + 1) % secrets.length]).valid).toBe(
				false,
			);
		}
	});
});
