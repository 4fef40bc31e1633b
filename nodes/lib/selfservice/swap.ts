/**
 * The customer's item swap itself (issue 17), once the request was decided "apply": hold the order in Shopify,
 * re-read the warehouse (the race with the pick) and Shopify's lines (the variant still for sale at the same
 * price), swap the items at the warehouse, edit the order in Shopify (one order edit: the old line to 0 with
 * restock, the new variant added, committed once), read both back, release our hold.
 *
 * The same rule for failure as the address change and the cancellation: once our hold is on, a step that fails
 * leaves it on, so nothing ships half-changed while a person looks; nothing is undone by guessing. The warehouse
 * goes first because it is what ships the parcel; the split a person must hear about first is therefore "the
 * warehouse ships the new items, Shopify still lists the old", and the error says so in those words.
 */
import { ShopifyUserErrors } from '../connectors/shopify/client';
import { swapReflected as shopifyShowsSwap, SwapNotEvenError } from '../connectors/shopify/orderEdit';
import { stillApplies, type Decision } from './decide';
import { CHANGE_STEPS, holdOpen, message, releaseAll, startRun, type HoldingShopify, type RunResult } from './flow';
import { swapsReflected, type EditableLine, type LineSwap, type WarehouseItemSwap } from '../order/itemSwap';
import { WarehouseSwapError, type WarehouseOrderRef, type WarehousePort } from './warehouse';
import type { LiveStatus } from './window';

export type { EditableLine, LineSwap, SwapChoice, SwapMoney, SwapVariant } from '../order/itemSwap';
export { swapSummaryOf } from '../order/itemSwap';

/** Shopify, as the swap needs it: the holds (flow.ts), the order's lines, and the order edit. */
export interface SwapShopify extends HoldingShopify {
	/** The order's lines as Shopify has them now, each with the variants it could become. */
	lines(): Promise<EditableLine[]>;
	/**
	 * Tries the swaps as an order edit without committing it (nothing changes): throws what Shopify refuses, and a
	 * SwapNotEvenError when the edit would change what the customer pays. Run before the warehouse is touched.
	 */
	check(swaps: LineSwap[]): Promise<void>;
	/**
	 * Commits the swaps as one order edit, once (a retry finds them made and adopts); returns the lines read back.
	 */
	swap(
		swaps: LineSwap[],
		options: { notifyCustomer: boolean; staffNote?: string },
	): Promise<{ adopted: boolean; lines: EditableLine[] }>;
}

/** The warehouse the store ships from, as the swap needs it (the node builds it from the warehouse port). */
export interface SwapWarehouse {
	/** Its status of the order and the items it holds, read now. */
	read(): Promise<{ status: LiveStatus; items: Array<{ sku: string; quantity: number }> }>;
	/** Swaps the items once (adopts a swap already there, also one a person made by hand). */
	swapItems(swaps: LineSwap[]): Promise<{ adopted: boolean; items: Array<{ sku: string; quantity: number }> }>;
}

/**
 * The warehouse port for one order, as applySwap takes it. Warehouses know items by SKU; the page offers only
 * lines and variants that have one, so a swap without a SKU here is a caller's mistake, said as such.
 */
export function warehouseSwapPort(port: WarehousePort, ref: WarehouseOrderRef, now: () => Date): SwapWarehouse {
	return {
		read: async () => {
			const read = await port.read(ref, now);
			return { status: read.status, items: read.items ?? [] };
		},
		swapItems: async (swaps) => {
			const done = await port.swapItems(
				ref,
				swaps.map((s) => {
					if (!s.from.sku || !s.to.sku)
						throw new Error(
							`Line ${s.lineItemId}: ${s.from.sku ? s.to.variantId : s.from.variantId} has no SKU, so the ` +
								'warehouse cannot be told; give the variant a SKU in Shopify, or swap it by hand',
						);
					return warehouseSwapOf(s);
				}),
				now,
			);
			return { adopted: done.adopted, items: done.items };
		},
	};
}

/** Our Shopify hold while the items change, named by the request (a retry, or a person's approval, finds it). */
export function swapHoldHandleOf(requestId: string): string {
	return `pp-swap-${requestId}`;
}

