import type { IDataObject } from 'n8n-workflow';

import type { RecordShape } from './output';

/**
 * The records the node outputs, one shape each: Polar's top-level fields (for Selected Fields) and the
 * simplified view. Simplified views keep Polar's field names, except amounts, which end in `_cents` because
 * Polar's are integers in the currency's minor unit (2900 is 29.00), and embedded objects, which give the few
 * fields a workflow reads from them (`customer_email`, `product_name`).
 */

type Fields = IDataObject;

function object(value: unknown): Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Fields)
		: {};
}

function objects(value: unknown): Fields[] {
	return Array.isArray(value) ? value.map(object) : [];
}

function pick(record: Fields, names: readonly string[]): Fields {
	const picked: Fields = {};
	for (const name of names) picked[name] = record[name] ?? null;
	return picked;
}

/** `amount` → `amount_cents`, for each name. */
function cents(record: Fields, names: readonly string[]): Fields {
	const renamed: Fields = {};
	for (const name of names) renamed[`${name}_cents`] = record[name] ?? null;
	return renamed;
}

const CUSTOMER_FIELDS = [
	'id',
	'created_at',
	'modified_at',
	'metadata',
	'external_id',
	'email',
	'email_verified',
	'type',
	'name',
	'billing_name',
	'billing_address',
	'tax_id',
	'locale',
	'organization_id',
	'default_payment_method_id',
	'deleted_at',
	'first_user_event_at',
	'avatar_url',
] as const;

function simpleCustomer(customer: Fields): Fields {
	return pick(customer, [
		'id',
		'external_id',
		'email',
		'name',
		'type',
		'locale',
		'created_at',
		'deleted_at',
		'metadata',
	]);
}

export const CUSTOMER: RecordShape = {
	noun: 'customer',
	fields: CUSTOMER_FIELDS,
	simplify: simpleCustomer,
};

/**
 * The state answers "what may this customer use now": besides the active subscriptions, granted benefits and
 * meters, the IDs of their products and benefits, so that an IF node can test membership directly.
 */
export const CUSTOMER_STATE: RecordShape = {
	noun: 'customer state',
	fields: [...CUSTOMER_FIELDS, 'active_subscriptions', 'granted_benefits', 'active_meters'],
	simplify: (state) => {
		const subscriptions = objects(state.active_subscriptions);
		const benefits = objects(state.granted_benefits);
		return {
			...simpleCustomer(state),
			active_product_ids: subscriptions.map((subscription) => subscription.product_id),
			granted_benefit_ids: benefits.map((grant) => grant.benefit_id),
			active_subscriptions: subscriptions.map((subscription) => ({
				...pick(subscription, ['id', 'product_id', 'status']),
				...cents(subscription, ['amount']),
				...pick(subscription, [
					'currency',
					'recurring_interval',
					'current_period_end',
					'cancel_at_period_end',
					'ends_at',
					'metadata',
				]),
			})),
			granted_benefits: benefits.map((grant) =>
				pick(grant, ['id', 'benefit_id', 'benefit_type', 'granted_at', 'benefit_metadata']),
			),
			active_meters: objects(state.active_meters).map((meter) =>
				pick(meter, ['meter_id', 'consumed_units', 'credited_units', 'balance']),
			),
		};
	},
};

export const SUBSCRIPTION: RecordShape = {
	noun: 'subscription',
	fields: [
		'created_at',
		'modified_at',
		'id',
		'amount',
		'currency',
		'recurring_interval',
		'recurring_interval_count',
		'status',
		'current_period_start',
		'current_period_end',
		'current_meter_period_start',
		'current_meter_period_end',
		'trial_start',
		'trial_end',
		'cancel_at_period_end',
		'canceled_at',
		'started_at',
		'ends_at',
		'ended_at',
		'past_due_at',
		'pause_at_period_end',
		'paused_at',
		'resumes_at',
		'customer_id',
		'product_id',
		'discount_id',
		'checkout_id',
		'seats',
		'customer_cancellation_reason',
		'customer_cancellation_comment',
		'metadata',
		'custom_field_data',
		'customer',
		'product',
		'discount',
		'prices',
		'meters',
		'pending_update',
	],
	simplify: (subscription) => {
		const customer = object(subscription.customer);
		return {
			...pick(subscription, ['id', 'status']),
			customer_id: subscription.customer_id ?? null,
			customer_email: customer.email ?? null,
			customer_external_id: customer.external_id ?? null,
			product_id: subscription.product_id ?? null,
			product_name: object(subscription.product).name ?? null,
			...cents(subscription, ['amount']),
			...pick(subscription, [
				'currency',
				'recurring_interval',
				'current_period_start',
				'current_period_end',
				'cancel_at_period_end',
				'canceled_at',
				'ends_at',
				'ended_at',
				'started_at',
				'created_at',
				'customer_cancellation_reason',
				'metadata',
			]),
		};
	},
};

