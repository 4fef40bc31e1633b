/**
 * ShipStation and ShipStation Trigger inside a real n8n (the packed package as a community node),
 * talking over HTTP to the simulated ShipStation (test/sandbox) through a credential whose base URL
 * overrides point at the sandbox. The trigger subscribes on activation; deliveries need the token.
 */
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createShipStationSim, type ShipStationSim } from '../sandbox/vendors/shipstation';
import {
	chainWorkflow,
	codeNode,
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
const CREDENTIAL = { shipStationPostPurchaseApi: { id: 'e2eShipStation001', name: 'ShipStation sandbox' } };

(gate.run ? describe : describe.skip)('ShipStation in real n8n', () => {
	let n8n: N8nInstance;
	let sandbox: RunningSandbox;
	let sim: ShipStationSim;

	beforeAll(async () => {
		sim = createShipStationSim({ seed: 77, orders: 25, shipments: 620 });
		sandbox = await startSandbox([sim]);
		sim.baseUrl = sandbox.baseUrl('shipstation');
		n8n = await N8nInstance.create({ install: gate.install });
		await n8n.importCredentials([
			{
				id: 'e2eShipStation001',
				name: 'ShipStation sandbox',
				type: 'shipStationPostPurchaseApi',
				data: {
					apiKey: 'ss-key',
					apiSecret: 'ss-secret',
					v2ApiKey: 'ss-v2-key',
					v1BaseUrl: sim.baseUrl,
					v2BaseUrl: sim.baseUrl,
				},
			},
		]);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	it('lists shipments 500 a page and gets orders by number, paired to their input items', async () => {
		const numbers = [sim.orders[1].orderNumber, sim.orders[4].orderNumber];
		const id = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: shipstation',
				nodes: [
					codeNode(
						'Orders',
						numbers.map((order) => ({ order })),
					),
					{
						name: 'ShipStation',
						type: nodeTypeName('shipStation'),
						parameters: { resource: 'order', operation: 'get', orderNumber: '={{ $json.order }}' },
						credentials: CREDENTIAL,
					},
				],
			}),
		);
		const result = await n8n.executeWorkflow(id);
		expect(result.error).toBeUndefined();
		const items = nodeItems(result, 'ShipStation');
		expect(items.map((i) => i.json.orderKey)).toEqual(numbers.map((n) => n.replace('#', '')));
		expect(items[1].pairedItem).toEqual({ item: 1 });

		const shipmentsId = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: shipstation shipments',
				nodes: [
					{
						name: 'ShipStation',
						type: nodeTypeName('shipStation'),
						parameters: {
							resource: 'shipment',
							operation: 'getAll',
							shipmentFilter: 'shipDate',
							shipDateStart: '2026-03-01',
							includeShipmentItems: false,
						},
						credentials: CREDENTIAL,
					},
				],
			}),
		);
		const shipments = await n8n.executeWorkflow(shipmentsId);
		expect(shipments.error).toBeUndefined();
		expect(nodeItems(shipments, 'ShipStation')).toHaveLength(620);
		expect(sim.requests.filter((r) => r.path === '/shipments').map((r) => r.query.pageSize)).toEqual(['500', '500']);
	});

	it(
		'the trigger subscribes on activation; ' + 'a delivery without the token gets 401, with it the shipments flow',
		async () => {
			await n8n.startServer();
			const workflowId = await n8n.activateWorkflow(
				chainWorkflow('e2e: shipstation trigger', [
					{
						name: 'ShipStation Trigger',
						type: nodeTypeName('shipStationTrigger'),
						webhookId: 'c4d2e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f',
						parameters: { events: ['SHIP_NOTIFY'] },
						credentials: CREDENTIAL,
					},
				]),
			);
			// n8n registers production webhooks asynchronously after activation returns.
			const deadline = Date.now() + 60_000;
			while (sim.webhooks.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
			if (sim.webhooks.length === 0) process.stderr.write(`n8n main log:\n${n8n.log('main').slice(-4000)}\n`);
			expect(sim.webhooks.map((w) => w.HookType)).toEqual(['SHIP_NOTIFY']);
			const target = new URL(sim.webhooks[0].Url);
			const token = target.searchParams.get('token');
			expect(token).toBeTruthy();
			const path = target.pathname.replace(/^\/webhook\//, '');

			const order = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
			const { shipments, notification } = sim.shipOrder(order.orderId, 2);
			const refused = await n8n.callWebhook(path, notification);
			expect(refused.status).toBe(401);
			const ok = await n8n.callWebhook(`${path}?token=${token}`, notification);
			expect(ok.status).toBe(200);
			const execution = await n8n.waitForExecution(workflowId);
			const items = nodeItems(execution, 'ShipStation Trigger');
			expect(items.map((i) => (i.json.observations as Array<{ key: string }>)[0].key)).toEqual(
				shipments.map((s) => `shipstation:shipment:${s.shipmentId}:created`),
			);
		},
	);
});
