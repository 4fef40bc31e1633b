/**
 * 3PL Fulfillment and its trigger inside a real n8n, loaded from the packed package as community
 * nodes, talking over HTTP to the 3PL simulators (test/sandbox) through credentials whose Base URL
 * Override points at the sandbox. The trigger subscribes at the ShipBob simulator on activation.
 */
import { signShipBob } from '../helpers/webhookSigners';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { ExtensivSim } from '../sandbox/vendors/extensiv';
import { ShipBobSim } from '../sandbox/vendors/shipbob';
import {
	codeNode,
	chainWorkflow,
	E2E_SETUP_TIMEOUT_MS,
	E2E_TEST_TIMEOUT_MS,
	e2eGate,
	manualWorkflow,
	N8nInstance,
	nodeItems,
	nodeTypeName,
} from './harness';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

(gate.run ? describe : describe.skip)('3PL Fulfillment in real n8n', () => {
	let n8n: N8nInstance;
	let sandbox: RunningSandbox;
	let shipbob: ShipBobSim;
	let extensiv: ExtensivSim;

	beforeAll(async () => {
		shipbob = new ShipBobSim({ orders: 12 });
		extensiv = new ExtensivSim({ orders: 7 });
		sandbox = await startSandbox([shipbob, extensiv]);
		n8n = await N8nInstance.create({ install: gate.install });
		await n8n.importCredentials([
			{
				id: 'e2eShipBob0000001',
				name: 'ShipBob sandbox',
				type: 'shipBobPostPurchaseApi',
				data: { token: 'sb-pat-test', environment: 'production', baseUrl: sandbox.baseUrl('shipbob') },
			},
			{
				id: 'e2eExtensiv000001',
				name: 'Extensiv sandbox',
				type: 'extensivPostPurchaseApi',
				data: {
					clientId: 'ext-client',
					clientSecret: 'ext-secret',
					tpl: '{1}',
					userLoginId: '1',
					baseUrl: sandbox.baseUrl('extensiv'),
				},
			},
		]);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	it('reads ShipBob statuses for two orders, paired to their input items', async () => {
		const id = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: 3pl status',
				nodes: [
					codeNode('Orders', [{ order: '#1002' }, { order: '1006' }]),
					{
						name: '3PL Fulfillment',
						type: nodeTypeName('threePlFulfillment'),
						parameters: { provider: 'shipbob', operation: 'getOrderStatus', orderNumber: '={{ $json.order }}' },
						credentials: { shipBobPostPurchaseApi: { id: 'e2eShipBob0000001', name: 'ShipBob sandbox' } },
					},
				],
			}),
		);
		const result = await n8n.executeWorkflow(id);
		expect(result.error).toBeUndefined();
		const items = nodeItems(result, '3PL Fulfillment');
		expect(items.map((i) => [i.json.orderKey, i.json.status, i.json.holdReason])).toEqual([
			['1002', 'on_hold', 'address'],
			['1006', 'shipped', null],
		]);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it(
		'Extensiv: the token is fetched by the credential, ' + 'and an unsupported operation fails with a clear message',
		async () => {
			const id = await n8n.importWorkflow(
				manualWorkflow({
					name: 'e2e: 3pl extensiv',
					nodes: [
						{
							name: '3PL Fulfillment',
							type: nodeTypeName('threePlFulfillment'),
							parameters: {
								provider: 'extensiv',
								operation: 'updateShippingAddress',
								orderNumber: '1001',
								address: { address1: '1 New St', city: 'Reno' },
							},
							credentials: { extensivPostPurchaseApi: { id: 'e2eExtensiv000001', name: 'Extensiv sandbox' } },
						},
					],
				}),
			);
			const result = await n8n.executeWorkflow(id);
			expect(JSON.stringify(result.error ?? result.runData)).toMatch(
				/Update shipping address is not supported by Extensiv \(3PL Central\)/,
			);
		},
	);

	it(
		'the trigger subscribes at ShipBob on activation; ' + 'signed deliveries run the workflow, forged ones get 401',
		async () => {
			await n8n.startServer();
			const workflowId = await n8n.activateWorkflow(
				chainWorkflow('e2e: 3pl trigger', [
					{
						name: '3PL Fulfillment Trigger',
						type: nodeTypeName('threePlFulfillmentTrigger'),
						webhookId: 'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607',
						parameters: { provider: 'shipbob', shipbobTopics: ['order.shipped'], fetchOrder: true },
						credentials: { shipBobPostPurchaseApi: { id: 'e2eShipBob0000001', name: 'ShipBob sandbox' } },
					},
				]),
			);
			// n8n registers a trigger's webhooks while activating; give it a moment, then show its log if not.
			for (let waited = 0; shipbob.webhooks.length === 0 && waited < 30_000; waited += 500)
				await new Promise((r) => setTimeout(r, 500));
			if (shipbob.webhooks.length === 0)
				throw new Error(
					`no ShipBob subscription after activation; sim saw ` +
						`${JSON.stringify(shipbob.kit.requests.map((r) => `${r.method} ${r.path} ${r.status}`))}\n` +
						n8n.log('main').slice(-4000),
				);
			expect(shipbob.webhooks).toHaveLength(1);
			const hook = shipbob.webhooks[0] as { url: string; secret: string; topics: string[] };
			expect(hook.topics).toEqual(['order.shipped']);
			const path = new URL(hook.url).pathname.replace(/^\/webhook\//, '');
			const body = JSON.stringify({ topic: 'order.shipped', data: { order_id: shipbob.orders[5].id } });
			const ts = String(Math.floor(Date.now() / 1000));
			const forged = await n8n.callWebhook(path, body, {
				headers: { 'webhook-id': 'msg_x', 'webhook-timestamp': ts, 'webhook-signature': 'v1,Zm9yZ2Vk' },
			});
			expect(forged.status).toBe(401);
			const ok = await n8n.callWebhook(path, body, {
				headers: {
					'webhook-id': 'msg_1',
					'webhook-timestamp': ts,
					'webhook-signature': signShipBob(hook.secret, 'msg_1', ts, body),
					'x-webhook-topic': 'order.shipped',
				},
			});
			expect(ok.status).toBe(200);
			const execution = await n8n.waitForExecution(workflowId);
			const items = nodeItems(execution, '3PL Fulfillment Trigger');
			expect(items[0].json).toMatchObject({
				provider: 'shipbob',
				orderKey: '1006',
				status: 'shipped',
				eventKey: 'shipbob:msg_1',
			});
		},
	);
});
