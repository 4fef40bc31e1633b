/**
 * What the world shows each vendor is checked against that vendor's published contract, at several
 * simulated instants (every order state the story passes through): ShipStation v1 orders and shipments
 * against the Postman collection example and the documented Shipment fields, ShipBob orders against
 * its OpenAPI, and the carriers' answers for the world's parcels against their OpenAPI files. Shopify
 * needs no separate check: the Shopify sim executes every query against the Admin schema, so a
 * projected field of the wrong type or enum fails the detection test itself.
 */
import { describeIfSpec, loadOpenApi, validateAgainstComponent, validateAgainstOpenApi } from '../../helpers/specs';
import { exampleResponse, shapeDifferences, shipmentDifferences } from '../../contract/shipstation/contract';
import { DAY, generateWorld } from '../../sandbox/world/generate';
import { journeyAt } from '../../sandbox/world/projectCarrier';
import { projectShipBob, projectShipMonk, projectShipStation } from '../../sandbox/world/projectWarehouse';
import { upsTrackResponse } from '../../sandbox/vendors/ups';
import { fedExTrackResult } from '../../sandbox/vendors/fedex';
import { dhlShipment } from '../../sandbox/vendors/dhl';
import { uspsTrackingDetail } from '../../sandbox/vendors/usps';
import type { Journey } from '../../sandbox/vendors/carrierScenarios';

const world = generateWorld({ seed: 42, orders: 200 });
const instants = [world.endMs - 6 * DAY, world.endMs - 2 * DAY, world.endMs];

function journeys(carrier: string): Journey[] {
	const out: Journey[] = [];
	for (const at of instants) for (const o of world.orders) for (const p of o.parcels) if (p.carrier === carrier) {
		const j = journeyAt(p, at);
		if (j) out.push(j);
	}
	return out;
}

describeIfSpec('shipstation/ShipStation API.postman_collection.json')('ShipStation projections match the v1 contract', () => {
	it('every projected order has exactly the List Orders example fields; every label the documented Shipment fields', () => {
		const example = exampleResponse('List Orders').orders[0];
		let orders = 0;
		let labels = 0;
		for (const at of instants)
			for (const o of world.orders) {
				const p = projectShipStation(o, world.seed, at);
				if (!p) continue;
				orders++;
				expect(shapeDifferences(p.order, example)).toEqual([]);
				for (const s of p.shipments) {
					labels++;
					expect(shipmentDifferences(s)).toEqual([]);
				}
			}
		expect(orders).toBeGreaterThan(300);
		expect(labels).toBeGreaterThan(250);
	});
});

describeIfSpec('shipbob/shipbob-openapi.json')('ShipBob projections match Orders.OrderViewModel', () => {
	it('every projected order, in every state it passes through, is a valid GET /order answer', () => {
		const spec = loadOpenApi('shipbob/shipbob-openapi.json');
		for (const at of instants) {
			const orders = world.orders.map((o) => projectShipBob(o, at)).filter(Boolean);
			expect(orders.length).toBeGreaterThan(10);
			expect(validateAgainstOpenApi(spec, { path: '/2026-01/order', method: 'GET', kind: 'response', status: 200 }, orders).errors).toEqual([]);
		}
		const statuses = new Set(world.orders.map((o) => projectShipBob(o, world.endMs)?.status).filter(Boolean));
		expect(statuses).toEqual(new Set(['Fulfilled', 'Processing', 'Exception', 'Cancelled']));
	});
});

describeIfSpec('shipmonk/shipmonk-openapi.json')('ShipMonk projections match the Order Detail Output', () => {
	it('every projected order, in every state it passes through, is a valid orders-list and order answer', () => {
		const spec = loadOpenApi('shipmonk/shipmonk-openapi.json');
		const monkWorld = generateWorld({ seed: 42, orders: 200, threePl: 'shipmonk' });
		const statuses = new Set<string>();
		for (const at of instants) {
			const orders = monkWorld.orders.map((o) => projectShipMonk(o, at)).filter((o): o is Record<string, unknown> => o !== undefined);
			expect(orders.length).toBeGreaterThan(10);
			for (const o of orders) statuses.add(`${o.order_status}/${o.processing_status}`);
			expect(validateAgainstOpenApi(spec, { path: '/v1/integrations/orders-list', method: 'GET', kind: 'response' }, { status: 200, data: { orders } }).errors).toEqual([]);
			for (const data of orders) expect(validateAgainstOpenApi(spec, { path: '/v1/integrations/orders', method: 'GET', kind: 'response' }, { status: 200, data }).errors).toEqual([]);
		}
		expect(statuses).toEqual(new Set(['fulfilled/delivered', 'fulfilled/en_route', 'unfulfilled/submitted', 'unfulfilled/backorder', 'onHold/unable_to_submit', 'cancelled/cancelled']));
	});
});

describeIfSpec('ups/Tracking.yaml')('carrier answers for the world\'s parcels match the carriers\' contracts', () => {
	it('UPS', () => {
		const spec = loadOpenApi('ups/Tracking.yaml');
		const list = journeys('ups');
		expect(list.length).toBeGreaterThan(50);
		for (const j of list) expect(validateAgainstOpenApi(spec, { path: `/track/v1/details/${j.trackingNumber}`, method: 'GET', kind: 'response', status: 200 }, upsTrackResponse(j)).errors).toEqual([]);
	});

	it('FedEx', () => {
		const spec = loadOpenApi('fedex/TrackingNumbers-Resource.json');
		expect(journeys('fedex').length).toBeGreaterThan(20);
		for (const j of journeys('fedex')) {
			const body = { transactionId: 't', output: { completeTrackResults: [{ trackingNumber: j.trackingNumber, trackResults: [fedExTrackResult(j)] }] } };
			expect(validateAgainstOpenApi(spec, { path: '/track/v1/trackingnumbers', method: 'POST', kind: 'response', status: 200 }, body).errors).toEqual([]);
		}
	});

	it('USPS', () => {
		const spec = loadOpenApi('usps/tracking-v3r2_4.yaml');
		expect(journeys('usps').length).toBeGreaterThan(40);
		for (const j of journeys('usps')) {
			// As in the carriers' contract test: SharedTrackingDetail closes its allOf, so validate each part.
			const { deliveryDateExpectation, trackingEvents, ...shared } = uspsTrackingDetail(j) as Record<string, unknown>;
			expect(validateAgainstComponent(spec, 'SharedTrackingDetail', shared).errors).toEqual([]);
			if (deliveryDateExpectation) expect(validateAgainstComponent(spec, 'DeliveryDateExpectation', deliveryDateExpectation).errors).toEqual([]);
			expect(validateAgainstComponent(spec, 'TrackingEvents', trackingEvents).errors).toEqual([]);
		}
	});

	it('DHL', () => {
		const spec = loadOpenApi('dhl/utapi-traking-api-1.4.1.yaml');
		expect(journeys('dhl').length).toBeGreaterThan(0);
		for (const j of journeys('dhl')) expect(validateAgainstOpenApi(spec, { path: '/shipments', method: 'GET', kind: 'response', status: 200 }, { shipments: [dhlShipment(j)] }).errors).toEqual([]);
	});
});
