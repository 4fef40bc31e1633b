/**
 * Carrier Tracking > Read for Work Items (issue 14) through n8n's real engine: the parcels of every work
 * item of the run are tracked together (one token and full batches per carrier), and each item comes out
 * once, paired with itself, with its own numbers' tracking observations appended. HTTP goes through nock to
 * the carrier simulators (test/sandbox/vendors), which count the calls.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { CarrierTracking } from '../../nodes/CarrierTracking/CarrierTracking.node';
import { DhlPostPurchaseApi } from '../../credentials/DhlPostPurchaseApi.credentials';
import { FedExPostPurchaseApi } from '../../credentials/FedExPostPurchaseApi.credentials';
import { UpsPostPurchaseApi } from '../../credentials/UpsPostPurchaseApi.credentials';
import { UspsPostPurchaseApi } from '../../credentials/UspsPostPurchaseApi.credentials';
import { hasValidMod10, missingCarrierCredentialError, SUPPORTED_CARRIERS } from '../../nodes/lib/connectors/carriers';
import { runNode, type RunNodeOptions } from '../helpers/n8n';
import { createDhlSim, type DhlSim } from '../sandbox/vendors/dhl';
import { createFedExSim, type FedExSim } from '../sandbox/vendors/fedex';
import { createUpsSim, type UpsSim } from '../sandbox/vendors/ups';
import { createUspsSim, type UspsSim } from '../sandbox/vendors/usps';
import { nockSim } from '../unit/shopify/nockSim';

const credentialTypes = [
	new FedExPostPurchaseApi(),
	new UpsPostPurchaseApi(),
	new UspsPostPurchaseApi(),
	new DhlPostPurchaseApi(),
];
const oauth = (carrier: string) => ({
	clientId: `${carrier}-client`,
	clientSecret: `${carrier}-secret`,
	environment: 'production',
	baseUrl: `https://${carrier}.test`,
});
const allCredentials = {
	fedExPostPurchaseApi: oauth('fedex'),
	upsPostPurchaseApi: oauth('ups'),
	uspsPostPurchaseApi: oauth('usps'),
	dhlPostPurchaseApi: { apiKey: 'dhl-key', environment: 'production', baseUrl: 'https://dhl.test' },
};

let fedex: FedExSim;
let ups: UpsSim;
let usps: UspsSim;
let dhl: DhlSim;
beforeEach(() => {
	fedex = createFedExSim({
		scenarios: { '794843185271': 'delivered', '794843185272': 'out_for_delivery' },
		unknownNumbers: ['794800000000'],
	});
	ups = createUpsSim({ scenarios: { '1Z999AA10123456784': 'in_transit' }, unknownNumbers: ['1Z9999999999999999'] });
	usps = createUspsSim();
	dhl = createDhlSim();
	nockSim('https://fedex.test', fedex);
	nockSim('https://ups.test', ups);
	nockSim('https://usps.test', usps);
	nockSim('https://dhl.test', dhl);
});
afterEach(() => nock.cleanAll());

/** Calls per carrier endpoint: tokens and tracking requests. */
const calls = () => ({
	fedexTokens: fedex.calls.filter((c) => c.path === '/oauth/token').length,
	fedexTrack: fedex.calls.filter((c) => c.path === '/track/v1/trackingnumbers').length,
	upsTokens: ups.calls.filter((c) => c.path === '/security/v1/oauth/token').length,
	upsTrack: ups.calls.filter((c) => c.path.startsWith('/api/track/')).length,
	uspsTokens: usps.calls.filter((c) => c.path === '/oauth2/v3/token').length,
	uspsTrack: usps.calls.filter((c) => c.path === '/tracking/v3r2/tracking').length,
	dhlTrack: dhl.calls.filter((c) => c.path === '/track/shipments').length,
});

/** A USPS IMpb number (22 digits) with a valid check digit, so Auto tells USPS from its format. */
function uspsNumber(i: number): string {
	const body = `94001118992231${String(i).padStart(7, '0')}`;
	for (let d = 0; d <= 9; d++) if (hasValidMod10(body + d)) return body + d;
	throw new Error('no check digit');
}
const fedexNumber = (i: number) => `7948431${String(90000 + i)}`;
const upsNumber = (i: number) => `1Z999AA1${String(i).padStart(10, '0')}`;

interface Parcel {
	trackingNumber: string;
	carrier?: string;
}

/**
 * A work item as Claim Batch (One Item per Order) gives it: `parcels` are shipments a warehouse read just
 * reported (observations), `stored` the stored order's parcels with their last known carrier status.
 */
