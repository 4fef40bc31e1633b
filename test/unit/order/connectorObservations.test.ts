/**
 * The contract between connectors and the engine, checked from the engine's side: observations the
 * connectors build from vendor-shaped fixtures (checked against the vendors' specs in test/contract)
 * must pass validateObservation and fold into a coherent record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { observationsFromOrder, normaliseWebhook, type GqlOrder } from '../../../nodes/lib/connectors/shopify';
import { orderToObservation, shipmentToObservation } from '../../../nodes/lib/connectors/shipstation/normalise';
import { defaultPolicy, reconcile, validateObservation } from '../../../nodes/lib/order';
import type { Observation } from '../../../nodes/lib/order';
import { specPath } from '../../helpers/specs';

const fixtureDir = path.join(__dirname, '../../contract/shopify/fixtures');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(fixtureDir, name), 'utf8'));
const RECEIVED = '2025-02-01T00:00:00Z';

function expectValid(observations: Observation[]) {
	expect(observations.length).toBeGreaterThan(0);
	for (const o of observations) {
		const v = validateObservation(o);
		expect({ key: o.key, errors: v.ok ? [] : v.errors }).toEqual({ key: o.key, errors: [] });
	}
}

describe('Shopify connector -> engine', () => {
	const orderFixtures = readdirSync(fixtureDir).filter((f) => f.startsWith('get-order-'));

	test.each(orderFixtures.map((f) => [f]))('%s: every observation is valid and reconciles', (name) => {
		const order: GqlOrder = fixture(name).response.data.order;
		const observations = observationsFromOrder(order, { receivedAt: RECEIVED });
		expectValid(observations);
		const r = reconcile(null, observations, defaultPolicy(), RECEIVED);
		expect(r.rejected).toEqual([]);
		expect(r.record.orderKey).toBe(order.name.replace(/^#/, ''));
		expect(r.record.sourceStatus.shopify?.financialStatus).toBe(order.displayFinancialStatus);
	});

	test('stage follows what the fixtures say', () => {
		const stageOf = (name: string) =>
			reconcile(
				null,
				observationsFromOrder(fixture(name).response.data.order, { receivedAt: RECEIVED }),
				defaultPolicy(),
				RECEIVED,
			).record.stage;
		expect(['shipped', 'in_transit', 'out_for_delivery', 'delivered']).toContain(stageOf('get-order-shipped.json'));
		expect(stageOf('get-order-on-hold.json')).toMatch(/on_hold|backordered/);
		expect(stageOf('get-order-return-requested.json')).toBe('return_requested');
	});

	test.each([
		['orders/updated', 'payload-orders-updated.json'],
		['fulfillments/create', 'payload-fulfillments-create.json'],
	])('webhook %s: observations are valid', (topic, name) => {
		const { observations } = normaliseWebhook(topic, fixture(name), { receivedAt: RECEIVED });
		expectValid(observations);
	});
});

const shipStationSpec = 'shipstation/ShipStation API.postman_collection.json';
(specPath(shipStationSpec) ? describe : describe.skip)(
	`ShipStation connector -> engine${specPath(shipStationSpec) ? '' : ' (skipped: spec not present)'}`,
	() => {
		test('order and shipment observations are valid and combine with Shopify into one order', async () => {
			// Loaded lazily: the fixtures read ShipStation's (unlicensed) collection from ../shared.
			const { orderFixture, shipmentFixture } = await import('../shipstation/fixtures');
			const ss = [orderToObservation(orderFixture(), RECEIVED), shipmentToObservation(shipmentFixture(), RECEIVED)];
			expectValid(ss);
			const shopify = observationsFromOrder(fixture('get-order-shipped.json').response.data.order, {
				receivedAt: RECEIVED,
			});
			const r = reconcile(null, [...shopify, ...ss], defaultPolicy(), RECEIVED);
			expect(r.rejected).toEqual([]);
			expect(r.record.sourceStatus.fulfillment?.source).toBe('shipstation');
			expect(r.record.shipments.some((s) => s.seenBy.includes('shipstation'))).toBe(true);
		});
	},
);
