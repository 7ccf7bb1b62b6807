/** Organizations: `GET /v1/organizations/` (what an organization token sees: its own organization). */
import type { ActionHandler } from './context';
import { listAnswer, time } from './context';
import { shaped } from './shapes';
import type { ActionStore, OrganizationRecord } from './store';

/** The organization with this ID, created on first use (every token's organization exists). */
export function organizationRecord(store: ActionStore, id: string): OrganizationRecord {
	let organization = store.organizations.get(id);
	if (!organization) {
		const seeded = id === store.organizationId;
		const short = id.slice(0, 8);
		organization = shaped('Organization', {
			created_at: store.at(-400 * 86_400_000),
			modified_at: null,
			id,
			name: seeded ? 'Acme Inc.' : `Organization ${short}`,
			slug: seeded ? 'acme' : `org-${short}`,
			avatar_url: null,
			email: seeded ? 'billing@acme.example' : null,
			website: seeded ? 'https://acme.example' : null,
			socials: [],
			status: 'active',
			default_presentment_currency: 'usd',
		}) as OrganizationRecord;
		store.organizations.set(id, organization);
	}
	return organization;
}

export const listOrganizations: ActionHandler = (request) => {
	const { store, subject } = request;
	const own = organizationRecord(store, subject.organizationId);
	const slug = request.query.slug as string | undefined;
	const all = [own].filter((organization) => slug === undefined || organization.slug === slug);
	return listAnswer(
		request,
		all,
		{
			created_at: (organization) => time(organization.created_at),
			slug: (organization) => organization.slug,
			name: (organization) => organization.name,
		},
		(organization) => ({ ...organization }),
	);
};
