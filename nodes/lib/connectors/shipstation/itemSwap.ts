/**
 * An item swap as ShipStation v1 takes it: POST /orders/createorder updates the order whose orderKey matches and
 * "does not currently support partial updates; the entire resource must be provided" (Postman collection, Orders >
 * Create/Update Order), so the whole order is resent with the swapped line replaced in place.
 */
import { ValidationError } from '../../http/errors';
import { shopifyNumericId, type WarehouseItemSwap } from '../../order/itemSwap';
import type { SsOrderItem } from './types';

/** The order's line a swap names: by its lineItemKey (the Shopify line id, as gid or number), else by its SKU. */
function lineFor(items: readonly SsOrderItem[], swap: WarehouseItemSwap): number {
	const keys = new Set([swap.lineItemId, shopifyNumericId(swap.lineItemId)].filter((k): k is string => !!k));
	const byKey = items.findIndex((i) => !i.adjustment && i.lineItemKey !== null && keys.has(i.lineItemKey));
	if (byKey >= 0 && items[byKey].sku === swap.fromSku) return byKey;
	return items.findIndex((i) => !i.adjustment && i.sku === swap.fromSku);
}

/**
 * The order's items with each swap made: the line keeps its lineItemKey (the store's id for it), price, tax and
 * weight; it takes the new SKU, name and quantity; what named the old variant (product id, fulfillment SKU, UPC,
 * image, options) is cleared so the warehouse cannot pick the old item by it. Throws when a line is not there.
 */
export function swappedItems(items: readonly SsOrderItem[], swaps: readonly WarehouseItemSwap[]): SsOrderItem[] {
	const out = items.map((i) => ({ ...i }));
	for (const swap of swaps) {
		const at = lineFor(out, swap);
		if (at < 0) {
			throw new ValidationError(
				`The ShipStation order has no item ${swap.fromSku} to swap`,
				'swaps.fromSku',
				'The order in ShipStation holds other items than Shopify: check it in ShipStation and swap the item there.',
			);
		}
		out[at] = {
			...out[at],
			sku: swap.toSku,
			name: swap.toTitle,
			quantity: swap.quantity,
			imageUrl: null,
			options: [],
			productId: null,
			fulfillmentSku: null,
			upc: null,
			warehouseLocation: null,
		};
	}
	return out;
}
