/**
 * The customer's item swap (issue 17), as the flow, Shopify's order editing and the warehouses share it: one line
 * of the order whose units all go to another variant of the same product at the same price ("size M instead of
 * size L"). Part of the order's model, below the connectors and the flows, so the vendors' clients and the flow name
 * the same shapes without either importing the other.
 */

/** A variant as the swap names it: Shopify's id, the SKU the warehouse knows it by, and its words for people. */
export interface SwapVariant {
	/** Shopify ProductVariant gid ("gid://shopify/ProductVariant/123"). */
	variantId: string;
	/** The SKU the warehouse stocks it under (null: Shopify has none, so no warehouse can be told). */
	sku: string | null;
	/** The product's title ("Trail Runner"). */
	title: string;
	/** The variant's own title ("M / Blue"); null for a product with one variant. */
	variantTitle: string | null;
}

/** One line swapped whole: `quantity` units of `from` become `quantity` units of `to`. */
export interface LineSwap {
	/** Shopify LineItem gid of the line as ordered ("gid://shopify/LineItem/456"). */
	lineItemId: string;
	/** The line's current quantity when the customer asked (all of it is swapped). */
	quantity: number;
	from: SwapVariant;
	to: SwapVariant;
}

/** An amount as Shopify gives it. */
export interface SwapMoney {
	amount: string;
	currencyCode: string;
}

/** Another variant of the line's product the customer may pick. */
export interface SwapChoice {
	variantId: string;
	sku: string | null;
	/** The variant's title ("M / Blue"). */
	variantTitle: string;
	price: SwapMoney;
	/** Shopify ProductVariant.availableForSale: in stock, or sold while out of stock. */
	availableForSale: boolean;
}

/** One line of the order as Shopify has it now, with what it could be swapped to. */
export interface EditableLine {
	lineItemId: string;
	/** null: the line has no variant any more (deleted product) or never had one (custom item). */
	variantId: string | null;
	productId: string | null;
	sku: string | null;
	title: string;
	variantTitle: string | null;
	/** LineItem.currentQuantity: after edits and removals. */
	currentQuantity: number;
	/** LineItem.unfulfilledQuantity: what can still be edited. */
	unfulfilledQuantity: number;
	/** LineItem.originalUnitPriceSet.shopMoney: what one unit was sold at. */
	unitPrice: SwapMoney | null;
	requiresShipping: boolean;
	/**
	 * The line carries a discount (LineItem.discountAllocations with an amount): an order edit removes it with the
	 * old line and prices the new variant without it, so swapping it would change what the customer pays.
	 */
	discounted?: boolean;
	/** The product's other variants (the line's own left out), as Shopify lists them; empty when none. */
	choices: SwapChoice[];
}

/** What the swaps change, in words for the person deciding in Slack ("1 × Trail Runner: L → M; ..."). */
export function swapSummaryOf(swaps: ReadonlyArray<Pick<LineSwap, 'quantity' | 'from' | 'to'>>): string {
	return swaps
		.map((s) => `${s.quantity} × ${s.from.title}: ${s.from.variantTitle ?? '?'} → ${s.to.variantTitle ?? '?'}`)
		.join('; ');
}

/** One swap as a warehouse is told it: `quantity` units of `fromSku` become `quantity` units of `toSku`. */
export interface WarehouseItemSwap {
	fromSku: string;
	toSku: string;
	quantity: number;
	/** The words the warehouse shows for the new item ("Trail Runner - M / Blue"). */
	toTitle: string;
	/** Shopify LineItem gid; integrations often key warehouse lines by it. */
	lineItemId?: string | null;
}

/** One line of a warehouse's order as the swap compares it: SKU and quantity. */
export interface WarehouseItem {
	sku: string | null;
	quantity: number;
}

/** Units per SKU over every line (a SKU on two lines counts once, summed). */
export function unitsBySku(items: readonly WarehouseItem[]): Map<string, number> {
	const units = new Map<string, number>();
	for (const item of items)
		if (item.sku)
			units.set(item.sku, (units.get(item.sku) ?? 0) + (Number.isFinite(item.quantity) ? item.quantity : 0));
	return units;
}

/**
 * Whether the order already shows every swap done (by us earlier, or by a person in the warehouse's own app): the
 * old SKU no longer there for the swapped quantity and the new one there with at least it. Both are needed: the new
 * SKU alone may be another line the customer ordered.
 */
export function swapsReflected(items: readonly WarehouseItem[], swaps: readonly WarehouseItemSwap[]): boolean {
	const units = unitsBySku(items);
	return swaps.every((s) => (units.get(s.fromSku) ?? 0) < s.quantity && (units.get(s.toSku) ?? 0) >= s.quantity);
}

/** The numeric part of a Shopify gid ("gid://shopify/LineItem/456" -> "456"), which integrations key lines by. */
export function shopifyNumericId(gid: string | null | undefined): string | null {
	const match = /(\d+)\s*$/.exec(gid ?? '');
	return match ? match[1] : null;
}
