/**
 * The customer's own item swap (issue 17), one request answered. From the order's signed link the customer sees
 * each line of the order with the other variants of its product at the same price ("size M instead of L"),
 * picks the ones to change, and confirms the order's email. The store's rules and the warehouse's live status
 * decide; an "apply" is carried out at the warehouse and in Shopify (nodes/lib/selfservice/swap.ts), anything
 * else waits for a person in the approval queue or is refused with the reason. Recorded once in the ledger, as
 * asked and with its outcome, like the address change and the cancellation (the same session: requestSession.ts).
 *
 * Only even swaps are offered: a variant at another price would leave the customer owing or owed money, which is
 * a conversation for the store, not a form. Pure apart from the calls passed in; customer mistakes and hostile
 * input are pages, never errors.
 */
import { shopifyNumericId } from '../order/itemSwap';
import type { OrderRecord } from '../order/types';
import {
	decideRequest,
	evenPrice,
	FINAL_REASONS,
	swapHoldHandleOf,
	swapSummaryOf,
	type ClosedReason,
	type Decision,
	type EditableLine,
	type LineSwap,
	type SwapChoice,
} from '../selfservice';
import { renderSwapPage, type SwapNotice, type SwapPageLine } from './renderRequests';
import {
	openRequestSession,
	text,
	type CarriedOut,
	type RequestAnswer,
	type RequestPageDeps,
	type RequestPageOutcome,
	type ShownSwap,
} from './requestSession';
import type { PageRequest } from './statusRequest';

/** What carrying out a swap reports back (applySwap's result, as the page needs it). */
export interface SwapPageResult extends CarriedOut {
	/** Where the warehouse stands: swapped, absent (does not have the order yet) or old. */
	warehouse: string;
	shopifySwapped: boolean;
}

export interface SwapDeps extends RequestPageDeps {
	/** The order's lines as Shopify has them now, each with its product's variants. */
	readLines(record: OrderRecord): Promise<EditableLine[]>;
	/** False when the warehouse's API cannot change an order's items (a person must): every request goes to approval. */
	warehouseCanSwap?: boolean;
	/** Carries out an "apply" decision at the warehouse and in Shopify; `handle` names our hold. */
	applySwap(record: OrderRecord, decision: Decision, swaps: LineSwap[], handle: string): Promise<SwapPageResult>;
}

/** The form field of a line: its Shopify id's number, so the page never carries a gid the customer could edit. */
export function lineFieldOf(lineItemId: string): string {
	return `line_${numericIdOf(lineItemId)}`;
}

/** "gid://shopify/ProductVariant/123" -> "123" (shopifyNumericId); an id without a number is itself. */
function numericIdOf(gid: string): string {
	return shopifyNumericId(gid) ?? gid;
}

/**
 * The variants a line may become: the product's others that are for sale at the line's own price, and not
 * already elsewhere on the order (Shopify's order edit adds a variant as a line of its own, so a second line of
 * the same variant would be a duplicate it refuses).
 */
export function evenChoicesOf(line: EditableLine, lines: readonly EditableLine[]): SwapChoice[] {
	const live = lines.filter((l) => l.currentQuantity > 0);
	const variants = new Set(live.map((l) => l.variantId).filter(Boolean));
	// Warehouses know items by SKU: a SKU already on the order would make the swapped line indistinguishable there.
	const skus = new Set(live.map((l) => l.sku).filter(Boolean));
	return line.choices.filter(
		(c) => c.availableForSale && !!c.sku && evenPrice(line, c.price) && !variants.has(c.variantId) && !skus.has(c.sku),
	);
}

/**
 * A line the customer may still change: shipped by the warehouse, known to it by a SKU that no other line of the
 * order has (warehouses find a line by SKU; two lines of one SKU, such as an engraved and a plain one, could not be
 * told apart there), still whole, not fulfilled in any part, and without a discount (an order edit drops the
 * discount with the old line, so the swap would change what the customer pays).
 */
export function swappableLine(line: EditableLine, lines: readonly EditableLine[]): boolean {
	return (
		line.requiresShipping &&
		line.variantId !== null &&
		!!line.sku &&
		!line.discounted &&
		line.currentQuantity > 0 &&
		line.unfulfilledQuantity === line.currentQuantity &&
		!lines.some((l) => l !== line && l.currentQuantity > 0 && l.sku === line.sku)
	);
}

/** What the customer chose on the form, judged against the lines now. */
export function chosenSwaps(
	form: Record<string, unknown>,
	lines: readonly EditableLine[],
): { swaps: LineSwap[]; selected: Record<string, string> } | { notice: SwapNotice; selected: Record<string, string> } {
	const byField = new Map(lines.filter((l) => swappableLine(l, lines)).map((l) => [lineFieldOf(l.lineItemId), l]));
	const swaps: LineSwap[] = [];
	const selected: Record<string, string> = {};
	for (const [field, value] of Object.entries(form)) {
		if (!field.startsWith('line_')) continue;
		const chosen = (text(value) ?? '').trim();
		if (chosen === '') continue;
		const line = byField.get(field);
		// A line that is not on the form any more (fulfilled, edited meanwhile) or was never there: pick again.
		if (!line) return { notice: 'choice_gone', selected };
		const choice = evenChoicesOf(line, lines).find((c) => numericIdOf(c.variantId) === chosen);
		if (!choice) return { notice: 'choice_gone', selected };
		// One order edit adds each new variant once: two lines cannot become the same variant.
		const twice = swaps.some((s) => s.to.variantId === choice.variantId);
		selected[field] = chosen;
		if (twice) return { notice: 'same_choice_twice', selected: selectedOf(form) };
		swaps.push({
			lineItemId: line.lineItemId,
			quantity: line.currentQuantity,
			from: { variantId: line.variantId!, sku: line.sku, title: line.title, variantTitle: line.variantTitle },
			to: { variantId: choice.variantId, sku: choice.sku, title: line.title, variantTitle: choice.variantTitle },
		});
	}
	if (swaps.length === 0) return { notice: 'nothing_chosen', selected };
	return { swaps, selected };
}

