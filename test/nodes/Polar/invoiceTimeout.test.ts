/**
 * Get Invoice when Polar never finishes generating: the node checks on the schedule it has, then stops
 * with an error that says to run it again, without generating a second time. n8n's `sleep` is replaced
 * by one that returns at once, so that the half minute of waiting takes no time here.
 */
import { INVOICE_WAIT_SECONDS } from '../../../nodes/Polar/actions/order/getInvoice.operation';
import { locator, nodeError, useStandIn } from './polarNode';

const waits: number[] = [];
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: async (ms: number) => {
		waits.push(ms);
	},
}));

const polar = useStandIn({ actions: { invoiceDelayMs: 24 * 60 * 60 * 1000 } });

describe('Order › Get Invoice › Polar still generating', () => {
	it('checks after each wait of the schedule, then says to run again; generates only once', async () => {
		const paid = (polar.actions.orders.list() as Array<{ id: string; status: string }>).find(
			(order) => order.status === 'paid',
		)!;
		const { error, calls } = await nodeError(polar, {
			resource: 'order',
			operation: 'getInvoice',
			order: locator('id', paid.id),
		});
		expect(error.message).toBe('Polar is still generating the invoice');
		expect(error.description).toMatch(/Run the node again in a minute/);
		expect(waits).toEqual(INVOICE_WAIT_SECONDS.map((seconds) => seconds * 1000));
		expect(calls.map((call) => call.method)).toEqual([
			'GET',
			'POST',
			...INVOICE_WAIT_SECONDS.map(() => 'GET'),
		]);
	});
});
