/** Checkout sessions (`POST /v1/checkouts/`, `GET /v1/checkouts/{id}`) and checkout links (`POST /v1/checkout-links/`). */
import { unprocessable } from '../answers';
import { type FastApiError, valueError } from '../validation';
import type { ActionHandler } from './context';
import { visible } from './context';
import { presentProduct } from './products';
import { pick, shaped } from './shapes';
import type { ActionStore, Fields, ProductRecord } from './store';

const HOUR = 3_600_000;

/** A product as checkouts embed it (`CheckoutProduct`, `CheckoutLinkProduct`): public benefit fields only. */
function embedProduct(store: ActionStore, product: ProductRecord, schemaName: string): Fields {
	const presented = presentProduct(store, product);
	return {
		...pick(presented, schemaName),
		benefits: (presented.benefits as Fields[]).map((benefit) => pick(benefit, 'BenefitPublic')),
	};
}

/** Polar's API host for a frontend host (`sandbox.polar.sh` -> `sandbox-api.polar.sh`). */
function apiBase(frontendUrl: string): string {
	const url = new URL(frontendUrl);
	url.hostname = url.hostname.startsWith('sandbox.')
		? url.hostname.replace(/^sandbox\./, 'sandbox-api.')
		: `api.${url.hostname}`;
	return url.origin;
}

/** The token's unarchived products with these IDs; errors at `field` (and the index, for a list) otherwise. */
function productsAt(
	store: ActionStore,
	organizationId: string,
	ids: string[],
	field: 'products' | 'product_id',
): { products: ProductRecord[] } | { errors: FastApiError[] } {
	const errors: FastApiError[] = [];
	const products: ProductRecord[] = [];
	ids.forEach((raw, index) => {
		const product = store.products.get(raw.toLowerCase());
		if (!product || product.organization_id !== organizationId || product.is_archived)
			errors.push(
				valueError(
					field === 'products' ? ['body', field, index] : ['body', field],
					'Product does not exist.',
					raw,
				),
			);
		else products.push(product);
	});
	return errors.length > 0 ? { errors } : { products };
}

function noDiscount(body: Fields): FastApiError[] {
	return typeof body.discount_id === 'string'
		? [valueError(['body', 'discount_id'], 'Discount does not exist.', body.discount_id)]
		: [];
}

export const createCheckout: ActionHandler = ({ store, subject, body }) => {
	const organizationId = subject.organizationId;
	const found = productsAt(store, organizationId, body.products as string[], 'products');
	const errors = [...('errors' in found ? found.errors : []), ...noDiscount(body)];
	const customerId = typeof body.customer_id === 'string' ? body.customer_id.toLowerCase() : null;
	const customer = customerId ? store.customers.get(customerId) : undefined;
	if (
		customerId &&
		(!customer || customer.organization_id !== organizationId || customer.deleted_at)
	)
		errors.push(valueError(['body', 'customer_id'], 'Customer does not exist.', body.customer_id));
	if (errors.length > 0 || 'errors' in found) return unprocessable(errors);

	const externalId = (body.external_customer_id as string | null | undefined) ?? null;
	const buyer =
		customer ?? (externalId ? store.customerByExternalId(organizationId, externalId) : undefined);
	const [product] = found.products as [ProductRecord];
	const price = product.prices[0];
	const amount = typeof body.amount === 'number' ? body.amount : (price?.price_amount ?? 0);
	const clientSecret = `polar_c_${store.hex(32).toLowerCase()}`;
	const now = store.stamp();
	const checkout = shaped('Checkout', {
		id: store.id(),
		created_at: now,
		modified_at: null,
		custom_field_data: { ...((body.custom_field_data as Fields | undefined) ?? {}) },
		payment_processor: 'stripe',
		status: 'open',
		client_secret: clientSecret,
		url: `${store.frontendUrl}/checkout/${clientSecret}`,
		expires_at: store.at(HOUR),
		success_url:
			(body.success_url as string | null | undefined) ??
			`${store.frontendUrl}/checkout/${clientSecret}/confirmation`,
		return_url: (body.return_url as string | null | undefined) ?? null,
		embed_origin: (body.embed_origin as string | null | undefined) ?? null,
		amount,
		seats: null,
		min_seats: null,
		max_seats: null,
		discount_amount: 0,
		net_amount: amount,
		tax_amount: null,
		tax_behavior: null,
		total_amount: amount,
		currency: 'usd',
		allow_trial: body.allow_trial ?? true,
		active_trial_interval: null,
		active_trial_interval_count: null,
		trial_end: null,
		organization_id: organizationId,
		product_id: product.id,
		product_price_id: price?.id ?? null,
		discount_id: null,
		allow_discount_codes: body.allow_discount_codes ?? true,
		require_billing_address: body.require_billing_address ?? false,
		is_discount_applicable: true,
		is_free_product_price: amount === 0,
		is_payment_required: amount > 0,
		is_payment_setup_required: product.is_recurring,
		is_payment_form_required: amount > 0 || product.is_recurring,
		customer_id: buyer?.id ?? null,
		is_business_customer: body.is_business_customer ?? false,
		customer_name: (body.customer_name as string | null | undefined) ?? buyer?.name ?? null,
		customer_email: (body.customer_email as string | null | undefined) ?? buyer?.email ?? null,
		customer_ip_address: (body.customer_ip_address as string | null | undefined) ?? null,
		customer_billing_name: (body.customer_billing_name as string | null | undefined) ?? null,
		customer_billing_address:
			(body.customer_billing_address as Fields | null | undefined) ??
			buyer?.billing_address ??
			null,
		customer_tax_id: (body.customer_tax_id as string | null | undefined) ?? null,
		locale: (body.locale as string | null | undefined) ?? null,
		payment_method_type: null,
		payment_processor_metadata: {},
		trial_interval: (body.trial_interval as string | null | undefined) ?? null,
		trial_interval_count: (body.trial_interval_count as number | null | undefined) ?? null,
		metadata: { ...((body.metadata as Fields | undefined) ?? {}) },
		external_customer_id: externalId ?? buyer?.external_id ?? null,
		products: found.products.map((item) => embedProduct(store, item, 'CheckoutProduct')),
		product: embedProduct(store, product, 'CheckoutProduct'),
		product_price: price ? { ...price } : null,
		prices: Object.fromEntries(
			found.products.map((item) => [item.id, structuredClone(item.prices)]),
		),
		discount: null,
		subscription_id: (body.subscription_id as string | null | undefined) ?? null,
		attached_custom_fields: [],
		customer_metadata: { ...((body.customer_metadata as Fields | undefined) ?? {}) },
	});
	store.checkouts.set(checkout.id as string, checkout);
	return { status: 201, json: structuredClone(checkout) };
};