export const SWAP_STEPS = CHANGE_STEPS;

/**
 * applied: both systems hold the new items; approval/refused: the warehouse or Shopify overtook the request
 * (nothing changed); failed: a step failed (the order may be held).
 */
export interface SwapResult extends RunResult {
	/** The warehouse holds the new items (written or adopted), or never had the order (absent). */
	warehouse: 'swapped' | 'absent' | 'old';
	/** Shopify's order lists the new items. */
	shopifySwapped: boolean;
}

const numeric = (amount: string | undefined | null) => Number(String(amount ?? '').trim());

/** Whether Shopify's lines show the swap made: the old line emptied and the new variant there in its place. */
export function swapReflected(lines: EditableLine[], swap: LineSwap): boolean {
	return shopifyShowsSwap(lines, {
		lineItemId: swap.lineItemId,
		variantId: swap.to.variantId,
		quantity: swap.quantity,
	});
}

/**
 * Why a swap cannot be made as asked, judged on Shopify's lines now (null: it can): the line changed since the
 * customer asked (another edit, a partial fulfillment), or the new variant is no longer for sale at the line's
 * price. Pure, so the page judges a form by the same rule the flow rechecks it by.
 */
export function swapProblem(lines: readonly EditableLine[], swap: LineSwap): string | null {
	const line = lines.find((l) => l.lineItemId === swap.lineItemId);
	if (!line) return `line ${swap.lineItemId} is no longer on the order`;
	if (line.currentQuantity !== swap.quantity || line.unfulfilledQuantity < swap.quantity)
		return (
			`line ${swap.lineItemId} now has ${line.currentQuantity} (${line.unfulfilledQuantity} unfulfilled), ` +
			`not ${swap.quantity}`
		);
	if (line.variantId !== swap.from.variantId) return `line ${swap.lineItemId} is another variant now`;
	if (line.discounted) return `line ${swap.lineItemId} carries a discount, which the edit would drop`;
	const others = lines.filter((l) => l.lineItemId !== swap.lineItemId && l.currentQuantity > 0);
	if (others.some((l) => l.sku === swap.from.sku)) return `another line has ${swap.from.sku} too`;
	if (others.some((l) => l.variantId === swap.to.variantId || l.sku === swap.to.sku))
		return `${swap.to.variantId} is on the order already`;
	const choice = line.choices.find((c) => c.variantId === swap.to.variantId);
	if (!choice) return `${swap.to.variantId} is no longer a variant of ${line.title}`;
	if (!choice.availableForSale) return `${swap.to.variantId} is no longer for sale`;
	if (!evenPrice(line, choice.price)) return `${swap.to.variantId} is no longer at the line's price`;
	return null;
}

/** Same currency and amount as what one unit of the line was sold at: a swap never changes what was paid. */
export function evenPrice(line: EditableLine, price: { amount: string; currencyCode: string }): boolean {
	if (!line.unitPrice) return false;
	const a = numeric(line.unitPrice.amount);
	const b = numeric(price.amount);
	return (
		Number.isFinite(a) &&
		Number.isFinite(b) &&
		Math.abs(a - b) < 0.005 &&
		line.unitPrice.currencyCode.toUpperCase() === price.currencyCode.toUpperCase()
	);
}

/**
 * Whether the warehouse's items show every swap made (swapsReflected: the new SKU there with the quantity, the old
 * one no longer there for it). A swap without SKUs is never shown made: no warehouse could be told it.
 */
export function warehouseReflects(items: ReadonlyArray<{ sku: string | null; quantity: number }>, swaps: LineSwap[]) {
	return swaps.every((s) => !!s.from.sku && !!s.to.sku) && swapsReflected(items, swaps.map(warehouseSwapOf));
}

/** A swap as a warehouse is told it (by SKU); the caller has checked both SKUs are there. */
function warehouseSwapOf(s: LineSwap): WarehouseItemSwap {
	return {
		fromSku: s.from.sku ?? '',
		toSku: s.to.sku ?? '',
		quantity: s.quantity,
		toTitle: [s.to.title, s.to.variantTitle].filter(Boolean).join(' - '),
		lineItemId: s.lineItemId,
	};
}

