/**
 * Whom to ask about one order (the processor's "Decide what to ask" Code node).
 *
 * Our own "customer was told" notes need nobody. Shopify is not read again when a webhook with the whole
 * order came with these events, once the order's fulfillment orders are known: a webhook carries the order
 * as REST has it, without them (which location ships what), so an order routed to two locations is read in
 * full once. The warehouse is not asked again when its view came with these events or was read in the last
 * warehouseFreshMinutes: the sweep reads whole pages at once, while one order at a time spends
 * ShipStation's 40 calls a minute.
 */
import type { Observation, OrderRecord } from '../order/types';
import { FULFILLMENT_SOURCES } from '../order/types';
import { isRecord, type OrderWorkItem, type ReadPlan } from './workItem';

export interface PlanReadsOptions {
	/** The clock the run judges by (the templates' evaluateAt), in epoch milliseconds. */
	nowMs: number;
	/** A warehouse heard from this recently is not asked again. */
	warehouseFreshMinutes: number;
}

export function planReads(
	item: Pick<OrderWorkItem, 'observations' | 'hints'>,
	record: OrderRecord | null,
	options: PlanReadsOptions,
): ReadPlan {
	const facts = record?.facts ?? [];
	const since = options.nowMs - options.warehouseFreshMinutes * 60_000;
	const warehouseHeardLately = facts.some(
		(f) =>
			(FULFILLMENT_SOURCES as readonly string[]).includes(f.source) &&
			!!f.lastReceivedAt &&
			Date.parse(f.lastReceivedAt) >= since,
	);
	const fromShopify = (kind: string) => (o: Observation) => isRecord(o) && o.source === 'shopify' && o.kind === kind;
	const knowsFulfillmentOrders =
		facts.some((f) => f.source === 'shopify' && f.kind === 'fulfillment_order') ||
		item.observations.some(fromShopify('fulfillment_order'));
	const askVendors = !item.hints.notificationsOnly;
	// Every key the warehouses may file the order under: store integrations use the Shopify order id
	// (ShipBob reference_id), others the number or the name. A miss counts only when all were tried.
	const shopifyOrder = item.observations.find(fromShopify('order')) as Observation<'order'> | undefined;
	const shopifyData = isRecord(shopifyOrder?.data) ? shopifyOrder.data : undefined;
	return {
		askVendors,
		askShopify: askVendors && (!item.hints.shopifyInHand || !knowsFulfillmentOrders),
		askWarehouse: askVendors && !item.hints.warehouseInHand && !warehouseHeardLately,
		shopifyOrderId: record?.shopifyId ?? shopifyData?.shopifyId ?? shopifyOrder?.sourceId ?? '',
		orderName: record?.name ?? shopifyData?.name ?? '',
	};
}
