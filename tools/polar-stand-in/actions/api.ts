/**
 * `polar.actions`: the action routes' data for tests. Seed it (`PolarStandIn.start({actions: {seed:
 * {customers: 250}}})`), add records (`polar.actions.customers.add({email})`), read what is stored in
 * the shape the API answers (`polar.actions.orders.get(id)`), and act in the middle of a paginated run
 * (`polar.actions.onPage(...)`). The data is seeded on first use and again after `reset()`.
 */
import type { ApiResponse } from '../answers';
import type { ActionOperation } from '../routes';
import type { TokenInfo } from '../types';
import type { parseJsonBody } from '../validation';
import { type BenefitGrantInput, createBenefitGrant } from './benefitGrants';
import { type CustomerInput, createCustomer, customerState, presentCustomer } from './customers';
import { type LicenseKeyInput, createLicenseKey } from './licenseKeys';
import {
	type CustomerMeterInput,
	type MeterInput,
	createCustomerMeter,
	createMeter,
} from './meters';
import { organizationRecord } from './organizations';
import { type OrderInput, createOrder, presentOrder } from './orders';
import {
	type BenefitInput,
	type ProductInput,
	createBenefit,
	createProduct,
	presentProduct,
} from './products';
import { dispatchAction } from './router';
import { type SeedCatalog, seedCatalog, seedCustomers } from './seed';
import { ActionStore, type ActionStoreOptions, type Fields, type ListPage } from './store';
import { type SubscriptionInput, createSubscription, presentSubscription } from './subscriptions';

export interface ActionSeed {
	/** How many customers to seed (default 12: two of each situation seed.ts describes). */
	customers?: number;
}

export interface ActionOptions extends Partial<ActionStoreOptions> {
	seed?: ActionSeed;
}

/** Reading a stored resource: every record (creation order) or one, as the API answers it. */
export interface Reader {
	list(): Fields[];
	get(id: string): Fields | undefined;
}

export class ActionsApi {
	private current: { store: ActionStore; catalog: SeedCatalog } | undefined;
	private seedOptions: ActionSeed;

	constructor(private readonly options: ActionOptions & { organizationId: string }) {
		this.seedOptions = options.seed ?? {};
	}

	/** The data (seeded on first use). */
	get store(): ActionStore {
		return this.seeded().store;
	}

	/** IDs of the seeded products, benefits and meter. */
	get catalog(): SeedCatalog {
		return this.seeded().catalog;
	}

	/** The organization seeded records belong to. */
	get organizationId(): string {
		return this.store.organizationId;
	}

	/** Drops every record and hook; the next use seeds again: with `seed`, else as the options say. */
	reset(seed?: ActionSeed): void {
		this.current = undefined;
		this.seedOptions = seed ?? this.options.seed ?? {};
	}

	/** Serves a validated request (server.ts calls it for every action operation). */
	dispatch(
		operation: ActionOperation,
		params: Record<string, string>,
		search: URLSearchParams,
		parsed: ReturnType<typeof parseJsonBody>,
		subject: TokenInfo,
	): ApiResponse {
		return dispatchAction(this.store, operation, params, search, parsed, subject);
	}

	/**
	 * Calls `hook` with every list page computed from now on, before it is sent: a test can create records
	 * between two pages of a "Return All" run. Returns the function that removes the hook.
	 */
	onPage(hook: (page: ListPage) => void): () => void {
		const hooks = this.store.listHooks;
		hooks.push(hook);
		return () => {
			const index = hooks.indexOf(hook);
			if (index >= 0) hooks.splice(index, 1);
		};
	}

	readonly customers = {
		add: (input: CustomerInput = {}): Fields =>
			presentCustomer(this.store, createCustomer(this.store, input)),
		/** `count` customers, `input(i)` for each. */
		addMany: (count: number, input: (index: number) => CustomerInput = () => ({})): Fields[] =>
			Array.from({ length: count }, (_, index) => this.customers.add(input(index))),
		/** The customer state (`GET /v1/customers/{id}/state`). */
		state: (id: string): Fields | undefined => {
			const customer = this.store.customers.get(id);
			return customer ? customerState(this.store, customer) : undefined;
		},
		...this.reader(
			() => this.store.customers,
			(record) => presentCustomer(this.store, record),
		),
	};

