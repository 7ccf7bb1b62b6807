/**
 * The seeded data: a catalog (benefits, a meter, a recurring, a one-time and an archived product) and
 * customers in six recurring situations, so that every behaviour of the action routes has data:
 *
 *   i % 6 = 0  active subscription, paid order, granted benefits, license key (3 activations), meter usage
 *           1  subscription canceled at period end, paid order, granted benefits, meter usage
 *           2  revoked subscription, fully refunded order, revoked benefits and license key
 *           3  one-time purchase, license key that has expired
 *           4  one-time purchase partially refunded, license key with a usage limit and no activations
 *           5  pending (unpaid) one-time order
 *
 * Even-numbered customers have an external ID (`usr_1000`, `usr_1002`...). Customer i was created
 * (count - i) hours ago, so the newest customer is the last one. Same IDs and keys for the same random seed.
 */
import { createBenefitGrant } from './benefitGrants';
import { createCustomer } from './customers';
import { type LicenseKeyInput, createLicenseKey } from './licenseKeys';
import { createCustomerMeter, createMeter } from './meters';
import { organizationRecord } from './organizations';
import { createOrder } from './orders';
import { createBenefit, createProduct } from './products';
import type { ActionStore } from './store';
import { createSubscription } from './subscriptions';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** IDs of the seeded catalog. */
export interface SeedCatalog {
	products: { pro: string; lifetime: string; legacy: string };
	benefits: { licenseKeys: string; support: string };
	meter: string;
}

export function seedCatalog(store: ActionStore): SeedCatalog {
	organizationRecord(store, store.organizationId);
	const created = store.at(-90 * DAY);
	const licenseKeys = createBenefit(store, {
		type: 'license_keys',
		description: 'Pro license key',
		created_at: created,
	});
	const support = createBenefit(store, {
		type: 'custom',
		description: 'Priority support',
		properties: { note: 'Write to support@acme.example, we answer within a day.' },
		created_at: created,
	});
	const meter = createMeter(store, { name: 'API calls', event: 'api_call', created_at: created });
	const pro = createProduct(store, {
		name: 'Pro plan',
		description: 'Every premium feature, billed monthly.',
		recurring_interval: 'month',
		price_amount: 1900,
		benefits: [licenseKeys.id, support.id],
		metadata: { tier: 'pro' },
		created_at: created,
	});
	const lifetime = createProduct(store, {
		name: 'Lifetime license',
		description: 'One payment, updates forever.',
		recurring_interval: null,
		price_amount: 14900,
		benefits: [licenseKeys.id],
		metadata: { tier: 'lifetime' },
		created_at: store.at(-89 * DAY),
	});
	const legacy = createProduct(store, {
		name: 'Starter (legacy)',
		recurring_interval: 'year',
		price_amount: 9900,
		is_archived: true,
		benefits: [support.id],
		created_at: store.at(-88 * DAY),
	});
	return {
		products: { pro: pro.id, lifetime: lifetime.id, legacy: legacy.id },
		benefits: { licenseKeys: licenseKeys.id, support: support.id },
		meter: meter.id,
	};
}

export function seedCustomers(store: ActionStore, catalog: SeedCatalog, count: number): void {
	for (let i = 0; i < count; i++) {
		const createdMs = -(count - i) * HOUR;
		const customer = createCustomer(store, {
			created_at: store.at(createdMs),
			external_id: i % 2 === 0 ? `usr_${1000 + i}` : null,
			metadata: { source: 'seed', tier: i % 3 === 0 ? 'gold' : 'standard' },
		});
		const later = (minutes: number): string => store.at(createdMs + minutes * MINUTE);
		const situation = i % 6;
		if (situation <= 2) {
			const subscription = createSubscription(store, {
				customer_id: customer.id,
				product_id: catalog.products.pro,
				status: situation === 2 ? 'canceled' : 'active',
				cancel_at_period_end: situation === 1,
				created_at: later(1),
			});
			const order = createOrder(store, {
				customer_id: customer.id,
				product_id: catalog.products.pro,
				subscription_id: subscription.id,
				status: situation === 2 ? 'refunded' : 'paid',
				created_at: later(1),
			});
			const grantOf = {
				subscription_id: subscription.id,
				order_id: order.id,
				revoked: situation === 2,
			};
			grantLicenseKey(store, catalog, customer.id, later(2), grantOf, {
				status: situation === 2 ? 'revoked' : 'granted',
			});
			createBenefitGrant(store, {
				customer_id: customer.id,
				benefit_id: catalog.benefits.support,
				created_at: later(2),
				...grantOf,
			});
			if (situation < 2)
				createCustomerMeter(store, {
					customer_id: customer.id,
					meter_id: catalog.meter,
					consumed_units: situation === 0 ? 42 : 7,
					created_at: later(3),
				});
			continue;
		}
		const order = createOrder(store, {
			customer_id: customer.id,
			product_id: catalog.products.lifetime,
			status: ['paid', 'partially_refunded', 'pending'][situation - 3],
			created_at: later(1),
		});
		if (situation === 5) continue;
		grantLicenseKey(
			store,
			catalog,
			customer.id,
			later(2),
			{ order_id: order.id },
			situation === 3
				? { expires_at: store.at(-DAY) }
				: { limit_usage: 5, usage: 4, limit_activations: null },
		);
	}
}

/** A license-key benefit grant and the key it gave. */
function grantLicenseKey(
	store: ActionStore,
	catalog: SeedCatalog,
	customerId: string,
	created: string,
	grant: { subscription_id?: string; order_id: string; revoked?: boolean },
	key: Partial<LicenseKeyInput>,
): void {
	const license = createLicenseKey(store, {
		customer_id: customerId,
		benefit_id: catalog.benefits.licenseKeys,
		created_at: created,
		...key,
	});
	createBenefitGrant(store, {
		customer_id: customerId,
		benefit_id: catalog.benefits.licenseKeys,
		created_at: created,
		properties: { license_key_id: license.id, display_key: license.display_key },
		...grant,
	});
}
