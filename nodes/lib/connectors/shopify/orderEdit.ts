/**
 * The customer's item swap on Shopify (issue 17): read an order's lines with the variants each could become, and
 * swap whole lines to another variant in one order edit.
 *
 * Shopify's order editing (shopify.dev/docs/apps/build/orders-fulfillment/order-management-apps/edit-orders, and
 * the Admin schema's descriptions of orderEditBegin, orderEditSetQuantity, orderEditAddVariant, orderEditCommit):
 * orderEditBegin opens a session and returns a CalculatedOrder; setQuantity and addVariant stage changes on it;
 * only orderEditCommit applies them to the order. So begin/set/add may be repeated freely (an abandoned session
 * changes nothing) and only the commit must never be sent twice: after its answer is lost, the lines are read
 * back and the edit adopted when it shows.
 */
import { ValidationError } from '../../http/errors';
import { sendOnce } from '../../http/once';
import { OutcomeUnknownError } from '../../http/outcome';
import type { Clock } from '../../http/types';
import type { EditableLine, SwapChoice } from '../../order/itemSwap';
import { ShopifyUserErrors, type ShopifyClient } from './client';
import {
	ORDER_EDIT_ADD_VARIANT_MUTATION,
	ORDER_EDIT_BEGIN_MUTATION,
	ORDER_EDIT_COMMIT_MUTATION,
	ORDER_EDIT_SET_QUANTITY_MUTATION,
	READ_EDITABLE_LINES_QUERY,
} from './documents';
import { OrderNotFoundError, resolveOrderId, type OrderRef } from './orders';
import type { GqlPageInfo } from './types';

/**
 * Lines a page: each costs 110 points and the fulfillment orders beside them 277 (READ_EDITABLE_LINES_QUERY);
 * Shopify's limit is 1,000 a query.
 */
export const EDITABLE_LINES_PER_PAGE = 6;

/** One line item as READ_EDITABLE_LINES_QUERY selects it. */
interface GqlEditableLineItem {
	id: string;
	currentQuantity: number;
	unfulfilledQuantity: number;
	sku: string | null;
	title: string;
	variantTitle: string | null;
	requiresShipping: boolean;
	originalUnitPriceSet: { shopMoney: { amount: string; currencyCode: string } } | null;
	discountAllocations?: Array<{ allocatedAmountSet: { shopMoney: { amount: string } } }>;
	variant: {
		id: string;
		product: {
			id: string;
			variants: {
				nodes: Array<{ id: string; sku: string | null; title: string; price: string; availableForSale: boolean }>;
			};
		};
	} | null;
}

/** A fulfillment order as READ_EDITABLE_LINES_QUERY selects it: where its lines ship from. */
interface GqlLineFulfillmentOrder {
	id: string;
	status: string;
	assignedLocation: { location: { id: string } | null };
	lineItems: { nodes: Array<{ remainingQuantity: number; lineItem: { id: string } }> };
}

interface EditableLinesPage {
	shop: { currencyCode: string };
	order: {
		id: string;
		fulfillmentOrders: { nodes: GqlLineFulfillmentOrder[] };
		lineItems: { pageInfo: GqlPageInfo; nodes: GqlEditableLineItem[] };
	} | null;
}

/** A line as Shopify gave it, in the swap's words; `shopCurrency` prices the variants (ProductVariant.price). */
export function toEditableLine(item: GqlEditableLineItem, shopCurrency: string): EditableLine {
	const own = item.variant?.id ?? null;
	const choices: SwapChoice[] = (item.variant?.product.variants.nodes ?? [])
		.filter((v) => v.id !== own)
		.map((v) => ({
			variantId: v.id,
			sku: v.sku || null,
			variantTitle: v.title,
			price: { amount: v.price, currencyCode: shopCurrency },
			availableForSale: v.availableForSale,
		}));
	const money = item.originalUnitPriceSet?.shopMoney;
	// Allocations "including discounts allocated to refunded and removed quantities" (Admin schema): any amount
	// means the customer paid less for this line than its variants cost.
	const discounted = (item.discountAllocations ?? []).some((d) => Number(d.allocatedAmountSet.shopMoney.amount) > 0);
	return {
		lineItemId: item.id,
		variantId: own,
		productId: item.variant?.product.id ?? null,
		sku: item.sku || null,
		title: item.title,
		variantTitle: item.variantTitle ?? null,
		currentQuantity: item.currentQuantity,
		unfulfilledQuantity: item.unfulfilledQuantity,
		unitPrice: money ? { amount: money.amount, currencyCode: money.currencyCode } : null,
		requiresShipping: item.requiresShipping,
		...(discounted ? { discounted: true } : {}),
		choices,
	};
}

