/**
 * Refunds: `POST /v1/refunds/`, limited to the order's refundable amount, with Polar's checks in Polar's
 * order (its refund service): order found, not fully refunded, benefits of subscription orders
 * not revocable, amount within reach, a payment to refund.
 */
import { polarError, unprocessable } from '../answers';
import { valueError } from '../validation';
import type { ActionHandler } from './context';
import { revokeGrants } from './benefitGrants';
import { findOrder } from './orders';
import type { Fields } from './store';

export const createRefund: ActionHandler = ({ store, subject, body }) => {
	const orderId = String(body.order_id).toLowerCase();
	const order = findOrder(store, subject.organizationId, orderId);
	if (!order)
		return unprocessable([valueError(['body', 'order_id'], 'Order not found', body.order_id)]);
	if (order.status === 'refunded')
		return polarError(403, 'RefundedAlready', `Order is already fully refunded: ${order.id}`);
	const revokeBenefits = body.revoke_benefits === true;
	if (revokeBenefits && order.subscription_id !== null)
		return polarError(
			400,
			'RevokeSubscriptionBenefitsProhibited',
			'Subscription benefits can only be revoked upon cancellation',
		);
	const amount = body.amount as number;
	const refundable = order.net_amount - order.refunded_amount;
	if (amount > refundable)
		return unprocessable([
			valueError(['body', 'amount'], 'Refund amount exceeds refundable amount', amount),
		]);
	if (!order.paid)
		return polarError(404, 'RefundUnknownPayment', `Refund issued for unknown order: ${order.id}`);

	// The tax refunded goes with the amount: all that is left on a full refund, else pro rata.
	const tax =
		amount === refundable
			? order.tax_amount - order.refunded_tax_amount
			: Math.round((amount * order.tax_amount) / Math.max(order.net_amount, 1));
	const now = store.stamp();
	const refund: Fields = {
		created_at: now,
		modified_at: null,
		id: store.id(),
		metadata: { ...((body.metadata as Fields | undefined) ?? {}) },
		status: 'succeeded',
		reason: body.reason,
		amount,
		tax_amount: tax,
		currency: order.currency,
		organization_id: subject.organizationId,
		order_id: order.id,
		subscription_id: order.subscription_id,
		customer_id: order.customer_id,
		revoke_benefits: revokeBenefits,
		dispute: null,
	};
	store.refunds.set(refund.id as string, refund);
	order.refunded_amount += amount;
	order.refunded_tax_amount += tax;
	order.status = order.refunded_amount >= order.net_amount ? 'refunded' : 'partially_refunded';
	order.modified_at = now;
	if (revokeBenefits) revokeGrants(store, (grant) => grant.order_id === order.id);
	return { status: 201, json: structuredClone(refund) };
};