/** Every line's choice as posted (the form shows them again; the renderer marks what the notice is about). */
function selectedOf(form: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [field, value] of Object.entries(form))
		if (field.startsWith('line_') && (text(value) ?? '').trim() !== '') out[field] = (text(value) ?? '').trim();
	return out;
}

/** The lines as the form shows them. */
function pageLines(lines: readonly EditableLine[], selected: Record<string, string>): SwapPageLine[] {
	return lines
		.filter((l) => l.requiresShipping && l.currentQuantity > 0)
		.map((line) => {
			const field = lineFieldOf(line.lineItemId);
			const choices = swappableLine(line, lines)
				? evenChoicesOf(line, lines).map((c) => ({ value: numericIdOf(c.variantId), label: c.variantTitle }))
				: [];
			return {
				field,
				title: line.title,
				variantTitle: line.variantTitle,
				quantity: line.currentQuantity,
				choices,
				selected: selected[field] ?? null,
				unavailable: choices.length === 0 ? ('none' as const) : null,
			};
		});
}

/** The swapped lines as the answer shows them. */
export function shownSwapsOf(swaps: readonly LineSwap[]): ShownSwap[] {
	return swaps.map((s) => ({
		title: s.from.title,
		from: s.from.variantTitle,
		to: s.to.variantTitle,
		quantity: s.quantity,
	}));
}

export async function answerSwapRequest(request: PageRequest, deps: SwapDeps): Promise<RequestAnswer> {
	const startedMs = Date.now();
	const opened = await openRequestSession(request, deps, 'swap', deps.settings.swapUrl);
	if ('answer' in opened) return opened.answer;
	const session = opened.session;
	const { form, record } = session;

	// A request already with a person is answered before another is taken, and before Shopify is asked anything.
	const pending = await session.pendingRequest();
	if (pending) return session.outcomePage(200, pending.outcome, [], null, null, 'pending');

	const formPage = async (
		statusCode: number,
		outcome: RequestPageOutcome,
		opts: { notice?: SwapNotice | null; emailError?: boolean; email?: string; selected?: Record<string, string> },
		closesAt: string | null = null,
	) =>
		session.page(
			statusCode,
			outcome,
			renderSwapPage({
				t: session.t,
				branding: session.branding,
				langLinks: session.langLinks,
				action: session.action,
				hidden: session.hidden(),
				orderName: session.orderName,
				lines: pageLines(await deps.readLines(record), opts.selected ?? {}),
				email: opts.email ?? null,
				fieldErrors: opts.emailError ? { email: 'required' } : {},
				notice: opts.notice ?? null,
				closesAt,
				timeZone: session.timeZone,
				statusUrl: session.statusUrl,
			}),
		);

	if (!form) {
		// What would refuse any swap is said before the customer picks anything.
		const window = await session.judge();
		const final: string[] = deps.rules.allowItemSwap ? [] : ['action_disabled'];
		if (!window.open && FINAL_REASONS.has(window.reason as ClosedReason)) final.push(window.reason);
		if (final.length > 0) return session.outcomePage(200, 'refused', final, null);
		return formPage(200, 'form', {}, window.open ? window.closesAt : null);
	}

	const email = (text(form.email) ?? '').trim();
	const refused = await session.checkPost(email);
	if (refused)
		return formPage(refused.statusCode, refused.outcome, {
			notice: refused.notice,
			emailError: refused.notice === 'email_mismatch',
		});
	const lines = await deps.readLines(record);
	const chosen = chosenSwaps(form, lines);
	if ('notice' in chosen)
		return formPage(400, 'invalid_input', { notice: chosen.notice, email, selected: chosen.selected });
	const shownSwaps = shownSwapsOf(chosen.swaps);

	return session.settle({
		field: 'line_items',
		kept: { swaps: chosen.swaps },
		startedMs,
		shown: null,
		shownSwaps,
		decide: (window, context) =>
			decideRequest({ kind: 'swap' }, record, window, deps.rules, {
				...context,
				warehouseCanChange: deps.warehouseCanSwap,
			}),
		holdHandle: swapHoldHandleOf,
		// What changes, in words, for the person deciding in Slack (no customer data: titles and sizes).
		outcomeData: () => ({ items: swapSummaryOf(chosen.swaps) }),
		apply: (decision, handle) => deps.applySwap(record, decision, chosen.swaps, handle),
		resultDetails: (result) => ({
			warehouse: (result as SwapPageResult | null)?.warehouse ?? null,
			shopifySwapped: (result as SwapPageResult | null)?.shopifySwapped ?? false,
		}),
	});
}
