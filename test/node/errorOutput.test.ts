/**
 * "On Error" on every node of this package goes through one builder (nodes/shared/errors.ts
 * continueOnFailItem). With "Continue (using error output)" a failed item must reach the node's Error output
 * carrying the input item's own fields (the order's events, its key) for whatever handles the failure; with
 * "Continue (regular output)" it stays on the main output with the error and what to do.
 */
import { OrderState } from '../../nodes/OrderState/OrderState.node';
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../helpers/n8n';
import { at, obs } from '../unit/order/arbitraries';

const badItem = {
	orderKey: '1001',
	previous: 'not a record',
	observations: [],
	events: [{ id: 'e1', leaseToken: 't' }],
};
const goodItem = JSON.parse(
	JSON.stringify({
		orderKey: '1001',
		previous: null,
		observations: [
			obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
				name: '#1001',
				createdAt: at(0),
				financialStatus: 'PAID',
				fulfillmentStatus: 'UNFULFILLED',
			}),
		],
	}),
) as IDataObject;

describe('a failed item under each "On Error" setting', () => {
	it('Continue (using error output): on the Error output, with the input item and what to do', async () => {
		const { outputs, error } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile' },
			input: [{ json: badItem }],
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		// Reconcile's two outputs (Decided, Read Again First), then the Error output n8n adds.
		expect(outputs).toHaveLength(3);
		expect(outputs[0]).toEqual([]);
		expect(outputs[1]).toEqual([]);
		expect(outputs[2]).toHaveLength(1);
		expect(outputs[2][0].json).toEqual({
			...badItem,
			error: 'Field "previous" is not an order record',
			details: { description: expect.stringMatching(/Check the "Previous Record Field" parameter/) },
		});
		expect(outputs[2][0].pairedItem).toEqual({ item: 0 });
	});

	it('Continue (using error output): good items stay on the main output', async () => {
		const { outputs } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile' },
			input: [{ json: badItem }, { json: goodItem }],
			onError: 'continueErrorOutput',
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(outputs[2].map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	});

	it('Continue (regular output): on the main output with the error and the description, as before', async () => {
		const { outputs } = await runNode({
			nodeType: new OrderState(),
			parameters: { operation: 'reconcile' },
			input: [{ json: badItem }],
			continueOnFail: true,
		});
		expect(outputs).toHaveLength(2);
		expect(outputs[0][0].json).toEqual({
			error: 'Field "previous" is not an order record',
			description: expect.stringMatching(/Check the "Previous Record Field" parameter/),
		});
	});
});
