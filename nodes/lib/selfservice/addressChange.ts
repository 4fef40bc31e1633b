/**
 * The address change itself (issue 17), once the request was decided "apply": hold the order in Shopify,
 * re-read the warehouse (the race with the pick), change the warehouse, change Shopify, read both back,
 * release the hold. Every step is recorded. The rule for failure: once our hold is on, any step that fails
 * leaves the hold on, so the order cannot ship half-changed while a person looks; nothing is undone by
 * guessing. Before anything changed (the race lost), the hold comes off again and the request becomes what
 * the warehouse's news makes it (approval or refusal), exactly one outcome.
 *
 * Pure over two ports; the node builds them from Shopify's and the warehouse's clients, whose writes each
 * happen once under lost answers (they look before they repeat).
 */
import type { Address } from '../order/types';
import { stillApplies, type Decision } from './decide';
import {
	CHANGE_STEPS,
	holdOpen,
	message,
	releaseAll as releaseHeld,
	startRun,
	type ChangeStep,
	type HoldingShopify,
	type RunResult,
	type StepRecord,
} from './flow';
import { WarehouseAddressError } from './warehouse';
import type { LiveStatus } from './window';

/** Shopify, as the change needs it: the holds (flow.ts), and the shipping address set and read. */
export interface ChangeShopify extends HoldingShopify {
	/** Sets the shipping address and returns it as read back. */
	updateAddress(address: Address): Promise<Address | null>;
	/** The shipping address Shopify holds now. */
	readAddress(): Promise<Address | null>;
}

/** The warehouse the store ships from, as the change needs it. */
export interface ChangeWarehouse {
	/** Its status of the order and the ship-to it holds, read now. */
	read(): Promise<{ status: LiveStatus; address: Address | null }>;
	/** Sets the ship-to once (adopts an earlier write it finds) and returns it as read back. */
	changeAddress(address: Address): Promise<{ address: Address | null; adopted: boolean }>;
}

/**
 * Our Shopify hold of a request is named by it, so a retry (or a person's approval later) finds its own hold
 * and releasing it never takes off anyone else's.
 */
export function holdHandleOf(requestId: string): string {
	return `pp-address-${requestId}`;
}

export { CHANGE_STEPS };
export type { ChangeStep, StepRecord };

/** applied: both systems hold the new address; approval/refused: the warehouse won the race; failed: a step failed. */
export interface AddressChangeResult extends RunResult {
	/** The addresses read back at the end (null when not read). */
	warehouseAddress: Address | null;
	shopifyAddress: Address | null;
}

/** The parts of an address both systems store and a parcel goes by. */
const DELIVERY_PARTS: Array<keyof Address> = ['address1', 'address2', 'city', 'provinceCode', 'zip', 'countryCode'];

function part(address: Address | null, key: keyof Address): string {
	const raw = String(address?.[key] ?? '')
		.replace(/\s+/g, ' ')
		.trim()
		.toUpperCase();
	// "94103-1234" and "94103 1234", "SW1A 1AA" and "SW1A1AA" are the same code.
	return key === 'zip' ? raw.replace(/[\s-]/g, '') : raw;
}

/**
 * Whether `held` delivers to `wanted`: the same street, second line, city, region, code and country (case
 * and spacing aside). An old second line a system kept ("Apt 4") is a different address, not a detail.
 */
export function deliversTo(held: Address | null, wanted: Address): boolean {
	return held !== null && DELIVERY_PARTS.every((key) => part(held, key) === part(wanted, key));
}

/**
 * A warehouse refusal that wrote nothing is news about the order, like a lost race: picking started or the
 * order went missing (a person looks), shipped or cancelled (refused). Anything else is a failure.
 */
function overtakenByWarehouse(error: unknown, decision: Decision): Decision | null {
	if (!(error instanceof WarehouseAddressError)) return null;
	const base = { ...decision, requires: null };
	switch (error.reason) {
		case 'picking':
			return { ...base, outcome: 'approval', reasons: ['warehouse_picking'] };
		case 'not_found':
			return { ...base, outcome: 'approval', reasons: ['warehouse_unknown'] };
		case 'cancelled':
			return { ...base, outcome: 'approval', reasons: ['warehouse_cancelled'] };
		case 'shipped':
			return { ...base, outcome: 'refuse', reasons: ['shipped'] };
		default:
			return null;
	}
}