/**
 * The locations that hold a line's units still to ship: each fulfillment order's assigned location, for the lines
 * it has remaining. Fulfilled (closed) and cancelled ones hold nothing to swap.
 */
function lineLocations(fulfillmentOrders: GqlLineFulfillmentOrder[]): Map<string, Set<string>> {
	const where = new Map<string, Set<string>>();
	for (const fo of fulfillmentOrders) {
		const location = fo.assignedLocation.location?.id;
		if (!location || fo.status === 'CLOSED' || fo.status === 'CANCELLED') continue;
		for (const { remainingQuantity, lineItem } of fo.lineItems.nodes) {
			if (remainingQuantity <= 0) continue;
			where.set(lineItem.id, (where.get(lineItem.id) ?? new Set()).add(location));
		}
	}
	return where;
}

/** The order's lines with the locations their units ship from (lineLocations), every page. */
async function readOrderLines(
	client: ShopifyClient,
	ref: OrderRef,
): Promise<{ lines: EditableLine[]; locations: Map<string, Set<string>> }> {
	const id = await resolveOrderId(client, ref);
	const lines: EditableLine[] = [];
	let locations = new Map<string, Set<string>>();
	let after: string | null = null;
	for (;;) {
		const data: EditableLinesPage = await client.request<EditableLinesPage>(READ_EDITABLE_LINES_QUERY, {
			id,
			first: EDITABLE_LINES_PER_PAGE,
			after,
		});
		if (!data.order) throw new OrderNotFoundError(ref);
		lines.push(...data.order.lineItems.nodes.map((item) => toEditableLine(item, data.shop.currencyCode)));
		// Every page carries the same fulfillment orders: the first answer serves.
		if (after === null) locations = lineLocations(data.order.fulfillmentOrders.nodes);
		const { hasNextPage, endCursor } = data.order.lineItems.pageInfo;
		if (!hasNextPage || !endCursor) return { lines, locations };
		after = endCursor;
	}
}

/** The order's lines (every page) with the other variants of each line's product (its first 100). */
export async function readEditableLines(client: ShopifyClient, ref: OrderRef): Promise<EditableLine[]> {
	return (await readOrderLines(client, ref)).lines;
}

export interface SwapRequest {
	lineItemId: string;
	variantId: string;
	quantity: number;
}

export interface SwapOptions {
	notifyCustomer: boolean;
	staffNote?: string;
}

const LINE_ITEM_GID = /^gid:\/\/shopify\/LineItem\/\d+$/;
const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d+$/;

/** The swaps as given, checked for shape before anything is read: gids, positive whole quantities, one per line. */
export function checkSwaps(swaps: unknown): SwapRequest[] {
	if (!Array.isArray(swaps) || swaps.length === 0)
		throw new ValidationError('No line to swap', 'swaps', 'Name at least one line and the variant it becomes.');
	const seen = new Set<string>();
	return swaps.map((raw, i) => {
		const swap = (raw ?? {}) as Partial<SwapRequest>;
		const where = `swaps[${i}]`;
		if (typeof swap.lineItemId !== 'string' || !LINE_ITEM_GID.test(swap.lineItemId))
			throw new ValidationError(
				`"${String(swap.lineItemId).slice(0, 60)}" is not a Shopify line item id`,
				`${where}.lineItemId`,
				"Use the line's id as Shopify gives it: gid://shopify/LineItem/<number>.",
			);
		if (typeof swap.variantId !== 'string' || !VARIANT_GID.test(swap.variantId))
			throw new ValidationError(
				`"${String(swap.variantId).slice(0, 60)}" is not a Shopify variant id`,
				`${where}.variantId`,
				"Use the variant's id as Shopify gives it: gid://shopify/ProductVariant/<number>.",
			);
		if (typeof swap.quantity !== 'number' || !Number.isInteger(swap.quantity) || swap.quantity < 1)
			throw new ValidationError(
				`${String(swap.quantity)} is not a quantity to swap`,
				`${where}.quantity`,
				'Give the number of units as a whole number of at least 1.',
			);
		if (seen.has(swap.lineItemId))
			throw new ValidationError(
				`Line ${swap.lineItemId} is swapped twice`,
				`${where}.lineItemId`,
				'Swap each line once, to one variant.',
			);
		seen.add(swap.lineItemId);
		return { lineItemId: swap.lineItemId, variantId: swap.variantId, quantity: swap.quantity };
	});
}