function workItem(
	orderKey: string,
	{
		parcels = [],
		stored = [],
		askVendors = true,
		error = null,
	}: {
		parcels?: Parcel[];
		stored?: Array<Parcel & { trackingStatus: string }>;
		askVendors?: boolean;
		error?: string | null;
	} = {},
): IDataObject {
	return {
		orderKey,
		events: [
			{
				id: `e-${orderKey}`,
				key: `shopify:orders/updated:${orderKey}`,
				leaseToken: 'lease-1',
				source: 'shopify',
				topic: 'orders/updated',
			},
		],
		observations: parcels.map((p, i) => ({
			source: 'shipstation',
			kind: 'shipment',
			orderKey,
			sourceId: `${orderKey}-${i}`,
			occurredAt: '2026-03-01T10:00:00Z',
			receivedAt: '2026-03-01T10:00:00Z',
			key: `shipstation:shipment:${orderKey}-${i}`,
			data: { shipmentId: `${orderKey}-${i}`, trackingNumber: p.trackingNumber, carrier: p.carrier ?? null },
		})),
		hints: { shopifyInHand: false, warehouseInHand: false, notificationsOnly: !askVendors },
		problems: error ? [error] : [],
		error,
		previous: stored.length
			? { orderKey, version: 2, shipments: stored.map((s) => ({ key: s.trackingNumber, ...s })) }
			: null,
		reads: { askVendors, askShopify: askVendors, askWarehouse: false, shopifyOrderId: '', orderName: `#${orderKey}` },
	};
}

const read = (input: IDataObject[], options: Partial<RunNodeOptions> = {}) =>
	runNode({
		nodeType: new CarrierTracking(),
		parameters: { operation: 'readForWorkItems', options: { requestsPerSecond: 100 } },
		input: input.map((json) => ({ json })),
		credentials: allCredentials,
		credentialTypes,
		...options,
	});

interface TrackingObservation {
	kind: string;
	source: string;
	orderKey: string;
	data: { trackingNumber: string; status: string };
}
/** The tracking observations a read appended to an item (after the ones it came with). */
const addedTracking = (item: INodeExecutionData, before: number) =>
	(item.json.observations as TrackingObservation[])
		.slice(before)
		.map((o) => [o.kind, o.source, o.orderKey, o.data.trackingNumber, o.data.status]);

