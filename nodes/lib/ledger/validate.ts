/** Input checks shared by every backend: a clear error naming the field instead of a database error. */
import { orderRecordProblems } from '../order/validate';
import { EXCEPTION_TYPES, STAGES, type OrderRecord } from '../order/types';
import { invalidInput } from './errors';
import { observationsIn } from './parcels';
import { EVENT_STATUSES, type AttemptOptions, type EventFilter, type NewEvent, type OpenExceptionInput } from './types';

/**
 * Non-empty text every backend stores exactly: no NUL, no unpaired surrogate (PostgreSQL's driver would
 * store U+FFFD in its place, silently). Used for every text argument (worker, replayed by, a Slack ts, ...).
 */
export function requireText(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '') throw invalidInput(field, 'must be a non-empty string');
	checkText(value, field);
	return value;
}

/**
 * Longest key, in UTF-8 bytes, of anything the ledger indexes (event key, order key, exception id).
 * PostgreSQL's b-tree refuses an entry over about 2,700 bytes with an "index row size" error naming no
 * field; 1,000 bytes leaves room for the composite indexes (order key with a tracking number).
 */
export const MAX_KEY_BYTES = 1000;
/** Longest tracking number, in UTF-8 bytes, the parcel index (tracking number, order key, origin) holds. */
export const MAX_TRACKING_NUMBER_BYTES = 500;

function checkBytes(value: string, field: string, max: number, what: string): void {
	const bytes = Buffer.byteLength(value, 'utf8');
	if (bytes > max)
		throw invalidInput(
			field,
			`is ${bytes} bytes long; ${what} may be at most ${max} bytes (UTF-8), so it can be indexed. Use a ` +
				'shorter key (e.g. a hash of the long value)',
		);
}

/** A key the ledger indexes: storable text of at most MAX_KEY_BYTES. */
export function requireKey(value: unknown, field: string): string {
	requireText(value, field);
	checkBytes(value as string, field, MAX_KEY_BYTES, 'a key');
	return value as string;
}

/**
 * The keys of a batch order read, each checked as getOrder checks its key (named by its place in the
 * list), once each, in the order they first appear.
 */
export function requireOrderKeys(keys: unknown): string[] {
	if (!Array.isArray(keys)) throw invalidInput('order keys', 'must be a list of order keys');
	keys.forEach((key, i) => requireKey(key, `order keys[${i}]`));
	return [...new Set(keys as string[])];
}

export function requireIso(value: unknown, field: string): string {
	if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
		throw invalidInput(field, `must be an ISO 8601 date-time (got ${JSON.stringify(value)})`);
	}
	return new Date(value).toISOString();
}

export function requirePositiveInt(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
		throw invalidInput(field, 'must be a whole number of at least 1');
	return value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than this is refused: PostgreSQL's JSON parser (and JavaScript's stack) give out well before 20,000. */
export const MAX_NESTING = 1000;

function checkText(value: string, path: string): void {
	if (value.includes('\u0000'))
		throw invalidInput(path, 'contains a NUL character (\\u0000), which cannot be stored; remove it before appending');
	if (LONE_SURROGATE.test(value))
		throw invalidInput(
			path,
			'contains a broken character (an unpaired UTF-16 surrogate), which is not valid Unicode; fix the text at ' +
				'its source',
		);
}

/**
 * Text every backend can store verbatim: no NUL (PostgreSQL text and jsonb cannot hold it), no
 * unpaired surrogates (not Unicode), nesting at most MAX_NESTING levels. Refused up front, naming
 * where, rather than lost silently or failed with an opaque driver message. Iterative, so a hostile
 * payload cannot overflow the stack.
 */
export function assertNoNul(root: unknown, rootPath: string): void {
	const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: rootPath, depth: 0 }];
	while (stack.length) {
		const { value, path, depth } = stack.pop()!;
		if (typeof value === 'string') {
			checkText(value, path);
			continue;
		}
		if (!value || typeof value !== 'object') continue;
		if (depth >= MAX_NESTING)
			throw invalidInput(
				path,
				`is nested more than ${MAX_NESTING} levels deep; flatten the payload before appending it`,
			);
		if (Array.isArray(value)) {
			for (let i = value.length - 1; i >= 0; i--)
				stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
			continue;
		}
		for (const [k, v] of Object.entries(value)) {
			checkText(k, `${path} (a key)`);
			stack.push({ value: v, path: `${path}.${k}`, depth: depth + 1 });
		}
	}
}

