import { recordLocator } from '../../helpers/locators';

export function orderLocator(description: string) {
	return recordLocator(
		'order',
		'Order',
		'searchOrders',
		`${description}. Search by the customer's name or email.`,
	);
}

/** The labels of an order call's path parameter, for a 422 about it. */
export const ORDER_PATH_LABELS = { id: 'Order' } as const;