describe('Carrier Tracking node: Read for Work Items', () => {
	it('tracks the parcels of all orders in one batch per carrier and gives each order its own', async () => {
		const input = [
			workItem('1001', { parcels: [{ trackingNumber: '794843185271' }] }),
			// Only our own notes: Read When (its reads.askVendors) is off, so no carrier hears of 794843185299.
			workItem('1002', { parcels: [{ trackingNumber: '794843185299' }], askVendors: false }),
			workItem('1003', {
				parcels: [{ trackingNumber: '794843185272' }, { trackingNumber: '1z999aa1-0123456784' }],
				// Delivered already: nothing new to ask; still on its way: asked again.
				stored: [
					{ trackingNumber: '794843185273', trackingStatus: 'delivered' },
					{ trackingNumber: '794843185274', trackingStatus: 'in_transit', carrier: 'FedEx' },
				],
			}),
			// On its way to Fail: passes untouched.
			workItem('', { parcels: [{ trackingNumber: '794843185298' }], error: 'Event k names no order' }),
		];
		const { outputs, error } = await read(input);
		expect(error).toBeUndefined();

		// Three orders' FedEx numbers in ONE request with one token; UPS one GET per number, one token.
		expect(calls()).toEqual({
			fedexTokens: 1,
			fedexTrack: 1,
			upsTokens: 1,
			upsTrack: 1,
			uspsTokens: 0,
			uspsTrack: 0,
			dhlTrack: 0,
		});
		const asked = (fedex.calls.find((c) => c.path === '/track/v1/trackingnumbers')!.json as IDataObject)
			.trackingInfo as Array<{ trackingNumberInfo: { trackingNumber: string } }>;
		expect(asked.map((t) => t.trackingNumberInfo.trackingNumber)).toEqual([
			'794843185271',
			'794843185272',
			'794843185274',
		]);

		expect(outputs[0]).toHaveLength(4);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(addedTracking(outputs[0][0], 1)).toEqual([['tracking', 'fedex', '1001', '794843185271', 'delivered']]);
		expect(addedTracking(outputs[0][2], 2)).toEqual([
			['tracking', 'fedex', '1003', '794843185272', 'out_for_delivery'],
			['tracking', 'ups', '1003', '1Z999AA10123456784', 'in_transit'],
			['tracking', 'fedex', '1003', '794843185274', expect.any(String)],
		]);
		// The rest of a read item is the input item, and it says nothing went wrong with its parcels.
		expect(outputs[0][2].json).toEqual({ ...input[2], observations: expect.any(Array), trackingProblems: [] });
		expect((outputs[0][2].json.observations as unknown[]).slice(0, 2)).toEqual(input[2].observations);
		// Items not read come out exactly as they went in.
		expect(outputs[0][1].json).toEqual(input[1]);
		expect(outputs[0][3].json).toEqual(input[3]);
	});

	it('measures the calls for 40 orders with a FedEx, a UPS and a USPS parcel each', async () => {
		const orders = Array.from({ length: 40 }, (_, i) =>
			workItem(String(2000 + i), {
				parcels: [{ trackingNumber: fedexNumber(i) }, { trackingNumber: upsNumber(i) }],
				stored: [{ trackingNumber: uspsNumber(i), trackingStatus: 'in_transit' }],
			}),
		);
		const { outputs, error } = await read(orders);
		expect(error).toBeUndefined();
		// 120 parcels: FedEx 30 + 10 per request, USPS 35 + 5, UPS one GET each; one token per carrier for the run
		// (one order at a time through Track took a token and a request per carrier per order: 240 calls).
		expect(calls()).toEqual({
			fedexTokens: 1,
			fedexTrack: 2,
			upsTokens: 1,
			upsTrack: 40,
			uspsTokens: 1,
			uspsTrack: 2,
			dhlTrack: 0,
		});
		expect(outputs[0].map((item) => (item.json.observations as unknown[]).length)).toEqual(Array(40).fill(5));
		expect(outputs[0].every((item) => (item.json.trackingProblems as unknown[]).length === 0)).toBe(true);
		expect(outputs[0].map((item) => (item.pairedItem as { item: number }).item)).toEqual([...Array(40).keys()]);
	});

	it('a number unknown to its carrier is a fact; one no carrier answers for is a problem, not a failure', async () => {
		fedex.tokens.rejectAll = true;
		const { outputs, error } = await read(
			[
				workItem('3001', {
					parcels: [
						{ trackingNumber: '1Z999AA10123456784' },
						{ trackingNumber: 'ABCDEFGH' },
						{ trackingNumber: 'N/A' },
						{ trackingNumber: '1234567890' },
					],
				}),
				workItem('3002', { parcels: [{ trackingNumber: '794800000000' }] }),
				workItem('3003', { parcels: [{ trackingNumber: '1Z9999999999999999' }] }),
			],
			// No DHL credential on the node; FedEx refuses every token.
			{
				credentials: {
					fedExPostPurchaseApi: allCredentials.fedExPostPurchaseApi,
					upsPostPurchaseApi: allCredentials.upsPostPurchaseApi,
				},
			},
		);
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(3);
		expect(addedTracking(outputs[0][0], 4)).toEqual([['tracking', 'ups', '3001', '1Z999AA10123456784', 'in_transit']]);
		expect(outputs[0][0].json.trackingProblems).toEqual([
			{
				trackingNumber: 'ABCDEFGH',
				carrier: null,
				error: expect.stringContaining('Cannot tell the carrier of "ABCDEFGH"'),
				description: expect.stringMatching(/Choose the carrier/),
			},
			{
				trackingNumber: 'N/A',
				carrier: null,
				error: '"N/A" is not a tracking number (4 to 35 letters and digits)',
				description: expect.any(String),
			},
			{
				trackingNumber: '1234567890',
				carrier: 'dhl',
				error: 'No DHL credential is set on this node',
				// The credential's name as n8n lists it.
				description: expect.stringContaining(`Add a "${new DhlPostPurchaseApi().displayName}" credential`),
			},
		]);
		// FedEx down for the whole run: each of its parcels says so, the order is not failed.
		expect(outputs[0][1].json.trackingProblems).toEqual([
			{
				trackingNumber: '794800000000',
				carrier: 'fedex',
				error: 'FedEx rejected a freshly issued access token (401 twice in a row)',
				description: expect.stringMatching(/Tracking API enabled/),
			},
		]);
		expect(addedTracking(outputs[0][1], 1)).toEqual([]);
		// Unknown to UPS: the same not-found observation Track gives (status unknown), no problem.
		expect(addedTracking(outputs[0][2], 1)).toEqual([['tracking', 'ups', '3003', '1Z9999999999999999', 'unknown']]);
		expect(outputs[0][2].json.trackingProblems).toEqual([]);
		expect(outputs[0].every((item) => !item.json.error)).toBe(true);
	});

	it('asks the carrier the facts name when the number alone could be two carriers', async () => {
		const { outputs, error } = await read([
			workItem('4001', { parcels: [{ trackingNumber: '123456789012', carrier: 'DHL Express' }] }),
			workItem('4002', { parcels: [{ trackingNumber: '123456789013' }] }),
		]);
		expect(error).toBeUndefined();
		expect(addedTracking(outputs[0][0], 1).map((o) => o[1])).toEqual(['dhl']);
		expect(addedTracking(outputs[0][1], 1).map((o) => o[1])).toEqual(['fedex']);
		expect(calls()).toMatchObject({ dhlTrack: 1, fedexTrack: 1 });
	});

	it('Read When can be set by the user; an item that carries an error is never read', async () => {
		const { outputs, error } = await read(
			[
				workItem('5001', { parcels: [{ trackingNumber: '794843185271' }], askVendors: false }),
				workItem('5002', { parcels: [{ trackingNumber: '794843185272' }], error: 'Could not read order 5002' }),
			],
			{ parameters: { operation: 'readForWorkItems', readWhen: true } },
		);
		expect(error).toBeUndefined();
		expect(addedTracking(outputs[0][0], 1)).toEqual([['tracking', 'fedex', '5001', '794843185271', 'delivered']]);
		expect(outputs[0][1].json.trackingProblems).toBeUndefined();
		expect(calls().fedexTrack).toBe(1);
	});

	it('an item without a read plan (`reads`) is named, as on the other read nodes, not passed unread', async () => {
		const plain = { orderKey: '5003', observations: [] };
		const stopped = await read([plain]);
		expect(stopped.error?.message).toBe('"Read When" is empty for this item');
		expect((stopped.error as { description?: string }).description).toMatch(
			/^Field: readWhen\. The default reads the work item's reads\.askVendors, which Claim Batch adds/,
		);
		expect(Object.values(calls()).every((n) => n === 0)).toBe(true);

		const { outputs, error } = await read(
			[plain, workItem('5004', { parcels: [{ trackingNumber: '794843185271' }] })],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(outputs[0][0]).toEqual({
			json: {
				error: '"Read When" is empty for this item',
				description: expect.stringMatching(/^Field: readWhen\. The default reads the work item's reads\.askVendors/),
			},
			pairedItem: { item: 0 },
		});
		expect(addedTracking(outputs[0][1], 1)).toEqual([['tracking', 'fedex', '5004', '794843185271', 'delivered']]);
	});

	describe('an item that is not a work item fails alone', () => {
		const input = () => [
			workItem('6001', { parcels: [{ trackingNumber: '794843185271' }] }),
			{ ...workItem('6002'), observations: 'not a list' },
			workItem('6003', { parcels: [{ trackingNumber: '794843185272' }] }),
		];

		it('stops the run naming the field when On Error is Stop', async () => {
			const { error } = await read(input());
			expect(error?.message).toBe("The work item's observations are not a list (string)");
			expect((error as { description?: string }).description).toMatch(/^Field: observations\. Feed this node/);
		});

		it('Continue (regular output): an error item in its place, the others read', async () => {
			const { outputs, error } = await read(input(), { continueOnFail: true });
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(3);
			expect(outputs[0][1]).toEqual({
				json: {
					error: "The work item's observations are not a list (string)",
					description: expect.stringMatching(/^Field: observations/),
				},
				pairedItem: { item: 1 },
			});
			expect(addedTracking(outputs[0][0], 1)).toEqual([['tracking', 'fedex', '6001', '794843185271', 'delivered']]);
			expect(addedTracking(outputs[0][2], 1)).toEqual([
				['tracking', 'fedex', '6003', '794843185272', 'out_for_delivery'],
			]);
			expect(calls().fedexTrack).toBe(1);
		});

		it('Continue (using error output): the work item goes to the Error output with its events', async () => {
			const { outputs, error } = await read(input(), { onError: 'continueErrorOutput' });
			expect(error).toBeUndefined();
			expect(outputs[0].map((item) => [item.json.orderKey, item.pairedItem])).toEqual([
				['6001', { item: 0 }],
				['6003', { item: 2 }],
			]);
			expect(outputs[1]).toHaveLength(1);
			expect(outputs[1][0].pairedItem).toEqual({ item: 1 });
			expect(outputs[1][0].json).toMatchObject({
				orderKey: '6002',
				events: [{ id: 'e-6002', leaseToken: 'lease-1' }],
				error: "The work item's observations are not a list (string)",
				details: { description: expect.stringMatching(/^Field: observations/) },
			});
		});
	});

	it("the missing-credential problem names each carrier's credential as n8n lists it", () => {
		const listed = {
			ups: UpsPostPurchaseApi,
			fedex: FedExPostPurchaseApi,
			usps: UspsPostPurchaseApi,
			dhl: DhlPostPurchaseApi,
		};
		for (const carrier of SUPPORTED_CARRIERS)
			expect(missingCarrierCredentialError(carrier).hint).toContain(`"${new listed[carrier]().displayName}"`);
	});
});
