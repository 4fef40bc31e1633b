/**
 * What the world shows each vendor is checked against that vendor's published contract, at several
 * simulated instants (every order state the story passes through): ShipStation v1 orders and shipments
 * against the Postman collection example and the documented Shipment fields, ShipBob orders against
 * its OpenAPI, and the carriers' answers for the world's parcels against their OpenAPI files. Shopify
 * needs no separate check: the Shopify sim executes every query against the Admin schema, so a
 * projected field of the wrong type or enum fails the detection test itself.
 */
import { DateTime } from 'luxon';
import { describeIfSpec, loadOpenApi, validateAgainstComponent, validateAgainstOpenApi } from '../../helpers/specs';
import { exampleListedOrder, shapeDifferences, shipmentDifferences } from '../../contract/shipstation/contract';
import { DAY, generateWorld } from '../../sandbox/world/generate';
import { journeyAt } from '../../sandbox/world/projectCarrier';
import { projectShipBob, projectShipMonk, projectShipStation } from '../../sandbox/world/projectWarehouse';
import { projectShopifyOrder } from '../../sandbox/world/projectShopify';
import { upsTrackResponse } from '../../sandbox/vendors/ups';
import { fedExTrackResult } from '../../sandbox/vendors/fedex';
import { dhlShipment } from '../../sandbox/vendors/dhl';
import { uspsTrackingDetail } from '../../sandbox/vendors/usps';
import type { Journey } from '../../sandbox/vendors/carrierScenarios';

const world = generateWorld({ seed: 42, orders: 200 });
const instants = [world.endMs - 6 * DAY, world.endMs - 2 * DAY, world.endMs];

function journeys(carrier: string): Journey[] {
	const out: Journey[] = [];
	for (const at of instants)
		for (const o of world.orders)
			for (const p of o.parcels)
				if (p.carrier === carrier) {
					const j = journeyAt(p, at, o.address);
					if (j) out.push(j);
				}
	return out;
}

describeIfSpec('shipstation/ShipStation API.postman_collection.json')(
	'ShipStation projections match the v1 contract',
	() => {
		it(
			'every projected order has exactly the List Orders example fields; ' +
				'every label the documented Shipment fields',
			() => {
				const example = exampleListedOrder();
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
			},
		);
	},
);

describeIfSpec('shipbob/shipbob-openapi.json')('ShipBob projections match Orders.OrderViewModel', () => {
	it('every projected order, in every state it passes through, is a valid GET /order answer', () => {
		const spec = loadOpenApi('shipbob/shipbob-openapi.json');
		for (const at of instants) {
			const orders = world.orders.map((o) => projectShipBob(o, at)).filter(Boolean);
			expect(orders.length).toBeGreaterThan(10);
			expect(
				validateAgainstOpenApi(spec, { path: '/2026-01/order', method: 'GET', kind: 'response', status: 200 }, orders)
					.errors,
			).toEqual([]);
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
			const orders = monkWorld.orders
				.map((o) => projectShipMonk(o, at))
				.filter((o): o is Record<string, unknown> => o !== undefined);
			expect(orders.length).toBeGreaterThan(10);
			for (const o of orders) statuses.add(`${o.order_status}/${o.processing_status}`);
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/v1/integrations/orders-list', method: 'GET', kind: 'response' },
					{ status: 200, data: { orders } },
				).errors,
			).toEqual([]);
			for (const data of orders)
				expect(
					validateAgainstOpenApi(
						spec,
						{ path: '/v1/integrations/orders', method: 'GET', kind: 'response' },
						{ status: 200, data },
					).errors,
				).toEqual([]);
		}
		expect(statuses).toEqual(
			new Set([
				'fulfilled/delivered',
				'fulfilled/en_route',
				'unfulfilled/submitted',
				'unfulfilled/backorder',
				'onHold/unable_to_submit',
				'cancelled/cancelled',
			]),
		);
	});
});

