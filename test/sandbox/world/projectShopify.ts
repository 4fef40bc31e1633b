/**
 * World -> Shopify Admin GraphQL objects, as the Shopify sim stores them (the same plain-object shape
 * as its own generator, test/sandbox/vendors/shopify.ts generateOrder; the sim executes queries over
 * them against Shopify's published schema, so a wrong enum or a missing non-null field fails there).
 */
import type { SimFulfillment, SimOrder } from '../vendors/shopify';
import { shopifyView, type WorldOrder, type WorldParcel } from './model';
import { eventsUntil } from './projectCarrier';

/** The Shopify sim's numbering: order #(1001 + i) has id ORDER_ID_BASE + i (vendors/shopify.ts). */
export const SHOPIFY_ORDER_ID_BASE = 5_600_000_000_000;

/** Shopify DateTime: UTC, no milliseconds. */
export function shopifyTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Shopify location per warehouse (one location each). */
const LOCATION_ID = { shipstation: 1, shipbob: 2, shipmonk: 3 } as const;

const CARRIER_COMPANY = { ups: 'UPS', fedex: 'FedEx', usps: 'USPS', dhl: 'DHL Express' } as const;
const TRACKING_URL = {
	ups: (n: string) => `https://www.ups.com/track?tracknum=${n}`,
	fedex: (n: string) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
	usps: (n: string) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
	dhl: (n: string) => `https://www.dhl.com/us-en/home/tracking.html?tracking-id=${n}`,
} as const;

/** FulfillmentDisplayStatus (Admin 2025-01) from the carrier's newest scan. */
function displayStatus(parcel: WorldParcel, nowMs: number): string {
	const last = eventsUntil(parcel, nowMs).at(-1)?.step;
	switch (last) {
		case 'delivered':
			return 'DELIVERED';
		case 'out_for_delivery':
			return 'OUT_FOR_DELIVERY';
		case 'attempt':
			return 'ATTEMPTED_DELIVERY';
		case 'exception':
		case 'returned':
			return 'FAILURE';
		case undefined:
		case 'label':
			return 'LABEL_PURCHASED';
		default:
			return 'IN_TRANSIT';
	}
}

function maxTime(...values: Array<number | null | undefined>): number {
	return Math.max(...values.filter((v): v is number => typeof v === 'number'));
}

