/**
 * The Order State node inside a real n8n 2.40.7, loaded from the packed package as a community node
 * (`n8n-nodes-post-purchase.orderState`): Manual Trigger -> Code (observations of three orders) ->
 * Order State (Reconcile), run with `n8n execute`, asserting the reconciled stage and exceptions.
 */
import { E2E_SETUP_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, e2eGate, manualWorkflow, N8nInstance, nodeItems } from './harness';
import { expectCase, observationsNode, ORDER_CASES, ORDER_STATE_NODE, recordOf } from './order-state.fixtures';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

(gate.run ? describe : describe.skip)('Order State in real n8n', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await N8nInstance.create({ install: gate.install });
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('reconciles each order to its stage and exceptions, one paired output item per input item', async () => {
		const cases = ORDER_CASES.map((caseName, i) => ({ caseName, orderKey: `E2E${1001 + i}` }));
		const id = await n8n.importWorkflow(
			manualWorkflow({ name: 'e2e: order state reconcile', nodes: [observationsNode(cases), ORDER_STATE_NODE] }),
		);
		const result = await n8n.executeWorkflow(id);
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');

		const items = nodeItems(result, ORDER_STATE_NODE.name);
		expect(items).toHaveLength(cases.length);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expectCase(item.json, cases[i].caseName, cases[i].orderKey);
		});
		// the partial-shipment case names the parcel Shopify never heard of
		const missing = recordOf(items[1].json) as unknown as {
			exceptions: Array<{ type: string; evidence: { parcels: Array<{ trackingNumber: string }> } }>;
		};
		const caseOpened = missing.exceptions.find((e) => e.type === 'tracking_missing');
		expect(caseOpened?.evidence.parcels[0].trackingNumber).toBe('1Z999AA10000021002'); // 'E2E1002' -> digits 21002
	});
});