describeIfSpec('ups/Tracking.yaml')("carrier answers for the world's parcels match the carriers' contracts", () => {
	it('UPS', () => {
		const spec = loadOpenApi('ups/Tracking.yaml');
		const list = journeys('ups');
		expect(list.length).toBeGreaterThan(50);
		for (const j of list)
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: `/track/v1/details/${j.trackingNumber}`, method: 'GET', kind: 'response', status: 200 },
					upsTrackResponse(j),
				).errors,
			).toEqual([]);
	});

	it('FedEx', () => {
		const spec = loadOpenApi('fedex/TrackingNumbers-Resource.json');
		expect(journeys('fedex').length).toBeGreaterThan(20);
		for (const j of journeys('fedex')) {
			const body = {
				transactionId: 't',
				output: { completeTrackResults: [{ trackingNumber: j.trackingNumber, trackResults: [fedExTrackResult(j)] }] },
			};
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/track/v1/trackingnumbers', method: 'POST', kind: 'response', status: 200 },
					body,
				).errors,
			).toEqual([]);
		}
	});

	it('USPS', () => {
		const spec = loadOpenApi('usps/tracking-v3r2_4.yaml');
		expect(journeys('usps').length).toBeGreaterThan(40);
		for (const j of journeys('usps')) {
			// As in the carriers' contract test: SharedTrackingDetail closes its allOf, so validate each part.
			const { deliveryDateExpectation, trackingEvents, ...shared } = uspsTrackingDetail(j) as Record<string, unknown>;
			expect(validateAgainstComponent(spec, 'SharedTrackingDetail', shared).errors).toEqual([]);
			if (deliveryDateExpectation)
				expect(validateAgainstComponent(spec, 'DeliveryDateExpectation', deliveryDateExpectation).errors).toEqual([]);
			expect(validateAgainstComponent(spec, 'TrackingEvents', trackingEvents).errors).toEqual([]);
		}
	});

	it('DHL', () => {
		const spec = loadOpenApi('dhl/utapi-traking-api-1.4.1.yaml');
		expect(journeys('dhl').length).toBeGreaterThan(0);
		for (const j of journeys('dhl'))
			expect(
				validateAgainstOpenApi(
					spec,
					{ path: '/shipments', method: 'GET', kind: 'response', status: 200 },
					{ shipments: [dhlShipment(j)] },
				).errors,
			).toEqual([]);
	});
});

/*
 * Issue 12: the vendors as they really are. Each fact below is the vendor's documented behaviour (quoted
 * where the spec states it); the world must show it, or the product is only ever tested on a kinder vendor.
 */