	readonly products = {
		add: (input: ProductInput = {}): Fields =>
			presentProduct(this.store, createProduct(this.store, input)),
		...this.reader(
			() => this.store.products,
			(record) => presentProduct(this.store, record),
		),
	};

	readonly benefits = {
		add: (input: BenefitInput = {}): Fields =>
			structuredClone(createBenefit(this.store, input)) as Fields,
		...this.reader(() => this.store.benefits),
	};

	/** Subscriptions; `customer_id` defaults to a new customer, `product_id` to the seeded Pro plan. */
	readonly subscriptions = {
		add: (input: Partial<SubscriptionInput> = {}): Fields =>
			presentSubscription(
				this.store,
				createSubscription(this.store, {
					...input,
					customer_id: input.customer_id ?? this.newCustomerId(),
					product_id: input.product_id ?? this.catalog.products.pro,
				}),
			),
		...this.reader(
			() => this.store.subscriptions,
			(record) => presentSubscription(this.store, record),
		),
	};

	/** Orders; `customer_id` defaults to a new customer, `product_id` to the seeded one-time product. */
	readonly orders = {
		add: (input: Partial<OrderInput> = {}): Fields =>
			presentOrder(
				this.store,
				createOrder(this.store, {
					...input,
					customer_id: input.customer_id ?? this.newCustomerId(),
					product_id:
						input.product_id === undefined ? this.catalog.products.lifetime : input.product_id,
				}),
			),
		/** True once `POST /v1/orders/{id}/invoice` was called for the order. */
		invoiceRequested: (id: string): boolean => this.store.invoices.has(id),
		...this.reader(
			() => this.store.orders,
			(record) => presentOrder(this.store, record),
		),
	};

	readonly benefitGrants = {
		add: (input: BenefitGrantInput): Fields =>
			structuredClone(createBenefitGrant(this.store, input)) as Fields,
		...this.reader(() => this.store.benefitGrants),
	};

	/**
	 * License keys with their activations (`activations`, each with its `conditions`); `customer_id`
	 * defaults to a new customer, `benefit_id` to the seeded license-key benefit.
	 */
	readonly licenseKeys = {
		add: (input: Partial<LicenseKeyInput> = {}): Fields =>
			structuredClone(
				createLicenseKey(this.store, {
					...input,
					customer_id: input.customer_id ?? this.newCustomerId(),
					benefit_id: input.benefit_id ?? this.catalog.benefits.licenseKeys,
				}),
			) as Fields,
		...this.reader(() => this.store.licenseKeys),
	};

	readonly meters = {
		add: (input: MeterInput = {}): Fields =>
			structuredClone(createMeter(this.store, input)) as Fields,
		...this.reader(() => this.store.meters),
	};

	readonly customerMeters = {
		add: (input: CustomerMeterInput): Fields =>
			structuredClone(createCustomerMeter(this.store, input)) as Fields,
		...this.reader(() => this.store.customerMeters),
	};

	/** What the API created: ingested events, refunds, checkouts, checkout links, customer sessions. */
	readonly events = this.reader(() => this.store.events);
	readonly refunds = this.reader(() => this.store.refunds);
	readonly checkouts = this.reader(() => this.store.checkouts);
	readonly checkoutLinks = this.reader(() => this.store.checkoutLinks);
	readonly customerSessions = this.reader(() => this.store.customerSessions);

	/** An organization as `GET /v1/organizations/` answers it (created on first use). */
	organization(id: string = this.organizationId): Fields {
		return structuredClone(organizationRecord(this.store, id.toLowerCase()));
	}

	private seeded(): { store: ActionStore; catalog: SeedCatalog } {
		if (!this.current) {
			const store = new ActionStore(this.options);
			const catalog = seedCatalog(store);
			seedCustomers(store, catalog, this.seedOptions.customers ?? 12);
			this.current = { store, catalog };
		}
		return this.current;
	}

	private newCustomerId(): string {
		return createCustomer(this.store).id;
	}

	private reader<T extends Fields>(
		records: () => Map<string, T>,
		present: (record: T) => Fields = (record) => structuredClone(record),
	): Reader {
		return {
			list: () => [...records().values()].map(present),
			get: (id) => {
				const record = records().get(id.toLowerCase());
				return record ? present(record) : undefined;
			},
		};
	}
}
