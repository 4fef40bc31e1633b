/**
 * Shopify Orders and Shopify Orders Trigger inside a real n8n, loaded from the packed package as
 * community nodes, talking over HTTP to the simulated Admin API (test/sandbox) through a credential
 * whose Base URL Override points at the sandbox. The trigger registers its subscriptions with
 * webhookSubscriptionCreate on activation; signed deliveries run the workflow, forged ones get 401.
 */
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { ShopifySim } from '../sandbox/vendors/shopify';
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
const SECRET = 'e2e-shopify-webhook-secret';
const CREDENTIAL = { shopifyAdminPostPurchaseApi: { id: 'e2eShopify0000001', name: 'Shopify sandbox' } };

(gate.run ? describe : describe.skip)('Shopify Orders in real n8n', () => {
	let n8n: N8nInstance;
	let sandbox: RunningSandbox;
	let sim: ShopifySim;

	beforeAll(async () => {
		sim = new ShopifySim({ seed: 4, orders: 25 });
		sandbox = await startSandbox([sim]);
		n8n = await N8nInstance.create({ install: gate.install });
		await n8n.importCredentials([
			{
				id: 'e2eShopify0000001',
				name: 'Shopify sandbox',
				type: 'shopifyAdminPostPurchaseApi',
				data: {
					shopDomain: sim.shopDomain,
					apiVersion: '2026-10',
					authMode: 'accessToken',
					accessToken: 'shpat_sandbox_token',
					webhookSecret: SECRET,
					baseUrl: sandbox.baseUrl('shopify'),
				},
			},
		]);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	it('Get returns each order with its observations, paired to the input items', async () => {
		const id = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: shopify get',
				nodes: [
					codeNode('Orders', [{ order: '#1003' }, { order: '1007' }]),
					{
						name: 'Shopify Orders',
						type: nodeTypeName('shopifyOrders'),
						parameters: { operation: 'get', order: { __rl: true, mode: 'name', value: '={{ $json.order }}' } },
						credentials: CREDENTIAL,
					},
				],
			}),
		);
		const result = await n8n.executeWorkflow(id);
		expect(result.error).toBeUndefined();
		const items = nodeItems(result, 'Shopify Orders');
		expect(items.map((i) => (i.json.order as { name: string }).name)).toEqual(['#1003', '#1007']);
		expect((items[0].json.observations as Array<{ kind: string; orderKey: string }>)[0]).toMatchObject({
			kind: 'order',
			orderKey: '1003',
		});
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it('Get Many pages through the store without being throttled', async () => {
		const id = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: shopify get many',
				nodes: [
					{
						name: 'Shopify Orders',
						type: nodeTypeName('shopifyOrders'),
						parameters: { operation: 'getMany', returnAll: true },
						credentials: CREDENTIAL,
					},
				],
			}),
		);
		const result = await n8n.executeWorkflow(id);
		expect(result.error).toBeUndefined();
		expect(nodeItems(result, 'Shopify Orders')).toHaveLength(25);
		expect(sim.calls.some((c) => c.throttled)).toBe(false);
	});

	it('the trigger subscribes on activation; signed deliveries run the workflow, forged ones get 401', async () => {
		await n8n.startServer();
		const workflowId = await n8n.activateWorkflow(
			chainWorkflow('e2e: shopify trigger', [
				{
					name: 'Shopify Orders Trigger',
					type: nodeTypeName('shopifyOrdersTrigger'),
					webhookId: '5b1d7c1e-2f3a-4c5d-8e9f-a0b1c2d3e4f5',
					parameters: { topics: ['orders/updated', 'fulfillments/create'] },
					credentials: CREDENTIAL,
				},
			]),
		);
		// n8n registers production webhooks asynchronously after activation returns.
		const deadline = Date.now() + 60_000;
		while (sim.webhookSubscriptions.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
		if (sim.webhookSubscriptions.length < 2) process.stderr.write(`n8n main log:\n${n8n.log('main').slice(-4000)}\n`);
		expect(sim.webhookSubscriptions.map((s) => s.topic).sort()).toEqual(['FULFILLMENTS_CREATE', 'ORDERS_UPDATED']);
		const path = new URL(sim.webhookSubscriptions[0].endpoint.callbackUrl).pathname.replace(/^\/webhook\//, '');
		const order = [...sim.allOrders()].find((o) => o.fulfillments.length)!;

		const forged = sim.webhookDelivery('orders/updated', sim.restOrderPayload(order), 'wrong-secret');
		expect((await n8n.callWebhook(path, forged.body, { headers: forged.headers })).status).toBe(401);

		const delivery = sim.webhookDelivery('orders/updated', sim.restOrderPayload(order), SECRET, {
			eventId: 'e2e-evt-1',
		});
		expect((await n8n.callWebhook(path, Buffer.from(delivery.body), { headers: delivery.headers })).status).toBe(200);
		const execution = await n8n.waitForExecution(workflowId);
		const [item] = nodeItems(execution, 'Shopify Orders Trigger');
		expect(item.json).toMatchObject({ topic: 'orders/updated', shop: sim.shopDomain, eventId: 'e2e-evt-1' });
		expect((item.json.observations as Array<{ kind: string; key: string }>).find((o) => o.kind === 'order')!.key).toBe(
			'e2e-evt-1',
		);
	});
});
