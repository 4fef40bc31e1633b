/**
 * reconcile: (previous record, set of observations, policy, now) -> new record, cases opened/resolved,
 * changes, rejected inputs. Pure: no I/O, no clock (now is an argument), no hidden state.
 */
import { BusinessCalendar } from './businessTime';
import { EXCEPTION_CATALOGUE } from './catalogue';
import { derive, STAGE_RANK, SHIPPED_STAGES } from './derive';
import type { DerivedFields } from './derive';
import { addFacts, canonicalJson, joinedBySlot, sortedFacts, toFact } from './facts';
import type { Policy } from './policy';
import { runRules } from './rules';
import { sortInPlace, sortTexts } from './sort';
import type { Finding } from './rules';
import type { ExceptionCase, ExceptionType, Observation, OrderFact, OrderRecord } from './types';
import { observationErrors } from './validate';

export interface Change {
	/**
	 * Dotted path of what changed: "stage", "dates.shippedAt", "shipments.1Z999.trackingStatus",
	 * "exceptions.delivery_late".
	 */
	field: string;
	from: unknown;
	to: unknown;
}

export interface RejectedObservation {
	/** Position in the observations array given to reconcile. */
	index: number;
	key?: string;
	errors: string[];
}

/**
 * Added (issue 12): a finding held back until a live re-read confirms it (policy confirmBeforeOpening).
 * The processor re-reads `sources` for `keys` (tracking numbers, or the order's number, name and Shopify
 * id) and reconciles again; the case opens only if a read made at or after `dueAt` still shows it.
 */
export interface ToConfirm {
	type: ExceptionType;
	orderKey: string;
	dueAt: string;
	sources: string[];
	keys: string[];
}

export interface ReconcileResult {
	record: OrderRecord;
	opened: ExceptionCase[];
	resolved: ExceptionCase[];
	changes: Change[];
	rejected: RejectedObservation[];
	/** Added (issue 12): findings that open only once a fresh read confirms them. */
	toConfirm: ToConfirm[];
}

/**
 * The parcels a stall case is about. Two stalls of different parcels can fall due at the same instant and so
 * share a case id; only a case about the same parcels was confirmed for this finding.
 */
function stalledParcels(evidence: unknown): string[] | null {
	const parcels = (evidence as { parcels?: unknown } | null)?.parcels;
	if (!Array.isArray(parcels)) return null;
	return parcels.map((p) => String((p as { trackingNumber?: unknown }).trackingNumber ?? ''));
}

/**
 * Whether an open case already stands for this finding: the same type and start (its id, or the id it was
 * reopened under), and for a stall the same parcels.
 */
function alreadyOpenFor(open: ExceptionCase[], f: Finding): boolean {
	const existing = open.find((c) => c.type === f.type && c.openedAt === f.openedAt);
	if (!existing) return false;
	if (f.type !== 'tracking_stalled') return true;
	const before = stalledParcels(existing.evidence);
	return before !== null && (f.confirmation?.keys ?? []).every((k) => before.includes(k));
}

/**
 * No crying wolf: an unconfirmed finding opens nothing; it is listed for a re-read instead. An open case
 * with the same id (same evidence, same due instant) stays open: it was confirmed when it opened. For a stall
 * "the same" includes the parcels: otherwise whether a stall of one parcel opened without a re-read would depend
 * on whether another parcel's stall, due at the same instant, had been seen in an earlier batch (issue 15).
 */
export function holdUnconfirmed(
	orderKey: string,
	findings: Finding[],
	previous: ExceptionCase[],
	policy: Policy,
): { findings: Finding[]; toConfirm: ToConfirm[] } {
	// No finding (most orders): nothing to hold, no open cases to list.
	if (!policy.confirmBeforeOpening || findings.length === 0) return { findings, toConfirm: [] };
	const open = previous.filter((c) => !c.resolvedAt);
	const kept: Finding[] = [];
	const toConfirm: ToConfirm[] = [];
	for (const f of findings) {
		const c = f.confirmation;
		if (c === undefined || c.confirmed || alreadyOpenFor(open, f)) kept.push(f);
		else toConfirm.push({ type: f.type, orderKey, dueAt: c.dueAt, sources: c.sources, keys: c.keys });
	}
	return { findings: kept, toConfirm };
}

/** Thrown when there is nothing to reconcile: no previous record and no valid observation. */
export class ReconcileInputError extends Error {
	constructor(
		message: string,
		readonly rejected: RejectedObservation[],
	) {
		super(message);
		this.name = 'ReconcileInputError';
	}
}

