/**
 * The reconciliation sweep's snapshot events (issue 14): what one source says about one order right now,
 * stored as one ledger event whose key is made from the facts themselves. A snapshot that did not change
 * since the last sweep gets the same key, so the ledger recognises it as a duplicate and it is not processed
 * again; the sweep's windows can overlap without creating work.
 *
 * This replaces the sweep's "<Source> snapshots" Code nodes. The key is byte-identical to theirs (same hash,
 * same text hashed, same layout), so a ledger filled by the old template still recognises an unchanged snapshot.
 * Unlike them, an item with nothing to store is said so (`nothingToStore`) instead of silently skipped.
 */
import { isRecord } from './workItem';

/** The payload stored with the event: exactly what the Code node output (Append Event stored `$json`). */
export interface SnapshotPayload {
	key: string;
	source: string;
	kind: 'sweep';
	orderKey: string;
	observations: unknown[];
}

export interface SnapshotEvent {
	key: string;
	source: string;
	topic: 'sweep';
	orderKey: string;
	payload: SnapshotPayload;
}

export type SnapshotOutcome =
	| { event: SnapshotEvent }
	/** Why the item is not stored, and its order when it named one. */
	| { nothingToStore: string; orderKey?: string };

/**
 * FNV-1a, 32 bits, over UTF-16 code units, as lowercase hex without padding: the Code node's `hash`, kept
 * exactly (changing any of these would give every unchanged snapshot a new key, and reprocess it once).
 */
export function fnv1a32(text: string): string {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 16777619);
	}
	return (h >>> 0).toString(16);
}

/** `undefined` and `null` count as missing, as `??` did in the Code node. */
const given = (value: unknown) => value !== undefined && value !== null;

/**
 * The ledger event for one sweep item (a vendor's order snapshot, or a carrier's tracking answer).
 *
 * The facts are the item's `observations`, or its single `observation`; the order is the item's `orderKey`,
 * or the first fact's. The key is `sweep:<source>:<orderKey>:<hash>` where the hash covers the sorted
 * `key@occurredAt` of the facts: the order the vendor listed them in does not matter.
 *
 * @param source names the sweep's question (shopify, 3pl, shipstation, carrier): the same facts from two
 * questions are two events.
 */
export function snapshotEvent(json: unknown, source: string): SnapshotOutcome {
	const item = isRecord(json) ? json : {};
	const observations: unknown = given(item.observations)
		? item.observations
		: item.observation
			? [item.observation]
			: [];
	// The Code node failed the whole run on these (a TypeError); one item is now set aside with the reason.
	if (!Array.isArray(observations))
		return nothingToStore('its "observations" is not a list', given(item.orderKey) ? item.orderKey : undefined);
	const first: unknown = observations[0];
	const orderKey: unknown = given(item.orderKey) ? item.orderKey : isRecord(first) ? first.orderKey : undefined;
	if (!orderKey) return nothingToStore('it names no order (no orderKey, nor one on its first observation)');
	if (observations.length === 0) return nothingToStore('it carries no observations', orderKey);
	// The Code node failed the whole run on a null fact (a TypeError); any other value it hashed, and so do we.
	const missing = observations.findIndex((o) => !given(o));
	if (missing >= 0) return nothingToStore(`observation ${missing + 1} is empty (null)`, orderKey);

	// `+` on JSON values is String(): the text the Code node hashed, byte for byte.
	const facts = (observations as Array<Record<string, unknown>>)
		.map((o) => `${String(o.key)}@${String(given(o.occurredAt) ? o.occurredAt : '')}`)
		.sort()
		.join('|');
	const key = `sweep:${source}:${String(orderKey)}:${fnv1a32(facts)}`;
	const payload: SnapshotPayload = { key, source, kind: 'sweep', orderKey: String(orderKey), observations };
	return { event: { key, source, topic: 'sweep', orderKey: payload.orderKey, payload } };
}

function nothingToStore(reason: string, orderKey?: unknown): SnapshotOutcome {
	return given(orderKey) && String(orderKey) !== ''
		? { nothingToStore: `Nothing to store: ${reason}`, orderKey: String(orderKey) }
		: { nothingToStore: `Nothing to store: ${reason}` };
}