/**
 * Carries out an "apply" decision. `handle` names our hold (unique per request, so a retry of the same
 * request finds its own hold and a second request never releases the first one's). Never throws for a
 * vendor failure: the result says which step failed and what is still held.
 */
export async function applyAddressChange(
	input: { decision: Decision; address: Address; handle: string },
	deps: { shopify: ChangeShopify; warehouse: ChangeWarehouse; now: () => Date },
): Promise<AddressChangeResult> {
	const { held, note, result, fail, lostRace } = startRun<AddressChangeResult>(input, deps, () => ({
		warehouseAddress: null,
		shopifyAddress: null,
	}));
	const releaseAll = () => releaseHeld(deps.shopify, input.handle, held, note);

	if (input.decision.outcome !== 'apply')
		throw new Error(`applyAddressChange: the decision is "${input.decision.outcome}", not "apply"`);

	// 1. Hold: Shopify must not send the order to be fulfilled while its address changes. A fulfillment order
	// that closed, or that someone else holds (a fraud review, staff), since the decision sends it to a person.
	let overtakenByShopify: 'shopify_fulfillment_closed' | 'on_hold' | null;
	try {
		overtakenByShopify = await holdOpen(deps.shopify, input.handle, held, note);
	} catch (error) {
		return fail('hold', error);
	}

	// 2. The race with the pick: the warehouse is read again now that Shopify cannot send it anything new.
	let race: ReturnType<typeof stillApplies>;
	let atWarehouse = true;
	try {
		const live = overtakenByShopify ? null : (await deps.warehouse.read()).status;
		atWarehouse = live?.status !== 'not_found';
		race = overtakenByShopify
			? {
					holds: false,
					decision: { ...input.decision, outcome: 'approval', reasons: [overtakenByShopify], requires: null },
				}
			: stillApplies(input.decision, live);
		note('recheck', true, { detail: race.holds ? 'still open' : race.decision.reasons.join(', ') });
	} catch (error) {
		return fail('recheck', error);
	}
	// Nothing was changed: our hold comes off, and the request is what the news makes it.
	if (!race.holds) return lostRace(race.decision);

	// 3. The warehouse first: it is what ships the parcel. One that has not received the order yet gets it from
	// Shopify with the new address (Shopify cannot send it meanwhile: it is held).
	if (atWarehouse)
		try {
			const { adopted } = await deps.warehouse.changeAddress(input.address);
			note('warehouse', true, { adopted });
		} catch (error) {
			const overtaken = overtakenByWarehouse(error, input.decision);
			if (!overtaken) return fail('warehouse', error);
			// The warehouse refused before writing (it started, shipped, cancelled): a race lost, nothing changed.
			note('warehouse', false, { detail: message(error) });
			return lostRace(overtaken);
		}
	else note('warehouse', true, { detail: 'not at the warehouse yet: it receives the new address from Shopify' });
	// 4. Shopify: the order's own record, its emails and its invoices.
	try {
		await deps.shopify.updateAddress(input.address);
		note('shopify', true);
	} catch (error) {
		return fail('shopify', error);
	}
	// 5. Both read back before the hold comes off: a change that did not stick keeps the order held.
	let warehouseAddress: Address | null;
	let shopifyAddress: Address | null;
	let warehouseHasIt: boolean;
	try {
		const back = await deps.warehouse.read();
		warehouseAddress = back.address;
		warehouseHasIt = back.status.status !== 'not_found';
		shopifyAddress = await deps.shopify.readAddress();
	} catch (error) {
		return fail('read_back', error);
	}
	const mismatched = [
		// An order that reached the warehouse meanwhile came with the old address: that too keeps it held.
		!warehouseHasIt || deliversTo(warehouseAddress, input.address) ? null : 'the warehouse',
		deliversTo(shopifyAddress, input.address) ? null : 'Shopify',
	].filter((x): x is string => x !== null);
	if (mismatched.length > 0)
		return fail('read_back', new Error(`${mismatched.join(' and ')} read back another address`), {
			warehouseAddress,
			shopifyAddress,
		});
	note('read_back', true);
	// 6. Release.
	const failed = await releaseAll();
	if (failed) return fail('release', failed.error, { warehouseAddress, shopifyAddress });
	return result('applied', { warehouseAddress, shopifyAddress });
}
