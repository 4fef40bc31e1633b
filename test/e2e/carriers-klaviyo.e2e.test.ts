/**
 * Carrier Tracking and Klaviyo (Post-Purchase) inside a real n8n, loaded from the packed package as
 * community nodes, talking over HTTP to the carrier and Klaviyo simulators (test/sandbox) through
 * credentials whose Base URL Override points at the sandbox.
 */
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { createFedExSim, type FedExSim } from '../sandbox/vendors/fedex';
import { createKlaviyoSim, type KlaviyoSim } from '../sandbox/vendors/klaviyo';
import { shippedOrder } from '../unit/klaviyo/fixtures';
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

jest.setTimeout(E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();

(gate.run ? describe : describe.skip)('Carrier Tracking and Klaviyo in real n8n', () => {
	let n8n: N8nInstance;
	let sandbox: RunningSandbox;
	let fedex: FedExSim;
	let klaviyo: KlaviyoSim;

	beforeAll(async () => {
		fedex = createFedExSim({ scenarios: { '794843185271': 'delivered' }, unknownNumbers: ['794800000000'] });
		klaviyo = createKlaviyoSim();
		sandbox = await startSandbox([fedex, klaviyo]);
		n8n = await N8nInstance.create({ install: gate.install });
		await n8n.importCredentials([
			{
				id: 'e2eFedEx000000001',
				name: 'FedEx sandbox',
				type: 'fedExPostPurchaseApi',
				data: {
					clientId: 'fedex-client',
					clientSecret: 'fedex-secret',
					environment: 'production',
					baseUrl: sandbox.baseUrl('fedex'),
				},
			},
			{
				id: 'e2eKlaviyo0000001',
				name: 'Klaviyo sandbox',
				type: 'klaviyoPostPurchaseApi',
				data: { apiKey: 'pk_test', baseUrl: sandbox.baseUrl('klaviyo') },
			},
		]);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	it('tracks 40 FedEx numbers from two items in 2 requests with one token; an unknown number is a result', async () => {
		const numbers = Array.from({ length: 39 }, (_, i) => `7948431${String(60000 + i)}`);
		const id = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: carrier tracking',
				nodes: [
					codeNode('Shipments', [
						{ tracking: ['794843185271', ...numbers.slice(0, 19)].join(','), order: '1001' },
						{ tracking: [...numbers.slice(19), '794800000000'].join('\n'), order: '1002' },
					]),
					{
						name: 'Carrier Tracking',
						type: nodeTypeName('carrierTracking'),
						parameters: {
							operation: 'track',
							carrier: 'fedex',
							trackingNumbers: '={{ $json.tracking }}',
							orderKey: '={{ $json.order }}',
							options: {},
						},
						credentials: { fedExPostPurchaseApi: { id: 'e2eFedEx000000001', name: 'FedEx sandbox' } },
					},
				],
			}),
		);
		const result = await n8n.executeWorkflow(id);
		expect(result.error).toBeUndefined();
		const items = nodeItems(result, 'Carrier Tracking');
		expect(items).toHaveLength(41);
		expect(items[0].json).toMatchObject({
			trackingNumber: '794843185271',
			found: true,
			status: 'delivered',
			observation: { kind: 'tracking', orderKey: '1001' },
		});
		expect(items[40].json).toMatchObject({ trackingNumber: '794800000000', found: false, status: 'unknown' });
		expect(items[40].pairedItem).toEqual({ item: 1 });
		expect(fedex.trackRequests).toBe(2);
		expect(fedex.tokens.issued).toBe(1);
	});

	it('sends Order Shipped to Klaviyo once, even when the workflow runs twice', async () => {
		const id = await n8n.importWorkflow(
			manualWorkflow({
				name: 'e2e: klaviyo order shipped',
				nodes: [
					codeNode('Order', [{ record: shippedOrder() }]),
					{
						name: 'Klaviyo',
						type: nodeTypeName('klaviyoPostPurchase'),
						parameters: {
							operation: 'postPurchaseEvent',
							event: 'order_shipped',
							shipment: '',
							postPurchaseOptions: {},
						},
						credentials: { klaviyoPostPurchaseApi: { id: 'e2eKlaviyo0000001', name: 'Klaviyo sandbox' } },
					},
				],
			}),
		);
		const first = await n8n.executeWorkflow(id);
		const second = await n8n.executeWorkflow(id);
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(nodeItems(first, 'Klaviyo')[0].json).toMatchObject({
			metric: 'Order Shipped',
			uniqueId: 'pp:1001:order_shipped:1Z999AA10123456784',
		});
		expect(klaviyo.accepted).toHaveLength(1);
		expect(klaviyo.duplicates).toBe(1);
		expect(klaviyo.accepted[0].properties).toMatchObject({
			TrackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
			Carrier: 'UPS',
		});
	});
});
