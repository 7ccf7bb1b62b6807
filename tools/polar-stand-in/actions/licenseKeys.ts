/**
 * License keys: validate, activate, deactivate, with Polar's reasons and limits
 * (its license-key service and endpoints). Every call names the organization (required
 * with any token); a key of an organization the token cannot access is "Not found".
 */
import { type ApiResponse, notFound, polarError } from '../answers';
import type { ActionHandler, ActionRequest } from './context';
import { embedCustomer } from './customers';
import type { ActivationRecord, ActionStore, Fields, LicenseKeyRecord } from './store';

export interface LicenseKeyInput {
	customer_id: string;
	benefit_id: string;
	/** Default `granted`. */
	status?: LicenseKeyRecord['status'];
	/** Default 3; null: the key supports no activations (use validate). */
	limit_activations?: number | null;
	limit_usage?: number | null;
	usage?: number;
	expires_at?: string | null;
	key?: string;
	created_at?: string;
}

export function createLicenseKey(store: ActionStore, input: LicenseKeyInput): LicenseKeyRecord {
	const customer = store.customers.get(input.customer_id);
	const key = input.key ?? `ACME-${store.hex(8)}-${store.hex(4)}-${store.hex(4)}-${store.hex(12)}`;
	const record: LicenseKeyRecord = {
		id: store.id(),
		created_at: input.created_at ?? store.stamp(),
		modified_at: null,
		organization_id: customer?.organization_id ?? store.organizationId,
		customer_id: input.customer_id,
		benefit_id: input.benefit_id,
		key,
		display_key: `****-${key.slice(-6)}`,
		status: input.status ?? 'granted',
		limit_activations: input.limit_activations === undefined ? 3 : input.limit_activations,
		usage: input.usage ?? 0,
		limit_usage: input.limit_usage ?? null,
		validations: 0,
		last_validated_at: null,
		expires_at: input.expires_at ?? null,
		activations: [],
	};
	store.licenseKeys.set(record.id, record);
	return record;
}

/** `LicenseKeyRead`: the key without its activations, the customer embedded. */
function presentKey(store: ActionStore, key: LicenseKeyRecord): Fields {
	const { activations: _activations, ...fields } = key;
	return {
		...structuredClone(fields),
		customer: embedCustomer(store, key.customer_id, 'LicenseKeyCustomer'),
	};
}

/** `LicenseKeyActivationBase`: an activation without its conditions. */
function presentActivation(activation: ActivationRecord): Fields {
	const { conditions: _conditions, ...fields } = activation;
	return structuredClone(fields);
}

/** The key `body.key` of `body.organization_id`, when the token can access that organization. */
function findKey(request: ActionRequest): LicenseKeyRecord | undefined {
	const { store, subject, body } = request;
	const organizationId = String(body.organization_id).toLowerCase();
	if (organizationId !== subject.organizationId) return undefined;
	return [...store.licenseKeys.values()].find(
		(key) => key.organization_id === organizationId && key.key === body.key,
	);
}

function expired(store: ActionStore, key: LicenseKeyRecord): boolean {
	return key.expires_at !== null && store.now().getTime() >= Date.parse(key.expires_at);
}

function sameConditions(a: Fields, b: Fields): boolean {
	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length && keys.every((name) => a[name] === b[name]);
}

export const validateLicenseKey: ActionHandler = (request): ApiResponse => {
	const { store, body } = request;
	const key = findKey(request);
	if (!key) return notFound();
	if (key.status !== 'granted') return notFound('License key is no longer active.');
	if (expired(store, key)) return notFound('License key has expired.');

	let activation: ActivationRecord | undefined;
	if (typeof body.activation_id === 'string') {
		const id = body.activation_id.toLowerCase();
		activation = key.activations.find((candidate) => candidate.id === id);
		if (!activation) return notFound();
		const conditions = (body.conditions as Fields | undefined) ?? {};
		if (
			Object.keys(activation.conditions).length > 0 &&
			!sameConditions(conditions, activation.conditions)
		)
			return notFound('License key does not match required conditions');
	}
	if (typeof body.benefit_id === 'string' && body.benefit_id.toLowerCase() !== key.benefit_id)
		return notFound('License key does not match given benefit.');
	if (typeof body.customer_id === 'string' && body.customer_id.toLowerCase() !== key.customer_id)
		return notFound('License key does not match given user.');
	const increment = typeof body.increment_usage === 'number' ? body.increment_usage : 0;
	if (increment && key.limit_usage) {
		const remaining = key.limit_usage - key.usage;
		if (increment > remaining)
			return polarError(400, 'BadRequest', `License key only has ${remaining} more usages.`);
	}

	const now = store.stamp();
	key.validations += 1;
	key.last_validated_at = now;
	key.usage += increment;
	key.modified_at = now;
	return {
		status: 200,
		json: {
			...presentKey(store, key),
			activation: activation ? presentActivation(activation) : null,
		},
	};
};

export const activateLicenseKey: ActionHandler = (request) => {
	const { store, body } = request;
	const key = findKey(request);
	if (!key) return notFound();
	if (key.status !== 'granted')
		return polarError(
			403,
			'NotPermitted',
			'License key is no longer active. This license key can not be activated.',
		);
	if (expired(store, key)) return polarError(403, 'NotPermitted', 'License key has expired.');
	if (!key.limit_activations)
		return polarError(
			403,
			'NotPermitted',
			'This license key does not support activations. Use the /validate endpoint instead to check license validity.',
		);
	if (key.activations.length >= key.limit_activations)
		return polarError(403, 'NotPermitted', 'License key activation limit already reached');

	const activation: ActivationRecord = {
		id: store.id(),
		license_key_id: key.id,
		label: body.label as string,
		meta: { ...((body.meta as ActivationRecord['meta'] | undefined) ?? {}) },
		created_at: store.stamp(),
		modified_at: null,
		conditions: { ...((body.conditions as ActivationRecord['conditions'] | undefined) ?? {}) },
	};
	key.activations.push(activation);
	return {
		status: 200,
		json: { ...presentActivation(activation), license_key: presentKey(store, key) },
	};
};

export const deactivateLicenseKey: ActionHandler = (request) => {
	const key = findKey(request);
	if (!key) return notFound();
	const id = String(request.body.activation_id).toLowerCase();
	const index = key.activations.findIndex((activation) => activation.id === id);
	if (index < 0) return notFound();
	key.activations.splice(index, 1);
	return { status: 204 };
};