describe('the world shows each vendor as its documentation describes it (issue 12)', () => {
	const PACIFIC = 'America/Los_Angeles';
	const pacific = (text: string) => DateTime.fromISO(text, { zone: PACIFIC });

	describeIfSpec('shipstation/ShipStation API.postman_collection.json')('ShipStation v1', () => {
		it(
			'shipDate is a date without time or zone, the Pacific date of the label; timestamps are Pacific wall time ' +
				'without an offset (as in the collection: "2021-01-23T06:40:15.0500000")',
			() => {
				const example = exampleListedOrder();
				expect(String(example.createDate)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
				let evening = 0;
				for (const o of world.orders) {
					const p = projectShipStation(o, world.seed, world.endMs);
					if (!p) continue;
					for (const field of ['orderDate', 'createDate', 'modifyDate'] as const)
						expect(String(p.order[field])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
					// The order reached ShipStation at sentAtMs: its createDate is that instant read on a Pacific clock.
					expect(pacific(p.order.createDate as string).toMillis()).toBe(
						Math.floor((o.sentAtMs as number) / 1000) * 1000 + ((o.sentAtMs as number) % 1000),
					);
					p.shipments.forEach((s, i) => {
						const parcel = o.parcels[i];
						expect(s.shipDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
						expect(s.shipDate).toBe(DateTime.fromMillis(parcel.labelAtMs, { zone: PACIFIC }).toISODate());
						if (s.shipDate !== new Date(parcel.labelAtMs).toISOString().slice(0, 10)) evening++;
					});
				}
				// Labels bought after 17:00 Pacific carry a shipDate that is the day BEFORE their UTC date.
				expect(evening).toBeGreaterThan(0);
			},
		);

		it('addresses come back USPS-normalised (upper case, ZIP+4): a difference of spelling only', () => {
			const o = world.orders.find((x) => x.fulfiller === 'shipstation' && x.sentAtMs !== null && !x.shopifyEdit)!;
			const shipTo = projectShipStation(o, world.seed, world.endMs)!.order.shipTo;
			expect(shipTo.street1).toBe(o.address.address1.toUpperCase());
			expect(shipTo.city).toBe(o.address.city.toUpperCase());
			expect(shipTo.postalCode).toMatch(new RegExp(`^${o.address.zip}-\\d{4}$`));
		});
	});

	it("DHL Express: event timestamps are the scan place's wall time without an offset", () => {
		const list = journeys('dhl');
		expect(list.length).toBeGreaterThan(0);
		for (const j of list) {
			const body = dhlShipment(j);
			body.events.forEach((e, i) => {
				expect(e.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
				const scan = j.events[i];
				expect(DateTime.fromISO(e.timestamp, { zone: scan.place.zone }).toMillis()).toBe(
					Math.floor(scan.atMs / 1000) * 1000,
				);
				expect(e.location.address.addressLocality).toBe(`${scan.place.city}, ${scan.place.state}`);
			});
		}
	});

	describe('FedEx', () => {
		const withdrawn = world.orders.find((o) => o.plant === 'estimate_withdrawn')!;
		const parcel = withdrawn.parcels[0];
		const track = (at: number) => fedExTrackResult(journeyAt(parcel, at, withdrawn.address)!);
		const dates = (at: number) => Object.fromEntries(track(at).dateAndTimes.map((d) => [d.type, d.dateTime]));

		it(
			"ESTIMATED_DELIVERY and COMMITMENT are the destination's local midnight without an offset (a day, not an " +
				'instant)',
			() => {
				const before = dates(parcel.labelAtMs + 3 * 3_600_000);
				const day = DateTime.fromMillis(parcel.estimatedDeliveryMs as number, {
					zone: withdrawn.address.zone,
				}).toISODate();
				expect(before.ESTIMATED_DELIVERY).toBe(`${day}T00:00:00`);
				expect(before.COMMITMENT).toBe(`${day}T00:00:00`);
				expect(track(parcel.labelAtMs + 3 * 3_600_000).recipientInformation.address.city).toBe(
					withdrawn.address.city.toUpperCase(),
				);
			},
		);

		it('an estimate FedEx later withdraws: there before, gone after, and the parcel is still not delivered', () => {
			expect(parcel.carrier).toBe('fedex');
			const after = dates(world.endMs);
			expect(after.ESTIMATED_DELIVERY).toBeUndefined();
			expect(after.COMMITMENT).toBeUndefined();
			expect(after.ACTUAL_DELIVERY).toBeUndefined();
			expect(track(world.endMs).latestStatusDetail.code).not.toBe('DL');
		});
	});

	it('UPS: activity date/time are local, with the GMT date, time and offset beside them', () => {
		for (const j of journeys('ups').slice(0, 40)) {
			const pkg = upsTrackResponse(j).trackResponse.shipment[0].package[0];
			pkg.activity.forEach((a, i) => {
				const scan = j.events[i];
				const local = DateTime.fromFormat(`${a.date}${a.time}`, 'yyyyMMddHHmmss', { zone: scan.place.zone });
				const gmt = DateTime.fromFormat(`${a.gmtDate}${a.gmtTime.padStart(6, '0')}`, 'yyyyMMddHHmmss', { zone: 'UTC' });
				expect(local.toMillis()).toBe(gmt.toMillis());
				expect(local.toFormat('ZZ')).toBe(a.gmtOffset);
			});
		}
	});

	it(
		'ShipBob (Shopify integration): ' + "reference_id is the Shopify order's numeric id, the order name is kept apart",
		() => {
			const o = world.orders.find((x) => x.fulfiller === 'shipbob' && x.sentAtMs !== null)!;
			const sb = projectShipBob(o, world.endMs)!;
			const shopify = projectShopifyOrder(o, world.endMs);
			expect(sb.reference_id).toBe(shopify.legacyResourceId);
			expect(sb.order_number).toBe(o.name);
			for (const s of sb.shipments as Array<Record<string, unknown>>)
				expect(s.reference_id).toBe(shopify.legacyResourceId);
		},
	);

	it(
		'an address edited in Shopify after the warehouse imported the order: Shopify shows the new one, the warehouse ' +
			'keeps the old',
		() => {
			const o = world.orders.find((x) => x.plant === 'address_changed_after_import')!;
			const edit = o.shopifyEdit!;
			const shopifyBefore = projectShopifyOrder(o, edit.atMs - 1).shippingAddress;
			const shopifyAfter = projectShopifyOrder(o, world.endMs).shippingAddress;
			expect(edit.atMs).toBeGreaterThan(o.sentAtMs as number);
			expect(shopifyBefore.address1).toBe(edit.before.address!.address1);
			expect(shopifyAfter.address1).toBe(o.address.address1);
			expect(shopifyAfter.address1).not.toBe(shopifyBefore.address1);
			const wh =
				o.fulfiller === 'shipbob'
					? (projectShipBob(o, world.endMs)!.recipient as { address: { address1: string } }).address.address1
					: (projectShipMonk(o, world.endMs)!.ship_to as { street1: string }).street1;
			expect(wh).toBe(edit.before.address!.address1);
		},
	);

	it('quantities that differ: a unit added in Shopify after ShipStation imported the order', () => {
		const o = world.orders.find((x) => x.plant === 'quantity_mismatch')!;
		const ss = projectShipStation(o, world.seed, world.endMs)!.order;
		const shopify = projectShopifyOrder(o, world.endMs).lineItems as Array<{ sku: string; quantity: number }>;
		expect(shopify[0].quantity).toBe((ss.items ?? [])[0].quantity + 1);
		expect(projectShopifyOrder(o, o.shopifyEdit!.atMs - 1).lineItems).toEqual(
			expect.arrayContaining([expect.objectContaining({ quantity: (ss.items ?? [])[0].quantity })]),
		);
	});

	it('a warehouse that shipped while Shopify still says unfulfilled', () => {
		const o = world.orders.find((x) => x.plant === 'shipped_not_in_shopify')!;
		const ss = projectShipStation(o, world.seed, world.endMs)!;
		expect(ss.order.orderStatus).toBe('shipped');
		expect(ss.shipments.map((s) => s.trackingNumber)).toEqual([o.parcels[0].trackingNumber]);
		const shopify = projectShopifyOrder(o, world.endMs);
		expect(shopify.displayFulfillmentStatus).toBe('UNFULFILLED');
		expect(shopify.fulfillments).toEqual([]);
	});
});
