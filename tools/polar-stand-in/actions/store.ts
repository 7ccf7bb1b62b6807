/**
 * The in-memory data behind the action routes: one map per resource, holding objects in the shape Polar
 * answers with (embedded objects are re-rendered on every read, see the resource modules), a clock whose
 * timestamps only go forward, and deterministic IDs.
 */
import { createHash } from 'node:crypto';
import { type Rng, createRng, polarTimestamp } from '../payloads';

/** A stored object: the fields of its schema (typed where the stand-in reads them). */
export type Fields = Record<string, unknown>;

export interface CustomerRecord extends Fields {
	id: string;
	created_at: string;
	modified_at: string | null;
	metadata: Record<string, string | number | boolean>;
	external_id: string | null;
	email: string | null;
	email_verified: boolean;
	type: 'individual' | 'team';
	name: string | null;
	billing_address: Fields | null;
	organization_id: string;
	deleted_at: string | null;
}

export interface PriceRecord extends Fields {
	id: string;
	amount_type: string;
	price_amount: number;
	price_currency: string;
	product_id: string;
}

export interface ProductRecord extends Fields {
	id: string;
	created_at: string;
	name: string;
	is_recurring: boolean;
	is_archived: boolean;
	recurring_interval: string | null;
	organization_id: string;
	metadata: Record<string, string | number | boolean>;
	prices: PriceRecord[];
	/** Benefit IDs; the answer embeds the benefits. */
	benefits: string[];
}

export interface BenefitRecord extends Fields {
	id: string;
	type: string;
	description: string;
	organization_id: string;
	properties: Fields;
}

export interface SubscriptionRecord extends Fields {
	id: string;
	created_at: string;
	modified_at: string | null;
	amount: number;
	currency: string;
	status: string;
	current_period_end: string;
	cancel_at_period_end: boolean;
	canceled_at: string | null;
	started_at: string | null;
	ends_at: string | null;
	ended_at: string | null;
	customer_id: string;
	product_id: string;
	customer_cancellation_reason: string | null;
	customer_cancellation_comment: string | null;
	metadata: Record<string, string | number | boolean>;
}

export interface OrderRecord extends Fields {
	id: string;
	created_at: string;
	modified_at: string | null;
	status: string;
	paid: boolean;
	net_amount: number;
	tax_amount: number;
	total_amount: number;
	refunded_amount: number;
	refunded_tax_amount: number;
	currency: string;
	billing_name: string | null;
	billing_address: Fields | null;
	is_invoice_generated: boolean;
	customer_id: string;
	product_id: string | null;
	subscription_id: string | null;
	checkout_id: string | null;
	discount_id: string | null;
	metadata: Record<string, string | number | boolean>;
}

export interface BenefitGrantRecord extends Fields {
	id: string;
	created_at: string;
	granted_at: string | null;
	is_granted: boolean;
	revoked_at: string | null;
	is_revoked: boolean;
	subscription_id: string | null;
	order_id: string | null;
	customer_id: string;
	benefit_id: string;
	properties: Fields;
}

export interface ActivationRecord extends Fields {
	id: string;
	license_key_id: string;
	label: string;
	meta: Record<string, string | number | boolean>;
	created_at: string;
	modified_at: string | null;
	/** Conditions a validation with this activation must repeat (not part of any answer). */
	conditions: Record<string, string | number | boolean>;
}

export interface LicenseKeyRecord extends Fields {
	id: string;
	organization_id: string;
	customer_id: string;
	benefit_id: string;
	key: string;
	status: 'granted' | 'revoked' | 'disabled';
	limit_activations: number | null;
	usage: number;
	limit_usage: number | null;
	validations: number;
	last_validated_at: string | null;
	expires_at: string | null;
	/** Current (not deactivated) activations. */
	activations: ActivationRecord[];
}

export interface MeterRecord extends Fields {
	id: string;
	name: string;
	organization_id: string;
}

export interface CustomerMeterRecord extends Fields {
	id: string;
	created_at: string;
	modified_at: string | null;
	customer_id: string;
	meter_id: string;
	consumed_units: number;
	credited_units: number;
	balance: number;
}

export interface EventRecord extends Fields {
	id: string;
	name: string;
	timestamp: string;
	organization_id: string;
	external_id: string | null;
	customer_id: string | null;
	external_customer_id: string | null;
	metadata: Fields;
}

export interface OrganizationRecord extends Fields {
	id: string;
	created_at: string;
	name: string;
	slug: string;
}

/** When an invoice was asked for; it is ready `invoiceDelayMs` later. */
export interface InvoiceRequest {
	requestedAt: number;
}