/** True when the lines show the swap done: the old line emptied, a line of the new variant holding the units. */
export function swapReflected(lines: EditableLine[], swap: SwapRequest): boolean {
	const old = lines.find((l) => l.lineItemId === swap.lineItemId);
	return (
		old !== undefined &&
		old.currentQuantity === 0 &&
		lines.some((l) => l.variantId === swap.variantId && l.currentQuantity >= swap.quantity)
	);
}

/** A swap Shopify can make as asked: the whole line, unfulfilled, to another variant of its product. */
function checkAgainstLine(lines: EditableLine[], swap: SwapRequest, i: number): void {
	const line = lines.find((l) => l.lineItemId === swap.lineItemId);
	const where = `swaps[${i}]`;
	if (!line)
		throw new ValidationError(
			`The order has no line ${swap.lineItemId}`,
			`${where}.lineItemId`,
			"Read the order's lines again and pick one of them.",
		);
	if (line.currentQuantity !== swap.quantity)
		throw new ValidationError(
			`Line ${swap.lineItemId} holds ${line.currentQuantity} units, not ${swap.quantity}`,
			`${where}.quantity`,
			'A swap moves the whole line: give its current quantity (read the order again, it may have changed).',
		);
	if (line.unfulfilledQuantity < swap.quantity)
		throw new ValidationError(
			`Line ${swap.lineItemId} is already (partly) fulfilled: ${line.unfulfilledQuantity} of ` +
				`${line.currentQuantity} units can still be changed`,
			`${where}.lineItemId`,
			'Shopify edits unfulfilled units only: swap it through a return and exchange instead.',
		);
	if (!line.choices.some((c) => c.variantId === swap.variantId))
		throw new ValidationError(
			`${swap.variantId} is not another variant of the product of line ${swap.lineItemId}`,
			`${where}.variantId`,
			"Pick one of the line's choices (readEditableLines).",
		);
}

/** Numeric tail of a gid ("gid://shopify/LineItem/42" -> "42"). */
function gidNumber(id: string): string {
	return id.slice(id.lastIndexOf('/') + 1);
}

interface CalculatedLine {
	id: string;
	quantity: number;
	editableQuantity: number;
	variant: { id: string } | null;
}

/**
 * The CalculatedLineItem standing for an order's LineItem. The schema gives a CalculatedLineItem no link to its
 * LineItem, and shopify.dev does not say how their ids relate; Shopify's answers (and integrators who matched them
 * live) give an existing line's CalculatedLineItem the LineItem's own number ("gid://shopify/LineItem/123" ->
 * "gid://shopify/CalculatedLineItem/123"). That is used when the variant agrees too; otherwise the one calculated
 * line of the same variant and quantity, which the schema does give. Anything else is refused rather than guessed.
 */
export function calculatedLineFor(
	calculated: CalculatedLine[],
	line: { lineItemId: string; variantId: string | null; currentQuantity: number },
	field: string,
): CalculatedLine {
	const byNumber = calculated.find((c) => gidNumber(c.id) === gidNumber(line.lineItemId));
	if (byNumber && (byNumber.variant?.id ?? null) === line.variantId) return byNumber;
	const byVariant = calculated.filter(
		(c) => line.variantId !== null && c.variant?.id === line.variantId && c.quantity === line.currentQuantity,
	);
	if (byVariant.length === 1) return byVariant[0];
	throw new ValidationError(
		`Shopify's order edit does not show line ${line.lineItemId} as one line`,
		field,
		'Edit the order in Shopify admin: the line cannot be told apart from the others in an edit session.',
	);
}