const calendars = new WeakMap<Policy, BusinessCalendar>();
/** One calendar (and its day cache) per policy object: policies are treated as immutable values. */
export function calendarFor(policy: Policy): BusinessCalendar {
	let cal = calendars.get(policy);
	if (cal === undefined) {
		cal = new BusinessCalendar(policy);
		calendars.set(policy, cal);
	}
	return cal;
}

export function toNowMs(now: Date | string | number): number {
	const msValue = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
	if (Number.isNaN(msValue))
		throw new ReconcileInputError(
			`now: unparseable time ${JSON.stringify(String(now))} (use ISO 8601, e.g. 2026-03-01T14:05:00Z)`,
			[],
		);
	return msValue;
}

let lastNowMs = Number.NaN;
let lastNowIso = '';
/** A batch reconciles many orders at the same "now": format it once (a pure memo, not state). */
function isoOfNow(nowMs: number): string {
	if (nowMs !== lastNowMs) {
		lastNowIso = new Date(nowMs).toISOString();
		lastNowMs = nowMs;
	}
	return lastNowIso;
}

/** The same order + type + openedAt always gives the same id, so re-running never opens a duplicate. */
export function caseId(orderKey: string, type: ExceptionType, openedAt: string): string {
	return `${orderKey}:${type}:${openedAt}`;
}

