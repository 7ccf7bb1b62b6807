import { validateSchema } from '../../tools/polar-stand-in/openapi';
import { DEFAULT_ORGANIZATION_ID, NOT_FOUND_BODY } from '../../tools/polar-stand-in/server';
import { OTHER_ORG, UNKNOWN_ID, useStandIn, validationDetail } from './action-helpers';

type Customer = { id: string; email: string; external_id: string | null; [key: string]: unknown };

describe('customers', () => {
	const context = useStandIn();
	const PERSONAL = 'polar_pat_someone';
	const OTHER = 'polar_oat_other_org';
	beforeAll(() => {
		context.polar.addToken(PERSONAL, {
			kind: 'personal',
			organizationId: DEFAULT_ORGANIZATION_ID,
			scopes: ['customers:write'],
		});
		context.polar.addToken(OTHER, {
			kind: 'organization',
			organizationId: OTHER_ORG,
			scopes: ['customers:write', 'customer_sessions:write'],
		});
	});

	describe('create', () => {
		it('201 Customer; the stored record is what GET answers', async () => {
			const created = await context.call('POST', '/v1/customers/', {
				body: {
					email: 'ada@example.com',
					name: 'Ada Lovelace',
					external_id: 'usr_ada',
					metadata: { plan: 'pro', seats: 3, beta: true },
					billing_address: { country: 'GB', city: 'London' },
				},
			});
			expect(created.status).toBe(201);
			expect(validateSchema('Customer', created.json)).toEqual([]);
			const customer = created.json as Customer;
			expect(customer).toMatchObject({
				email: 'ada@example.com',
				name: 'Ada Lovelace',
				external_id: 'usr_ada',
				type: 'individual',
				organization_id: DEFAULT_ORGANIZATION_ID,
				metadata: { plan: 'pro', seats: 3, beta: true },
				email_verified: false,
				deleted_at: null,
			});
			expect(customer.avatar_url).toMatch(/^https:\/\/www\.gravatar\.com\/avatar\/[0-9a-f]{64}/);
			expect(context.polar.actions.customers.get(customer.id)).toEqual(customer);
			expect((await context.call('GET', `/v1/customers/${customer.id}`)).json).toEqual(customer);
		});

		it('422 "A customer with this email address already exists." (case-insensitive) and the external ID twin, together', async () => {
			const taken = context.polar.actions.customers.list()[0] as Customer;
			const detail = validationDetail(
				await context.call('POST', '/v1/customers/', {
					body: { email: taken.email.toUpperCase(), external_id: taken.external_id },
				}),
			);
			expect(detail).toEqual([
				{
					type: 'value_error',
					loc: ['body', 'email'],
					msg: 'A customer with this email address already exists.',
					input: taken.email.toUpperCase(),
				},
				{
					type: 'value_error',
					loc: ['body', 'external_id'],
					msg: 'A customer with this external ID already exists.',
					input: taken.external_id,
				},
			]);
		});

		it('the same e-mail address is fine in another organization', async () => {
			const taken = context.polar.actions.customers.list()[0] as Customer;
			const answer = await context.call('POST', '/v1/customers/', {
				token: OTHER,
				body: { email: taken.email },
			});
			expect(answer.status).toBe(201);
			expect(answer.json).toMatchObject({ organization_id: OTHER_ORG });
		});

		it('422 for a missing or invalid e-mail, unknown fields, and a body that is not JSON', async () => {
			expect(
				validationDetail(await context.call('POST', '/v1/customers/', { body: { name: 'x' } })),
			).toEqual([
				{ type: 'missing', loc: ['body', 'email'], msg: 'Field required', input: { name: 'x' } },
			]);
			expect(
				validationDetail(
					await context.call('POST', '/v1/customers/', { body: { email: 'nope' } }),
				)[0],
			).toMatchObject({
				type: 'value_error',
				loc: ['body', 'email'],
				msg: 'value is not a valid email address: An email address must have an @-sign.',
			});
			expect(
				validationDetail(
					await context.call('POST', '/v1/customers/', {
						body: { email: 'a@b.co', colour: 'red' },
					}),
				),
			).toEqual([
				{
					type: 'extra_forbidden',
					loc: ['body', 'colour'],
					msg: 'Extra inputs are not permitted',
					input: 'red',
				},
			]);
			expect(
				validationDetail(await context.call('POST', '/v1/customers/', { rawBody: '{"email":' }))[0],
			).toMatchObject({ type: 'json_invalid', msg: 'JSON decode error' });
			expect(
				validationDetail(
					await context.call('POST', '/v1/customers/', {
						body: { email: 'a@b.co', metadata: { ['k'.repeat(41)]: 'v', ok: { nested: true } } },
					}),
				).map((item) => [item.type, item.loc.join('.')]),
			).toEqual(
				expect.arrayContaining([
					['string_too_long', `body.metadata.${'k'.repeat(41)}.[key]`],
					['string_type', 'body.metadata.ok'],
				]),
			);
		});

		it('a team customer: type "team", e-mail optional', async () => {
			const answer = await context.call('POST', '/v1/customers/', {
				body: { type: 'team', name: 'Acme Team' },
			});
			expect(answer.status).toBe(201);
			expect(answer.json).toMatchObject({ type: 'team', email: null, name: 'Acme Team' });
		});

		it('organization_id: refused with an organization token, required (and checked) with a personal token', async () => {
			expect(
				validationDetail(
					await context.call('POST', '/v1/customers/', {
						body: { email: 'x@example.com', organization_id: DEFAULT_ORGANIZATION_ID },
					}),
				),
			).toEqual([
				{
					type: 'organization_token',
					loc: ['body', 'organization_id'],
					msg: 'Setting organization_id is disallowed when using an organization token.',
					input: DEFAULT_ORGANIZATION_ID,
				},
			]);
			expect(
				validationDetail(
					await context.call('POST', '/v1/customers/', {
						token: PERSONAL,
						body: { email: 'x@example.com' },
					}),
				),
			).toEqual([
				{
					type: 'missing',
					loc: ['body', 'organization_id'],
					msg: 'organization_id is required.',
					input: null,
				},
			]);
			expect(
				validationDetail(
					await context.call('POST', '/v1/customers/', {
						token: PERSONAL,
						body: { email: 'x@example.com', organization_id: OTHER_ORG },
					}),
				)[0],
			).toMatchObject({ loc: ['body', 'organization_id'], msg: 'Organization not found.' });
			const ok = await context.call('POST', '/v1/customers/', {
				token: PERSONAL,
				body: { email: 'x@example.com', organization_id: DEFAULT_ORGANIZATION_ID },
			});
			expect(ok.status).toBe(201);
		});

		it('a tax ID needs a billing address (its country)', async () => {
			expect(
				validationDetail(
					await context.call('POST', '/v1/customers/', {
						body: { email: 'tax@example.com', tax_id: 'FR61954506077' },
					}),
				),
			).toEqual([
				{
					type: 'missing',
					loc: ['body', 'billing_address'],
					msg: 'Country is required to validate tax ID.',
					input: null,
				},
			]);
		});
	});

	describe('get and update by ID and by external ID', () => {
		it('GET by external ID, 404 for unknown or other-organization customers, 422 for a non-UUID ID', async () => {
			const customer = context.polar.actions.customers.list()[0] as Customer;
			const external = await context.call('GET', `/v1/customers/external/${customer.external_id}`);
			expect(external.status).toBe(200);
			expect(external.json).toEqual(customer);
			for (const path of [
				`/v1/customers/${UNKNOWN_ID}`,
				'/v1/customers/external/usr_nobody',
				`/v1/customers/external/${encodeURIComponent('team/42')}`,
			]) {
				const answer = await context.call('GET', path);
				expect(answer.status).toBe(404);
			}
			expect((await context.call('GET', `/v1/customers/${UNKNOWN_ID}`)).json).toEqual(
				NOT_FOUND_BODY,
			);
			expect(
				(await context.call('GET', `/v1/customers/${customer.id}`, { token: OTHER })).status,
			).toBe(404);
			expect(validationDetail(await context.call('GET', '/v1/customers/not-a-uuid'))).toEqual([
				{
					type: 'uuid_parsing',
					loc: ['path', 'id'],
					msg: 'Input should be a valid UUID, unable to parse string as a UUID',
					input: 'not-a-uuid',
					ctx: { error: 'invalid UUID' },
				},
			]);
		});

		it('an external ID with characters that need encoding is found when encoded', async () => {
			const added = context.polar.actions.customers.add({ external_id: 'team 42 & co?' });
			const answer = await context.call(
				'GET',
				`/v1/customers/external/${encodeURIComponent('team 42 & co?')}`,
			);
			expect(answer.status).toBe(200);
			expect(answer.json).toMatchObject({ id: added.id });
		});

		it('PATCH by ID updates name, metadata and e-mail (no longer verified), and bumps modified_at', async () => {
			const customer = context.polar.actions.customers.add({ email_verified: true });
			const answer = await context.call('PATCH', `/v1/customers/${customer.id}`, {
				body: { name: 'New Name', email: 'new.address@example.com', metadata: { a: 'b' } },
			});
			expect(answer.status).toBe(200);
			expect(validateSchema('Customer', answer.json)).toEqual([]);
			expect(answer.json).toMatchObject({
				name: 'New Name',
				email: 'new.address@example.com',
				email_verified: false,
				metadata: { a: 'b' },
			});
			expect((answer.json as Customer).modified_at).not.toBeNull();
		});

		it('PATCH by external ID (CustomerUpdateExternalID: no external_id field)', async () => {
			const customer = context.polar.actions.customers.list()[0] as Customer;
			const answer = await context.call('PATCH', `/v1/customers/external/${customer.external_id}`, {
				body: { name: 'Via External' },
			});
			expect(answer.status).toBe(200);
			expect(answer.json).toMatchObject({ id: customer.id, name: 'Via External' });
			expect(
				validationDetail(
					await context.call('PATCH', `/v1/customers/external/${customer.external_id}`, {
						body: { external_id: 'other' },
					}),
				)[0],
			).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'external_id'] });
		});

		it("PATCH refusals with Polar's messages", async () => {
			const [first, second] = context.polar.actions.customers.list() as Customer[];
			const id = (second as Customer).id;
			const patch = (body: Record<string, unknown>) =>
				context.call('PATCH', `/v1/customers/${id}`, { body });
			expect(validationDetail(await patch({ email: (first as Customer).email }))[0]).toMatchObject({
				loc: ['body', 'email'],
				msg: 'A customer with this email address already exists.',
			});
			expect(validationDetail(await patch({ billing_address: null }))[0]).toMatchObject({
				msg: 'Customer billing address cannot be reset to null once set.',
			});
			const withExternal = context.polar.actions.customers.add({ external_id: 'usr_fixed' });
			expect(
				validationDetail(
					await context.call('PATCH', `/v1/customers/${withExternal.id}`, {
						body: { external_id: 'usr_changed' },
					}),
				)[0],
			).toMatchObject({ msg: 'Customer external ID cannot be updated.' });
			const without = context.polar.actions.customers.add();
			expect(
				validationDetail(
					await context.call('PATCH', `/v1/customers/${without.id}`, {
						body: { external_id: 'usr_fixed' },
					}),
				)[0],
			).toMatchObject({ msg: 'A customer with this external ID already exists.' });
			const set = await context.call('PATCH', `/v1/customers/${without.id}`, {
				body: { external_id: 'usr_new' },
			});
			expect(set.json).toMatchObject({ external_id: 'usr_new' });
			expect(
				(await context.call('PATCH', `/v1/customers/${UNKNOWN_ID}`, { body: {} })).status,
			).toBe(404);
		});
	});

	describe('state', () => {
		it('customer + active subscriptions + granted benefits + active meters (CustomerState), by ID and external ID', async () => {
			const seeded = context.polar.actions.customers.list()[0] as Customer;
			const byId = await context.call('GET', `/v1/customers/${seeded.id}/state`);
			expect(byId.status).toBe(200);
			expect(validateSchema('CustomerState', byId.json)).toEqual([]);
			const state = byId.json as {
				active_subscriptions: Array<{ product_id: string; status: string }>;
				granted_benefits: Array<{ benefit_id: string; benefit_type: string }>;
				active_meters: Array<{ meter_id: string; consumed_units: number }>;
			};
			const { catalog } = context.polar.actions;
			expect(state.active_subscriptions).toEqual([
				expect.objectContaining({ product_id: catalog.products.pro, status: 'active' }),
			]);
			expect(state.granted_benefits.map((grant) => grant.benefit_type).sort()).toEqual([
				'custom',
				'license_keys',
			]);
			expect(state.active_meters).toEqual([
				expect.objectContaining({ meter_id: catalog.meter, consumed_units: 42 }),
			]);
			const byExternal = await context.call(
				'GET',
				`/v1/customers/external/${seeded.external_id}/state`,
			);
			expect(byExternal.json).toEqual(byId.json);
		});

		it('a customer without anything has empty lists; a revoked subscription is not active', async () => {
			const revoked = (context.polar.actions.customers.list() as Customer[])[2] as Customer;
			const state = (await context.call('GET', `/v1/customers/${revoked.id}/state`)).json as Record<
				string,
				unknown[]
			>;
			expect(state.active_subscriptions).toEqual([]);
			expect(state.granted_benefits).toEqual([]);
			const fresh = context.polar.actions.customers.add();
			expect((await context.call('GET', `/v1/customers/${fresh.id}/state`)).json).toMatchObject({
				active_subscriptions: [],
				granted_benefits: [],
				active_meters: [],
			});
		});
	});

	describe('customer sessions', () => {
		it('201 CustomerSession with a token and the customer portal URL, by customer_id or external_customer_id', async () => {
			const customer = context.polar.actions.customers.list()[0] as Customer;
			const byId = await context.call('POST', '/v1/customer-sessions/', {
				body: { customer_id: customer.id, return_url: 'https://app.example.com/account' },
			});
			expect(byId.status).toBe(201);
			expect(validateSchema('CustomerSession', byId.json)).toEqual([]);
			const session = byId.json as {
				token: string;
				customer_portal_url: string;
				return_url: string;
			};
			expect(session.token).toMatch(/^polar_cst_[0-9a-f]{40}$/);
			const portal = new URL(session.customer_portal_url);
			expect(portal.origin + portal.pathname).toBe('https://sandbox.polar.sh/acme/portal');
			expect(portal.searchParams.get('customer_session_token')).toBe(session.token);
			expect(portal.searchParams.get('email')).toBe(customer.email);
			expect(session.return_url).toBe('https://app.example.com/account');
			expect(byId.json).toMatchObject({ customer_id: customer.id, customer: { id: customer.id } });

			const byExternal = await context.call('POST', '/v1/customer-sessions/', {
				body: { external_customer_id: customer.external_id },
			});
			expect(byExternal.status).toBe(201);
			expect(byExternal.json).toMatchObject({ customer_id: customer.id });
			expect(context.polar.actions.customerSessions.list()).toHaveLength(2);
		});

		it('422 "Customer does not exist." for unknown or other-organization customers; neither ID is a 422 too', async () => {
			const customer = context.polar.actions.customers.list()[0] as Customer;
			expect(
				validationDetail(
					await context.call('POST', '/v1/customer-sessions/', {
						token: OTHER,
						body: { customer_id: customer.id },
					}),
				),
			).toEqual([
				{
					loc: ['body', 'customer_id'],
					msg: 'Customer does not exist.',
					type: 'value_error',
					input: customer.id,
				},
			]);
			expect(
				validationDetail(
					await context.call('POST', '/v1/customer-sessions/', {
						body: { external_customer_id: 'usr_nobody' },
					}),
				)[0],
			).toMatchObject({ loc: ['body', 'external_customer_id'], msg: 'Customer does not exist.' });
			expect(
				validationDetail(await context.call('POST', '/v1/customer-sessions/', { body: {} })).map(
					(item) => item.loc.join('.'),
				),
			).toEqual(['body.customer_id', 'body.external_customer_id']);
		});
	});
});