/** What to do about refused input, by step (the userErrors name the field; these say what a person can do). */
const STEP_HINTS = {
	orderEditBegin:
		'Shopify will not edit this order (cancelled, archived, or all of it fulfilled): edit it in Shopify admin, or ' +
		'offer a return instead.',
	orderEditSetQuantity:
		'The line changed since it was read (fulfilled, or edited by staff): read the order again, or edit the order ' +
		'in Shopify.',
	orderEditAddVariant:
		'The variant cannot be added (out of stock, not for sale, or already on the order): pick another variant or ' +
		'edit the order in Shopify.',
	orderEditCommit:
		'Shopify did not save the edit (the order changed meanwhile, or the session expired): read the order again and ' +
		'retry, or edit the order in Shopify.',
} as const;

/** A mutation of the edit; userErrors become ShopifyUserErrors with the step's hint. */
async function editStep<P extends Record<string, unknown>>(
	client: ShopifyClient,
	step: keyof typeof STEP_HINTS,
	document: string,
	variables: Record<string, unknown>,
	effect: 'idempotent' | 'unsafe',
): Promise<P> {
	try {
		return await client.mutate<P>(document, variables, step, { effect });
	} catch (error) {
		if (error instanceof ShopifyUserErrors) throw new ShopifyUserErrors(step, error.userErrors, STEP_HINTS[step]);
		throw error;
	}
}

interface GqlMoney {
	amount: string;
	currencyCode: string;
}

/** MoneyBag: the shop's currency and the customer's (presentment) one. */
export interface GqlMoneyBag {
	shopMoney: GqlMoney;
	presentmentMoney: GqlMoney;
}

/** The calculated order as the staging mutations select it (CALCULATED_TOTALS in documents.ts). */
export interface CalculatedTotals {
	id: string;
	totalPriceSet: GqlMoneyBag;
	originalOrder: { id: string; currentTotalPriceSet: GqlMoneyBag };
}

const money = (m: GqlMoney) => `${m.amount} ${m.currencyCode}`;

/**
 * The staged edit would change what the customer pays. orderEditCommit's description: a changed total leaves a
 * balance the customer owes or is owed, which the swap promised not to do; the session is left uncommitted, which
 * changes nothing.
 */
export class SwapNotEvenError extends ValidationError {
	readonly before: GqlMoneyBag;
	readonly after: GqlMoneyBag;
	constructor(before: GqlMoneyBag, after: GqlMoneyBag) {
		const presentment =
			before.presentmentMoney.currencyCode !== before.shopMoney.currencyCode
				? ` (in the customer's currency ${money(before.presentmentMoney)} to ${money(after.presentmentMoney)})`
				: '';
		super(
			`The swap would change the order's total from ${money(before.shopMoney)} to ${money(after.shopMoney)}` +
				presentment,
			'swaps',
			'the swap would change what the customer pays (a discount or a price that differs); swap by hand in Shopify, ' +
				'or leave this line',
		);
		this.name = 'SwapNotEvenError';
		this.before = before;
		this.after = after;
	}
}

/** Same currency and amount; Decimal strings compared by value ("24.0" and "24.00" agree), to 1/10,000. */
export function sameMoney(a: GqlMoney, b: GqlMoney): boolean {
	return a.currencyCode === b.currencyCode && Math.round(Number(a.amount) * 1e4) === Math.round(Number(b.amount) * 1e4);
}

/** Throws SwapNotEvenError unless the staged total equals the order's current total, in both currencies. */
export function checkEvenTotals(calculated: CalculatedTotals): void {
	const before = calculated.originalOrder.currentTotalPriceSet;
	const after = calculated.totalPriceSet;
	if (!sameMoney(before.shopMoney, after.shopMoney) || !sameMoney(before.presentmentMoney, after.presentmentMoney))
		throw new SwapNotEvenError(before, after);
}

