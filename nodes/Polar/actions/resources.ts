import type { INodeProperties } from 'n8n-workflow';

import * as benefitGrant from './benefitGrant/BenefitGrant.resource';
import * as checkout from './checkout/Checkout.resource';
import * as checkoutLink from './checkoutLink/CheckoutLink.resource';
import * as customer from './customer/Customer.resource';
import * as customerMeter from './customerMeter/CustomerMeter.resource';
import * as event from './event/Event.resource';
import * as licenseKey from './licenseKey/LicenseKey.resource';
import * as order from './order/Order.resource';
import * as product from './product/Product.resource';
import * as refund from './refund/Refund.resource';
import * as subscription from './subscription/Subscription.resource';

/** Every resource's operations, by the values of the Resource and Operation parameters. */
export const RESOURCE_OPERATIONS = {
	benefitGrant: benefitGrant.operations,
	checkout: checkout.operations,
	checkoutLink: checkoutLink.operations,
	customer: customer.operations,
	customerMeter: customerMeter.operations,
	event: event.operations,
	licenseKey: licenseKey.operations,
	order: order.operations,
	product: product.operations,
	refund: refund.operations,
	subscription: subscription.operations,
};

/** The Resource parameter, then each resource's Operation and fields. */
export const RESOURCE_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'customer',
		options: [
			{ name: 'Benefit Grant', value: 'benefitGrant' },
			{ name: 'Checkout', value: 'checkout' },
			{ name: 'Checkout Link', value: 'checkoutLink' },
			{ name: 'Customer', value: 'customer' },
			{ name: 'Customer Meter', value: 'customerMeter' },
			{ name: 'Event', value: 'event' },
			{ name: 'License Key', value: 'licenseKey' },
			{ name: 'Order', value: 'order' },
			{ name: 'Product', value: 'product' },
			{ name: 'Refund', value: 'refund' },
			{ name: 'Subscription', value: 'subscription' },
		],
	},
	...benefitGrant.description,
	...checkout.description,
	...checkoutLink.description,
	...customer.description,
	...customerMeter.description,
	...event.description,
	...licenseKey.description,
	...order.description,
	...product.description,
	...refund.description,
	...subscription.description,
];