export function validateNewEvent(event: NewEvent): void {
	if (!event || typeof event !== 'object' || Array.isArray(event))
		throw invalidInput('event', 'must be an object with key, source and payload');
	requireKey(event.key, 'key');
	requireText(event.source, 'source');
	if (event.orderKey != null && event.orderKey !== '') requireKey(event.orderKey, 'orderKey');
	if (event.payload === undefined) throw invalidInput('payload', 'is required (use null or {} for an empty payload)');
	if (event.receivedAt != null) requireIso(event.receivedAt, 'receivedAt');
	assertNoNul(event.key, 'key');
	assertNoNul(event.topic, 'topic');
	assertNoNul(event.orderKey, 'orderKey');
	assertNoNul(event.payload, 'payload');
	observationsIn(event.payload).forEach((o, i) => {
		const data = o.data as { trackingNumber?: unknown } | undefined;
		if (typeof data?.trackingNumber === 'string')
			checkBytes(
				data.trackingNumber,
				`payload observation ${i}: data.trackingNumber`,
				MAX_TRACKING_NUMBER_BYTES,
				'a tracking number',
			);
		if (typeof o.orderKey === 'string')
			checkBytes(o.orderKey, `payload observation ${i}: orderKey`, MAX_KEY_BYTES, 'a key');
	});
}

export function validateOrderRecord(record: OrderRecord): void {
	if (!record || typeof record !== 'object') throw invalidInput('order', 'must be an OrderRecord object');
	requireKey(record.orderKey, 'order.orderKey');
	if (!STAGES.includes(record.stage))
		throw invalidInput('order.stage', `must be one of ${STAGES.join(', ')} (got ${JSON.stringify(record.stage)})`);
	requireIso(record.stageChangedAt, 'order.stageChangedAt');
	if (!Array.isArray(record.openExceptionTypes))
		throw invalidInput('order.openExceptionTypes', 'must be an array (empty when none)');
	for (const t of record.openExceptionTypes) {
		if (!EXCEPTION_TYPES.includes(t))
			throw invalidInput('order.openExceptionTypes', `unknown exception type ${JSON.stringify(t)}`);
	}
	// The whole shape the engine reads (lists, maps, text fields, each fact's data and what its kind requires), so
	// a record missing its arrays is refused here by name instead of breaking that order for every later merge.
	const [first] = orderRecordProblems(record, 'order');
	if (first) {
		const at = first.indexOf(': ');
		throw invalidInput(first.slice(0, at), `${first.slice(at + 2)}; pass the record as Order State returns it`);
	}
	assertNoNul(record, 'order');
	record.shipments.forEach((shipment, i) => {
		if (typeof shipment.trackingNumber === 'string')
			checkBytes(
				shipment.trackingNumber,
				`order.shipments[${i}].trackingNumber`,
				MAX_TRACKING_NUMBER_BYTES,
				'a tracking number',
			);
	});
}

export function validateOpenException(input: OpenExceptionInput): void {
	if (!input || typeof input !== 'object' || Array.isArray(input))
		throw invalidInput('exception', 'must be an object with id, orderKey, type and severity');
	requireKey(input.id, 'exception.id');
	requireKey(input.orderKey, 'exception.orderKey');
	if (!EXCEPTION_TYPES.includes(input.type))
		throw invalidInput('exception.type', `must be one of ${EXCEPTION_TYPES.join(', ')}`);
	if (!['low', 'medium', 'high', 'critical'].includes(input.severity))
		throw invalidInput('exception.severity', 'must be low, medium, high or critical');
	if (input.openedAt != null) requireIso(input.openedAt, 'exception.openedAt');
	if (input.evidence != null && (typeof input.evidence !== 'object' || Array.isArray(input.evidence)))
		throw invalidInput('exception.evidence', 'must be an object of named facts ({ "trackingNumber": "1Z..." })');
	if (input.owner != null && typeof input.owner !== 'string')
		throw invalidInput('exception.owner', 'must be text (a Slack user id or a name)');
	assertNoNul(input, 'exception');
}

