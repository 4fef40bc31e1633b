/**
 * Facts: the newest observation per slot (source, kind, sourceId), plus a few sticky milestones.
 *
 * joinFact is commutative, associative and idempotent (a semilattice join), which is what makes
 * reconcile a function of the SET of observations: order and duplicates cannot matter, and folding in
 * chunks gives the same facts as folding everything at once.
 */
import { addressKey } from './address';
import { sortInPlace, sortTexts } from './sort';
import { canonicalIso } from './time';
import type { Address, Observation, ObservationDataByKind, ObservationKind, OrderFact, TrackingData } from './types';
import { OBSERVATION_KINDS, SOURCES } from './types';

/** History entries kept per slot: enough to know "since when on hold" without growing unbounded. */
export const HISTORY_LIMIT = 6;
/** Kinds whose status run start matters to a rule (holds, checks, carrier statuses, Shopify's fulfillment status). */
const HISTORY_KINDS = new Set<ObservationKind>([
	'order',
	'fulfillment_order',
	'fulfillment',
	'tracking',
	'address_check',
	'return',
]);

/** Any ISO time -> canonical UTC ISO (null when empty or unparseable). */
export function toIso(value: string | null | undefined): string | null {
	return canonicalIso(value);
}

export function slotOf(source: string, kind: string, sourceId: string): string {
	return `${source}|${kind}|${sourceId}`;
}

/** The status token whose changes matter for "since when" questions. */
function tokenOf(kind: ObservationKind, data: ObservationDataByKind[ObservationKind]): string {
	switch (kind) {
		case 'order': {
			const d = data as ObservationDataByKind['order'];
			return d.cancelledAt ? 'cancelled' : `${d.financialStatus ?? ''}/${d.fulfillmentStatus ?? ''}`;
		}
		case 'fulfillment_order': {
			const d = data as ObservationDataByKind['fulfillment_order'];
			return `${d.status}:${(d.holdReasons ?? []).join(',')}`;
		}
		case 'fulfillment': {
			const d = data as ObservationDataByKind['fulfillment'];
			return `${d.status}:${d.holdReason ?? ''}`;
		}
		case 'shipment':
			return (data as ObservationDataByKind['shipment']).voided ? 'voided' : 'active';
		case 'tracking':
			return (data as TrackingData).status;
		case 'return':
			return (data as ObservationDataByKind['return']).status;
		case 'edit_request':
			return (data as ObservationDataByKind['edit_request']).applied ? 'applied' : 'pending';
		case 'address_check':
			return (data as ObservationDataByKind['address_check']).valid ? 'valid' : 'invalid';
		default:
			return 'seen';
	}
}