export interface ActionStoreOptions {
	/** The organization seeded records belong to. */
	organizationId: string;
	/** Where the clock reads the time (default: the system clock). */
	now?: () => Date;
	/** PRNG seed of IDs, keys and names (default 1). */
	randomSeed?: number;
	/** Base of the customer portal and checkout URLs (default `https://sandbox.polar.sh`). */
	frontendUrl?: string;
	/** How long after `POST /v1/orders/{id}/invoice` the invoice is ready (default 100 ms). */
	invoiceDelayMs?: number;
}

/** What a list hook sees: the page just computed for a list operation, before it is sent. */
export interface ListPage {
	operationId: string;
	page: number;
	limit: number;
	items: unknown[];
}

export class ActionStore {
	readonly organizations = new Map<string, OrganizationRecord>();
	readonly customers = new Map<string, CustomerRecord>();
	readonly products = new Map<string, ProductRecord>();
	readonly benefits = new Map<string, BenefitRecord>();
	readonly subscriptions = new Map<string, SubscriptionRecord>();
	readonly orders = new Map<string, OrderRecord>();
	readonly benefitGrants = new Map<string, BenefitGrantRecord>();
	readonly licenseKeys = new Map<string, LicenseKeyRecord>();
	readonly meters = new Map<string, MeterRecord>();
	readonly customerMeters = new Map<string, CustomerMeterRecord>();
	readonly refunds = new Map<string, Fields>();
	readonly checkouts = new Map<string, Fields>();
	readonly checkoutLinks = new Map<string, Fields>();
	readonly customerSessions = new Map<string, Fields>();
	readonly events = new Map<string, EventRecord>();
	readonly invoices = new Map<string, InvoiceRequest>();
	readonly listHooks: Array<(page: ListPage) => void> = [];

	readonly organizationId: string;
	readonly frontendUrl: string;
	readonly invoiceDelayMs: number;
	private readonly rng: Rng;
	private readonly source: () => Date;
	private last = 0;

	constructor(options: ActionStoreOptions) {
		this.organizationId = options.organizationId.toLowerCase();
		this.rng = createRng(options.randomSeed ?? 1);
		this.source = options.now ?? (() => new Date());
		this.frontendUrl = (options.frontendUrl ?? 'https://sandbox.polar.sh').replace(/\/+$/, '');
		this.invoiceDelayMs = options.invoiceDelayMs ?? 100;
	}

	// ------------------------------------------------------------------------------------------ time and ids

	/** The current time (never before the last timestamp handed out). */
	now(): Date {
		return new Date(Math.max(this.source().getTime(), this.last));
	}

	/**
	 * A timestamp for a record created or changed now: strictly after every earlier one, so that a record
	 * created during a paginated run sorts after (or, descending, before) all earlier records.
	 */
	stamp(): string {
		this.last = Math.max(this.source().getTime(), this.last + 1);
		return polarTimestamp(new Date(this.last));
	}

	/** A timestamp `offsetMs` from now (negative: in the past), for seeded and derived dates. */
	at(offsetMs: number): string {
		return polarTimestamp(new Date(this.now().getTime() + offsetMs));
	}

	/** A deterministic uuid4. */
	id(): string {
		return this.rng.uuid4();
	}

	/** `length` deterministic hex digits. */
	hex(length: number): string {
		return this.rng.hex(length).toUpperCase();
	}

	pick<T>(values: readonly T[]): T {
		return this.rng.pick(values);
	}

	// ------------------------------------------------------------------------------------------ ownership

	/** The organization a customer-owned record (subscription, order, grant...) belongs to. */
	organizationOfCustomer(customerId: string): string | undefined {
		return this.customers.get(customerId)?.organization_id;
	}

	/** Customers of an organization that are not deleted. */
	liveCustomers(organizationId: string): CustomerRecord[] {
		return [...this.customers.values()].filter(
			(customer) => customer.organization_id === organizationId && customer.deleted_at === null,
		);
	}

	/** The live customer of an organization with this external ID. */
	customerByExternalId(organizationId: string, externalId: string): CustomerRecord | undefined {
		return this.liveCustomers(organizationId).find(
			(customer) => customer.external_id === externalId,
		);
	}

	/** Gravatar URL Polar computes from the e-mail address. */
	avatarUrl(email: string | null): string | null {
		if (email === null) return null;
		const hash = createHash('sha256').update(email.toLowerCase()).digest('hex');
		return `https://www.gravatar.com/avatar/${hash}?d=404`;
	}
}
