/**
 * The Order Ledger contract: one interface, three backends (PostgreSQL, embedded PGlite, Airtable).
 *
 * Every method takes `now` explicitly (an ISO string) so schedules, tests and the sandbox can drive
 * time; nothing reads the wall clock below this line. A store is opened per execution and closed at
 * its end: no state survives between executions (n8n queue-mode workers share nothing but the
 * database).
 */
import type {
	EditField,
	EditOutcome,
	ExceptionCase,
	ExceptionType,
	OrderRecord,
	Severity,
	Stage,
} from '../order/types';
import type { ParcelMatch, ParcelOrigin } from './parcels';

export type { ParcelLink, ParcelMatch, ParcelOrigin } from './parcels';

export const EVENT_STATUSES = ['pending', 'processing', 'done', 'failed', 'dead'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Stages after which an order needs nothing more from us: never "stuck". */
export const TERMINAL_STAGES: readonly Stage[] = ['delivered', 'returned', 'cancelled'];

/** What a caller appends: a webhook delivery, a polled snapshot, an Observation. */
export interface NewEvent {
	/** Idempotency key: the same delivery always carries the same key (webhook event id, ...). */
	key: string;
	source: string;
	topic?: string | null;
	orderKey?: string | null;
	payload: unknown;
	/** When we received it; defaults to `now`. */
	receivedAt?: string | null;
}

export interface LedgerEvent {
	/** Store-assigned id (a bigint as a decimal string on SQL backends, a record id on Airtable). */
	id: string;
	key: string;
	source: string;
	topic: string | null;
	orderKey: string | null;
	payload: unknown;
	status: EventStatus;
	attempts: number;
	nextAttemptAt: string | null;
	leaseExpiresAt: string | null;
	leasedBy: string | null;
	/** Changes on every claim: Ack/Fail must present it, so a worker whose lease ran out cannot ack. */
	leaseToken: string | null;
	lastError: string | null;
	receivedAt: string;
	updatedAt: string;
	doneAt: string | null;
	replayedBy: string | null;
	replayedAt: string | null;
	/**
	 * Added (issue 12), Claim Batch only: set on an event that names a parcel but no order (a carrier
	 * push). Matched: the event now carries its order (stored too). Not matched: why, and what to do.
	 */
	parcel?: ParcelMatch;
}

export interface AppendResult {
	status: 'new' | 'duplicate';
	event: LedgerEvent;
	/**
	 * Added (issue 12): set when the appended event named a parcel but no order (a carrier push): the
	 * order found by its tracking number (stored with it), or `matched: false` with the tracking number.
	 */
	parcel?: ParcelMatch;
}

/** Added (issue 12): per normalised tracking number, the orders it belongs to and who said so. */
export type ParcelOrders = Map<string, { orderKeys: string[]; origin: ParcelOrigin }>;

export interface ClaimOptions {
	/** Who is claiming (shown in leased_by; a workflow execution id or worker name). */
	worker: string;
	limit: number;
	/** How long the claimer owns the events; after that anyone may claim them again. */
	leaseSeconds: number;
	/** An expired lease counts as a failed attempt; after this many the event goes dead. */
	maxAttempts: number;
	now: string;
}

export interface EventRef {
	id: string;
	leaseToken: string;
}

export interface AckResult {
	id: string;
	/** 'acked' | 'already_done' | 'lease_lost' (someone else owns it now: do not redo side effects). */
	outcome: 'acked' | 'already_done' | 'lease_lost' | 'not_found';
	event: LedgerEvent | null;
}

export interface FailOptions {
	error: string;
	maxAttempts: number;
	/** Back-off base: the first retry waits about this long, then doubling, with jitter. */
	baseDelaySeconds: number;
	maxDelaySeconds: number;
	now: string;
	/** Injectable for tests; defaults to Math.random. */
	random?: () => number;
}

export interface FailResult {
	id: string;
	outcome: 'retry_scheduled' | 'dead' | 'lease_lost' | 'not_found';
	event: LedgerEvent | null;
}

export interface ReplayResult {
	id: string;
	outcome: 'replayed' | 'not_dead' | 'not_found';
	event: LedgerEvent | null;
}

/**
 * What List Events matches: every given field must match (AND); within `status`, any (OR). An empty
 * `status` list or an empty string means "no filter on this field". Results come oldest first.
 */
export interface EventFilter {
	status?: EventStatus[];
	/** Exact match on the source the event was appended with (shopify, shipstation, ups, ...). */
	source?: string;
	orderKey?: string;
	/** At most this many (default 1000). */
	limit?: number;
	/** Added (issue 17): the newest first (the limit then keeps the newest), else the oldest first. */
	newestFirst?: boolean;
	/**
	 * Added (issue 17): only events received at or after this instant (ISO 8601; empty: no filter), e.g. the
	 * start of the weekly report's window.
	 */
	receivedSince?: string;
}

/** A stored order: the canonical record plus what the ledger knows about it. */
export interface UpsertResult {
	status: 'created' | 'updated' | 'unchanged';
	record: OrderRecord;
	/** How many optimistic-concurrency retries the write needed (0 almost always). */
	retries: number;
}

export interface OrderFilter {
	stages?: Stage[];
	exceptionType?: ExceptionType;
	/** Only orders stuck at least this long (see isStuck in report.ts). */
	stuckForSeconds?: number;
	limit?: number;
	now: string;
}

export interface SlackMessageRef {
	channel: string;
	ts: string;
	permalink?: string | null;
}

/** An exception case as the ledger stores it: the engine's case plus ownership and Slack fields. */
export interface LedgerException extends ExceptionCase {
	slack: SlackMessageRef | null;
	updatedAt: string;
	/** Derived at read time so they never go stale. */
	secondsToAcknowledge: number | null;
	secondsToResolve: number | null;
	/** Age of an open case at `now` (null once resolved). */
	ageSeconds: number | null;
}

export interface OpenExceptionInput {
	id: string;
	orderKey: string;
	type: ExceptionType;
	severity: Severity;
	openedAt?: string | null;
	evidence?: Record<string, unknown>;
	owner?: string | null;
}

export interface ExceptionFilter {
	state?: 'open' | 'resolved' | 'all';
	orderKey?: string;
	/** Any of these orders (with orderKey, both must match). */
	orderKeys?: readonly string[];
	/** Only cases with no Slack message yet (never posted, or a post whose reference was never stored). */
	withoutMessage?: boolean;
	type?: ExceptionType;
	limit?: number;
	now: string;
}

export interface ExceptionReport {
	now: string;
	weeks: number;
	windowStart: string;
	countsByType: Partial<Record<ExceptionType, number>>;
	/** Oldest week first; each week's cases opened and resolved, by type. */
	trend: Array<{
		weekStart: string;
		weekEnd: string;
		opened: number;
		resolved: number;
		openedByType: Partial<Record<ExceptionType, number>>;
		/** Change of `opened` against the previous week, in percent (null for the first week or from 0). */
		openedChangePct: number | null;
	}>;
	timeToResolveSeconds: { count: number; median: number | null; p90: number | null };
	openCases: Array<{
		id: string;
		orderKey: string;
		type: ExceptionType;
		severity: Severity;
		owner: string | null;
		openedAt: string;
		ageSeconds: number;
		acknowledged: boolean;
	}>;
}

/** Added (issue 17): self-service requests of a period (see selfServiceReport.ts). */
export interface SelfServiceStats {
	/** Requests asked in the period, each counted once. */
	requests: number;
	/** By what they asked to change (the edit request's field). */
	byKind: Partial<Record<EditField, number>>;
	/** By newest outcome; the counts add up to `decided`. */
	byOutcome: Partial<Record<EditOutcome, number>>;
	/** Requests that reached an outcome (all but those recorded without one). */
	decided: number;
	/**
	 * Applied without a person: the newest outcome is `applied`, no person decided it, and the request never
	 * went to approval or failed before (approved after review is not self-service).
	 */
	selfService: number;
	/** selfService / decided in percent, one decimal; null when no request reached an outcome. */
	selfServicePct: number | null;
	/** Address changes applied before any parcel shipped (beforeShipping). */
	addressFixesBeforeShipping: number;
	/**
	 * From the request to its newest outcome, in milliseconds (durationMs; else decidedAt, else the outcome's
	 * occurredAt, minus requestedAt): how many had one, median, p90 (nearest rank).
	 */
	timeToOutcomeMs: { count: number; median: number | null; p90: number | null };
}

export interface SelfServiceWeek extends SelfServiceStats {
	weekStart: string;
	weekEnd: string;
}

export interface SelfServiceReport {
	now: string;
	weeks: number;
	windowStart: string;
	/** The whole window. */
	total: SelfServiceStats;
	/** Oldest week first: rolling 7-day buckets ending at `now`, by when each request was asked. */
	trend: SelfServiceWeek[];
	/** Self-service observations that were not valid (named by validateObservation) and so not counted. */
	invalidObservations: number;
}

export interface StuckCount {
	now: string;
	olderThanSeconds: number;
	total: number;
	byStage: Partial<Record<Stage, number>>;
	byExceptionType: Partial<Record<ExceptionType, number>>;
}

/** The engine's timeline entry, plus what only the ledger knows (raw deliveries, case ownership). */
export interface TimelineEntry {
	at: string;
	/** A Source, 'engine' (the record's verdicts) or 'ledger' (stored events and cases). */
	source: string;
	kind: string;
	summary: string;
	/** Observation key, event key or case id it came from. */
	ref: string;
	/** The stored event behind the line, when there is one. */
	eventId?: string;
}

/**
 * Added (issue 17): one attempt at something a caller wants to slow down (a customer order status lookup),
 * counted per `subject` in fixed windows (aligned to the Unix epoch, so every worker puts `now` in the same
 * window).
 */
export interface AttemptOptions {
	/**
	 * Opaque text chosen by the caller, e.g. "lookup:ip:<sha256 hex>"; non-empty, at most 200 characters, no
	 * control characters. Use one windowSeconds per subject (name the purpose in it): counts are kept per subject
	 * and window start.
	 */
	subject: string;
	/** Window length, a whole number of seconds from 1 to 86,400. */
	windowSeconds: number;
	/** Attempts allowed per window, a whole number from 1 to 100,000. */
	limit: number;
	/** The moment of the attempt (ISO 8601). */
	now: string;
}

export interface AttemptCount {
	allowed: boolean;
	/** Attempts counted in this window so far, this one included (refused ones count too). */
	count: number;
	limit: number;
	/** Seconds until the window ends (0 when allowed). */
	retryAfterSeconds: number;
}

export interface LedgerStore {
	readonly backend: 'postgres' | 'embedded' | 'airtable';

	appendEvent(event: NewEvent, now: string): Promise<AppendResult>;
	/** Many at once (Airtable sends them 10 per request); one result or error per input, in order. */
	appendEvents(events: NewEvent[], now: string): Promise<Array<AppendResult | Error>>;
	claimBatch(opts: ClaimOptions): Promise<LedgerEvent[]>;
	ack(refs: EventRef[], now: string): Promise<AckResult[]>;
	fail(ref: EventRef, opts: FailOptions): Promise<FailResult>;
	replay(ids: string[], by: string, now: string): Promise<ReplayResult[]>;
	getEvent(id: string): Promise<LedgerEvent | null>;
	listEvents(filter: EventFilter): Promise<LedgerEvent[]>;
	/**
	 * Added (issue 12): the orders of these tracking numbers (any spelling: normalised as the engine does),
	 * from the stored order records' shipments, else from stored events' observations. One query per
	 * call; numbers nobody knows are absent from the map.
	 */
	findParcelOrders(trackingNumbers: string[]): Promise<ParcelOrders>;

	upsertOrder(record: OrderRecord, now: string): Promise<UpsertResult>;
	/** Many at once (SQL: one transaction; Airtable: 10 per request); one result or error per input, in order. */
	upsertOrders(records: OrderRecord[], now: string): Promise<Array<UpsertResult | Error>>;
	getOrder(orderKey: string): Promise<OrderRecord | null>;
	/**
	 * Many orders in one read (one query on SQL, one request per 50 keys on Airtable). A map rather than
	 * an array in key order: callers look orders up by key, a key given twice is read once, and an order
	 * not stored is simply absent (no null placeholders to line up). Entries follow the keys' first
	 * appearance. Every key must be non-empty text, as for getOrder; an empty list reads nothing.
	 */
	getOrders(orderKeys: string[]): Promise<Map<string, OrderRecord>>;
	listOrders(filter: OrderFilter): Promise<OrderRecord[]>;
	/** Engine timeline over the stored observations and record, plus ledger-only facts. */
	getTimeline(orderKey: string): Promise<TimelineEntry[]>;

	openException(
		input: OpenExceptionInput,
		now: string,
	): Promise<{ status: 'opened' | 'existing'; exception: LedgerException }>;
	acknowledgeException(id: string, owner: string | null, now: string): Promise<LedgerException>;
	resolveException(id: string, resolution: string, now: string): Promise<LedgerException>;
	getException(id: string, now?: string): Promise<LedgerException | null>;
	listExceptions(filter: ExceptionFilter): Promise<LedgerException[]>;
	/** Stores the Slack post of a case once (first writer wins) and returns the case with the stored ref. */
	setExceptionMessageRef(id: string, ref: SlackMessageRef, now: string): Promise<LedgerException>;
	/**
	 * Swaps the stored Slack post for a new one (the old one was deleted in Slack), only while the stored
	 * ts is still `previousTs`: two runs reposting at once leave exactly one reference, never a mix.
	 */
	replaceExceptionMessageRef(
		id: string,
		previousTs: string,
		ref: SlackMessageRef,
		now: string,
	): Promise<LedgerException>;

	exceptionReport(opts: { now: string; weeks: number }): Promise<ExceptionReport>;
	/**
	 * Added (issue 17): the customers' self-service requests over the last `weeks` weeks ending at `now`, per week
	 * and in total (selfServiceReport in selfServiceReport.ts), from the events with source `customer` received
	 * since the window start.
	 */
	selfServiceReport(opts: { now: string; weeks: number }): Promise<SelfServiceReport>;
	stuckCount(opts: { now: string; olderThanSeconds: number }): Promise<StuckCount>;

	/**
	 * Counts one attempt by `subject` in the fixed window of `windowSeconds` that holds `now`, atomically across
	 * workers, and says whether it is within `limit` (the attempt that makes count == limit is still allowed).
	 *
	 * Added (issue 17). Exact on PostgreSQL and Embedded; on Airtable (no atomic increment) concurrent calls can
	 * under-count by the number of racing calls: a slow-down there, not a security boundary. Bad options throw a
	 * LedgerError `invalid_input` naming subject, windowSeconds, limit or now.
	 */
	countAttempt(opts: AttemptOptions): Promise<AttemptCount>;

	close(): Promise<void>;
}