export const ORDER: RecordShape = {
	noun: 'order',
	fields: [
		'id',
		'created_at',
		'modified_at',
		'status',
		'paid',
		'subtotal_amount',
		'discount_amount',
		'net_amount',
		'tax_amount',
		'total_amount',
		'applied_balance_amount',
		'due_amount',
		'refunded_amount',
		'refunded_tax_amount',
		'currency',
		'billing_reason',
		'billing_name',
		'billing_address',
		'invoice_number',
		'is_invoice_generated',
		'receipt_number',
		'seats',
		'customer_id',
		'product_id',
		'discount_id',
		'subscription_id',
		'checkout_id',
		'next_payment_attempt_at',
		'metadata',
		'custom_field_data',
		'platform_fee_amount',
		'platform_fee_currency',
		'customer',
		'product',
		'discount',
		'subscription',
		'items',
		'description',
		'refundable_amount',
		'refundable_tax_amount',
	],
	simplify: (order) => {
		const customer = object(order.customer);
		return {
			...pick(order, ['id', 'created_at', 'status', 'paid', 'billing_reason', 'description']),
			...pick(order, ['currency']),
			...cents(order, [
				'subtotal_amount',
				'discount_amount',
				'tax_amount',
				'total_amount',
				'refunded_amount',
				'refundable_amount',
			]),
			customer_id: order.customer_id ?? null,
			customer_email: customer.email ?? null,
			customer_external_id: customer.external_id ?? null,
			product_id: order.product_id ?? null,
			product_name: object(order.product).name ?? null,
			...pick(order, ['subscription_id', 'invoice_number', 'is_invoice_generated', 'metadata']),
		};
	},
};

export const PRODUCT: RecordShape = {
	noun: 'product',
	fields: [
		'id',
		'created_at',
		'modified_at',
		'trial_interval',
		'trial_interval_count',
		'name',
		'description',
		'visibility',
		'recurring_interval',
		'recurring_interval_count',
		'meter_interval',
		'meter_interval_count',
		'is_recurring',
		'is_archived',
		'organization_id',
		'metadata',
		'prices',
		'benefits',
		'medias',
		'attached_custom_fields',
	],
	simplify: (product) => ({
		...pick(product, [
			'id',
			'name',
			'description',
			'is_recurring',
			'recurring_interval',
			'is_archived',
			'visibility',
		]),
		prices: objects(product.prices).map((price) => ({
			...pick(price, ['id', 'amount_type']),
			currency: price.price_currency ?? null,
			...cents({ price_amount: price.price_amount }, ['price_amount']),
		})),
		benefit_ids: objects(product.benefits).map((benefit) => benefit.id),
		...pick(product, ['created_at', 'metadata']),
	}),
};

export const CHECKOUT: RecordShape = {
	noun: 'checkout session',
	fields: [
		'id',
		'created_at',
		'modified_at',
		'custom_field_data',
		'payment_processor',
		'status',
		'client_secret',
		'url',
		'expires_at',
		'success_url',
		'return_url',
		'embed_origin',
		'amount',
		'seats',
		'min_seats',
		'max_seats',
		'discount_amount',
		'net_amount',
		'tax_amount',
		'tax_behavior',
		'total_amount',
		'currency',
		'allow_trial',
		'active_trial_interval',
		'active_trial_interval_count',
		'trial_end',
		'organization_id',
		'product_id',
		'product_price_id',
		'discount_id',
		'allow_discount_codes',
		'require_billing_address',
		'is_discount_applicable',
		'is_free_product_price',
		'is_payment_required',
		'is_payment_setup_required',
		'is_payment_form_required',
		'customer_id',
		'is_business_customer',
		'customer_name',
		'customer_email',
		'customer_ip_address',
		'customer_billing_name',
		'customer_billing_address',
		'customer_tax_id',
		'locale',
		'payment_method_type',
		'payment_processor_metadata',
		'billing_address_fields',
		'trial_interval',
		'trial_interval_count',
		'metadata',
		'external_customer_id',
		'products',
		'product',
		'product_price',
		'prices',
		'discount',
		'subscription_id',
		'attached_custom_fields',
		'customer_metadata',
	],
	simplify: (checkout) => ({
		...pick(checkout, ['id', 'url', 'status', 'expires_at', 'product_id']),
		product_ids: objects(checkout.products).map((product) => product.id),
		...pick(checkout, ['currency']),
		...cents(checkout, ['amount', 'discount_amount', 'tax_amount', 'total_amount']),
		...pick(checkout, [
			'customer_id',
			'external_customer_id',
			'customer_email',
			'customer_name',
			'success_url',
			'created_at',
			'metadata',
		]),
	}),
};

