/**
 * What ShipStation says about many orders (a batch of work items): each order's lookup by every key and,
 * for each order found, its labels. ShipStation v1 lists take one order number (or order id) a call, so the
 * orders are asked one after another through the one transport of the execution, which paces every call to
 * the 40 a minute ShipStation allows (X-Rate-Limit-* headers) and retries a 429 or 5xx.
 */
import type { Observation } from '../../order/types';
import { askInTurn } from '../threepl/common';
import type { BatchOutcome } from '../threepl/types';
import { MAX_PAGE_SIZE, type ShipStationV1Client, type SsLookupKeys, type SsOrderLookup } from './client';
import { lookupToObservations, shipmentToObservation } from './normalise';
import { PaginationError } from './paginate';
import type { SsShipment } from './types';

/** One order to read: every key it may be filed under, and the clock its lookup is stamped with. */
export interface SsOrderReadRequest {
	keys: SsLookupKeys;
	now: () => string;
}

/** One order as ShipStation has it: the lookup (found or not) and the labels of every order it found. */
export interface SsOrderRead {
	lookup: SsOrderLookup;
	shipments: SsShipment[];
}

/**
 * Reads each order in turn: its lookup (GET /orders?orderNumber= per name form until one matches) and,
 * when `labels` and found, GET /shipments?orderId= for each order found, with the items in each parcel.
 * By order id, not number: the lookup already knows which order it is, and a number filed as "#1001" or a
 * store's own name would miss labels asked for as "1001". A miss costs no label call: ShipStation has no
 * label without its order. One outcome per request, in order; after a failure every order would meet
 * (a refused key, ShipStation down) the rest fail with it unasked.
 */
export function readOrders(
	v1: ShipStationV1Client,
	requests: readonly SsOrderReadRequest[],
	options: { labels: boolean },
): Promise<Array<BatchOutcome<SsOrderRead>>> {
	return askInTurn(requests, async ({ keys, now }) => {
		try {
			const lookup = await v1.lookUpOrder(keys, now);
			const shipments: SsShipment[] = [];
			if (options.labels)
				for (const order of lookup.orders)
					for await (const page of v1.iterateShipments(
						{ orderId: order.orderId, includeShipmentItems: true },
						{ pageSize: MAX_PAGE_SIZE },
					))
						shipments.push(...page.items);
			return { lookup, shipments };
		} catch (error) {
			// A read starts again from its first page on the next run: "resume from page N" means nothing
			// here, while the HTTP error underneath says what happened.
			throw error instanceof PaginationError && error.cause ? error.cause : error;
		}
	});
}

/**
 * The read as observations: the lookup fact and each order's fulfillment fact (lookupToObservations), then
 * one shipment fact per label. Every fact lands on the order asked for, as a lookup's do, even when
 * ShipStation shows the number as "#1001" or a store's own name.
 */
export function orderReadToObservations(read: SsOrderRead, receivedAt: string): Observation[] {
	const labels = read.shipments.map((s) => ({
		...shipmentToObservation(s, receivedAt),
		orderKey: read.lookup.orderKey,
	}));
	return [...lookupToObservations(read.lookup, receivedAt), ...labels];
}
