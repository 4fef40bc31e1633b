/**
 * The customer's cancellation itself (issue 17), once the request was decided "apply": hold the order in Shopify,
 * re-read the warehouse (the race with the pick), cancel at the warehouse (what would ship the parcel), cancel in
 * Shopify, read both back, release what is left of our hold. Every step is recorded and happens once (each port
 * looks before it repeats). The rule for failure, as for the address change: once our hold is on, a step that
 * fails leaves it on, so nothing ships while a person looks, and nothing is undone by guessing; a warehouse that
 * cancelled while Shopify did not is said in so many words. Before anything changed (the race lost), the hold
 * comes off again and the request becomes what the warehouse's news makes it, exactly one outcome.
 *
 * Shopify's Admin schema (2026-10) lists when orderCancel works: the order is not cancelled already, has no
 * pending payment authorization, no return in progress, and no outstanding fulfillment that cannot be cancelled.
 * A fulfillment hold is not among them (a hold is not a fulfillment), so our hold stays on through the cancel:
 * releasing it first would let Shopify send the order to be fulfilled in the moment between. The cancel closes the
 * fulfillment orders; a hold on a closed one holds nothing, and only one still open has ours taken off.
 */
import { CHANGE_STEPS } from './addressChange';
import { stillApplies, type Decision } from './decide';
import { HOLDABLE, holdOpen, message, releaseAll, startRun, type HoldingShopify, type RunResult } from './flow';
import { WarehouseCancelError, type WarehouseOrderRef, type WarehousePort } from './warehouse';
import type { LiveStatus } from './window';

/** What the store lets the customer's cancel do in Shopify (the reason is always CUSTOMER, restock always on). */
export interface CancelOptions {
	/** Refund the customer to the original payment methods. */
	refund: boolean;
	/** Shopify emails the customer that the order was cancelled. */
	notifyCustomer: boolean;
	/** Kept on the order for staff (not shown to the customer); at most 255 characters. */
	staffNote?: string;
}

/** Shopify, as the cancellation needs it: the holds (flow.ts), the cancel and its read-back. */
export interface CancelShopify extends HoldingShopify {
	/**
	 * Cancels the order with reason CUSTOMER and restock on, once (a retry finds cancelledAt and adopts it);
	 * returns cancelledAt as read back, null while Shopify's cancel job has not finished.
	 */
	cancel(options: CancelOptions): Promise<{ cancelledAt: string | null; adopted: boolean }>;
	/** When Shopify cancelled the order, read now (null: it has not). */
	readCancelledAt(): Promise<string | null>;
}

/** The warehouse the store ships from, as the cancellation needs it (warehouseCancelPort builds it). */
export interface CancelWarehouse {
	/** Its status of the order, read now ('not_found' when it does not have it). */
	read(): Promise<{ status: LiveStatus }>;
	/** Cancels once (adopts a cancel already there); throws WarehouseCancelError when it will not. */
	cancel(): Promise<{ adopted: boolean; status: LiveStatus }>;
}

/** The warehouse port for one order, as applyCancellation takes it. */
export function warehouseCancelPort(port: WarehousePort, ref: WarehouseOrderRef, now: () => Date): CancelWarehouse {
	return { read: () => port.read(ref, now), cancel: () => port.cancel(ref, now) };
}

/** Our Shopify hold while an order is cancelled, named by the request (a retry, or a person's approval, finds it). */
export function cancelHoldHandleOf(requestId: string): string {
	return `pp-cancel-${requestId}`;
}

/** The same steps as the address change, with the warehouse and Shopify steps cancelling instead. */
export const CANCEL_STEPS = CHANGE_STEPS;

/** Where the warehouse stands after this run, as far as it knows. */
export type WarehouseCancelState =
	/** It shows the order cancelled (by this run, or before it). */
	| 'cancelled'
	/** It does not have the order: there was nothing to cancel there. */
	| 'absent'
	/** It has the order and it is not cancelled (the run stopped before, or the warehouse would not). */
	| 'open';

/**
 * applied: cancelled in Shopify and at the warehouse (or the warehouse never had it); approval/refused: the
 * warehouse won the race, nothing changed; failed: a step failed (the error says when the warehouse cancelled and
 * Shopify did not).
 */
export interface CancellationResult extends RunResult {
	warehouse: WarehouseCancelState;
	/** Shopify shows the order cancelled (its cancelledAt was read). */
	shopifyCancelled: boolean;
}

/**
 * A cancel is as good against a held or cancelled warehouse order as against an open one (neither ships), so
 * for the race those count as not started; picking and shipped are the news that overtakes it.
 */
function raceOf(decision: Decision, live: LiveStatus) {
	const asOpen = live.status === 'cancelled' || live.status === 'on_hold';
	return stillApplies(decision, asOpen ? { ...live, status: 'received' } : live);
}

/** A warehouse refusal that cancelled nothing, as the decision it makes: picking to a person, shipped refused. */
function overtakenByWarehouse(error: unknown, decision: Decision): Decision | null {
	if (!(error instanceof WarehouseCancelError)) return null;
	const base = { ...decision, requires: null };
	if (error.reason === 'picking') return { ...base, outcome: 'approval', reasons: ['warehouse_picking'] };
	if (error.reason === 'shipped') return { ...base, outcome: 'refuse', reasons: ['shipped'] };
	return null;
}

/**
 * Carries out an "apply" decision to cancel. `handle` names our hold (pp-cancel-<requestId>: unique per request,
 * so a retry of the same request finds its own hold and another request never releases it). Never throws for a
 * vendor failure: the result says which step failed, what is still held, and where each system stands.
 */