export const BENEFIT_GRANT: RecordShape = {
	noun: 'benefit grant',
	fields: [
		'created_at',
		'modified_at',
		'id',
		'granted_at',
		'is_granted',
		'revoked_at',
		'is_revoked',
		'subscription_id',
		'order_id',
		'customer_id',
		'member_id',
		'benefit_id',
		'error',
		'customer',
		'member',
		'benefit',
		'properties',
	],
	simplify: (grant) => {
		const customer = object(grant.customer);
		const benefit = object(grant.benefit);
		return {
			...pick(grant, ['id', 'customer_id']),
			customer_email: customer.email ?? null,
			customer_external_id: customer.external_id ?? null,
			benefit_id: grant.benefit_id ?? null,
			benefit_type: benefit.type ?? null,
			benefit_description: benefit.description ?? null,
			...pick(grant, [
				'is_granted',
				'is_revoked',
				'granted_at',
				'revoked_at',
				'subscription_id',
				'order_id',
			]),
		};
	},
};

export const CUSTOMER_METER: RecordShape = {
	noun: 'customer meter',
	fields: [
		'id',
		'created_at',
		'modified_at',
		'customer_id',
		'meter_id',
		'consumed_units',
		'credited_units',
		'balance',
		'customer',
		'meter',
	],
	simplify: (customerMeter) => {
		const customer = object(customerMeter.customer);
		return {
			...pick(customerMeter, ['id', 'customer_id']),
			customer_email: customer.email ?? null,
			customer_external_id: customer.external_id ?? null,
			meter_id: customerMeter.meter_id ?? null,
			meter_name: object(customerMeter.meter).name ?? null,
			...pick(customerMeter, ['consumed_units', 'credited_units', 'balance', 'modified_at']),
		};
	},
};

/** A license key that validated (Validate outputs `{ valid: false, reason }` for one that did not). */
export const VALIDATED_LICENSE_KEY: RecordShape = {
	noun: 'license key',
	fields: [
		'id',
		'created_at',
		'modified_at',
		'organization_id',
		'customer_id',
		'customer',
		'benefit_id',
		'key',
		'display_key',
		'status',
		'limit_activations',
		'usage',
		'limit_usage',
		'validations',
		'last_validated_at',
		'expires_at',
		'activation',
	],
	simplify: (licenseKey) => ({
		...pick(licenseKey, ['id', 'display_key', 'status', 'customer_id']),
		customer_email: object(licenseKey.customer).email ?? null,
		...pick(licenseKey, [
			'benefit_id',
			'usage',
			'limit_usage',
			'validations',
			'limit_activations',
			'expires_at',
		]),
		activation_id: object(licenseKey.activation).id ?? null,
	}),
};

export const LICENSE_KEY_ACTIVATION: RecordShape = {
	noun: 'activation',
	fields: ['id', 'license_key_id', 'label', 'meta', 'created_at', 'modified_at', 'license_key'],
	simplify: (activation) => {
		const licenseKey = object(activation.license_key);
		return {
			activation_id: activation.id ?? null,
			...pick(activation, ['label', 'meta', 'license_key_id']),
			display_key: licenseKey.display_key ?? null,
			status: licenseKey.status ?? null,
			limit_activations: licenseKey.limit_activations ?? null,
			...pick(activation, ['created_at']),
		};
	},
};

export const CUSTOMER_SESSION: RecordShape = {
	noun: 'customer portal session',
	fields: [
		'created_at',
		'modified_at',
		'id',
		'token',
		'expires_at',
		'return_url',
		'customer_portal_url',
		'customer_id',
		'customer',
	],
	simplify: (session) => ({
		...pick(session, ['customer_portal_url', 'expires_at', 'customer_id']),
		customer_email: object(session.customer).email ?? null,
		...pick(session, ['return_url']),
	}),
};
