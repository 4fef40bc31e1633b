/**
 * Webhook deliveries the world's vendors would have made up to "now": Shopify orders/create and
 * orders/updated (REST JSON, HMAC-SHA256 of the raw body, X-Shopify-Event-Id as the idempotency key),
 * ShipStation SHIP_NOTIFY (a resource_url to fetch) and ShipBob order topics (Standard Webhooks
 * signature). The plan is seeded: some deliveries are
 * repeated with the same event id (Shopify retries) and some arrive out of order, as in real life.
 */
import { createHash } from 'crypto';
import type { World, WorldOrder } from './model';
import type { SimOrder } from '../vendors/shopify';
import { projectShopifyOrder } from './projectShopify';
import { createRandom } from './random';
import { shopifyHmacHeader, standardWebhooksSignature } from './signing';

export interface PlannedDelivery {
	vendor: 'shopify' | 'shipstation' | 'shipbob';
	orderKey: string;
	topic: string;
	atMs: number;
	/** Shopify X-Shopify-Event-Id (the same on a redelivery). */
	eventId: string;
	body: string;
	/** This delivery repeats an earlier one (same event id). */
	duplicate: boolean;
	/** Delivered before an event that happened earlier. */
	outOfOrder: boolean;
}

/** The REST order payload Shopify's orders/* webhooks carry, from the GraphQL-shaped projection. */
export function restOrderPayload(gql: SimOrder) {
	const numericId = Number(gql.legacyResourceId);
	const a = gql.shippingAddress;
	const fulfillment = String(gql.displayFulfillmentStatus);
	return {
		id: numericId,
		admin_graphql_api_id: gql.id,
		name: gql.name,
		email: gql.email,
		created_at: gql.createdAt,
		updated_at: gql.updatedAt,
		cancelled_at: gql.cancelledAt,
		cancel_reason: gql.cancelReason ? String(gql.cancelReason).toLowerCase() : null,
		closed_at: gql.closedAt,
		financial_status: String(gql.displayFinancialStatus).toLowerCase(),
		fulfillment_status:
			fulfillment === 'FULFILLED' ? 'fulfilled' : fulfillment === 'PARTIALLY_FULFILLED' ? 'partial' : null,
		customer_locale: gql.customerLocale,
		tags: gql.tags.join(', '),
		phone: null,
		shipping_address: a && {
			first_name: a.firstName,
			last_name: a.lastName,
			name: a.name,
			address1: a.address1,
			address2: a.address2,
			city: a.city,
			province: a.province,
			province_code: a.provinceCode,
			zip: a.zip,
			country: a.country,
			country_code: a.countryCodeV2,
			phone: a.phone,
			company: a.company,
		},
		shipping_lines: [{ title: gql.shippingLine?.title ?? null }],
		line_items: gql.lineItems.map((li) => ({
			id: Number(String(li.id).split('/').pop()),
			admin_graphql_api_id: li.id,
			sku: li.sku,
			title: li.title,
			name: li.title,
			quantity: li.quantity,
			current_quantity: li.currentQuantity,
			fulfillable_quantity: li.unfulfilledQuantity,
		})),
		fulfillments: gql.fulfillments.map((f) => {
			const tracking = f.trackingInfo[0];
			return {
				id: Number(String(f.id).split('/').pop()),
				admin_graphql_api_id: f.id,
				order_id: numericId,
				name: f.name,
				status: 'success',
				shipment_status:
					f.displayStatus === 'DELIVERED' ? 'delivered' : f.displayStatus === 'IN_TRANSIT' ? 'in_transit' : null,
				created_at: f.createdAt,
				updated_at: f.updatedAt,
				tracking_company: tracking?.company ?? null,
				tracking_number: tracking?.number ?? null,
				tracking_numbers: tracking ? [tracking.number] : [],
				tracking_url: tracking?.url ?? null,
				tracking_urls: tracking ? [tracking.url] : [],
				location_id: f.location ? Number(String(f.location.id).split('/').pop()) : null,
				// A fulfillment lists only the lines (and units) it shipped.
				line_items: (f.fulfillmentLineItems ?? []).map((fli) => ({
					id: Number(String(fli.lineItem.id).split('/').pop()),
					admin_graphql_api_id: fli.lineItem.id,
					sku: fli.lineItem.sku,
					quantity: fli.quantity,
				})),
			};
		}),
	};
}

