import { PolarStandIn } from '../../tools/polar-stand-in/server';
import { validateBody } from '../../tools/polar-stand-in/validation';
import { request } from './test-helpers';

const PRODUCT = '1dbfc517-0bbf-4301-9ba8-555ca42b9737';

describe('request validation against the document (pydantic-shaped errors)', () => {
	it('a discriminated union: the tag picks the variant and goes into loc; a missing or unknown tag says so', () => {
		const prices = (price: unknown) =>
			validateBody('CheckoutProductsCreate', {
				products: [PRODUCT],
				prices: { [PRODUCT]: [price] },
			});
		expect(prices({ amount_type: 'fixed' })).toEqual([
			{
				type: 'missing',
				loc: ['body', 'prices', PRODUCT, 0, 'fixed', 'price_amount'],
				msg: 'Field required',
				input: { amount_type: 'fixed' },
			},
		]);
		expect(prices({ price_amount: 100 })[0]).toMatchObject({
			type: 'union_tag_not_found',
			msg: "Unable to extract tag using discriminator 'amount_type'",
		});
		expect(prices({ amount_type: 'bogus' })[0]).toMatchObject({
			type: 'union_tag_invalid',
			msg: "Input tag 'bogus' found using 'amount_type' does not match any of the expected tags: 'custom', 'fixed', 'metered_unit', 'seat_based'",
		});
		expect(prices({ amount_type: 'fixed', price_amount: 0 })).toEqual([]);
	});

	it('a union without a discriminator: a literal field (or its default) picks the variant, else the closest ones', () => {
		expect(validateBody('CustomerCreate', { email: 'a@example.com' })).toEqual([]);
		expect(validateBody('CustomerCreate', { type: 'team' })).toEqual([]);
		expect(validateBody('CustomerCreate', { type: 'individual' })).toEqual([
			{
				type: 'missing',
				loc: ['body', 'email'],
				msg: 'Field required',
				input: { type: 'individual' },
			},
		]);
		expect(validateBody('CustomerCreate', [])).toEqual([
			expect.objectContaining({ type: 'model_attributes_type', loc: ['body'] }),
		]);
	});

	it('maps (metadata): key length, value types, at most 50 entries; number bounds', () => {
		const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
		expect(
			validateBody('RefundCreate', { order_id: PRODUCT, reason: 'other', amount: 1, metadata })[0],
		).toMatchObject({
			type: 'too_long',
			loc: ['body', 'metadata'],
			msg: 'Dictionary should have at most 50 items after validation, not 51',
		});
		expect(
			validateBody('RefundCreate', {
				order_id: PRODUCT,
				reason: 'other',
				amount: 1.5,
				metadata: { '': 'x' },
			}),
		).toEqual([
			expect.objectContaining({ type: 'int_from_float', loc: ['body', 'amount'] }),
			expect.objectContaining({ type: 'string_too_short', loc: ['body', 'metadata', '', '[key]'] }),
		]);
		expect(
			validateBody('CheckoutProductsCreate', {
				products: [PRODUCT],
				trial_interval_count: 1001,
			})[0],
		).toMatchObject({ type: 'less_than_equal', msg: 'Input should be less than or equal to 1000' });
	});

	it('webhook routes answer 422 with "error": "RequestValidationError" too, as the real server does', async () => {
		const polar = await PolarStandIn.start();
		try {
			const answer = await request(polar.url, 'POST', '/v1/webhooks/endpoints', { body: {} });
			expect(answer.status).toBe(422);
			expect(answer.json).toMatchObject({
				error: 'RequestValidationError',
				detail: expect.any(Array),
			});
		} finally {
			await polar.close();
		}
	});
});
