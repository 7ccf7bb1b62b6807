import { recordLocator } from '../../helpers/locators';

export function subscriptionLocator(description: string) {
	return recordLocator(
		'subscription',
		'Subscription',
		'searchSubscriptions',
		`${description}. Search by the customer's name or email.`,
	);
}

/** The labels of a subscription call's path parameter, for a 422 about it. */
export const SUBSCRIPTION_PATH_LABELS = { id: 'Subscription' } as const;