/** The instants an order changed in Shopify (each one an orders/create or orders/updated delivery). */
function shopifyChangeTimes(order: WorldOrder): number[] {
	const times = [
		order.placedAtMs,
		order.shopifyCancelledAtMs,
		order.shopifyManualFulfilledAtMs,
		order.shopifyEdit?.atMs,
		...order.parcels.map((p) => p.shopifyAtMs),
	];
	return [...new Set(times.filter((t): t is number => typeof t === 'number'))].sort((a, b) => a - b);
}

function eventIdOf(seed: number, orderKey: string, atMs: number): string {
	const h = createHash('sha256').update(`${seed}:${orderKey}:${atMs}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Every Shopify delivery up to `nowMs`, in the order they are sent: about 3% sent twice, and about 5%
 * of orders have two consecutive updates swapped (the newer state first); at least one of each.
 */
export function planShopifyDeliveries(world: World, nowMs: number, orderKeys?: Set<string>): PlannedDelivery[] {
	const rand = createRandom(world.seed * 104_729 + 17);
	const out: PlannedDelivery[] = [];
	let swapped = false;
	let repeated = false;
	for (const order of world.orders) {
		if (orderKeys && !orderKeys.has(order.key)) continue;
		const times = shopifyChangeTimes(order).filter((t) => t <= nowMs);
		const deliveries: PlannedDelivery[] = times.map((atMs, i) => ({
			vendor: 'shopify',
			orderKey: order.key,
			topic: i === 0 ? 'orders/create' : 'orders/updated',
			atMs,
			eventId: eventIdOf(world.seed, order.key, atMs),
			body: JSON.stringify(restOrderPayload(projectShopifyOrder(order, atMs))),
			duplicate: false,
			outOfOrder: false,
		}));
		// At least one of each mess in every plan, whatever the dice say.
		if (deliveries.length >= 2 && (rand.next() < 0.05 || !swapped)) {
			swapped = true;
			const i = deliveries.length - 2;
			[deliveries[i], deliveries[i + 1]] = [deliveries[i + 1], deliveries[i]];
			deliveries[i].outOfOrder = true;
		}
		for (const d of [...deliveries]) {
			out.push(d);
			if (rand.next() < 0.03 || !repeated) {
				repeated = true;
				out.push({ ...d, duplicate: true });
			}
		}
	}
	return out;
}

export function shopifyHeaders(delivery: PlannedDelivery, secret: string, shopDomain: string): Record<string, string> {
	return {
		'content-type': 'application/json',
		'x-shopify-topic': delivery.topic,
		'x-shopify-hmac-sha256': shopifyHmacHeader(delivery.body, secret),
		'x-shopify-shop-domain': shopDomain,
		'x-shopify-api-version': '2026-10',
		'x-shopify-event-id': delivery.eventId,
		// Shopify sends a redelivery with the same event id: that is what the ledger deduplicates on.
		'x-shopify-webhook-id': delivery.eventId,
		'x-shopify-triggered-at': new Date(delivery.atMs).toISOString(),
	};
}

/** POST each delivery to `url`; a failed POST is reported, never dropped silently. */
export async function deliver(
	deliveries: PlannedDelivery[],
	url: string,
	headersOf: (d: PlannedDelivery) => Record<string, string>,
): Promise<{
	sent: number;
	duplicates: number;
	outOfOrder: number;
	failures: Array<{ orderKey: string; eventId: string; status?: number; error?: string }>;
}> {
	const failures: Array<{ orderKey: string; eventId: string; status?: number; error?: string }> = [];
	for (const d of deliveries) {
		try {
			const res = await fetch(url, {
				method: 'POST',
				headers: headersOf(d),
				body: d.body,
				signal: AbortSignal.timeout(10_000),
			});
			await res.arrayBuffer();
			if (res.status >= 300) failures.push({ orderKey: d.orderKey, eventId: d.eventId, status: res.status });
		} catch (error) {
			failures.push({ orderKey: d.orderKey, eventId: d.eventId, error: (error as Error).message });
		}
	}
	return {
		sent: deliveries.length,
		duplicates: deliveries.filter((d) => d.duplicate).length,
		outOfOrder: deliveries.filter((d) => d.outOfOrder).length,
		failures,
	};
}

/** ShipStation SHIP_NOTIFY for every order labelled by `nowMs`: a resource_url listing that order's shipments. */
export function planShipStationDeliveries(
	world: World,
	nowMs: number,
	shipStationBaseUrl: string,
	orderIdOf: (o: WorldOrder) => number,
): PlannedDelivery[] {
	const out: PlannedDelivery[] = [];
	for (const order of world.orders) {
		if (order.fulfiller !== 'shipstation') continue;
		const labelled = order.parcels.filter((p) => p.labelAtMs <= nowMs);
		if (labelled.length === 0) continue;
		const atMs = Math.max(...labelled.map((p) => p.labelAtMs));
		const body = JSON.stringify({
			resource_url: `${shipStationBaseUrl}/shipments?orderId=${orderIdOf(order)}&includeShipmentItems=False`,
			resource_type: 'SHIP_NOTIFY',
		});
		out.push({
			vendor: 'shipstation',
			orderKey: order.key,
			topic: 'SHIP_NOTIFY',
			atMs,
			eventId: `ss:${order.key}:${atMs}`,
			body,
			duplicate: false,
			outOfOrder: false,
		});
	}
	return out.sort((a, b) => a.atMs - b.atMs);
}

/** ShipBob's topics for what happened to an order (SHIPBOB_ORDER_TOPICS in the connector). */
function shipBobTopics(order: WorldOrder, nowMs: number): Array<{ topic: string; atMs: number }> {
	const out: Array<{ topic: string; atMs: number }> = [];
	if (order.hold && order.hold.atMs <= nowMs)
		out.push({
			topic: order.hold.reason === 'inventory' ? 'order.shipment.exception' : 'order.shipment.on_hold',
			atMs: order.hold.atMs,
		});
	if (order.warehouseCancelledAtMs !== null && order.warehouseCancelledAtMs <= nowMs)
		out.push({ topic: 'order.shipment.cancelled', atMs: order.warehouseCancelledAtMs });
	const labelled = order.parcels.filter((p) => p.labelAtMs <= nowMs);
	if (order.parcels.length > 0 && labelled.length === order.parcels.length)
		out.push({ topic: 'order.shipped', atMs: Math.max(...labelled.map((p) => p.labelAtMs)) });
	for (const p of order.parcels) {
		const delivered = p.events.find((e) => e.step === 'delivered' && e.atMs <= nowMs);
		if (delivered) out.push({ topic: 'order.shipment.delivered', atMs: delivered.atMs });
	}
	return out.sort((a, b) => a.atMs - b.atMs);
}

/** ShipBob deliveries up to `nowMs`: the order as ShipBob shows it then, under its topic. */
export function planShipBobDeliveries(
	world: World,
	nowMs: number,
	project: (order: WorldOrder, atMs: number) => Record<string, unknown> | undefined,
): PlannedDelivery[] {
	const out: PlannedDelivery[] = [];
	for (const order of world.orders) {
		if (order.fulfiller !== 'shipbob') continue;
		for (const { topic, atMs } of shipBobTopics(order, nowMs)) {
			const data = project(order, atMs);
			if (!data) continue;
			out.push({
				vendor: 'shipbob',
				orderKey: order.key,
				topic,
				atMs,
				eventId: `msg_${eventIdOf(world.seed, `sb:${order.key}:${topic}`, atMs).replace(/-/g, '')}`,
				body: JSON.stringify({ topic, data }),
				duplicate: false,
				outOfOrder: false,
			});
		}
	}
	return out.sort((a, b) => a.atMs - b.atMs);
}

/** Standard Webhooks headers, signed as ShipBob does (webhook-id, -timestamp, -signature). */
export function shipBobHeaders(delivery: PlannedDelivery, secret: string, sentAtMs: number): Record<string, string> {
	const timestamp = String(Math.floor(sentAtMs / 1000));
	return {
		'content-type': 'application/json',
		'x-webhook-topic': delivery.topic,
		'webhook-id': delivery.eventId,
		'webhook-timestamp': timestamp,
		'webhook-signature': standardWebhooksSignature(secret, delivery.eventId, timestamp, delivery.body),
	};
}
