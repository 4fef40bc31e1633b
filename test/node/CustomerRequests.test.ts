/**
 * Customer Requests, Approve or Reject, through n8n's execution engine on an embedded ledger, with Shopify and
 * ShipStation simulated over HTTP (test/sandbox): a person's Approve on a customer's request that waits in the
 * approval queue changes both vendors' own records and closes the case; a press on a case that is not a
 * request is an error item paired with its press (Continue On Fail), naming the field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { PostPurchaseStoreProfileApi } from '../../credentials/PostPurchaseStoreProfileApi.credentials';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { ShopifyAdminPostPurchaseApi } from '../../credentials/ShopifyAdminPostPurchaseApi.credentials';
import { CustomerRequests } from '../../nodes/CustomerRequests/CustomerRequests.node';
import { getOrder, observationsFromOrder, ShopifyClient } from '../../nodes/lib/connectors/shopify';
import { createFetchTransport } from '../../nodes/lib/http';
import { openLedger } from '../../nodes/lib/ledger';
import { defaultPolicy, reconcile, type Address, type EditRequestData, type Observation } from '../../nodes/lib/order';
import { requestEvent } from '../../nodes/lib/pages/addressRequest';
import { runNode } from '../helpers/n8n';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { ShipStationSim } from '../sandbox/vendors/shipstation';
import { ShopifySim } from '../sandbox/vendors/shopify';

const NOW = '2026-03-05T20:00:00.000Z';
const DECIDED = '2026-03-05T21:30:00.000Z';
const NEW: Address = {
	name: 'Ana García',
	address1: '500 Pine St',
	city: 'Seattle',
	provinceCode: 'WA',
	zip: '98101',
	countryCode: 'US',
};
const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-node-requests-'));
const shopify = new ShopifySim({ seed: 21, orders: 3 });
const shipstation = new ShipStationSim({ seed: 21, orders: 3 });
const order = shopify.orderAt(0);
const orderKey = order.name.replace(/^#/, '');
const shipStationOrder = () => shipstation.orders.find((o) => o.orderNumber === order.name)!;
/** The second order: its customer asked to cancel after the cut-off. */
const cancelOrder = shopify.orderAt(1);
const cancelKey = cancelOrder.name.replace(/^#/, '');
let sandbox: RunningSandbox;
let caseId: string;
let cancelCaseId: string;

beforeAll(async () => {
	// Placed 30 minutes before NOW, open and unfulfilled in Shopify, awaiting shipment in ShipStation.
	const placed = new Date(Date.parse(NOW) - 30 * 60_000).toISOString();
	for (const o of [order, cancelOrder]) {
		Object.assign(o, {
			createdAt: placed,
			processedAt: placed,
			updatedAt: placed,
			cancelledAt: null,
			closedAt: null,
			displayFinancialStatus: 'PAID',
			displayFulfillmentStatus: 'UNFULFILLED',
			fulfillments: [],
			returns: [],
		});
		for (const fo of o.fulfillmentOrders) Object.assign(fo, { status: 'OPEN', fulfillmentHolds: [] });
		Object.assign(shipstation.orders.find((x) => x.orderNumber === o.name)!, { orderStatus: 'awaiting_shipment' });
	}
	sandbox = await startSandbox([shopify, shipstation]);

	const reader = new ShopifyClient({
		shopDomain: shopify.shopDomain,
		auth: { mode: 'accessToken', accessToken: 'shpat_sandbox_token' },
		transport: createFetchTransport(),
		baseUrl: sandbox.baseUrl('shopify'),
	});
	const observations: Observation[] = observationsFromOrder(await getOrder(reader, { by: 'id', value: order.id }), {
		receivedAt: NOW,
	});
	// The customer's request, as the address change page records it when a person must decide.
	const data: EditRequestData = {
		field: 'shipping_address',
		requestedAt: NOW,
		applied: false,
		requestId: 'req-node-000000000001',
		outcome: 'approval',
		reasons: ['country_change'],
		decidedAt: NOW,
		durationMs: 800,
		decidedBy: null,
		destination: 'Seattle, WA, US',
	};
	const event = requestEvent(orderKey, data.requestId!, data, NOW, { newAddress: NEW });
	observations.push(...(event.payload as { observations: Observation[] }).observations);
	const result = reconcile(null, observations, defaultPolicy(), NOW);
	const opened = result.opened.find((c) => c.type === 'edit_after_cutoff')!;
	caseId = opened.id;
	// The second order's cancellation, as the cancellation page records it past the cut-off.
	const cancelObservations: Observation[] = observationsFromOrder(
		await getOrder(reader, { by: 'id', value: cancelOrder.id }),
		{ receivedAt: NOW },
	);
	const cancelData: EditRequestData = {
		...data,
		field: 'cancel',
		requestId: 'req-node-000000000002',
		destination: null,
	};
	const cancelEvent = requestEvent(cancelKey, cancelData.requestId!, cancelData, NOW, { reason: 'changed_mind' });
	cancelObservations.push(...(cancelEvent.payload as { observations: Observation[] }).observations);
	const cancelResult = reconcile(null, cancelObservations, defaultPolicy(), NOW);
	const cancelCase = cancelResult.opened.find((c) => c.type === 'edit_after_cutoff')!;
	cancelCaseId = cancelCase.id;
	const ledger = await openLedger({ backend: 'embedded', dataDir: dataDirectory });
	try {
		await ledger.appendEvent(event, NOW);
		await ledger.upsertOrder(result.record, NOW);
		await ledger.openException(opened, NOW);
		await ledger.appendEvent(cancelEvent, NOW);
		await ledger.upsertOrder(cancelResult.record, NOW);
		await ledger.openException(cancelCase, NOW);
	} finally {
		await ledger.close();
	}
});
afterAll(async () => {
	await sandbox?.close();
	rmSync(dataDirectory, { recursive: true, force: true });
});

const press = (id: string, action: string) => ({
	json: { action, caseId: id, user: { id: 'U024BE7LH', name: 'maya' } },
});

/** Runs Customer Requests (Approve or Reject) as template 7 sets it, on these presses. */
function decide(
	input: INodeExecutionData[],
	extra: Record<string, unknown> = {},
	profile: Record<string, unknown> = {},
) {
	return runNode({
		nodeType: new CustomerRequests(),
		parameters: {
			operation: 'decide',
			backend: 'embedded',
			dataDirectory,
			caseId: '={{ $json.caseId }}',
			decision: '={{ $json.action }}',
			decidedBy: '={{ $json.user.name || $json.user.id }}',
			warehouse: 'shipstation',
			now: DECIDED,
			...extra,
		},
		continueOnFail: true,
		input,
		credentials: {
			postPurchaseStoreProfileApi: { storeName: 'Trailhead Outfitters', timeZone: 'America/New_York', ...profile },
			shopifyAdminPostPurchaseApi: {
				shopDomain: shopify.shopDomain,
				apiVersion: '2026-10',
				authMode: 'accessToken',
				accessToken: 'shpat_sandbox_token',
				webhookSecret: 'secret',
				baseUrl: sandbox.baseUrl('shopify'),
			},
			shipStationPostPurchaseApi: {
				apiKey: 'ss-key',
				apiSecret: 'ss-secret',
				v2ApiKey: '',
				v1BaseUrl: sandbox.baseUrl('shipstation'),
				v2BaseUrl: sandbox.baseUrl('shipstation'),
			},
		},
		credentialTypes: [
			new PostPurchaseStoreProfileApi(),
			new ShopifyAdminPostPurchaseApi(),
			new ShipStationPostPurchaseApi(),
		],
	});
}

describe('Customer Requests, Approve or Reject', () => {
	it("approves in both vendors' records, closes the case, pairs each press; a wrong case: an error item", async () => {
		const { outputs, error } = await decide([press(caseId, 'approve'), press('1001:tracking_missing:nope', 'approve')]);
		expect(error).toBeUndefined();
		const [items] = outputs;
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json).toMatchObject({
			caseId,
			orderKey,
			outcome: 'approved',
			decidedBy: 'maya',
			settled: true,
			// The Store Profile's customer messages are off by default: Klaviyo is not asked.
			tellCustomer: false,
			user: { id: 'U024BE7LH', name: 'maya' },
		});
		expect(String(items[1].json.error)).toMatch(/no case 1001:tracking_missing:nope/);

		// What changed is checked where it changed: the vendors' own records.
		expect(order.shippingAddress).toMatchObject({ address1: '500 Pine St', city: 'Seattle', zip: '98101' });
		expect(order.fulfillmentOrders.every((fo) => fo.status === 'OPEN' && fo.fulfillmentHolds.length === 0)).toBe(true);
		expect(shipStationOrder().shipTo).toMatchObject({ street1: '500 Pine St', city: 'Seattle' });

		const ledger = await openLedger({ backend: 'embedded', dataDir: dataDirectory });
		try {
			const closed = await ledger.getException(caseId, DECIDED);
			expect(closed?.resolution).toBe('Approved by maya: the new delivery address is in Shopify and the warehouse.');
			const outcomes = (await ledger.listEvents({ orderKey, source: 'customer' }))
				.flatMap((e) => (e.payload as { observations: Observation[] }).observations)
				.map((o) => o.data as EditRequestData);
			expect(outcomes.map((d) => [d.outcome, d.decidedBy])).toEqual([
				['approval', null],
				['approved', 'maya'],
			]);
		} finally {
			await ledger.close();
		}
	});

	it("with the profile's Approvers, anyone else's press decides nothing; an unreadable list refuses all", async () => {
		const before = JSON.stringify([cancelOrder, shipstation.orders.find((o) => o.orderNumber === cancelOrder.name)]);
		const stranger = { json: { action: 'approve', caseId: cancelCaseId, user: { id: 'U99SAM0001', name: 'maya' } } };
		const { outputs, error } = await decide([stranger], {}, { approvers: 'U024BE7LH, U0G9QF9C6' });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({
			caseId: cancelCaseId,
			outcome: 'not_allowed',
			allowed: false,
			settled: false,
			tellCustomer: false,
			user: { id: 'U99SAM0001' },
		});
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });

		// A name in the list (anyone can take a name) is not read as "no list": every press is refused, naming it.
		const named = await decide([press(cancelCaseId, 'approve')], {}, { approvers: 'U024BE7LH, @maya' });
		expect(String(named.outputs[0][0].json.error)).toMatch(/Approvers cannot be read/);
		expect(String(named.outputs[0][0].json.description)).toMatch(/^approvers: "@maya" is not a Slack user ID/);

		// Nothing moved in either vendor, and the ledger holds no decision for the request.
		expect(JSON.stringify([cancelOrder, shipstation.orders.find((o) => o.orderNumber === cancelOrder.name)])).toBe(
			before,
		);
		const ledger = await openLedger({ backend: 'embedded', dataDir: dataDirectory });
		try {
			const topics = (await ledger.listEvents({ orderKey: cancelKey, source: 'customer' })).map((e) => e.topic);
			expect(topics).not.toContain('self_service/decision');
			expect((await ledger.getException(cancelCaseId, DECIDED))?.resolvedAt ?? null).toBeNull();
		} finally {
			await ledger.close();
		}
	});

	it('Check Approver: Resolve on a case that waits on a customer is for the approvers; each press paired', async () => {
		const pressOn = (id: string, user: string) => ({ json: { action: 'resolve', caseId: id, user: { id: user } } });
		const check = (approvers: string) =>
			decide(
				[pressOn(cancelCaseId, 'U99SAM0001'), pressOn(cancelCaseId, 'U024BE7LH'), pressOn('1001:nope', 'U024BE7LH')],
				{ operation: 'checkApprover' },
				{ approvers },
			);
		const listed = await check('U024BE7LH');
		expect(listed.error).toBeUndefined();
		const [items] = listed.outputs;
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ caseId: cancelCaseId, allowed: false, user: { id: 'U99SAM0001' } });
		expect(String(items[0].json.reason)).toMatch(
			/^U99SAM0001 is not one of the store's approvers.*req-node-000000000002/,
		);
		expect(items[1].json).toMatchObject({ allowed: true, reason: null });
		expect(String(items[2].json.error)).toMatch(/no case 1001:nope/);
		// No list: anyone may resolve.
		expect((await check('')).outputs[0][0].json).toMatchObject({ allowed: true });
	});

	it('approves a cancellation: cancelled at ShipStation and in Shopify, with the refund switch honoured', async () => {
		const { outputs, error } = await decide([press(cancelCaseId, 'approve')], { refund: false });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ kind: 'cancel', outcome: 'approved', orderKey: cancelKey });
		expect(shipstation.orders.find((o) => o.orderNumber === cancelOrder.name)!.orderStatus).toBe('cancelled');
		expect(cancelOrder.cancelledAt).not.toBeNull();
		expect(cancelOrder.cancelReason).toBe('CUSTOMER');
		// Refund off: Shopify was not asked to refund.
		expect(cancelOrder.displayFinancialStatus).toBe('PAID');
	});
});