/** A swap still to make, with its line as read and the location its units ship from. */
interface PlannedSwap {
	swap: SwapRequest;
	line: EditableLine;
	locationId: string;
}

/**
 * The one location the line's remaining units ship from. Without it orderEditAddVariant would pick "a default
 * location" (Admin schema), possibly a store or another fulfillment service than the warehouse told of the swap:
 * refused instead, as is a line split over locations (which one the new variant should join is not ours to guess).
 */
function locationOf(locations: Map<string, Set<string>>, lineItemId: string, field: string): string {
	const found = [...(locations.get(lineItemId) ?? [])];
	if (found.length === 1) return found[0];
	if (found.length === 0)
		throw new ValidationError(
			`Shopify shows no fulfillment order still to ship line ${lineItemId}, so the swap cannot keep it at its location`,
			field,
			"Open the order in Shopify admin and check the line's fulfillment (it may be fulfilled or moved); swap by hand " +
				'in Shopify, or leave this line.',
		);
	throw new ValidationError(
		`Line ${lineItemId} ships from ${found.length} locations (${found.join(', ')})`,
		field,
		'Shopify would have to be told which location ships the new variant: swap by hand in Shopify, or leave this line.',
	);
}

/**
 * Reads the order once and plans the swaps: the ones it already shows are left out (all of them: nothing to do),
 * the others checked against their lines and given the location they ship from, before anything is staged.
 */
async function planSwaps(
	client: ShopifyClient,
	ref: OrderRef,
	swaps: unknown,
): Promise<{ orderId: string; wanted: SwapRequest[]; before: EditableLine[]; todo: PlannedSwap[] }> {
	const wanted = checkSwaps(swaps);
	const orderId = await resolveOrderId(client, ref);
	const { lines: before, locations } = await readOrderLines(client, { by: 'id', value: orderId });
	const todo: PlannedSwap[] = [];
	for (const [i, swap] of wanted.entries()) {
		if (swapReflected(before, swap)) continue;
		checkAgainstLine(before, swap, i);
		const line = before.find((l) => l.lineItemId === swap.lineItemId)!;
		todo.push({ swap, line, locationId: locationOf(locations, swap.lineItemId, `swaps[${i}].lineItemId`) });
	}
	return { orderId, wanted, before, todo };
}

/** The calculated order a staging answer carries; Shopify gives one with every accepted change. */
function totalsOf(step: keyof typeof STEP_HINTS, payload: { calculatedOrder?: CalculatedTotals | null }) {
	if (!payload.calculatedOrder)
		throw new ShopifyUserErrors(step, [{ field: ['id'], message: 'no calculated order' }], STEP_HINTS[step]);
	return payload.calculatedOrder;
}

/**
 * Stages every swap in a fresh edit session and returns the calculated order as the last change left it. begin and
 * setQuantity(0) are safe to repeat; a second addVariant in the same session would stage the variant twice (or be
 * refused as a duplicate), so a lost addVariant answer abandons the session and stages once more in a new one.
 * addVariant names the old line's location, so the new line ships from where the old one would have; setQuantity
 * cannot (its locationId is deprecated, "No longer supported", in every supported version of the Admin schema).
 */
async function stageSwaps(client: ShopifyClient, orderId: string, todo: PlannedSwap[]): Promise<CalculatedTotals> {
	type Staged = { calculatedOrder: CalculatedTotals | null };
	for (let attempt = 1; ; attempt++) {
		try {
			const begun = await editStep<{
				calculatedOrder: { id: string; lineItems: { nodes: CalculatedLine[] } } | null;
			}>(client, 'orderEditBegin', ORDER_EDIT_BEGIN_MUTATION, { id: orderId }, 'idempotent');
			const calculated = begun.calculatedOrder;
			if (!calculated)
				throw new ShopifyUserErrors('orderEditBegin', [{ field: ['id'], message: 'no calculated order' }]);
			let last: CalculatedTotals | undefined;
			for (const [i, { swap, line, locationId }] of todo.entries()) {
				const target = calculatedLineFor(calculated.lineItems.nodes, line, `swaps[${i}].lineItemId`);
				await editStep<Staged>(
					client,
					'orderEditSetQuantity',
					ORDER_EDIT_SET_QUANTITY_MUTATION,
					{ id: calculated.id, lineItemId: target.id, quantity: 0, restock: true },
					'idempotent',
				);
				const added = await editStep<Staged>(
					client,
					'orderEditAddVariant',
					ORDER_EDIT_ADD_VARIANT_MUTATION,
					{
						id: calculated.id,
						variantId: swap.variantId,
						quantity: swap.quantity,
						allowDuplicates: false,
						locationId,
					},
					'unsafe',
				);
				last = totalsOf('orderEditAddVariant', added);
			}
			return last!;
		} catch (error) {
			if (!(error instanceof OutcomeUnknownError) || attempt >= 2) throw error;
		}
	}
}