/** The order as Shopify shows it at `nowMs` (the caller only projects orders placed by then). */
export function projectShopifyOrder(order: WorldOrder, nowMs: number): SimOrder {
	const numericId = SHOPIFY_ORDER_ID_BASE + order.index;
	const id = `gid://shopify/Order/${numericId}`;
	const seen = (ms: number | null) => ms !== null && ms <= nowMs;
	const cancelled = seen(order.shopifyCancelledAtMs);
	const manual = seen(order.shopifyManualFulfilledAtMs);
	const inShopify = order.parcels.filter((p) => seen(p.shopifyAtMs));
	const allParcelsKnown = order.parcels.length > 0 && inShopify.length === order.parcels.length;
	// An edit made in Shopify shows from its instant on (orders/updated carries the current address and lines).
	const view = shopifyView(order, nowMs);

	const lineItems = view.lines.map((line, j) => {
		const shipped = inShopify.reduce(
			(n, p) => n + p.lines.filter((l) => l.line === j).reduce((m, l) => m + l.quantity, 0),
			0,
		);
		const unfulfilled = manual || allParcelsKnown ? 0 : Math.max(0, line.quantity - shipped);
		return {
			id: `gid://shopify/LineItem/${numericId * 10 + j}`,
			sku: line.sku,
			title: line.title,
			quantity: line.quantity,
			currentQuantity: cancelled ? 0 : line.quantity,
			unfulfilledQuantity: unfulfilled,
		};
	});
	const fulfilledAll = manual || allParcelsKnown;
	const fulfillmentStatus = fulfilledAll ? 'FULFILLED' : inShopify.length > 0 ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED';

	// One location per warehouse: the order's one fulfillment order is assigned to it.
	const location = { id: `gid://shopify/Location/${LOCATION_ID[order.fulfiller]}` };
	const fulfillmentOrderId = `gid://shopify/FulfillmentOrder/${numericId * 10}`;
	const fulfillments: SimFulfillment[] = inShopify.map((p, j) => {
		const at = shopifyTime(p.shopifyAtMs as number);
		const status = displayStatus(p, nowMs);
		const delivered = eventsUntil(p, nowMs).find((e) => e.step === 'delivered');
		return {
			id: `gid://shopify/Fulfillment/${numericId * 10 + j}`,
			name: `${order.name}.${j + 1}`,
			status: 'SUCCESS',
			displayStatus: status,
			createdAt: at,
			updatedAt: at,
			inTransitAt: at,
			deliveredAt: delivered ? shopifyTime(delivered.atMs) : null,
			estimatedDeliveryAt: null,
			trackingInfo: [
				{
					company: CARRIER_COMPANY[p.carrier],
					number: p.trackingNumber,
					url: TRACKING_URL[p.carrier](p.trackingNumber),
				},
			],
			location,
			fulfillmentOrders: [{ id: fulfillmentOrderId }],
			// A fulfillment lists only the lines (and units) that travel in its parcel.
			fulfillmentLineItems: p.lines.map(({ line, quantity }) => ({
				id: `gid://shopify/FulfillmentLineItem/${numericId * 100 + j * 10 + line}`,
				quantity,
				lineItem: { id: `gid://shopify/LineItem/${numericId * 10 + line}`, sku: view.lines[line].sku },
			})),
		};
	});
	if (manual) {
		const at = shopifyTime(order.shopifyManualFulfilledAtMs as number);
		fulfillments.push({
			id: `gid://shopify/Fulfillment/${numericId * 10 + fulfillments.length}`,
			name: `${order.name}.${fulfillments.length + 1}`,
			status: 'SUCCESS',
			displayStatus: 'MARKED_AS_FULFILLED',
			createdAt: at,
			updatedAt: at,
			inTransitAt: null,
			deliveredAt: null,
			estimatedDeliveryAt: null,
			trackingInfo: [],
			location,
			fulfillmentOrders: [{ id: fulfillmentOrderId }],
			fulfillmentLineItems: lineItems.map((li, line) => ({
				id: `gid://shopify/FulfillmentLineItem/${numericId * 100 + 90 + line}`,
				quantity: li.quantity,
				lineItem: { id: li.id, sku: li.sku },
			})),
		});
	}

	const edited = order.shopifyEdit && seen(order.shopifyEdit.atMs) ? order.shopifyEdit.atMs : null;
	const updatedMs = maxTime(
		order.placedAtMs,
		cancelled ? order.shopifyCancelledAtMs : null,
		manual ? order.shopifyManualFulfilledAtMs : null,
		edited,
		...inShopify.map((p) => p.shopifyAtMs),
	);
	const foStatus = cancelled ? 'CANCELLED' : fulfilledAll ? 'CLOSED' : inShopify.length > 0 ? 'IN_PROGRESS' : 'OPEN';
	const a = view.address;
	return {
		__typename: 'Order',
		id,
		legacyResourceId: String(numericId),
		name: order.name,
		createdAt: shopifyTime(order.placedAtMs),
		updatedAt: shopifyTime(updatedMs),
		processedAt: shopifyTime(order.placedAtMs),
		cancelledAt: cancelled ? shopifyTime(order.shopifyCancelledAtMs as number) : null,
		cancelReason: cancelled ? 'CUSTOMER' : null,
		closedAt: null,
		displayFinancialStatus: cancelled ? 'REFUNDED' : 'PAID',
		displayFulfillmentStatus: fulfillmentStatus,
		returnStatus: 'NO_RETURN',
		email: order.email,
		phone: null,
		customerLocale: 'en',
		note: null,
		tags: [],
		customer: { id: `gid://shopify/Customer/${numericId}`, displayName: `${a.firstName} ${a.lastName}` },
		shippingAddress: {
			name: `${a.firstName} ${a.lastName}`,
			firstName: a.firstName,
			lastName: a.lastName,
			company: null,
			address1: a.address1,
			address2: null,
			city: a.city,
			province: a.province,
			provinceCode: a.provinceCode,
			zip: a.zip,
			country: 'United States',
			countryCodeV2: 'US',
			phone: null,
		},
		shippingLine: { title: order.shippingMethod, code: null },
		lineItems,
		fulfillmentOrders: [
			{
				__typename: 'FulfillmentOrder',
				id: fulfillmentOrderId,
				orderId: id,
				orderName: order.name,
				status: foStatus,
				requestStatus: 'UNSUBMITTED',
				updatedAt: shopifyTime(updatedMs),
				fulfillAt: null,
				fulfillBy: null,
				assignedLocation: {
					name:
						order.fulfiller === 'shipbob'
							? 'ShipBob Cicero (IL)'
							: order.fulfiller === 'shipmonk'
								? 'ShipMonk Miami (FL)'
								: 'Main warehouse',
					location,
				},
				fulfillmentHolds: [],
				lineItems: lineItems.map((li, j) => ({
					id: `gid://shopify/FulfillmentOrderLineItem/${numericId * 10 + j}`,
					sku: li.sku,
					productTitle: li.title,
					totalQuantity: li.quantity,
					remainingQuantity: foStatus === 'CLOSED' || foStatus === 'CANCELLED' ? 0 : li.unfulfilledQuantity,
					lineItem: { id: li.id },
				})),
			},
		],
		fulfillments,
		returns: [],
		refunds: [],
	};
}