function byOpenedThenId(a: ExceptionCase, b: ExceptionCase): number {
	if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function pickOrderKey(valid: Observation[]): string | null {
	// Nearly every batch is one order's: when every observation names the same order, nothing to count.
	if (valid.length > 0 && valid.every(sameOrderAsFirst)) return valid[0].orderKey;
	const counts = new Map<string, number>();
	for (const o of valid) counts.set(o.orderKey, (counts.get(o.orderKey) ?? 0) + 1);
	let best: string | null = null;
	let bestCount = 0;
	for (const [key, count] of counts)
		if (count > bestCount || (count === bestCount && best !== null && key < best)) [best, bestCount] = [key, count];
	return best;
}

function sameOrderAsFirst(o: Observation, _i: number, all: Observation[]): boolean {
	return o.orderKey === all[0].orderKey;
}

function newCase(orderKey: string, f: Finding, policy: Policy): ExceptionCase {
	const severity = policy.severity[f.type] ?? f.severity ?? EXCEPTION_CATALOGUE[f.type].defaultSeverity;
	return {
		id: caseId(orderKey, f.type, f.openedAt),
		orderKey,
		type: f.type,
		severity,
		openedAt: f.openedAt,
		evidence: f.evidence,
		owner: null,
		ackedAt: null,
		resolvedAt: null,
		resolution: null,
	};
}

/** Resolved by the rules themselves (the evidence went away, or a racing writer's twin), not by a person. */
function resolvedByRules(c: ExceptionCase): boolean {
	return c.resolution === 'cleared' || (c.resolution ?? '').startsWith('duplicate of ');
}

/**
 * The id of a case that comes back with the same start after it cleared. Which evidence a batch holds decides
 * whether a rule fires in between: #1008's not_sent_to_fulfillment cleared when a parcel of the other location
 * arrived before the fulfillment orders that show this location's part unsent. Whatever the batching, the
 * order must end with the cases all its evidence gives (issue 15), so the case comes back, under an id of its
 * own: the cleared one keeps its history (and its Slack message says cleared), the new one is posted.
 */
function reopenedCaseId(base: string, nowIso: string, taken: Map<string, ExceptionCase>): string {
	let id = `${base}:reopened:${nowIso}`;
	for (let n = 2; taken.has(id); n++) id = `${base}:reopened:${nowIso}:${n}`;
	return id;
}

/**
 * The case lifecycle. A finding with an open case of its type keeps that case (same id, owner, ack);
 * a finding without one opens a case. If cases with the same type and start were resolved before, a person's
 * resolution stands (the same evidence does not reopen what a person closed); if the rules cleared them all,
 * the finding opens the case again under a new id (reopenedCaseId). An open case whose rule no longer fires
 * is resolved as 'cleared'.
 */
function applyFindings(
	orderKey: string,
	previous: ExceptionCase[],
	findings: Finding[],
	policy: Policy,
	nowIso: string,
) {
	if (previous.length === 0) {
		// A new order (the common case): every finding opens a case, nothing to resolve.
		const opened = findings.map((f) => newCase(orderKey, f, policy));
		return { exceptions: sortInPlace([...opened], byOpenedThenId), opened, resolved: [] as ExceptionCase[] };
	}
	const opened: ExceptionCase[] = [];
	const resolved: ExceptionCase[] = [];
	const byId = new Map<string, ExceptionCase>();
	for (const c of previous) byId.set(c.id, c);
	const openByType = new Map<ExceptionType, ExceptionCase>();
	for (const c of [...previous].sort(byOpenedThenId))
		if (!c.resolvedAt && !openByType.has(c.type)) openByType.set(c.type, c);
	const found = new Map<ExceptionType, Finding>();
	for (const f of findings) found.set(f.type, f);

	for (const f of findings) {
		const severity = policy.severity[f.type] ?? f.severity ?? EXCEPTION_CATALOGUE[f.type].defaultSeverity;
		const open = openByType.get(f.type);
		if (open) {
			byId.set(open.id, { ...open, severity, evidence: f.evidence });
			continue;
		}
		const base = caseId(orderKey, f.type, f.openedAt);
		let c = newCase(orderKey, f, policy);
		if (byId.has(base)) {
			const earlier = [...byId.values()].filter((e) => e.type === f.type && e.openedAt === f.openedAt);
			if (!earlier.every(resolvedByRules)) continue;
			c = { ...c, id: reopenedCaseId(base, nowIso, byId) };
		}
		byId.set(c.id, c);
		opened.push(c);
	}
	for (const c of previous) {
		if (c.resolvedAt) continue;
		const keeper = openByType.get(c.type);
		if (keeper && keeper.id !== c.id) {
			// Two open cases of one type (two writers raced): keep the older, close the other as a duplicate.
			const r = { ...c, resolvedAt: nowIso, resolution: `duplicate of ${keeper.id}` };
			byId.set(c.id, r);
			resolved.push(r);
		} else if (!found.has(c.type)) {
			const r = { ...c, resolvedAt: nowIso, resolution: 'cleared' };
			byId.set(c.id, r);
			resolved.push(r);
		}
	}
	const all = [...byId.values()].sort(byOpenedThenId);
	const open = all.filter((c) => !c.resolvedAt);
	const closed = all.filter((c) => c.resolvedAt);
	const keptClosed =
		closed.length > policy.keepResolvedCases ? closed.slice(closed.length - policy.keepResolvedCases) : closed;
	const exceptions = [...open, ...keptClosed].sort(byOpenedThenId);
	return { exceptions, opened, resolved };
}

function openTypes(exceptions: ExceptionCase[]): ExceptionType[] {
	// Most orders have no case: no set and lists to build for nothing.
	if (exceptions.length === 0) return [];
	return sortTexts([...new Set(exceptions.filter((c) => !c.resolvedAt).map((c) => c.type))]);
}

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	const aMissing = a === null || a === undefined;
	const bMissing = b === null || b === undefined;
	if (aMissing || bMissing) return aMissing && bMissing;
	if (typeof a !== 'object' || typeof b !== 'object') return false;
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Record a change when the value differs (a module function: a closure per call cost more). */
function pushChange(changes: Change[], field: string, from: unknown, to: unknown): void {
	if (!sameValue(from, to)) changes.push({ field, from: from ?? null, to: to ?? null });
}

/** Each date's change field, spelled once: a string built per date per order was garbage (issue 14). */
const DATE_FIELDS: Record<keyof OrderRecord['dates'], string> = {
	placedAt: 'dates.placedAt',
	sentToFulfillmentAt: 'dates.sentToFulfillmentAt',
	shippedAt: 'dates.shippedAt',
	deliveredAt: 'dates.deliveredAt',
	cancelledAt: 'dates.cancelledAt',
	promisedBy: 'dates.promisedBy',
	estimatedDelivery: 'dates.estimatedDelivery',
};
const DATE_CHANGE_FIELD = new Map<string, string>(Object.entries(DATE_FIELDS));

/** What a person would want to know changed, not a full diff. */
export function diffRecords(
	prev: OrderRecord | null,
	next: OrderRecord,
	opened: ExceptionCase[],
	resolved: ExceptionCase[],
): Change[] {
	const changes: Change[] = [];
	pushChange(changes, 'stage', prev?.stage, next.stage);
	pushChange(
		changes,
		'sourceStatus.shopify.financialStatus',
		prev?.sourceStatus.shopify?.financialStatus,
		next.sourceStatus.shopify?.financialStatus,
	);
	pushChange(
		changes,
		'sourceStatus.shopify.fulfillmentStatus',
		prev?.sourceStatus.shopify?.fulfillmentStatus,
		next.sourceStatus.shopify?.fulfillmentStatus,
	);
	pushChange(
		changes,
		'sourceStatus.fulfillment.status',
		prev?.sourceStatus.fulfillment?.status,
		next.sourceStatus.fulfillment?.status,
	);
	for (const k of Object.keys(next.dates) as Array<keyof OrderRecord['dates']>)
		pushChange(changes, DATE_CHANGE_FIELD.get(k) ?? `dates.${k}`, prev?.dates[k], next.dates[k]);
	// No previous record (a new order): every parcel and notice is new, no lookup tables to build.
	const before = prev === null ? null : new Map((prev.shipments ?? []).map((s) => [s.key, s]));
	for (const s of next.shipments) {
		const p = before?.get(s.key);
		if (!p)
			pushChange(changes, `shipments.${s.key}`, null, {
				trackingNumber: s.trackingNumber ?? null,
				carrier: s.carrier ?? null,
				seenBy: s.seenBy,
			});
		else {
			pushChange(changes, `shipments.${s.key}.trackingStatus`, p.trackingStatus, s.trackingStatus);
			pushChange(changes, `shipments.${s.key}.seenBy`, p.seenBy, s.seenBy);
			pushChange(changes, `shipments.${s.key}.voided`, p.voided ?? false, s.voided ?? false);
		}
	}
	const sentBefore = prev === null ? null : new Set((prev.notifications ?? []).map((n) => n.uniqueId));
	for (const n of next.notifications)
		if (!sentBefore?.has(n.uniqueId)) pushChange(changes, `notifications.${n.uniqueId}`, null, n.event);
	for (const c of opened) changes.push({ field: `exceptions.${c.type}`, from: null, to: 'open' });
	for (const c of resolved)
		changes.push({
			field: `exceptions.${c.type}`,
			from: 'open',
			to: c.resolution === 'cleared' ? 'resolved' : c.resolution,
		});
	return changes;
}

/**
 * Fold a set of observations into an order. Invalid observations are returned in `rejected` with
 * named-field errors; every valid one is used. Same set (any order, any duplicates) -> same record.
 */
export function reconcile(
	previous: OrderRecord | null,
	observations: readonly unknown[],
	policy: Policy,
	now: Date | string | number,
): ReconcileResult {
	const nowMs = toNowMs(now);
	const nowIso = isoOfNow(nowMs);
	const rejected: RejectedObservation[] = [];
	const valid: Observation[] = [];
	const validIndex: number[] = [];
	for (let i = 0; i < observations.length; i++) {
		const x = observations[i];
		const errors = observationErrors(x, policy.maxObservationBytes);
		if (errors === null) {
			valid.push(x as Observation);
			validIndex.push(i);
		} else {
			const key =
				typeof x === 'object' && x !== null && typeof (x as { key?: unknown }).key === 'string'
					? (x as { key: string }).key
					: undefined;
			rejected.push(key === undefined ? { index: i, errors } : { index: i, key, errors });
		}
	}
	const orderKey = previous?.orderKey ?? pickOrderKey(valid);
	if (orderKey === null)
		throw new ReconcileInputError(
			observations.length === 0
				? 'Nothing to reconcile: no previous record and no observations. Pass the stored record, or at least one ' +
					'observation of the order.'
				: 'Nothing to reconcile: no previous record and every observation was rejected (see rejected).',
			rejected,
		);

	// The stored facts first, then the new ones in the order they came: joinedBySlot joins a slot's in that order.
	const facts: OrderFact[] = previous?.facts ? [...previous.facts] : [];
	for (let j = 0; j < valid.length; j++) {
		const o = valid[j];
		if (o.orderKey !== orderKey) {
			rejected.push({
				index: validIndex[j],
				key: o.key,
				errors: [
					`orderKey: "${o.orderKey}" belongs to another order (this batch is for "${orderKey}"); send it with ` +
						`that order's items`,
				],
			});
			continue;
		}
		facts.push(toFact(o));
	}
	sortInPlace(rejected, (a, b) => a.index - b.index);

	const factList = joinedBySlot(facts);
	const { fields, view, shipments, live } = derive(orderKey, factList);
	// A record written without facts (hand-made, imported) has no evidence to re-derive from: the new
	// facts may move it on, but never back from the shipped family (or from an explicit transition).
	const previousHasNoEvidence = previous !== null && !previous.facts?.length;
	if (
		previousHasNoEvidence &&
		STAGE_RANK[previous.stage] > STAGE_RANK[fields.stage] &&
		(factList.length === 0 || STAGE_RANK[previous.stage] >= STAGE_RANK.partially_shipped)
	) {
		fields.stage = previous.stage;
		fields.stageChangedAt = previous.stageChangedAt;
	}
	const all = runRules({ record: fields, view, shipments, policy, calendar: calendarFor(policy), nowMs, live });
	const { findings, toConfirm } = holdUnconfirmed(orderKey, all, previous?.exceptions ?? [], policy);
	const { exceptions, opened, resolved } = applyFindings(
		orderKey,
		previous?.exceptions ?? [],
		findings,
		policy,
		nowIso,
	);
	const record = withRecordFields(fields, exceptions, previous?.version ?? 0, nowIso, factList);
	return { record, opened, resolved, changes: diffRecords(previous, record, opened, resolved), rejected, toConfirm };
}

/** Every key of DerivedFields, in derive's order; the check below fails to compile when one is missing. */
type ListedField =
	| 'orderKey'
	| 'name'
	| 'shopifyId'
	| 'stage'
	| 'stageChangedAt'
	| 'sourceStatus'
	| 'dates'
	| 'shipments'
	| 'customer'
	| 'shippingAddress'
	| 'lineItems'
	| 'notifications'
	| 'lastSeen';
const everyFieldListed: Exclude<keyof DerivedFields, ListedField> extends never ? true : never = true;
void everyFieldListed;

/**
 * The record: derive's fields, then the case and bookkeeping fields. Written out rather than spread
 * ({...fields, ...}): copying a spread and growing it afterwards cost about 5% of reconcile. The keys
 * keep the spread's order (derive always sets every one of them), so records serialise as before.
 */
function withRecordFields(
	fields: DerivedFields,
	exceptions: ExceptionCase[],
	version: number,
	updatedAt: string,
	facts: OrderFact[],
): OrderRecord {
	return {
		orderKey: fields.orderKey,
		name: fields.name,
		shopifyId: fields.shopifyId,
		stage: fields.stage,
		stageChangedAt: fields.stageChangedAt,
		sourceStatus: fields.sourceStatus,
		dates: fields.dates,
		shipments: fields.shipments,
		customer: fields.customer,
		shippingAddress: fields.shippingAddress,
		lineItems: fields.lineItems,
		notifications: fields.notifications,
		lastSeen: fields.lastSeen,
		exceptions,
		openExceptionTypes: openTypes(exceptions),
		version,
		updatedAt,
		facts,
	};
}

/* ---------- mergeRecords: the ledger's join ---------- */

function laterOf(a: string | null | undefined, b: string | null | undefined): string | null {
	if (!a) return b ?? null;
	if (!b) return a;
	return a > b ? a : b;
}

function earlierOf(a: string | null | undefined, b: string | null | undefined): string | null {
	if (!a) return b ?? null;
	if (!b) return a;
	return a < b ? a : b;
}

/** The case without its sticky fields: what decides which copy's other fields (evidence, severity) are kept. */
function caseContent(c: ExceptionCase): string {
	return canonicalJson({ ...c, resolvedAt: undefined, resolution: undefined, ackedAt: undefined, owner: undefined });
}

/**
 * Join two copies of one case: resolution and acknowledgement are sticky (earliest wins; at the same
 * instant the larger resolution text), the owner is the smaller name; the other fields come from the copy
 * with the larger canonical content. Every choice is by content, never by which copy came first, and none
 * depends on another, so three copies join to the same case in any grouping (issue 15).
 */
function joinCase(a: ExceptionCase, b: ExceptionCase): ExceptionCase {
	if (a === b) return a;
	const ca = caseContent(a);
	const cb = caseContent(b);
	const base = ca > cb ? a : ca < cb ? b : JSON.stringify(a) >= JSON.stringify(b) ? a : b;
	const resolvedAt = earlierOf(a.resolvedAt, b.resolvedAt);
	const resolutions = [a, b].filter((c) => c.resolvedAt && c.resolvedAt === resolvedAt).map((c) => c.resolution ?? '');
	const resolution = resolvedAt === null ? null : resolutions.sort()[resolutions.length - 1] || null;
	const ackedAt = earlierOf(a.ackedAt, b.ackedAt);
	const owner = a.owner && b.owner ? (a.owner < b.owner ? a.owner : b.owner) : (a.owner ?? b.owner ?? null);
	return { ...base, resolvedAt, resolution, ackedAt, owner };
}

/** What mergeRecords computes itself when joining two records; the rest of a record are its own fields. */
type MergedKey = 'exceptions' | 'openExceptionTypes' | 'version' | 'updatedAt' | 'facts';
type OwnFields = Omit<OrderRecord, MergedKey>;

/** A copy of the record without the merged keys (absent, not undefined, like a rest destructuring). */
function ownFields(record: OrderRecord): OwnFields {
	const fields: OwnFields & Partial<Pick<OrderRecord, MergedKey>> = { ...record };
	delete fields.exceptions;
	delete fields.openExceptionTypes;
	delete fields.version;
	delete fields.updatedAt;
	delete fields.facts;
	return fields;
}

/**
 * Merge a stored record with an incoming one (two workers, or a stale write). Commutative, associative
 * and idempotent: facts are joined per slot (newest wins), the record is derived again from them, so a
 * stale write can never regress an order; cases are unioned by id, resolution sticky.
 */
export function mergeRecords(stored: OrderRecord, incoming: OrderRecord): OrderRecord {
	if (stored.orderKey !== incoming.orderKey)
		throw new Error(`mergeRecords: different orders ("${stored.orderKey}" and "${incoming.orderKey}")`);
	const facts = new Map<string, OrderFact>();
	addFacts(facts, stored.facts ?? []);
	addFacts(facts, incoming.facts ?? []);
	const factList = sortedFacts(facts);

	const cases = new Map<string, ExceptionCase>();
	for (const c of [...stored.exceptions, ...incoming.exceptions]) {
		const existing = cases.get(c.id);
		cases.set(c.id, existing ? joinCase(existing, c) : c);
	}
	const exceptions = [...cases.values()].sort(byOpenedThenId);
	const version = Math.max(stored.version, incoming.version);
	const updatedAt = laterOf(stored.updatedAt, incoming.updatedAt) ?? '';

	let fields: OwnFields;
	if (factList.length > 0) {
		fields = derive(stored.orderKey, factList).fields;
		// Records without facts (hand-made or older) still must not pull a shipped order back.
		for (const r of [stored, incoming]) {
			if (!r.facts?.length && SHIPPED_STAGES.has(r.stage) && STAGE_RANK[r.stage] > STAGE_RANK[fields.stage]) {
				fields = { ...fields, stage: r.stage, stageChangedAt: r.stageChangedAt };
			}
		}
	} else {
		// No evidence on either side: the further stage wins (cancel and return rank highest: explicit transitions).
		const [a, b] = [stored, incoming];
		const winner =
			STAGE_RANK[a.stage] !== STAGE_RANK[b.stage]
				? STAGE_RANK[a.stage] > STAGE_RANK[b.stage]
					? a
					: b
				: canonicalJson(a) >= canonicalJson(b)
					? a
					: b;
		fields = ownFields(winner);
	}
	const out: OrderRecord = { ...fields, exceptions, openExceptionTypes: openTypes(exceptions), version, updatedAt };
	if (factList.length > 0) out.facts = factList;
	return out;
}

/* ---------- evaluateStuck: the schedule's sweep ---------- */

export interface StuckEvaluation {
	orderKey: string;
	stage: OrderRecord['stage'];
	record: OrderRecord;
	/** Cases open after this evaluation. */
	open: ExceptionCase[];
	opened: ExceptionCase[];
	resolved: ExceptionCase[];
	changes: Change[];
	/** Added (issue 12): findings waiting for a confirming re-read (see ToConfirm). */
	toConfirm: ToConfirm[];
}

/**
 * Re-run every rule over stored records at `now` with no new observations: time alone opens cases
 * (a threshold passed) and closes them (an estimate moved). Used by the schedule that finds stuck orders.
 */
export function evaluateStuck(
	records: readonly OrderRecord[],
	policy: Policy,
	now: Date | string | number,
): StuckEvaluation[] {
	return records.map((r) => {
		const res = reconcile(r, [], policy, now);
		return {
			orderKey: r.orderKey,
			stage: res.record.stage,
			record: res.record,
			open: res.record.exceptions.filter((c) => !c.resolvedAt),
			opened: res.opened,
			resolved: res.resolved,
			changes: res.changes,
			toConfirm: res.toConfirm,
		};
	});
}