/**
 * A List Events filter, checked before it reaches a backend: an unknown status (a typo in an
 * expression) would otherwise match nothing and read as "no dead events", which is worse than an error.
 */
export function validateEventFilter(filter: EventFilter): void {
	if (!filter || typeof filter !== 'object')
		throw invalidInput('filter', 'must be an object such as { status: ["dead"] }');
	if (filter.status !== undefined) {
		if (!Array.isArray(filter.status))
			throw invalidInput('status', `must be a list of event statuses (${EVENT_STATUSES.join(', ')})`);
		for (const s of filter.status) {
			if (!EVENT_STATUSES.includes(s))
				throw invalidInput('status', `unknown event status ${JSON.stringify(s)}; use ${EVENT_STATUSES.join(', ')}`);
		}
	}
	for (const field of ['source', 'orderKey'] as const) {
		const value = filter[field];
		if (value === undefined) continue;
		if (typeof value !== 'string') throw invalidInput(field, `must be text (got ${JSON.stringify(value)})`);
		assertNoNul(value, field);
	}
	if (filter.limit !== undefined) requirePositiveInt(filter.limit, 'limit');
	if (filter.newestFirst !== undefined && typeof filter.newestFirst !== 'boolean')
		throw invalidInput('newestFirst', `must be true or false (got ${JSON.stringify(filter.newestFirst)})`);
	receivedSinceOf(filter);
}

/**
 * The filter's receivedSince as a UTC ISO instant, or null when it sets none (absent or empty, as for the other
 * fields). Anything else that is not an ISO 8601 time is refused, naming the field.
 */
export function receivedSinceOf(filter: EventFilter): string | null {
	const since = filter.receivedSince;
	if (since === undefined || since === '') return null;
	if (typeof since !== 'string' || Number.isNaN(Date.parse(since)))
		throw invalidInput(
			'receivedSince',
			`must be an ISO 8601 date-time such as 2026-03-01T00:00:00Z (got ${JSON.stringify(since)})`,
		);
	return new Date(since).toISOString();
}

/** Longest attempt subject, in characters (code points): room for a purpose, a kind and a SHA-256 in hex. */
export const MAX_SUBJECT_CHARS = 200;
export const MAX_WINDOW_SECONDS = 86_400;
export const MAX_ATTEMPT_LIMIT = 100_000;

/** Any C0 or C1 control character, DEL included: a subject is shown in tables and logs as one line. */
const CONTROL = /\p{Cc}/u;

function requireWholeNumber(value: unknown, field: string, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
		throw invalidInput(
			field,
			`must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got ${JSON.stringify(value)})`,
		);
	return value;
}

/** Count Attempt's options, checked and with `now` normalised (ISO, UTC, milliseconds). */
export function validateAttempt(opts: AttemptOptions): AttemptOptions {
	if (!opts || typeof opts !== 'object' || Array.isArray(opts))
		throw invalidInput('attempt', 'must be an object with subject, windowSeconds, limit and now');
	const subject = requireText(opts.subject, 'subject');
	const chars = [...subject].length;
	if (chars > MAX_SUBJECT_CHARS)
		throw invalidInput(
			'subject',
			`is ${chars} characters long; at most ${MAX_SUBJECT_CHARS} (hash a long value, e.g. "lookup:ip:<sha256 hex>")`,
		);
	if (CONTROL.test(subject))
		throw invalidInput('subject', 'contains a control character (a line break, tab, ...); remove it');
	return {
		subject,
		windowSeconds: requireWholeNumber(opts.windowSeconds, 'windowSeconds', 1, MAX_WINDOW_SECONDS),
		limit: requireWholeNumber(opts.limit, 'limit', 1, MAX_ATTEMPT_LIMIT),
		now: requireIso(opts.now, 'now'),
	};
}

/** Key-order-independent JSON, to tell "the merge changed nothing" from a real change. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** True when two records differ only in the ledger's own bookkeeping (version, updatedAt). */
export function sameOrderContent(a: OrderRecord, b: OrderRecord): boolean {
	// canonicalJson leaves out undefined fields, so blanking the two is the same as removing them.
	const strip = (record: OrderRecord) => ({ ...record, version: undefined, updatedAt: undefined });
	return canonicalJson(strip(a)) === canonicalJson(strip(b));
}
