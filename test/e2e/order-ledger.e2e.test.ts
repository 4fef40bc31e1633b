/**
 * The Order Ledger node inside a real n8n, loaded from the packed package as a community node
 * (`n8n-nodes-post-purchase.orderLedger`), on the embedded backend (PGlite in a data directory):
 *  1. Manual -> Code (three deliveries, one repeated) -> Order Ledger (Append Event): new, new, duplicate;
 *  2. a second `n8n execute` (a new process, so nothing can survive in memory) -> Order Ledger
 *     (Claim Batch) gets exactly the two stored events -> Order Ledger (Ack) acks them;
 *  3. a third run: Stuck Count over the same data directory answers;
 *  4. List Events (dead-letter review): events failed to dead are listed with their error, and an
 *     empty list gives one empty item when the node has "Always Output Data" on (what the template
 *     branches on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	codeNode,
	E2E_SETUP_TIMEOUT_MS,
	E2E_TEST_TIMEOUT_MS,
	e2eGate,
	manualWorkflow,
	N8nInstance,
	nodeItems,
	nodeTypeName,
} from './harness';

// Three separate `n8n execute` processes (each a cold n8n start plus PGlite opening its directory).
jest.setTimeout(3 * E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

(gate.run ? describe : describe.skip)('Order Ledger in real n8n (embedded storage)', () => {
	let n8n: N8nInstance;
	const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-e2e-ledger-'));
	const ledger = (name: string, parameters: Record<string, unknown>) => ({
		name,
		type: nodeTypeName('orderLedger'),
		typeVersion: 1,
		parameters: { backend: 'embedded', dataDirectory, ...parameters },
	});

	beforeAll(async () => {
		n8n = await N8nInstance.create({ install: gate.install });
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		rmSync(dataDirectory, { recursive: true, force: true });
	});

	it('appends with dedupe, and a later execution claims and acks exactly what was stored', async () => {
		const deliveries = [
			{ key: 'shopify-evt-1', source: 'shopify', kind: 'order', orderKey: '1001' },
			{ key: 'shopify-evt-2', source: 'shopify', kind: 'order', orderKey: '1002' },
			{ key: 'shopify-evt-1', source: 'shopify', kind: 'order', orderKey: '1001' },
		];
		const appendId = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: ledger append',
				nodes: [codeNode('Deliveries', deliveries), ledger('Append', { operation: 'appendEvent' })],
			}),
		);
		const appended = await n8n.executeWorkflow(appendId);
		expect(appended.error).toBeUndefined();
		const appendItems = nodeItems(appended, 'Append');
		expect(appendItems.map((i) => i.json.status)).toEqual(['new', 'new', 'duplicate']);
		expect(appendItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		const claimId = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: ledger claim and ack',
				nodes: [
					ledger('Claim', { operation: 'claimBatch', batchSize: 10, leaseSeconds: 60, maxAttempts: 3 }),
					ledger('Ack', { operation: 'ack' }),
				],
			}),
		);
		const claimed = await n8n.executeWorkflow(claimId);
		expect(claimed.error).toBeUndefined();
		expect(nodeItems(claimed, 'Claim').map((i) => i.json.key)).toEqual(['shopify-evt-1', 'shopify-evt-2']);
		expect(nodeItems(claimed, 'Ack').map((i) => i.json.outcome)).toEqual(['acked', 'acked']);

		const countId = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: ledger stuck count',
				nodes: [ledger('Stuck', { operation: 'stuckCount', olderThanHours: 48 })],
			}),
		);
		const counted = await n8n.executeWorkflow(countId);
		expect(counted.error).toBeUndefined();
		expect(nodeItems(counted, 'Stuck')[0].json).toMatchObject({ total: 0, olderThanSeconds: 48 * 3600 });
	});

	it(
		'List Events shows what went dead and why; ' + 'an empty list with "Always Output Data" gives one empty item',
		async () => {
			const deliveries = [
				{ key: 'ss-dead-1', source: 'shipstation', kind: 'SHIP_NOTIFY', orderKey: '2001' },
				{ key: 'ss-dead-2', source: 'shipstation', kind: 'SHIP_NOTIFY', orderKey: '2002' },
			];
			// Settings n8n keeps on the node, beside its parameters: run once for all input items / output an empty item.
			const once = { executeOnce: true };
			const claim = {
				...ledger('Claim', { operation: 'claimBatch', batchSize: 10, leaseSeconds: 60, maxAttempts: 3 }),
				...once,
			};
			const fail = ledger('Fail', {
				operation: 'fail',
				errorMessage: '={{ "ShipStation said 500 for " + $json.key }}',
				failMaxAttempts: 1,
			});
			const listDead = { ...ledger('List dead', { operation: 'listEvents', eventSource: 'shipstation' }), ...once };
			const listNone = {
				...ledger('List none', { operation: 'listEvents', eventSource: 'nobody' }),
				...once,
				alwaysOutputData: true,
			};
			const id = await n8n.importWorkflow(
				manualWorkflow({
					name: 'e2e: ledger list events',
					nodes: [
						codeNode('Deliveries', deliveries),
						ledger('Append', { operation: 'appendEvent' }),
						claim,
						fail,
						listDead,
						listNone,
					],
				}),
			);
			const result = await n8n.executeWorkflow(id);
			expect(result.error).toBeUndefined();
			expect(nodeItems(result, 'Fail').map((i) => i.json.outcome)).toEqual(['dead', 'dead']);
			const dead = nodeItems(result, 'List dead');
			expect(dead.map((i) => [i.json.key, i.json.status, i.json.attempts, i.json.lastError])).toEqual([
				['ss-dead-1', 'dead', 1, 'ShipStation said 500 for ss-dead-1'],
				['ss-dead-2', 'dead', 1, 'ShipStation said 500 for ss-dead-2'],
			]);
			expect(dead.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
			expect(dead[0].json).not.toHaveProperty('payload');
			expect(nodeItems(result, 'List none').map((i) => i.json)).toEqual([{}]);
		},
	);
});