function compareEntry(a: [string, string], b: [string, string]): number {
	if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Union of two histories, sorted, deduplicated, newest HISTORY_LIMIT kept (top-k of a union is a join). */
export function mergeHistory(
	a: Array<[string, string]> | undefined,
	b: Array<[string, string]> | undefined,
): Array<[string, string]> {
	const x = a ?? [];
	const y = b ?? [];
	const out: Array<[string, string]> = [];
	// Inputs are histories (sorted) or small lists; sort a copy only when one is not sorted.
	const xs = isSorted(x) ? x : sortInPlace([...x], compareEntry);
	const ys = isSorted(y) ? y : sortInPlace([...y], compareEntry);
	let i = 0;
	let j = 0;
	while (i < xs.length && j < ys.length) pushNew(out, compareEntry(xs[i], ys[j]) <= 0 ? xs[i++] : ys[j++]);
	while (i < xs.length) pushNew(out, xs[i++]);
	while (j < ys.length) pushNew(out, ys[j++]);
	return out.length > HISTORY_LIMIT ? out.slice(out.length - HISTORY_LIMIT) : out;
}

/**
 * mergeHistory(list, undefined) for a list the caller owns: sorted in place, repeats dropped in place, the
 * newest HISTORY_LIMIT kept. A fresh fact's history needs no copy of itself (issue 14).
 */
export function normalHistory(list: Array<[string, string]>): Array<[string, string]> {
	sortInPlace(list, compareEntry);
	let kept = 0;
	for (const e of list) {
		const last = kept > 0 ? list[kept - 1] : undefined;
		if (last === undefined || last[0] !== e[0] || last[1] !== e[1]) list[kept++] = e;
	}
	list.length = kept;
	return kept > HISTORY_LIMIT ? list.slice(kept - HISTORY_LIMIT) : list;
}

/** Append e unless it repeats the last entry (a module function: a closure per merge cost more). */
function pushNew(out: Array<[string, string]>, e: [string, string]): void {
	const last = out[out.length - 1];
	if (last === undefined || last[0] !== e[0] || last[1] !== e[1]) out.push(e);
}

function isSorted(h: Array<[string, string]>): boolean {
	for (let k = 1; k < h.length; k++) if (compareEntry(h[k - 1], h[k]) > 0) return false;
	return true;
}

function minIso(a: string | null | undefined, b: string | null | undefined): string | null {
	if (!a) return b ?? null;
	if (!b) return a;
	return a < b ? a : b;
}

function maxIso(a: string | null | undefined, b: string | null | undefined): string | null {
	if (!a) return b ?? null;
	if (!b) return a;
	return a > b ? a : b;
}

/** Financial statuses that say nothing was paid yet (Shopify displayFinancialStatus). */
export const UNPAID_STATUSES = new Set(['PENDING', 'EXPIRED', 'VOIDED']);

/** Carrier statuses that are not a physical scan: a label created / information received is not movement. */
export const NOT_PHYSICAL = new Set(['pre_transit', 'unknown']);

/** "sku=qty" per SKU, sorted: the comparable content of a list of lines (null when no line has a SKU). */
export function linesKey(
	lines: Array<{ sku?: string | null; quantity: number; requiresShipping?: boolean | null }> | null | undefined,
): string | null {
	if (!lines || lines.length === 0) return null;
	// An order has a few lines: a scan of a short list per line costs less than a Map per call (issue 14).
	// A long list keeps the Map, so its cost stays linear.
	if (lines.length > SHORT_LINE_LIST) return keyOfQuantities(quantitiesOf(lines));
	const skus: string[] = [];
	const quantities: number[] = [];
	for (const l of lines) {
		const sku = skuOfLine(l);
		if (sku === null) continue;
		const i = skus.indexOf(sku);
		if (i < 0) {
			skus.push(sku);
			quantities.push(0 + (Number(l.quantity) || 0));
		} else quantities[i] = quantities[i] + (Number(l.quantity) || 0);
	}
	if (skus.length === 0) return null;
	// SKUs are unique here: sorting them alone, each finds its quantity by its first position.
	const sorted = sortTexts([...skus]);
	let key = '';
	for (const sku of sorted) {
		const q = quantities[skus.indexOf(sku)];
		key = key === '' ? `${sku}=${q}` : `${key},${sku}=${q}`;
	}
	return key;
}

/** Lists longer than this are summed in a Map by linesKey. */
const SHORT_LINE_LIST = 16;

/** The SKU a line counts under, or null for a line that is not part of what a warehouse must have. */
function skuOfLine(l: { sku?: string | null; requiresShipping?: boolean | null }): string | null {
	const sku = typeof l.sku === 'string' ? l.sku.trim().toUpperCase() : '';
	// Lines nothing ships for never reach a warehouse: they are not part of what it must have.
	return sku === '' || l.requiresShipping === false ? null : sku;
}

function quantitiesOf(
	lines: Array<{ sku?: string | null; quantity: number; requiresShipping?: boolean | null }>,
): Map<string, number> {
	const bySku = new Map<string, number>();
	for (const l of lines) {
		const sku = skuOfLine(l);
		if (sku !== null) bySku.set(sku, (bySku.get(sku) ?? 0) + (Number(l.quantity) || 0));
	}
	return bySku;
}

function keyOfQuantities(bySku: Map<string, number>): string | null {
	if (bySku.size === 0) return null;
	// Default sort compares strings by UTF-16 code units, as `<` does; SKUs are unique keys here.
	const skus = sortTexts([...bySku.keys()]);
	let key = '';
	for (const sku of skus) key = key === '' ? `${sku}=${bySku.get(sku)}` : `${key},${sku}=${bySku.get(sku)}`;
	return key;
}

/**
 * An empty object for OrderFact.since, kept as a hash table. Its keys spell an address or a set of lines, so
 * nearly every order brings keys no object had before, and each new key added to a `{}` makes V8 build a new
 * hidden class hung off the one every `{}` starts from: building since was a sixth of reconcile's CPU and fed
 * the garbage collector (issue 14). Deleting a property other than the last one added moves an object to
 * dictionary mode, where a new key is only a hash-table entry. Same keys, same order, same JSON.
 */
function emptySince(): Record<string, string> {
	const since: Record<string, string> = { a: '', b: '' };
	delete since.a;
	delete since.b;
	return since;
}

/**
 * `prefix + content` as one string object while the content repeats. An order's reads, then its rules, ask
 * for the same since key one after another, and V8 hashes and interns a property name for every new string
 * it meets, but only once for a string it met before. A pure memo of the text (one entry per prefix).
 */
function sinceKeyMemo(prefix: string): (content: string) => string {
	let lastContent: string | null = null;
	let lastKey = '';
	return (content) => {
		if (content !== lastContent) {
			lastContent = content;
			lastKey = prefix + content;
		}
		return lastKey;
	};
}

/** The since key of an address key ("addr:<key>"). */
export const addressSinceKey = sinceKeyMemo('addr:');
/** The since key of a lines key ("lines:<key>"). */
export const linesSinceKey = sinceKeyMemo('lines:');

/** OrderFact.since for the content an order or warehouse observation carries (undefined: none). */
function sinceOfContent(
	address: Address | null | undefined,
	lines: string | null,
	at: string,
): Record<string, string> | undefined {
	const a = addressKey(address);
	if (a === null && lines === null) return undefined;
	const since = emptySince();
	if (a !== null) since[addressSinceKey(a)] = at;
	if (lines !== null) since[linesSinceKey(lines)] = at;
	return since;
}

/** The promise an observation carries: the end of the estimate window when there is one, else the estimate. */
export function estimateOf(d: TrackingData): string | null {
	return d.estimatedWindow?.to || d.estimatedDelivery || null;
}

/** [at, value] pairs: the earlier (or later) one, ties broken by value so the join is order-free. */
function earlierPair(a: [string, string] | undefined, b: [string, string] | undefined): [string, string] | undefined {
	if (!a) return b;
	if (!b) return a;
	if (a[0] !== b[0]) return a[0] < b[0] ? a : b;
	return a[1] <= b[1] ? a : b;
}

export function laterPair(
	a: [string, string] | undefined,
	b: [string, string] | undefined,
): [string, string] | undefined {
	if (!a) return b;
	if (!b) return a;
	if (a[0] !== b[0]) return a[0] > b[0] ? a : b;
	return a[1] >= b[1] ? a : b;
}

function mergeSince(
	a: Record<string, string> | undefined,
	b: Record<string, string> | undefined,
): Record<string, string> | undefined {
	if (!a) return b;
	if (!b) return a;
	// The common join: two reads of the same content. When one side already is the join (the same keys,
	// in sorted order, each at the earlier instant), it is the answer; facts are never changed in place.
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (sameSortedKeys(ka, kb)) {
		if (isJoinOf(a, b, ka)) return a;
		if (isJoinOf(b, a, ka)) return b;
	}
	const out = emptySince();
	for (const k of sortTexts([...new Set([...Object.keys(a), ...Object.keys(b)])]))
		out[k] = minIso(a[k], b[k]) as string;
	return out;
}

/** Whether x and y list the same keys, in the order mergeSince writes them (sorted, no repeats). */
function sameSortedKeys(x: string[], y: string[]): boolean {
	if (x.length !== y.length) return false;
	for (let i = 0; i < x.length; i++) {
		if (x[i] !== y[i]) return false;
		if (i > 0 && !(x[i - 1] < x[i])) return false;
	}
	return true;
}

/** Whether mergeSince(a, b) would give a's values on every key of both (keys: their common keys). */
function isJoinOf(a: Record<string, string>, b: Record<string, string>, keys: string[]): boolean {
	for (const k of keys) if (minIso(a[k], b[k]) !== a[k]) return false;
	return true;
}

/** What a tracking observation's scan list says: its history entries, its newest event, its physical scans. */
interface ScanRead {
	lastEventAt: string | null;
	firstScanAt: string | null;
	lastScanAt: string | null;
	lastScanPlace: [string, string] | undefined;
	lastScanZone: [string, string] | undefined;
}

/**
 * One pass over a scan list: each event's time is worked out once (it used to be twice, for the history and
 * for the physical scans; issue 14). The newest HISTORY_LIMIT * 4 events go into `history`; every physical
 * scan counts for the first and last scan.
 */
function readScans(events: TrackingData['events'], history: Array<[string, string]>): ScanRead {
	const read: ScanRead = {
		lastEventAt: null,
		firstScanAt: null,
		lastScanAt: null,
		lastScanPlace: undefined,
		lastScanZone: undefined,
	};
	if (!events) return read;
	const historyFrom = events.length - HISTORY_LIMIT * 4;
	for (let i = 0; i < events.length; i++) {
		const ev = events[i];
		const evAt = toIso(ev.at);
		if (evAt === null) continue;
		if (i >= historyFrom) {
			history.push([evAt, ev.status]);
			read.lastEventAt = maxIso(read.lastEventAt, evAt);
		}
		// The carrier's connector may say outright whether the carrier handled the parcel (physicalScan).
		if (ev.physicalScan === false || (ev.physicalScan !== true && NOT_PHYSICAL.has(ev.status))) continue;
		read.firstScanAt = minIso(read.firstScanAt, evAt);
		read.lastScanAt = maxIso(read.lastScanAt, evAt);
		const place = typeof ev.location === 'string' ? ev.location.trim() : '';
		if (place) read.lastScanPlace = laterPair(read.lastScanPlace, [evAt, place]);
		if (typeof ev.timeZone === 'string' && ev.timeZone)
			read.lastScanZone = laterPair(read.lastScanZone, [evAt, ev.timeZone]);
	}
	return read;
}

/** Tracking fields of one observation: physical scans (from its scan list, read once), the promises it carries. */
function trackingFields(fact: OrderFact, d: TrackingData, at: string, scans: ScanRead): void {
	let first = scans.firstScanAt;
	let last = scans.lastScanAt;
	// Without a scan list, the newest scan time stands for a physical scan only when the status is one.
	const lastEventAt = toIso(d.lastEventAt);
	if (first === null && lastEventAt && !NOT_PHYSICAL.has(d.status)) first = last = lastEventAt;
	if (first) fact.firstScanAt = first;
	if (last) fact.lastScanAt = last;
	if (scans.lastScanPlace) fact.lastScanPlace = scans.lastScanPlace;
	if (scans.lastScanZone) fact.lastScanZone = scans.lastScanZone;
	// Assigned one by one in joinFact's order: a fact read once and a fact joined with a copy of itself must
	// serialise to the same bytes (a chained assignment would set the newest before the first).
	const estimate = estimateOf(d);
	if (estimate) {
		fact.firstEstimate = [at, estimate];
		fact.newestEstimate = [at, estimate];
	}
	if (d.commitment) {
		fact.firstCommitment = [at, d.commitment];
		fact.newestCommitment = [at, d.commitment];
	}
}

/*
 * The engine's own copy of each source and kind name, by the text an observation carries. The observation's
 * text is new from JSON.parse; derive keys lastSeen by source, and V8 interns a string (a probe of a string
 * table that holds every since key of the day) the first time it is used as a property name. A fact carries
 * the constant instead: the same text, already interned. The Map finds it by the hash validation already
 * cached on the string.
 */
const SOURCE_NAME = new Map<string, Observation['source']>(SOURCES.map((name) => [name, name]));
const KIND_NAME = new Map<string, ObservationKind>(OBSERVATION_KINDS.map((name) => [name, name]));

/** Build the fact of one (already validated) observation. */
export function toFact(o: Observation): OrderFact {
	const at = toIso(o.occurredAt) as string;
	const fact: OrderFact = {
		slot: slotOf(o.source, o.kind, o.sourceId),
		source: SOURCE_NAME.get(o.source) ?? o.source,
		kind: KIND_NAME.get(o.kind) ?? o.kind,
		sourceId: o.sourceId,
		at,
		key: o.key,
		firstAt: at,
		data: o.data,
	};
	const received = toIso(o.receivedAt);
	if (received) {
		fact.firstReceivedAt = received;
		fact.lastReceivedAt = received;
	}
	if (o.kind === 'tracking') {
		const token = tokenOf(o.kind, o.data);
		const d = o.data as TrackingData;
		let history: Array<[string, string]> = [[at, token]];
		const scans = readScans(d.events, history);
		const lastEventAt = maxIso(toIso(d.lastEventAt), scans.lastEventAt);
		if (d.events && d.events.length > 0) {
			history = normalHistory(history);
			// The scan list is long and only feeds history/lastEventAt; the record stays small without it.
			const { events: _dropped, ...rest } = d;
			void _dropped;
			fact.data = rest as TrackingData;
		}
		fact.history = history;
		// deliveredAt before lastEventAt: the order joinFact writes them in.
		const delivered = toIso(d.deliveredAt) ?? (d.status === 'delivered' ? (lastEventAt ?? at) : null);
		if (delivered) fact.deliveredAt = delivered;
		if (lastEventAt) fact.lastEventAt = lastEventAt;
		trackingFields(fact, d, at, scans);
	} else {
		// Only kinds whose rules ask "since when" keep a history: fewer allocations on the hot path.
		if (HISTORY_KINDS.has(o.kind)) fact.history = [[at, tokenOf(o.kind, o.data)]];
		if (o.kind === 'order') {
			const d = o.data as ObservationDataByKind['order'];
			const cancelled = toIso(d.cancelledAt);
			if (cancelled) fact.cancelledAt = cancelled;
			const paid = toIso(d.paidAt) ?? (d.financialStatus && !UNPAID_STATUSES.has(d.financialStatus) ? at : null);
			if (paid) fact.paidAt = paid;
			const since = sinceOfContent(d.shippingAddress, linesKey(d.lineItems), at);
			if (since !== undefined) fact.since = since;
		} else if (o.kind === 'fulfillment') {
			const d = o.data as ObservationDataByKind['fulfillment'];
			const lines = linesKey(d.lines?.map((l) => ({ sku: l.sku, quantity: l.ordered })));
			const since = sinceOfContent(d.shippingAddress, lines, at);
			if (since !== undefined) fact.since = since;
		}
	}
	return fact;
}

/** True when a is the newer fact (by occurredAt, then key, so ties are decided the same everywhere). */
export function isNewer(a: Pick<OrderFact, 'at' | 'key'>, b: Pick<OrderFact, 'at' | 'key'>): boolean {
	if (a.at !== b.at) return a.at > b.at;
	return a.key > b.key;
}

/** JSON with object keys sorted and undefined fields left out: one spelling per value, whatever built it. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const keys = Object.keys(record)
			.filter((k) => record[k] !== undefined)
			.sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** How much a value says: nothing (null), an empty value, or something. A read that says more wins a tie. */
function weightOf(value: unknown): number {
	if (value === null || value === undefined) return 0;
	if (value === '') return 1;
	if (Array.isArray(value)) return value.length === 0 ? 1 : 2;
	if (typeof value === 'object') return Object.keys(value).length === 0 ? 1 : 2;
	return 2;
}

/**
 * A total order on the values two reads of the same instant give one field: the one that says more, then
 * the larger canonical JSON, then (same content, another key order) the larger JSON as written. Only content
 * decides, never which read arrived first, so the join below is commutative, associative and idempotent.
 */
function compareFieldValues(a: unknown, b: unknown): number {
	const wa = weightOf(a);
	const wb = weightOf(b);
	if (wa !== wb) return wa - wb;
	const ca = canonicalJson(a);
	const cb = canonicalJson(b);
	if (ca !== cb) return ca < cb ? -1 : 1;
	const ja = JSON.stringify(a);
	const jb = JSON.stringify(b);
	return ja === jb ? 0 : ja < jb ? -1 : 1;
}

/**
 * Two reads of the same instant describe the same state; one may be leaner than the other (Shopify's
 * Get Many summary has no line items and no customer, Get and the webhooks have them), and a vendor may
 * even answer the same key twice with different data. Field by field, the value that says more wins (a
 * field only one read has is kept; a null never hides a value); where both say something different, the
 * larger canonical JSON wins. The result depends on the set of reads only, never on their arrival order or
 * their keys (issue 15: the first to arrive used to win). Keys are written in sorted order, so equal sets
 * serialise to the same bytes.
 */
function sameInstantData(a: OrderFact['data'], b: OrderFact['data']): OrderFact['data'] {
	if (a === b) return a;
	if (JSON.stringify(a) === JSON.stringify(b)) return a;
	const x = a as unknown as Record<string, unknown>;
	const y = b as unknown as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const k of sortTexts([...new Set([...Object.keys(x), ...Object.keys(y)])])) {
		const vx = x[k];
		const vy = y[k];
		const v = vx === undefined ? vy : vy === undefined ? vx : compareFieldValues(vx, vy) >= 0 ? vx : vy;
		if (v !== undefined) out[k] = v;
	}
	return out as unknown as OrderFact['data'];
}

