/**
 * How a read node adds what it learned to the work items flowing through it (issue 14: a batch of orders
 * passes each node once). Every input item comes out once, in order, paired with itself: an item the read is
 * not for (its read flag is off, or it already failed) unchanged; an item it read, with the new facts appended
 * to `observations`. The read itself is batched the way the vendor allows; this only decides and merges.
 */
import { ValidationError } from '../http/errors';
import type { Observation } from '../order/types';
import { isRecord } from './workItem';

/** A work item as a read node sees it: any JSON object; the fields it uses are checked where they are read. */
export type WorkItemJson = Record<string, unknown>;

/**
 * Whether a read node should read for this item: the node's "Read When" option (by default the item's own
 * read plan, e.g. `{{ $json.reads.askShopify }}`), never for an item that already carries an `error` (it is on
 * its way to Fail; asking a vendor about it would only spend the vendor's rate limit).
 */
export function shouldRead(item: WorkItemJson, readWhen: unknown): boolean {
	if (hasError(item)) return false;
	return readWhen === true || readWhen === 'true';
}

export function hasError(item: WorkItemJson): boolean {
	const error = item.error;
	return error !== undefined && error !== null && error !== '' && error !== false;
}

/** The item with `added` after its own observations (a new object: the input item is never changed). */
export function withObservations(item: WorkItemJson, added: readonly Observation[]): WorkItemJson {
	const own = Array.isArray(item.observations) ? (item.observations as unknown[]) : [];
	return { ...item, observations: [...own, ...added] };
}

/**
 * The keys a vendor may file the order under, from the work item: its number (orderKey), its name and
 * Shopify's id from the read plan, and the stored order's name and id when the plan has none.
 */
export function orderKeysOf(item: WorkItemJson): { orderKey: string; orderName: string; shopifyOrderId: string } {
	const reads = isRecord(item.reads) ? item.reads : {};
	const previous = isRecord(item.previous) ? item.previous : {};
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	return {
		orderKey: text(item.orderKey),
		orderName: text(reads.orderName) || text(previous.name),
		shopifyOrderId: text(reads.shopifyOrderId) || text(previous.shopifyId),
	};
}

/**
 * "Read When" as the node worked it out for one item. Empty (the item has no `reads.<planField>`: Claim Batch
 * adds the read plan only with Include Stored Order) is a mistake to name, not a "no": the order would silently
 * never be read.
 */
export function requireReadWhen(value: unknown, planField: string): unknown {
	if (value === undefined || value === null || value === '')
		throw new ValidationError(
			'"Read When" is empty for this item',
			'readWhen',
			`The default reads the work item's reads.${planField}, which Claim Batch adds with "Include Stored Order" ` +
				'on. Turn that on, or set "Read When" to true (read every item) or to an expression of your own.',
		);
	return value;
}