function refusedAs(decision: Decision, reason: 'item_unavailable'): Decision {
	return { ...decision, outcome: 'refuse', reasons: [reason], requires: null };
}

/**
 * What Shopify says of the edit tried without committing: null when it would make it; a price change refuses the
 * request (the customer is told the item is not available at that price); any other refusal of Shopify's (the
 * order cannot be edited by this app, a variant it will not add) goes to a person. Vendor failures are thrown.
 */
async function shopifyVerdict(
	shopify: SwapShopify,
	swaps: LineSwap[],
): Promise<{ detail: string; decision: (d: Decision) => Decision } | null> {
	try {
		await shopify.check(swaps);
		return null;
	} catch (error) {
		if (error instanceof SwapNotEvenError)
			return { detail: message(error), decision: (d) => refusedAs(d, 'item_unavailable') };
		if (error instanceof ShopifyUserErrors)
			return {
				detail: message(error),
				decision: (d) => ({ ...d, outcome: 'approval', reasons: ['shopify_edit_refused'], requires: null }),
			};
		throw error;
	}
}

/** A warehouse refusal that wrote nothing is news: picking or cancelled go to a person, shipped is refused. */
function overtakenByWarehouse(error: unknown, decision: Decision): Decision | null {
	if (!(error instanceof WarehouseSwapError)) return null;
	const base = { ...decision, requires: null };
	if (error.reason === 'picking') return { ...base, outcome: 'approval', reasons: ['warehouse_picking'] };
	if (error.reason === 'cancelled') return { ...base, outcome: 'approval', reasons: ['warehouse_cancelled'] };
	if (error.reason === 'shipped') return { ...base, outcome: 'refuse', reasons: ['shipped'] };
	return null;
}

/**
 * Carries out an "apply" decision to swap. `handle` names our hold (pp-swap-<requestId>). Never throws for a
 * vendor failure: the result says which step failed, what is still held, and where each system stands.
 */
