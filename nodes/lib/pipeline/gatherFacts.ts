/**
 * The facts of one order after its reads (the processor's "Gather facts" and "Gather re-read facts" Code
 * nodes): the events' observations plus what each read that ran for this order said, for Order State.
 * Duplicates are harmless: Order State keeps one fact per slot.
 */
import type { Observation } from '../order/types';
import { isRecord, type OrderWorkItem } from './workItem';

/** One output item of a read node, as the nodes shape it (with "Continue On Fail", an error item). */
export interface ReadItem {
	observations?: unknown;
	/** Carrier tracking puts its one observation here. */
	observation?: unknown;
	/** The error message of a failed read (an object on nodes that are not ours). */
	error?: unknown;
	/** What to do about the error, when the node said. */
	description?: unknown;
}

/** The items of one read, and the read's name: a failure names it, so a person knows which step to look at. */
export interface ReadOutput {
	read: string;
	items: readonly ReadItem[];
}

/**
 * Only the reads that ran for this order: a read skipped for it (an IF said no) must not be passed, since in
 * n8n its output is an earlier order's.
 */
export interface ReadOutputs {
	shopify?: ReadOutput;
	warehouses?: readonly ReadOutput[];
	carriers?: ReadOutput;
}

/** A read that failed fails the order: its events are recorded as failed and retried after a growing wait. */
export class ReadFailedError extends Error {
	constructor(
		/** The read's name, e.g. "Warehouse status (3PL)". */
		readonly read: string,
		message: string,
		readonly hint: string,
	) {
		super(`${read}: ${message}`);
		this.name = 'ReadFailedError';
	}
}

/**
 * A warehouse's answer for one order: answered; not there ("not found", "404", "has no order": a warehouse
 * that has not received the order yet, which is a fact, not_sent_to_fulfillment, carried by the lookup
 * observation that comes with the error); or failed (anything else: down, refused, misconfigured).
 */
export function classifyReadFailure(error: unknown): 'answered' | 'not_found' | 'failed' {
	if (!error) return 'answered';
	return /not found|404|has no order/i.test(JSON.stringify(error) ?? '') ? 'not_found' : 'failed';
}

/**
 * @param options.reread the confirming re-read of a held case: a failed read there fails nothing. The first
 * pass's facts still reach Order State, which keeps the case held (no fresh read shows it), so nothing opens
 * now and the next run asks again.
 * @throws ReadFailedError when Shopify or a warehouse failed (not "not found"). A carrier failure is never
 * the order's failure: that parcel just has no fresh scan this run (a stall opens only on a read that shows
 * it), and the order's other facts still count.
 */
export function gatherFacts(
	item: Pick<OrderWorkItem, 'observations'>,
	reads: ReadOutputs,
	options: { reread?: boolean } = {},
): { observations: Observation[] } {
	const observations = [...item.observations];
	const take = (r: ReadItem) => {
		if (Array.isArray(r.observations)) observations.push(...(r.observations as Observation[]));
	};
	const failIf = (failed: boolean, read: string, r: ReadItem) => {
		if (failed && !options.reread) throw readFailed(read, r);
	};
	// Shopify's read fails the order on any error: an order Shopify cannot give is not a fact about it.
	const shopify = reads.shopify;
	if (shopify)
		for (const r of shopify.items) {
			failIf(!!r.error, shopify.read, r);
			take(r);
		}
	for (const read of reads.warehouses ?? [])
		for (const r of read.items) {
			failIf(classifyReadFailure(r.error) === 'failed', read.read, r);
			take(r);
		}
	for (const r of reads.carriers?.items ?? []) if (r.observation) observations.push(r.observation as Observation);
	return { observations };
}

function readFailed(read: string, r: ReadItem): ReadFailedError {
	const raw = isRecord(r.error) && r.error.message != null ? r.error.message : r.error;
	// An error object without a message reads as its JSON: "[object Object]" tells nobody anything.
	const message = typeof raw === 'object' && raw !== null ? JSON.stringify(raw) : String(raw);
	const hint =
		typeof r.description === 'string' && r.description
			? r.description
			: `Open the "${read}" step of this run to see why it failed; the order's events are tried again later.`;
	return new ReadFailedError(read, message, hint);
}