/** Stages the planned swaps and checks the total stays as it is; the session is never committed here. */
async function stageEvenSwaps(client: ShopifyClient, orderId: string, todo: PlannedSwap[]): Promise<string> {
	const calculated = await stageSwaps(client, orderId, todo);
	checkEvenTotals(calculated);
	return calculated.id;
}

/**
 * The dry run of swapLineItems: everything it would stage, staged in a session that is never committed (Shopify's
 * edit-orders guide: only orderEditCommit changes the order), and the total checked. The flow runs it before it
 * touches the warehouse, so Shopify's refusal (order not editable, variant refused, total would change) is known
 * before anything changed anywhere. adopted: the order already shows every swap, nothing was sent. Throws what
 * staging throws (ShopifyUserErrors with the step's hint, ValidationError) or SwapNotEvenError.
 */
export async function checkSwapLineItems(
	client: ShopifyClient,
	ref: OrderRef,
	swaps: Array<{ lineItemId: string; variantId: string; quantity: number }>,
): Promise<{ adopted: boolean }> {
	const { orderId, todo } = await planSwaps(client, ref, swaps);
	if (todo.length === 0) return { adopted: true };
	await stageEvenSwaps(client, orderId, todo);
	return { adopted: false };
}

/**
 * Swaps whole lines to other variants of their products in one order edit, exactly once: swaps the order already
 * shows are not made again (all of them: nothing is sent, adopted true), the staged total must equal the order's
 * (SwapNotEvenError, nothing committed), a commit whose answer was lost is adopted when the read-back shows it,
 * and the lines are read back after the commit to confirm every swap.
 */
export async function swapLineItems(
	client: ShopifyClient,
	ref: OrderRef,
	swaps: Array<{ lineItemId: string; variantId: string; quantity: number }>,
	options: SwapOptions,
	clock: Clock = client.clock,
): Promise<{ adopted: boolean; lines: EditableLine[] }> {
	const { orderId, wanted, before, todo } = await planSwaps(client, ref, swaps);
	const byId: OrderRef = { by: 'id', value: orderId };
	if (todo.length === 0) return { adopted: true, lines: before };

	const calculatedOrderId = await stageEvenSwaps(client, orderId, todo);
	const variables: Record<string, unknown> = { id: calculatedOrderId, notifyCustomer: options.notifyCustomer };
	if (options.staffNote?.trim()) variables.staffNote = options.staffNote.trim();
	const sent = await sendOnce({
		what: `Shopify orderEditCommit of ${orderId}`,
		clock,
		send: () => editStep(client, 'orderEditCommit', ORDER_EDIT_COMMIT_MUTATION, variables, 'unsafe'),
		find: async () => {
			const lines = await readEditableLines(client, byId);
			return todo.every(({ swap }) => swapReflected(lines, swap)) ? {} : undefined;
		},
	});

	const after = await readEditableLines(client, byId);
	const missing = wanted.findIndex((s) => !swapReflected(after, s));
	if (missing >= 0)
		throw new ValidationError(
			`Shopify accepted the order edit but reading the order back does not show line ` +
				`${wanted[missing].lineItemId} swapped to ${wanted[missing].variantId}`,
			`swaps[${missing}].lineItemId`,
			'Open the order in Shopify admin to see what it holds; staff or another app may have edited it at the same ' +
				'time. Run again to retry: a swap already made is not made twice.',
		);
	return { adopted: sent.how === 'found', lines: after };
}