export async function applyCancellation(
	input: { decision: Decision; handle: string; options: CancelOptions },
	deps: { shopify: CancelShopify; warehouse: CancelWarehouse; now: () => Date },
): Promise<CancellationResult> {
	if (input.decision.outcome !== 'apply')
		throw new Error(`applyCancellation: the decision is "${input.decision.outcome}", not "apply"`);
	let warehouse: WarehouseCancelState = 'open';
	let shopifyCancelled = false;
	// The one half-done state a person must know first: the parcel will not ship, the order is still live.
	const split = () =>
		warehouse === 'cancelled' && !shopifyCancelled
			? 'The warehouse has cancelled the order but Shopify has not: cancel it in Shopify by hand. '
			: '';
	const { held, note, result, fail, lostRace } = startRun<CancellationResult>(
		input,
		deps,
		() => ({ warehouse, shopifyCancelled }),
		split,
	);

	// 1. Hold: Shopify must not send the order to be fulfilled while it is being cancelled.
	let overtakenByShopify: 'shopify_fulfillment_closed' | 'on_hold' | null;
	try {
		overtakenByShopify = await holdOpen(deps.shopify, input.handle, held, note);
		// Closed because Shopify cancelled the order already: an earlier attempt of this request got that far (its
		// warehouse step came first). Nothing is left to hold; the run finishes what is left and adopts the cancel.
		if (overtakenByShopify === 'shopify_fulfillment_closed' && (await deps.shopify.readCancelledAt()) !== null) {
			overtakenByShopify = null;
			shopifyCancelled = true;
			note('hold', true, { adopted: true, detail: 'Shopify has cancelled the order already: nothing to hold' });
		}
	} catch (error) {
		return fail('hold', error);
	}

	// 2. The race with the pick, re-read now that Shopify cannot send the warehouse anything new.
	let race: ReturnType<typeof stillApplies>;
	try {
		if (overtakenByShopify) {
			const reasons: Decision['reasons'] = [overtakenByShopify];
			race = { holds: false, decision: { ...input.decision, outcome: 'approval', reasons, requires: null } };
		} else {
			const live = (await deps.warehouse.read()).status;
			if (live.status === 'not_found') warehouse = 'absent';
			if (live.status === 'cancelled') warehouse = 'cancelled';
			// Once Shopify has cancelled, there is no race left to lose: only the warehouse's cancel to finish.
			race = shopifyCancelled ? { holds: true, decision: input.decision } : raceOf(input.decision, live);
		}
		note('recheck', true, { detail: race.holds ? 'still open' : race.decision.reasons.join(', ') });
	} catch (error) {
		return fail('recheck', error);
	}
	if (!race.holds) return lostRace(race.decision);

	// 3. The warehouse first: it is what would ship the parcel. One that does not have the order never gets it now
	// (Shopify holds it, then cancels it).
	if (warehouse === 'absent') note('warehouse', true, { detail: 'not at the warehouse: nothing to cancel there' });
	else
		try {
			const { adopted } = await deps.warehouse.cancel();
			warehouse = 'cancelled';
			note('warehouse', true, { adopted });
		} catch (error) {
			if (error instanceof WarehouseCancelError && error.reason === 'not_found') {
				warehouse = 'absent';
				note('warehouse', true, { detail: 'not at the warehouse: nothing to cancel there' });
			} else {
				const overtaken = shopifyCancelled ? null : overtakenByWarehouse(error, input.decision);
				if (!overtaken) return fail('warehouse', error);
				// It refused before cancelling anything (picking began, it shipped): a race lost, nothing changed.
				note('warehouse', false, { detail: message(error) });
				return lostRace(overtaken);
			}
		}

	// 4. Shopify: the order itself, its refund, its restock and the customer's email. Our hold stays on (see above).
	let cancelledAt: string | null = null;
	if (shopifyCancelled) note('shopify', true, { adopted: true, detail: 'cancelled already' });
	else
		try {
			const cancelled = await deps.shopify.cancel(input.options);
			cancelledAt = cancelled.cancelledAt;
			note('shopify', true, { adopted: cancelled.adopted, detail: cancelledAt ? undefined : 'job still running' });
		} catch (error) {
			return fail('shopify', error);
		}

	// 5. Both read back: the warehouse cancelled (or still without the order), Shopify's cancelledAt set.
	try {
		const back = (await deps.warehouse.read()).status;
		cancelledAt = (await deps.shopify.readCancelledAt()) ?? cancelledAt;
		shopifyCancelled = cancelledAt !== null;
		const wrong = [
			back.status === 'cancelled' || (warehouse === 'absent' && back.status === 'not_found')
				? null
				: `the warehouse shows the order ${back.status}`,
			shopifyCancelled ? null : 'Shopify shows no cancellation yet (its cancel job may still be running)',
		].filter((x): x is string => x !== null);
		if (back.status === 'cancelled') warehouse = 'cancelled';
		if (wrong.length > 0) return fail('read_back', new Error(`Read back: ${wrong.join('; ')}`));
		note('read_back', true, { detail: `cancelled in Shopify at ${cancelledAt}` });
	} catch (error) {
		return fail('read_back', error);
	}

	// 6. Release: the cancel closed the fulfillment orders; ours comes off any that is still open.
	try {
		const open = new Set(
			(await deps.shopify.fulfillmentOrders())
				.filter((fo) => HOLDABLE.has(String(fo.status).toUpperCase()))
				.map((fo) => fo.id),
		);
		for (const id of held.filter((h) => !open.has(h))) {
			held.splice(held.indexOf(id), 1);
			note('release', true, { detail: `${id}: closed by the cancel, nothing left to hold` });
		}
	} catch (error) {
		return fail('release', error);
	}
	const failed = await releaseAll(deps.shopify, input.handle, held, note);
	if (failed) return fail('release', failed.error);
	return result('applied');
}