/** Join two facts of the same slot. */
export function joinFact(a: OrderFact, b: OrderFact): OrderFact {
	if (a === b) return a;
	const winner = isNewer(b, a) ? b : a;
	const out: OrderFact = {
		slot: winner.slot,
		source: winner.source,
		kind: winner.kind,
		sourceId: winner.sourceId,
		at: winner.at,
		// At one instant the larger key (isNewer's tie-break) and the data joined field by field.
		key: winner.key,
		firstAt: minIso(a.firstAt, b.firstAt) as string,
		data: a.at === b.at ? sameInstantData(a.data, b.data) : winner.data,
	};
	const firstReceivedAt = minIso(a.firstReceivedAt, b.firstReceivedAt);
	if (firstReceivedAt) out.firstReceivedAt = firstReceivedAt;
	const lastReceivedAt = maxIso(a.lastReceivedAt, b.lastReceivedAt);
	if (lastReceivedAt) out.lastReceivedAt = lastReceivedAt;
	const history = mergeHistory(a.history, b.history);
	if (history.length > 0) out.history = history;
	const deliveredAt = minIso(a.deliveredAt, b.deliveredAt);
	if (deliveredAt) out.deliveredAt = deliveredAt;
	const cancelledAt = minIso(a.cancelledAt, b.cancelledAt);
	if (cancelledAt) out.cancelledAt = cancelledAt;
	const lastEventAt = maxIso(a.lastEventAt, b.lastEventAt);
	if (lastEventAt) out.lastEventAt = lastEventAt;
	const paidAt = minIso(a.paidAt, b.paidAt);
	if (paidAt) out.paidAt = paidAt;
	const firstScanAt = minIso(a.firstScanAt, b.firstScanAt);
	if (firstScanAt) out.firstScanAt = firstScanAt;
	const lastScanAt = maxIso(a.lastScanAt, b.lastScanAt);
	if (lastScanAt) out.lastScanAt = lastScanAt;
	const lastScanPlace = laterPair(a.lastScanPlace, b.lastScanPlace);
	if (lastScanPlace) out.lastScanPlace = lastScanPlace;
	const lastScanZone = laterPair(a.lastScanZone, b.lastScanZone);
	if (lastScanZone) out.lastScanZone = lastScanZone;
	const firstEstimate = earlierPair(a.firstEstimate, b.firstEstimate);
	if (firstEstimate) out.firstEstimate = firstEstimate;
	const newestEstimate = laterPair(a.newestEstimate, b.newestEstimate);
	if (newestEstimate) out.newestEstimate = newestEstimate;
	const firstCommitment = earlierPair(a.firstCommitment, b.firstCommitment);
	if (firstCommitment) out.firstCommitment = firstCommitment;
	const newestCommitment = laterPair(a.newestCommitment, b.newestCommitment);
	if (newestCommitment) out.newestCommitment = newestCommitment;
	const since = mergeSince(a.since, b.since);
	if (since) out.since = since;
	return out;
}

