/**
 * Feeding world data into the vendor sims. The ShipStation, ShipBob and ShipMonk sims expose their records as
 * public arrays, so the world refills those. The Shopify sim keeps its orders, and the carrier sims their
 * parcel lookup, in private fields with no setter yet: this file is the ONE place that reaches into
 * them (typed as the minimal shape it needs), so when those sims gain a public "load from the world"
 * method only this file changes. Nothing else in the sims is touched: routing, auth, limits, response
 * shapes and recording stay theirs.
 */
import type { SsOrder, SsShipment } from '../../../nodes/lib/connectors/shipstation/types';
import type { Journey } from '../vendors/carrierScenarios';
import type { ShipBobSim } from '../vendors/shipbob';
import type { ShipMonkSim } from '../vendors/shipmonk';
import type { ShipStationSim } from '../vendors/shipstation';
import type { ShopifySim } from '../vendors/shopify';

/** Replace the Shopify sim's stored orders (index i must be order #(1001 + i): its id scheme). */
export function loadShopifyOrders(sim: ShopifySim, orders: Array<Record<string, unknown>>): void {
	const store = (sim as unknown as { orders: Array<Record<string, unknown>> }).orders;
	if (!Array.isArray(store)) throw new Error('simAccess: the Shopify sim no longer keeps an "orders" array; update loadShopifyOrders');
	store.length = 0;
	store.push(...orders);
}

export function loadShipStation(sim: ShipStationSim, orders: SsOrder[], shipments: SsShipment[]): void {
	sim.orders.length = 0;
	sim.orders.push(...orders);
	sim.shipments.length = 0;
	sim.shipments.push(...shipments);
}

export function loadShipBob(sim: ShipBobSim, orders: Array<Record<string, unknown>>): void {
	sim.orders.length = 0;
	sim.orders.push(...orders);
}

export function loadShipMonk(sim: ShipMonkSim, orders: Array<Record<string, unknown>>): void {
	sim.orders.length = 0;
	sim.orders.push(...orders);
}

/** Point a carrier sim's parcel lookup at the world (ups, fedex, usps, dhl all share parcelsFrom's shape). */
export function routeCarrierParcels(sim: object, lookup: (trackingNumber: string) => Journey | undefined): void {
	const target = sim as { parcels?: { lookup: unknown } };
	if (!target.parcels || typeof target.parcels.lookup !== 'function') throw new Error('simAccess: this carrier sim no longer has parcels.lookup; update routeCarrierParcels');
	(target as { parcels: { lookup: typeof lookup } }).parcels = { lookup };
}