export const getCheckout: ActionHandler = ({ store, subject, params }) => {
	const checkout = store.checkouts.get(params.id as string);
	const found = visible(checkout, checkout?.organization_id as string | undefined, subject);
	if ('answer' in found) return found.answer;
	return { status: 200, json: structuredClone(found.record) };
};

/** The products a checkout-link body names: `products`, `product_id`, or the product of `product_price_id`. */
function linkProducts(
	store: ActionStore,
	organizationId: string,
	body: Fields,
): { products: ProductRecord[] } | { errors: FastApiError[] } {
	if (Array.isArray(body.products))
		return productsAt(store, organizationId, body.products as string[], 'products');
	if (typeof body.product_id === 'string')
		return productsAt(store, organizationId, [body.product_id], 'product_id');
	const priceId = String(body.product_price_id).toLowerCase();
	const product = [...store.products.values()].find(
		(candidate) =>
			candidate.organization_id === organizationId &&
			!candidate.is_archived &&
			candidate.prices.some((price) => price.id === priceId),
	);
	return product
		? { products: [product] }
		: {
				errors: [
					valueError(['body', 'product_price_id'], 'Price does not exist.', body.product_price_id),
				],
			};
}

export const createCheckoutLink: ActionHandler = ({ store, subject, body }) => {
	const organizationId = subject.organizationId;
	const found = linkProducts(store, organizationId, body);
	const errors = [...('errors' in found ? found.errors : []), ...noDiscount(body)];
	if (errors.length > 0 || 'errors' in found) return unprocessable(errors);
	const clientSecret = `polar_cl_${store.hex(32).toLowerCase()}`;
	const link: Fields = {
		id: store.id(),
		created_at: store.stamp(),
		modified_at: null,
		trial_interval: (body.trial_interval as string | null | undefined) ?? null,
		trial_interval_count: (body.trial_interval_count as number | null | undefined) ?? null,
		metadata: { ...((body.metadata as Fields | undefined) ?? {}) },
		payment_processor: 'stripe',
		client_secret: clientSecret,
		success_url: (body.success_url as string | null | undefined) ?? null,
		return_url: (body.return_url as string | null | undefined) ?? null,
		label: (body.label as string | null | undefined) ?? null,
		allow_discount_codes: body.allow_discount_codes ?? true,
		require_billing_address: body.require_billing_address ?? false,
		discount_id: null,
		seats: (body.seats as number | null | undefined) ?? null,
		organization_id: organizationId,
		products: found.products.map((product) => embedProduct(store, product, 'CheckoutLinkProduct')),
		discount: null,
		url: `${apiBase(store.frontendUrl)}/v1/checkout-links/${clientSecret}/redirect`,
	};
	store.checkoutLinks.set(link.id as string, link);
	return { status: 201, json: structuredClone(link) };
};