/** Fold facts into a map slot -> joined fact. */
export function addFacts(into: Map<string, OrderFact>, facts: Iterable<OrderFact>): Map<string, OrderFact> {
	for (const f of facts) {
		const existing = into.get(f.slot);
		into.set(f.slot, existing === undefined ? f : joinFact(existing, f));
	}
	return into;
}

function bySlot(a: OrderFact, b: OrderFact): number {
	return a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0;
}

/** Facts in a canonical order (by slot), so equal sets serialise identically. */
export function sortedFacts(map: Map<string, OrderFact>): OrderFact[] {
	return sortInPlace([...map.values()], bySlot);
}

/**
 * The facts of a list joined per slot, sorted by slot: what addFacts into a Map, then sortedFacts, gives. The
 * list is sorted in place (pass a copy) and stably, so the facts of a slot stay in the order they came and are
 * joined in that order, as the Map joined them. Reconcile folds a few facts per order: sorting them, which
 * sortedFacts did anyway, costs less than a Map keyed by text made anew for each fact (each key is hashed).
 */
export function joinedBySlot(list: OrderFact[]): OrderFact[] {
	sortInPlace(list, bySlot);
	const out: OrderFact[] = [];
	for (const f of list) {
		const last = out.length > 0 ? out[out.length - 1] : undefined;
		if (last !== undefined && last.slot === f.slot) out[out.length - 1] = joinFact(last, f);
		else out.push(f);
	}
	return out;
}

/** When did the current run of `predicate`-matching tokens start? (null when the newest token does not match.) */
export function runStart(fact: OrderFact, predicate: (token: string) => boolean): string | null {
	const h = fact.history;
	if (!h || h.length === 0) return null;
	let start: string | null = null;
	for (let i = h.length - 1; i >= 0; i--) {
		if (!predicate(h[i][1])) break;
		start = h[i][0];
	}
	return start;
}
