/**
 * Checks one observation at the boundary, so one bad fact is rejected with a named-field error while
 * the rest of its batch is still reconciled.
 */
import { MISFIT, shapeErrors, sizeIfFits } from './shape';
import { approximateSize } from './size';
import { OBSERVATION_DATA_SHAPES, orderRecordErrors } from './shapes';
import { isParseableIso } from './time';
import type { Observation, ObservationKind } from './types';
import { EDIT_OUTCOMES, FULFILLMENT_STATUSES, OBSERVATION_KINDS, SOURCES, TRACKING_STATUSES } from './types';

export { approximateSize } from './size';

export const DEFAULT_MAX_OBSERVATION_BYTES = 256 * 1024;
const MAX_ID_LENGTH = 512;

const SOURCE_SET = new Set<string>(SOURCES);
const KIND_SET = new Set<string>(OBSERVATION_KINDS);
const FULFILLMENT_STATUS_SET = new Set<string>(FULFILLMENT_STATUSES);
const TRACKING_STATUS_SET = new Set<string>(TRACKING_STATUSES);

export type ValidationResult = { ok: true; value: Observation } | { ok: false; errors: string[] };

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(value: unknown): string {
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/*
 * The require* checks take the value, read by the caller as `obj.field`, not (obj, 'field'): one read shared by
 * every field of every kind sees dozens of object layouts and field names and goes megamorphic (a hash-table
 * probe per read, a tenth of validation; issue 14), while a read written at each call site sees one layout.
 */

function requireString(v: unknown, field: string, path: string, errors: string[]): boolean {
	if (v === undefined || v === null || v === '') {
		errors.push(`${path}${field}: missing (required)`);
		return false;
	}
	if (typeof v !== 'string') {
		errors.push(`${path}${field}: must be a string (got ${typeof v})`);
		return false;
	}
	if (v.length > MAX_ID_LENGTH) {
		errors.push(`${path}${field}: longer than ${MAX_ID_LENGTH} characters`);
		return false;
	}
	return true;
}

function requireTime(v: unknown, field: string, path: string, errors: string[], optional = false): void {
	if (v === undefined || v === null || v === '') {
		if (!optional) errors.push(`${path}${field}: missing (required, an ISO 8601 time)`);
		return;
	}
	if (typeof v !== 'string' || !isParseableIso(v)) {
		errors.push(`${path}${field}: unparseable time ${show(v)} (use ISO 8601, e.g. 2026-03-01T14:05:00Z)`);
	}
}

function requireOneOf(v: unknown, field: string, path: string, allowed: Set<string>, errors: string[]): void {
	if (v === undefined || v === null || v === '') errors.push(`${path}${field}: missing (required)`);
	else if (typeof v !== 'string' || !allowed.has(v))
		errors.push(`${path}${field}: ${show(v)} is not one of ${[...allowed].join(', ')}`);
}

/** Per-kind required fields: what the engine relies on. Optional fields are checked only when present. */
const KIND_CHECKS: Record<ObservationKind, (d: Record<string, unknown>, errors: string[]) => void> = {
	order(d, e) {
		requireString(d.name, 'name', 'data.', e);
		requireTime(d.createdAt, 'createdAt', 'data.', e);
		requireTime(d.cancelledAt, 'cancelledAt', 'data.', e, true);
		requireTime(d.promisedDeliveryBy, 'promisedDeliveryBy', 'data.', e, true);
	},
	fulfillment_order(d, e) {
		requireString(d.id, 'id', 'data.', e);
		requireString(d.status, 'status', 'data.', e);
	},
	fulfillment(d, e) {
		requireOneOf(d.status, 'status', 'data.', FULFILLMENT_STATUS_SET, e);
		if (typeof d.rawStatus !== 'string') e.push('data.rawStatus: missing (keep the vendor status string verbatim)');
		requireTime(d.updatedAt, 'updatedAt', 'data.', e, true);
	},
	shipment(d, e) {
		requireString(d.shipmentId, 'shipmentId', 'data.', e);
		requireTime(d.shippedAt, 'shippedAt', 'data.', e, true);
		if (
			d.shippedOn !== undefined &&
			d.shippedOn !== null &&
			(typeof d.shippedOn !== 'string' ||
				!/^\d{4}-\d{2}-\d{2}$/.test(d.shippedOn) ||
				Number.isNaN(Date.parse(d.shippedOn)))
		)
			e.push(
				`data.shippedOn: ${show(d.shippedOn)} is not a date (the warehouse's local date as YYYY-MM-DD; put an ` +
					`instant in shippedAt)`,
			);
		if (d.direction !== undefined && d.direction !== null && d.direction !== 'outbound' && d.direction !== 'return')
			e.push(`data.direction: ${show(d.direction)} is not one of outbound, return`);
	},
	tracking(d, e) {
		requireString(d.trackingNumber, 'trackingNumber', 'data.', e);
		requireString(d.carrier, 'carrier', 'data.', e);
		requireOneOf(d.status, 'status', 'data.', TRACKING_STATUS_SET, e);
		requireTime(d.lastEventAt, 'lastEventAt', 'data.', e, true);
		requireTime(d.deliveredAt, 'deliveredAt', 'data.', e, true);
		requireTime(d.estimatedDelivery, 'estimatedDelivery', 'data.', e, true);
		requireTime(d.commitment, 'commitment', 'data.', e, true);
		if (d.events !== undefined && d.events !== null) {
			if (!Array.isArray(d.events)) e.push('data.events: must be a list');
			else
				d.events.forEach((ev, i) => {
					if (!isRecord(ev)) e.push(`data.events[${i}]: must be an object`);
					else {
						requireTime(ev.at, 'at', `data.events[${i}].`, e);
						requireOneOf(ev.status, 'status', `data.events[${i}].`, TRACKING_STATUS_SET, e);
					}
				});
		}
	},
	notification(d, e) {
		requireString(d.event, 'event', 'data.', e);
		requireString(d.uniqueId, 'uniqueId', 'data.', e);
		requireTime(d.sentAt, 'sentAt', 'data.', e);
	},
	return(d, e) {
		requireString(d.returnId, 'returnId', 'data.', e);
		requireString(d.status, 'status', 'data.', e);
	},
	edit_request(d, e) {
		requireString(d.field, 'field', 'data.', e);
		requireTime(d.requestedAt, 'requestedAt', 'data.', e);
		if (typeof d.applied !== 'boolean') e.push('data.applied: missing (true or false)');
		// Issue 17's fields are optional (records stored before them stay valid), but checked when present.
		if (given(d.requestId) && (typeof d.requestId !== 'string' || d.requestId === ''))
			e.push(`data.requestId: ${show(d.requestId)} is not a request id (the request's id as text, its sourceId)`);
		if (given(d.outcome) && !(typeof d.outcome === 'string' && EDIT_OUTCOME_SET.has(d.outcome)))
			e.push(`data.outcome: ${show(d.outcome)} is not one of ${EDIT_OUTCOMES.join(', ')} (how the request ended)`);
		if (given(d.reasons) && !(Array.isArray(d.reasons) && d.reasons.every((r) => typeof r === 'string' && r !== '')))
			e.push('data.reasons: must be a list of decision codes as text (e.g. ["country_change"])');
		requireTime(d.decidedAt, 'decidedAt', 'data.', e, true);
		if (
			given(d.durationMs) &&
			!(typeof d.durationMs === 'number' && Number.isFinite(d.durationMs) && d.durationMs >= 0)
		)
			e.push(
				`data.durationMs: ${show(d.durationMs)} is not a duration (milliseconds from the request to its outcome, ` +
					`0 or more)`,
			);
		if (given(d.decidedBy) && (typeof d.decidedBy !== 'string' || d.decidedBy === ''))
			e.push(
				`data.decidedBy: ${show(d.decidedBy)} is not who decided ("self_service" when applied automatically, else ` +
					`the Slack user who approved or rejected)`,
			);
		if (given(d.beforeShipping) && typeof d.beforeShipping !== 'boolean')
			e.push('data.beforeShipping: must be true or false (true when the change was applied before any parcel shipped)');
		if (given(d.held) && typeof d.held !== 'boolean')
			e.push('data.held: must be true or false (true when the order was left on hold in Shopify for a person)');
		if (given(d.destination) && typeof d.destination !== 'string')
			e.push(`data.destination: ${show(d.destination)} is not text (where the new address delivers: "Seattle, US")`);
		if (given(d.items) && typeof d.items !== 'string')
			e.push(`data.items: ${show(d.items)} is not text (what an item swap changes: "1 × Trail Runner: L → M")`);
	},
	address_check(d, e) {
		if (typeof d.valid !== 'boolean') e.push('data.valid: missing (true or false)');
	},
	lookup(d, e) {
		if (d.subject !== 'order' && d.subject !== 'tracking') e.push('data.subject: use "order" or "tracking"');
		if (!Array.isArray(d.keys) || d.keys.length === 0 || d.keys.some((k) => typeof k !== 'string' || k === ''))
			e.push('data.keys: a non-empty list of the keys the source was asked by ("reference_id:5012345678901")');
		if (typeof d.found !== 'boolean') e.push('data.found: missing (true or false)');
	},
};

function given(v: unknown): boolean {
	return v !== undefined && v !== null;
}

const EDIT_OUTCOME_SET = new Set<string>(EDIT_OUTCOMES);
/** Outcomes after which the change was not made: applied must be false with them. */
const NOT_APPLIED_OUTCOMES = new Set<string>(['approval', 'refused', 'failed', 'rejected']);

/**
 * An edit request's outcome and `applied` must tell the same story: the rule and the weekly report read both
 * (an "applied" outcome that was not applied would count as self-service and clear a case no person saw).
 * Checked on observations only, never on a stored record's facts: two outcomes of one request at the same
 * instant join field by field (facts.ts), and a record that had to be refused for it could never be written again.
 */
function editConsistency(d: Record<string, unknown>, e: string[]): void {
	if (typeof d.applied !== 'boolean') return;
	if (d.outcome === 'applied' && !d.applied)
		e.push('data.applied: false, but outcome is "applied" (write applied true, or the outcome the request had)');
	else if (typeof d.outcome === 'string' && NOT_APPLIED_OUTCOMES.has(d.outcome) && d.applied)
		e.push(
			`data.applied: true, but outcome "${d.outcome}" means the change was not made (write applied false, or ` +
				`outcome "applied" or "approved")`,
		);
	if (d.beforeShipping === true && !d.applied)
		e.push('data.beforeShipping: true, but the change was not applied (write false, or leave it out)');
}

/*
 * Each kind's checks and data shape by a Map: an observation's kind is text JSON.parse has just made, and
 * looking it up as an object's property makes V8 intern it first (a string-table probe per observation), while
 * the Map uses the hash KIND_SET.has already computed and cached on the string.
 */
const KIND_CHECK_BY_KIND = new Map(Object.entries(KIND_CHECKS));
const DATA_SHAPE_BY_KIND = new Map(Object.entries(OBSERVATION_DATA_SHAPES));

/**
 * Check that x is an Observation the engine can use. Errors name the field and say what to do, e.g.
 * `occurredAt: unparseable time "yesterday" (use ISO 8601...)`.
 */
export function validateObservation(x: unknown, maxBytes = DEFAULT_MAX_OBSERVATION_BYTES): ValidationResult {
	const errors = observationErrors(x, maxBytes);
	return errors === null ? { ok: true, value: x as Observation } : { ok: false, errors };
}

/**
 * validateObservation's errors, or null when x is an Observation the engine can use: reconcile checks every
 * observation of a batch and needs no result object per valid one (issue 14).
 */
export function observationErrors(x: unknown, maxBytes = DEFAULT_MAX_OBSERVATION_BYTES): string[] | null {
	if (!isRecord(x)) return [`observation: must be an object (got ${Array.isArray(x) ? 'a list' : typeof x})`];
	const errors: string[] = [];
	if (x.source === undefined || x.source === null || x.source === '') errors.push('source: missing (required)');
	else if (typeof x.source !== 'string' || !SOURCE_SET.has(x.source))
		errors.push(`source: unknown source ${show(x.source)} (use one of ${SOURCES.join(', ')})`);
	let kindOk = false;
	if (x.kind === undefined || x.kind === null || x.kind === '') errors.push('kind: missing (required)');
	else if (typeof x.kind !== 'string' || !KIND_SET.has(x.kind))
		errors.push(`kind: wrong kind ${show(x.kind)} (use one of ${OBSERVATION_KINDS.join(', ')})`);
	else kindOk = true;
	requireString(x.sourceId, 'sourceId', '', errors);
	requireString(x.orderKey, 'orderKey', '', errors);
	requireString(x.key, 'key', '', errors);
	requireTime(x.occurredAt, 'occurredAt', '', errors);
	requireTime(x.receivedAt, 'receivedAt', '', errors);
	if (!isRecord(x.data)) errors.push('data: missing (required, an object with the facts of this kind)');
	else if (!kindOk) {
		if (approximateSize(x.data, maxBytes) > maxBytes) errors.push(sizeError(maxBytes));
	} else checkData(x.kind as string, x.data, maxBytes, errors);
	return errors.length > 0 ? errors : null;
}

function sizeError(maxBytes: number): string {
	return (
		`data: payload over the size limit of ${maxBytes} bytes (trim it, e.g. drop raw vendor bodies, or raise ` +
		`maxObservationBytes)`
	);
}

/**
 * The data of a known kind: within the size limit, then the kind's checks, then its shape (every optional field
 * the engine reads, with its type: a numeric carrier is refused here, not in derive). Data that fits its shape
 * (nearly all) is sized and checked in one walk; other data is sized, then walked for its named errors.
 */
function checkData(kind: string, data: Record<string, unknown>, maxBytes: number, errors: string[]): void {
	const shape = DATA_SHAPE_BY_KIND.get(kind)!;
	const size = sizeIfFits(data, shape, maxBytes);
	if ((size === MISFIT ? approximateSize(data, maxBytes) : size) > maxBytes) {
		errors.push(sizeError(maxBytes));
		return;
	}
	KIND_CHECK_BY_KIND.get(kind)!(data, errors);
	if (kind === 'edit_request') editConsistency(data, errors);
	if (size !== MISFIT) return;
	for (const e of shapeErrors(data, shape, 'data'))
		if (!errors.some((known) => known.split(':')[0] === e.split(':')[0])) errors.push(e);
}

/**
 * A stored record as the engine reads it: its shape (orderRecordErrors) and each fact's data holding what its
 * kind requires, as an observation of that kind must (a fulfillment fact without its status would merge into a
 * record whose fulfillment status is missing, and every later write of that order would be refused). [] when
 * it fits.
 */
export function orderRecordProblems(record: unknown, path: string): string[] {
	const errors = orderRecordErrors(record, path);
	if (errors.length) return errors;
	const facts = (record as { facts?: Array<{ kind: ObservationKind; data: Record<string, unknown> }> }).facts ?? [];
	facts.forEach((fact, i) => {
		const problems: string[] = [];
		KIND_CHECKS[fact.kind](fact.data, problems);
		errors.push(...problems.map((p) => `${path}.facts[${i}].${p}`));
	});
	return errors;
}
