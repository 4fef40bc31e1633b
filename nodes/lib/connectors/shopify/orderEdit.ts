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
import type { EditableLine, SwapChoice } from '../../selfservice/swapTypes';
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

/** Lines a page: each costs about 107 points (READ_EDITABLE_LINES_QUERY), Shopify's limit is 1,000 a query. */
export const EDITABLE_LINES_PER_PAGE = 8;

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

interface EditableLinesPage {
	shop: { currencyCode: string };
	order: { id: string; lineItems: { pageInfo: GqlPageInfo; nodes: GqlEditableLineItem[] } } | null;
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
		choices,
	};
}

/** The order's lines (every page) with the other variants of each line's product (its first 100). */
export async function readEditableLines(client: ShopifyClient, ref: OrderRef): Promise<EditableLine[]> {
	const id = await resolveOrderId(client, ref);
	const lines: EditableLine[] = [];
	let after: string | null = null;
	for (;;) {
		const data: EditableLinesPage = await client.request<EditableLinesPage>(READ_EDITABLE_LINES_QUERY, {
			id,
			first: EDITABLE_LINES_PER_PAGE,
			after,
		});
		if (!data.order) throw new OrderNotFoundError(ref);
		lines.push(...data.order.lineItems.nodes.map((item) => toEditableLine(item, data.shop.currencyCode)));
		const { hasNextPage, endCursor } = data.order.lineItems.pageInfo;
		if (!hasNextPage || !endCursor) return lines;
		after = endCursor;
	}
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

/**
 * Stages every swap in a fresh edit session and returns the calculated order's id. begin and setQuantity(0) are
 * safe to repeat; a second addVariant in the same session would stage the variant twice (or be refused as a
 * duplicate), so a lost addVariant answer abandons the session and stages once more in a new one.
 */
async function stageSwaps(
	client: ShopifyClient,
	orderId: string,
	lines: EditableLine[],
	swaps: SwapRequest[],
): Promise<string> {
	for (let attempt = 1; ; attempt++) {
		try {
			const begun = await editStep<{
				calculatedOrder: { id: string; lineItems: { nodes: CalculatedLine[] } } | null;
			}>(client, 'orderEditBegin', ORDER_EDIT_BEGIN_MUTATION, { id: orderId }, 'idempotent');
			const calculated = begun.calculatedOrder;
			if (!calculated)
				throw new ShopifyUserErrors('orderEditBegin', [{ field: ['id'], message: 'no calculated order' }]);
			for (const [i, swap] of swaps.entries()) {
				const line = lines.find((l) => l.lineItemId === swap.lineItemId)!;
				const target = calculatedLineFor(calculated.lineItems.nodes, line, `swaps[${i}].lineItemId`);
				await editStep(
					client,
					'orderEditSetQuantity',
					ORDER_EDIT_SET_QUANTITY_MUTATION,
					{ id: calculated.id, lineItemId: target.id, quantity: 0, restock: true },
					'idempotent',
				);
				await editStep(
					client,
					'orderEditAddVariant',
					ORDER_EDIT_ADD_VARIANT_MUTATION,
					{ id: calculated.id, variantId: swap.variantId, quantity: swap.quantity, allowDuplicates: false },
					'unsafe',
				);
			}
			return calculated.id;
		} catch (error) {
			if (!(error instanceof OutcomeUnknownError) || attempt >= 2) throw error;
		}
	}
}

/**
 * Swaps whole lines to other variants of their products in one order edit, exactly once: swaps the order already
 * shows are not made again (all of them: nothing is sent, adopted true), a commit whose answer was lost is adopted
 * when the read-back shows it, and the lines are read back after the commit to confirm every swap.
 */
export async function swapLineItems(
	client: ShopifyClient,
	ref: OrderRef,
	swaps: Array<{ lineItemId: string; variantId: string; quantity: number }>,
	options: SwapOptions,
	clock: Clock = client.clock,
): Promise<{ adopted: boolean; lines: EditableLine[] }> {
	const wanted = checkSwaps(swaps);
	const orderId = await resolveOrderId(client, ref);
	const byId: OrderRef = { by: 'id', value: orderId };
	const before = await readEditableLines(client, byId);
	const todo = wanted.filter((s) => !swapReflected(before, s));
	if (todo.length === 0) return { adopted: true, lines: before };
	for (const swap of todo) checkAgainstLine(before, swap, wanted.indexOf(swap));

	const calculatedOrderId = await stageSwaps(client, orderId, before, todo);
	const variables: Record<string, unknown> = { id: calculatedOrderId, notifyCustomer: options.notifyCustomer };
	if (options.staffNote?.trim()) variables.staffNote = options.staffNote.trim();
	const sent = await sendOnce({
		what: `Shopify orderEditCommit of ${orderId}`,
		clock,
		send: () => editStep(client, 'orderEditCommit', ORDER_EDIT_COMMIT_MUTATION, variables, 'unsafe'),
		find: async () => {
			const lines = await readEditableLines(client, byId);
			return todo.every((s) => swapReflected(lines, s)) ? {} : undefined;
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