export async function applySwap(
	input: { decision: Decision; swaps: LineSwap[]; handle: string; notifyCustomer: boolean; staffNote?: string },
	deps: { shopify: SwapShopify; warehouse: SwapWarehouse; now: () => Date },
): Promise<SwapResult> {
	if (input.decision.outcome !== 'apply')
		throw new Error(`applySwap: the decision is "${input.decision.outcome}", not "apply"`);
	if (input.swaps.length === 0) throw new Error('applySwap: no line to swap');
	const distinct = (key: (s: LineSwap) => string) => new Set(input.swaps.map(key)).size === input.swaps.length;
	if (!distinct((s) => s.lineItemId) || !distinct((s) => s.to.variantId))
		throw new Error('applySwap: a line, or a new variant, is named twice (one order edit adds each once)');
	let warehouse: SwapResult['warehouse'] = 'old';
	let shopifySwapped = false;
	// The half-done state a person must hear about first: the parcel would ship the new items, Shopify lists the old.
	const split = () =>
		warehouse === 'swapped' && !shopifySwapped
			? 'The warehouse has the new items but Shopify still lists the old ones: edit the order in Shopify by hand ' +
				'(or press Approve again). '
			: '';
	const { held, note, result, fail, lostRace } = startRun<SwapResult>(
		input,
		deps,
		() => ({ warehouse, shopifySwapped }),
		split,
	);

	// 1. Hold: Shopify must not send the order to be fulfilled while its items change.
	let overtakenByShopify: 'shopify_fulfillment_closed' | 'on_hold' | null;
	try {
		overtakenByShopify = await holdOpen(deps.shopify, input.handle, held, note);
	} catch (error) {
		return fail('hold', error);
	}

	// 2. The race, on both sides: the warehouse's pick, and Shopify's lines (sold out, repriced, edited since).
	let race: ReturnType<typeof stillApplies>;
	try {
		if (overtakenByShopify) {
			race = {
				holds: false,
				decision: { ...input.decision, outcome: 'approval', reasons: [overtakenByShopify], requires: null },
			};
		} else {
			const live = await deps.warehouse.read();
			if (live.status.status === 'not_found') warehouse = 'absent';
			else if (warehouseReflects(live.items, input.swaps)) warehouse = 'swapped';
			const lines = await deps.shopify.lines();
			shopifySwapped = input.swaps.every((s) => swapReflected(lines, s));
			// An earlier attempt that got past the warehouse has no race left to lose: only its rest to finish.
			race =
				warehouse === 'swapped' ? { holds: true, decision: input.decision } : stillApplies(input.decision, live.status);
			const problems = shopifySwapped
				? []
				: input.swaps.filter((s) => !swapReflected(lines, s)).map((s) => swapProblem(lines, s));
			let problem = problems.find((p) => p !== null) ?? null;
			if (race.holds && problem) race = { holds: false, decision: refusedAs(input.decision, 'item_unavailable') };
			// Shopify's own verdict on the edit, tried without committing, before the warehouse is touched: a refusal
			// known now changes nothing anywhere, instead of leaving the warehouse swapped and Shopify not.
			if (race.holds && !shopifySwapped) {
				const refused = await shopifyVerdict(deps.shopify, input.swaps);
				if (refused) {
					problem = refused.detail;
					race = { holds: false, decision: refused.decision(input.decision) };
				}
			}
			note('recheck', true, { detail: race.holds ? 'still open' : (problem ?? race.decision.reasons.join(', ')) });
		}
	} catch (error) {
		return fail('recheck', error);
	}
	// A warehouse an earlier attempt (or a person in the 3PL's app) already changed is no race lost: taking our hold
	// off now would let the order ship half-changed. It stays held, the split said in words, for a person.
	if (!race.holds && warehouse === 'swapped')
		return fail('recheck', new Error(`Shopify cannot take the swap now: ${race.decision.reasons.join(', ')}`), {
			decision: race.decision,
		});
	if (!race.holds) return lostRace(race.decision);

	// 3. The warehouse first: it is what ships the parcel. One that has not received the order yet gets the new
	// items from Shopify (it cannot send it meanwhile: it is held).
	if (warehouse === 'absent')
		note('warehouse', true, { detail: 'not at the warehouse yet: it receives the new items from Shopify' });
	else if (warehouse === 'swapped')
		note('warehouse', true, { adopted: true, detail: 'the warehouse has the new items already' });
	else
		try {
			const { adopted } = await deps.warehouse.swapItems(input.swaps);
			warehouse = 'swapped';
			note('warehouse', true, { adopted });
		} catch (error) {
			const overtaken = overtakenByWarehouse(error, input.decision);
			if (!overtaken) return fail('warehouse', error);
			note('warehouse', false, { detail: message(error) });
			return lostRace(overtaken);
		}

	// 4. Shopify: one order edit, committed once (restocks the old variant, takes the new one from stock).
	if (shopifySwapped) note('shopify', true, { adopted: true, detail: 'the order lists the new items already' });
	else
		try {
			const { adopted, lines } = await deps.shopify.swap(input.swaps, {
				notifyCustomer: input.notifyCustomer,
				staffNote: input.staffNote,
			});
			shopifySwapped = input.swaps.every((s) => swapReflected(lines, s));
			note('shopify', true, { adopted });
		} catch (error) {
			return fail('shopify', error);
		}

	// 5. Both read back before the hold comes off: a swap that did not stick keeps the order held.
	try {
		const back = await deps.warehouse.read();
		const lines = await deps.shopify.lines();
		shopifySwapped = input.swaps.every((s) => swapReflected(lines, s));
		const warehouseOk =
			(warehouse === 'absent' && back.status.status === 'not_found') || warehouseReflects(back.items, input.swaps);
		const wrong = [warehouseOk ? null : 'the warehouse', shopifySwapped ? null : 'Shopify'].filter(
			(x): x is string => x !== null,
		);
		if (wrong.length > 0) return fail('read_back', new Error(`${wrong.join(' and ')} read back the old items`));
		note('read_back', true);
	} catch (error) {
		return fail('read_back', error);
	}

	// 6. Release: every fulfillment order that still carries our hold (the edit may have moved lines between them).
	const failed = await releaseAll(deps.shopify, input.handle, held, note);
	if (failed) return fail('release', failed.error);
	return result('applied');
}
