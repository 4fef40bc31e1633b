/**
 * Orders routed to several Shopify locations (issue 12): one fulfillment order per location, each with its
 * own warehouse. Which fulfillment order(s) a warehouse record or a parcel stands for, so that lines are
 * compared per location and "fully shipped" means every fulfillment order's lines are covered.
 */
import type { FactView } from './derive';
import type { FulfillmentOrderData, FulfillmentStatusData, OrderFact } from './types';

/** Same location name or id, ignoring case and spaces ("gid://shopify/Location/7" and "7" are one). */
export function sameLocation(a: string | null | undefined, b: string | null | undefined): boolean {
	return !!a && !!b && idKey(a, LOCATION_GID) === idKey(b, LOCATION_GID);
}

/** Same fulfillment order id, as a GraphQL gid or a REST number. */
export function sameFulfillmentOrder(a: string | null | undefined, b: string | null | undefined): boolean {
	return !!a && !!b && idKey(a, FULFILLMENT_ORDER_GID) === idKey(b, FULFILLMENT_ORDER_GID);
}

const LOCATION_GID = /^gid:\/\/shopify\/location\//;
const FULFILLMENT_ORDER_GID = /^gid:\/\/shopify\/fulfillmentorder\//;

/** Lower case, trimmed, without the gid prefix (a module function: a closure per call cost more). */
function idKey(x: string, gidPrefix: RegExp): string {
	return x.trim().toLowerCase().replace(gidPrefix, '');
}

/** A fulfillment order's location, by id or by name (sources name it either way). */
export function atLocation(value: string | null | undefined, fo: FulfillmentOrderData): boolean {
	return sameLocation(value, fo.assignedLocationId) || sameLocation(value, fo.assignedLocation);
}

function normSku(sku: unknown): string {
	return typeof sku === 'string' ? sku.trim().toUpperCase() : '';
}

export function skuSet(lines: Array<{ sku?: string | null }> | undefined): Set<string> {
	return new Set((lines ?? []).map((l) => normSku(l.sku)).filter((s) => s !== ''));
}

/**
 * Does this warehouse record stand for this fulfillment order? By location when the warehouse names
 * one; without a location, by shared SKUs; with neither, it may be any of them.
 */
export function warehouseCovers(w: OrderFact, fo: FulfillmentOrderData): boolean {
	const d = w.data as FulfillmentStatusData;
	if (d.locationId) return atLocation(d.locationId, fo);
	const a = skuSet(d.lines);
	const b = skuSet(fo.lineItems);
	if (a.size === 0 || b.size === 0) return true;
	for (const sku of a) if (b.has(sku)) return true;
	return false;
}

/**
 * The live fulfillment orders when they are assigned to more than one location (clocks, lines and
 * "fully shipped" then go per fulfillment order), sorted by id; null for a single-location order.
 */
export function perLocationFulfillmentOrders(view: FactView): FulfillmentOrderData[] | null {
	// Fewer than two fulfillment orders (most orders) name at most one location: no lists and set to build.
	if (view.fulfillmentOrders.length < 2) return null;
	const fos = view.fulfillmentOrders.map((f) => f.data as FulfillmentOrderData).filter((d) => d.status !== 'CANCELLED');
	const locations = new Set(
		fos.map((d) => (d.assignedLocationId ?? d.assignedLocation ?? '').trim().toLowerCase()).filter((l) => l !== ''),
	);
	return locations.size > 1 ? fos.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : null;
}

/**
 * The fulfillment orders a warehouse record must hold the lines of. By its location when it names one;
 * otherwise the one whose lines it holds exactly, else every one it shares a SKU with (a warehouse told of
 * both locations' parts holds both). Empty when it cannot be placed: no location and no SKU in common.
 */
export function fulfillmentOrdersOfWarehouse(w: OrderFact, fos: FulfillmentOrderData[]): FulfillmentOrderData[] {
	const d = w.data as FulfillmentStatusData;
	if (d.locationId) return fos.filter((fo) => atLocation(d.locationId, fo));
	const held = quantitiesBySku((d.lines ?? []).map((l) => ({ sku: l.sku, quantity: l.ordered })));
	const sharing = fos.filter((fo) => [...skuSet(fo.lineItems)].some((s) => held.has(s)));
	const exact = sharing.filter((fo) => sameQuantities(quantitiesBySku(fo.lineItems ?? []), held));
	return exact.length === 1 ? exact : sharing;
}

export function sameQuantities(a: Map<string, number>, b: Map<string, number>): boolean {
	if (a.size !== b.size) return false;
	for (const [k, q] of a) if (b.get(k) !== q) return false;
	return true;
}

/** Quantities by upper-case SKU of lines that have a SKU. */
export function quantitiesBySku(lines: Array<{ sku?: string | null; quantity?: number | null }>): Map<string, number> {
	const out = new Map<string, number>();
	for (const l of lines) {
		const sku = normSku(l.sku);
		if (sku !== '') out.set(sku, (out.get(sku) ?? 0) + (Number(l.quantity) || 0));
	}
	return out;
}
