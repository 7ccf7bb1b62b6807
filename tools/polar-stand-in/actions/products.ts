/** Products (with their fixed prices) and benefits: `GET /v1/products/`, `GET /v1/products/{id}`. */
import type { ActionHandler } from './context';
import { listAnswer, matchesMetadata, passes, time, visible } from './context';
import type { ActionStore, BenefitRecord, Fields, PriceRecord, ProductRecord } from './store';

export interface ProductInput {
	name?: string;
	description?: string | null;
	/** `month` / `year`..., null for a one-time product (default `month`). */
	recurring_interval?: string | null;
	/** Minor units (default 1900). */
	price_amount?: number;
	is_archived?: boolean;
	visibility?: 'draft' | 'private' | 'public';
	/** Benefit IDs. */
	benefits?: string[];
	metadata?: Record<string, string | number | boolean>;
	organization_id?: string;
	created_at?: string;
}

export function createProduct(store: ActionStore, input: ProductInput = {}): ProductRecord {
	const id = store.id();
	const created = input.created_at ?? store.stamp();
	const interval = input.recurring_interval === undefined ? 'month' : input.recurring_interval;
	const price: PriceRecord = {
		created_at: created,
		modified_at: null,
		id: store.id(),
		source: 'catalog',
		amount_type: 'fixed',
		price_currency: 'usd',
		tax_behavior: null,
		is_archived: false,
		product_id: id,
		price_amount: input.price_amount ?? 1900,
	};
	const product: ProductRecord = {
		id,
		created_at: created,
		modified_at: null,
		trial_interval: null,
		trial_interval_count: null,
		name: input.name ?? `Product ${store.hex(4)}`,
		description: input.description === undefined ? null : input.description,
		visibility: input.visibility ?? 'public',
		recurring_interval: interval,
		recurring_interval_count: interval === null ? null : 1,
		meter_interval: null,
		meter_interval_count: null,
		is_recurring: interval !== null,
		is_archived: input.is_archived ?? false,
		organization_id: input.organization_id ?? store.organizationId,
		metadata: { ...(input.metadata ?? {}) },
		prices: [price],
		benefits: [...(input.benefits ?? [])],
		medias: [],
		attached_custom_fields: [],
	};
	store.products.set(id, product);
	return product;
}

export interface BenefitInput {
	type?: 'license_keys' | 'custom';
	description?: string;
	/** `properties` of the benefit type (license keys: prefix, expires, activations, limit_usage). */
	properties?: Fields;
	organization_id?: string;
	created_at?: string;
}

export function createBenefit(store: ActionStore, input: BenefitInput = {}): BenefitRecord {
	const type = input.type ?? 'custom';
	const properties =
		input.properties ??
		(type === 'license_keys'
			? {
					prefix: 'ACME',
					expires: null,
					activations: { limit: 3, enable_customer_admin: true },
					limit_usage: null,
				}
			: { note: null });
	const benefit: BenefitRecord = {
		id: store.id(),
		created_at: input.created_at ?? store.stamp(),
		modified_at: null,
		type,
		description: input.description ?? (type === 'license_keys' ? 'License key' : 'Benefit'),
		selectable: true,
		deletable: true,
		is_deleted: false,
		organization_id: input.organization_id ?? store.organizationId,
		metadata: {},
		visibility: 'public',
		properties,
		visibility_configurable: true,
	};
	store.benefits.set(benefit.id, benefit);
	return benefit;
}

/** A Product as Polar answers it: its benefits embedded. */
export function presentProduct(store: ActionStore, product: ProductRecord): Fields {
	return {
		...product,
		prices: product.prices.map((price) => ({ ...price })),
		benefits: product.benefits.flatMap((id) => {
			const benefit = store.benefits.get(id);
			return benefit ? [structuredClone(benefit)] : [];
		}),
	};
}

export const listProducts: ActionHandler = (request) => {
	const { store, subject } = request;
	const query = request.query;
	const text = typeof query.query === 'string' ? query.query.toLowerCase() : undefined;
	const all = [...store.products.values()].filter(
		(product) =>
			product.organization_id === subject.organizationId &&
			passes(request, 'id', product.id) &&
			passes(request, 'organization_id', product.organization_id) &&
			(text === undefined || product.name.toLowerCase().includes(text)) &&
			(query.is_archived === undefined || product.is_archived === query.is_archived) &&
			(query.is_recurring === undefined || product.is_recurring === query.is_recurring) &&
			(!Array.isArray(query.benefit_id) ||
				product.benefits.some((id) => passes(request, 'benefit_id', id))) &&
			passes(request, 'visibility', product.visibility) &&
			matchesMetadata(request, product.metadata),
	);
	return listAnswer(
		request,
		all,
		{
			created_at: (product) => time(product.created_at),
			name: (product) => product.name,
			price_amount_type: (product) => product.prices[0]?.amount_type ?? null,
			price_amount: (product) => product.prices[0]?.price_amount ?? null,
		},
		(product) => presentProduct(store, product),
	);
};

export const getProduct: ActionHandler = ({ store, subject, params }) => {
	const product = store.products.get(params.id as string);
	const found = visible(product, product?.organization_id, subject);
	if ('answer' in found) return found.answer;
	return { status: 200, json: presentProduct(store, found.record) };
};
