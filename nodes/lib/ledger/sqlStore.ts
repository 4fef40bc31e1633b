/**
 * LedgerStore on PostgreSQL or PGlite: the same SQL on both. Queue semantics:
 *  - append is one INSERT ... ON CONFLICT DO NOTHING, committed before it returns (durable);
 *  - claim takes due rows with FOR UPDATE SKIP LOCKED, so any number of workers drain without
 *    blocking each other or taking the same row, and stamps a fresh lease token; it skips an order
 *    while another claim holds a lease on one of its events, so one order is worked on by one run at a
 *    time (two runs reconciling the same order would both open, and both post, its new cases);
 *  - ack/fail must present that token, so a worker whose lease ran out cannot ack work that was
 *    handed to someone else (its side effects are the ones to repeat, not the new owner's).
 */
import { randomUUID } from 'node:crypto';

import type { ExceptionType, OrderRecord, Stage } from '../order/types';
import { ATTEMPT_CLEANUP_BATCH, ATTEMPT_RETENTION_SECONDS, attemptVerdict, attemptWindow } from './attempts';
import { addSeconds, isExhausted, retryDelaySeconds } from './backoff';
import { invalidInput, LedgerError } from './errors';
import { mergeRecords } from './merge';
import { migrate } from './migrations';
import {
	matchParcelEvents,
	ordersByNumber,
	parcelNumbersOf,
	parcelOfStored,
	recordTrackingNumbers,
	trackingLinksOf,
	type ParcelLink,
	type ParcelMatch,
} from './parcels';
import { normaliseTrackingNumber } from '../order/derive';
import { buildExceptionReport, withDurations } from './report';
import { SELF_SERVICE_SOURCE, selfServiceReport, selfServiceWindowStart } from './selfServiceReport';
import type { SqlDriver, SqlSession } from './sql/driver';
import { buildTimeline } from './timeline';
import {
	TERMINAL_STAGES,
	type AckResult,
	type AppendResult,
	type AttemptCount,
	type AttemptOptions,
	type ClaimOptions,
	type EventFilter,
	type EventRef,
	type ExceptionFilter,
	type ExceptionReport,
	type SelfServiceReport,
	type FailOptions,
	type FailResult,
	type LedgerEvent,
	type LedgerException,
	type LedgerStore,
	type NewEvent,
	type OpenExceptionInput,
	type OrderFilter,
	type ParcelOrders,
	type ReplayResult,
	type SlackMessageRef,
	type StuckCount,
	type UpsertResult,
} from './types';
import {
	requireIso,
	requirePositiveInt,
	requireOrderKeys,
	requireText,
	assertNoNul,
	sameOrderContent,
	validateAttempt,
	validateNewEvent,
	validateEventFilter,
	receivedSinceOf,
	validateOpenException,
	validateOrderRecord,
} from './validate';

type Row = Record<string, unknown>;

/** The engine's mergeRecords; may be async so tests can interleave two writers deterministically. */
export type OrderMerge = (stored: OrderRecord, incoming: OrderRecord) => OrderRecord | Promise<OrderRecord>;

/** Upserts retry this often when another writer bumped the version between our read and write. */
const MAX_UPSERT_RETRIES = 8;

function iso(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	// Duck-typed: PGlite's Dates may come from another realm, where instanceof Date is false.
	if (typeof (v as Date).toISOString === 'function') return (v as Date).toISOString();
	return new Date(String(v)).toISOString();
}

function toEvent(r: Row): LedgerEvent {
	return {
		id: String(r.id),
		key: r.idempotency_key as string,
		source: r.source as string,
		topic: (r.topic as string | null) ?? null,
		orderKey: (r.order_key as string | null) ?? null,
		payload: r.payload,
		status: r.status as LedgerEvent['status'],
		attempts: Number(r.attempts),
		nextAttemptAt: iso(r.next_attempt_at),
		leaseExpiresAt: iso(r.lease_expires_at),
		leasedBy: (r.leased_by as string | null) ?? null,
		leaseToken: (r.lease_token as string | null) ?? null,
		lastError: (r.last_error as string | null) ?? null,
		receivedAt: iso(r.received_at) as string,
		updatedAt: iso(r.updated_at) as string,
		doneAt: iso(r.done_at),
		replayedBy: (r.replayed_by as string | null) ?? null,
		replayedAt: iso(r.replayed_at),
	};
}

function toException(r: Row, now: string): LedgerException {
	const base = {
		id: r.id as string,
		orderKey: r.order_key as string,
		type: r.type as ExceptionType,
		severity: r.severity as LedgerException['severity'],
		openedAt: iso(r.opened_at) as string,
		evidence: (r.evidence as Record<string, unknown>) ?? {},
		owner: (r.owner as string | null) ?? null,
		ackedAt: iso(r.acknowledged_at),
		resolvedAt: iso(r.resolved_at),
		resolution: (r.resolution as string | null) ?? null,
		slack: r.slack_ts
			? {
					channel: r.slack_channel as string,
					ts: r.slack_ts as string,
					permalink: (r.slack_permalink as string | null) ?? null,
				}
			: null,
		updatedAt: iso(r.updated_at) as string,
	};
	return withDurations(base, now);
}

/** Event ids are bigints on SQL backends: reject anything else before it reaches the database. */
function eventId(id: string, field = 'event id'): string {
	if (typeof id !== 'string' || !/^\d{1,18}$/.test(id))
		throw invalidInput(
			field,
			`must be the numeric id returned by Append Event or Claim Batch (got ${JSON.stringify(id)})`,
		);
	return id;
}

const STUCK_PREDICATE = `(
	cardinality(o.open_exception_types) > 0
	OR EXISTS (
		SELECT 1 FROM pp_exceptions x
		WHERE x.order_key = o.order_key AND x.resolved_at IS NULL AND x.opened_at <= $1::timestamptz
	)
	OR (
		o.stage <> ALL($2::text[])
		AND o.stage_changed_at <= $1::timestamptz - make_interval(secs => $3::double precision)
	)
)`;

/** Stores what an appended event teaches about parcels ($links: [{tracking_number, order_key}]). */
const INSERT_EVENT_LINKS = (links: string, now: string) => `
	INSERT INTO pp_tracking_numbers (tracking_number, order_key, origin, first_seen_at)
	SELECT l.tracking_number, l.order_key, 'event', ${now}::timestamptz
	FROM jsonb_to_recordset(${links}::jsonb) AS l(tracking_number text, order_key text)
	ON CONFLICT DO NOTHING`;

function eventLinksJson(events: NewEvent[]): string {
	return JSON.stringify(
		events
			.flatMap((e) => trackingLinksOf(e))
			.map((l) => ({ tracking_number: l.trackingNumber, order_key: l.orderKey })),
	);
}

/** One indexed query for a whole batch of (already normalised) tracking numbers. */
async function findParcelOrdersIn(db: SqlSession, numbers: string[]): Promise<ParcelOrders> {
	const { rows } = await db.query<Row>(
		'SELECT tracking_number, order_key, origin FROM pp_tracking_numbers WHERE tracking_number = ANY($1::text[])',
		[numbers],
	);
	return ordersByNumber(
		rows.map((r) => ({ trackingNumber: r.tracking_number, orderKey: r.order_key, origin: r.origin }) as ParcelLink),
	);
}

/** An order as one upsert transaction left it (the caller adds how many retries it took). */
type Written = Omit<UpsertResult, 'retries'>;

/**
 * The lookup rows of each order follow its record's parcels: added ones in, ones it no longer has out. One
 * statement for all the records, each record's own links as if synced one by one.
 */
async function syncRecordLinksOfMany(tx: SqlSession, records: OrderRecord[], now: string): Promise<void> {
	if (records.length === 0) return;
	const orderKeys: string[] = [];
	const numbers: string[] = [];
	for (const record of records)
		for (const n of recordTrackingNumbers(record)) {
			orderKeys.push(record.orderKey);
			numbers.push(n);
		}
	await tx.query(
		`WITH pairs AS (SELECT * FROM unnest($2::text[], $3::text[]) AS p(order_key, tracking_number)),
		gone AS (
			DELETE FROM pp_tracking_numbers t
			WHERE t.order_key = ANY($1::text[]) AND t.origin = 'record'
			  AND NOT EXISTS (SELECT 1 FROM pairs p WHERE p.order_key = t.order_key AND p.tracking_number = t.tracking_number)
		)
		INSERT INTO pp_tracking_numbers (tracking_number, order_key, origin, first_seen_at)
		SELECT p.tracking_number, p.order_key, 'record', $4::timestamptz FROM pairs p
		ON CONFLICT DO NOTHING`,
		[records.map((r) => r.orderKey), orderKeys, numbers, now],
	);
}

function withParcel(result: AppendResult, parcel: ParcelMatch | undefined): AppendResult {
	const verdict = parcelOfStored(parcel, result.event);
	return verdict ? { ...result, parcel: verdict } : result;
}

/** Arbitrary constant: with a hash of the schema, the advisory lock that makes claims take turns. */
const CLAIM_LOCK_CLASS = 7_340_212;

export class SqlLedgerStore implements LedgerStore {
	private migrated: Promise<unknown> | null = null;

	constructor(
		private readonly driver: SqlDriver,
		readonly backend: 'postgres' | 'embedded',
		private readonly schema?: string,
		private readonly merge: OrderMerge = mergeRecords,
	) {}

	/** Migrations run once per store (per execution), before the first statement. */
	private async ready(): Promise<SqlDriver> {
		if (!this.migrated) {
			this.migrated = migrate(this.driver, this.schema).catch((err) => {
				this.migrated = null;
				throw err;
			});
		}
		await this.migrated;
		return this.driver;
	}

	/* ---------------- events ---------------- */

	async appendEvent(event: NewEvent, now: string): Promise<AppendResult> {
		validateNewEvent(event);
		now = requireIso(now, 'now');
		const db = await this.ready();
		const [prepared] = await matchParcelEvents([event], (numbers) => this.findParcelOrders(numbers));
		const e = prepared.event;
		// One statement: the event and what it teaches about parcels commit together.
		const inserted = await db.query<Row>(
			`WITH ins AS (
				INSERT INTO pp_events (idempotency_key, source, topic, order_key, payload, status, attempts,
				                       next_attempt_at, received_at, updated_at)
				VALUES ($1, $2, $3, $4, $5::jsonb, 'pending', 0, $6::timestamptz, $7::timestamptz, $6::timestamptz)
				ON CONFLICT (idempotency_key) DO NOTHING
				RETURNING *
			), links AS (${INSERT_EVENT_LINKS('$8', '$6')})
			SELECT * FROM ins`,
			[
				e.key,
				e.source,
				e.topic ?? null,
				e.orderKey ?? null,
				JSON.stringify(e.payload ?? null),
				now,
				e.receivedAt ?? now,
				eventLinksJson([e]),
			],
		);
		if (inserted.rows.length > 0)
			return withParcel({ status: 'new', event: toEvent(inserted.rows[0]) }, prepared.parcel);
		const existing = await db.query<Row>('SELECT * FROM pp_events WHERE idempotency_key = $1', [event.key]);
		return withParcel({ status: 'duplicate', event: toEvent(existing.rows[0]) }, prepared.parcel);
	}

	async findParcelOrders(trackingNumbers: string[]): Promise<ParcelOrders> {
		const numbers = [
			...new Set(
				trackingNumbers
					.map((n) => normaliseTrackingNumber(typeof n === 'string' ? n : null))
					.filter((n): n is string => n !== null),
			),
		];
		if (numbers.length === 0) return new Map();
		const db = await this.ready();
		return await findParcelOrdersIn(db, numbers);
	}

	/**
	 * Many appends in one transaction per 500 events: one durable commit covers them all (PostgreSQL
	 * fsyncs once), which is what makes a webhook burst or a backfill fast. Within the call the first
	 * occurrence of a key is "new", later ones are duplicates of it.
	 */
	async appendEvents(events: NewEvent[], now: string): Promise<Array<AppendResult | Error>> {
		now = requireIso(now, 'now');
		const results: Array<AppendResult | Error | undefined> = new Array(events.length);
		const valid: number[] = [];
		events.forEach((e, i) => {
			try {
				validateNewEvent(e);
				valid.push(i);
			} catch (err) {
				results[i] = err as Error;
			}
		});
		for (let start = 0; start < valid.length; start += 500) {
			const chunk = valid.slice(start, start + 500);
			try {
				const chunkResults = await this.appendChunk(
					chunk.map((i) => events[i]),
					now,
				);
				chunk.forEach((i, k) => (results[i] = chunkResults[k]));
			} catch (err) {
				if ((err as LedgerError).code === 'connection_failed') {
					for (const i of chunk) results[i] = err as Error;
					continue;
				}
				// One value the database refuses must not fail its neighbours: retry them one by one.
				for (const i of chunk) results[i] = await this.appendEvent(events[i], now).catch((e: Error) => e);
			}
		}
		return results as Array<AppendResult | Error>;
	}

	private async appendChunk(original: NewEvent[], now: string): Promise<AppendResult[]> {
		const db = await this.ready();
		const prepared = await matchParcelEvents(original, (numbers) => this.findParcelOrders(numbers));
		const events = prepared.map((p) => p.event);
		const rows = events.map((e, ord) => ({
			ord,
			key: e.key,
			source: e.source,
			topic: e.topic ?? null,
			order_key: e.orderKey ?? null,
			payload: e.payload ?? null,
			received_at: e.receivedAt ?? now,
		}));
		const inserted = await db.query<Row>(
			`WITH ins AS (
				INSERT INTO pp_events (idempotency_key, source, topic, order_key, payload, status, attempts,
				                       next_attempt_at, received_at, updated_at)
				SELECT x.key, x.source, x.topic, x.order_key, coalesce(x.payload, 'null'::jsonb), 'pending', 0,
				       $2::timestamptz, x.received_at, $2::timestamptz
				FROM jsonb_to_recordset($1::jsonb)
				     AS x(ord int, key text, source text, topic text, order_key text, payload jsonb, received_at timestamptz)
				ORDER BY x.ord
				ON CONFLICT (idempotency_key) DO NOTHING
				RETURNING *
			), links AS (${INSERT_EVENT_LINKS('$3', '$2')})
			SELECT * FROM ins`,
			[JSON.stringify(rows), now, eventLinksJson(events)],
		);
		const fresh = new Map(inserted.rows.map((r) => [r.idempotency_key as string, toEvent(r)]));
		const missing = [...new Set(events.map((e) => e.key).filter((k) => !fresh.has(k)))];
		const existing = missing.length
			? new Map(
					(await db.query<Row>('SELECT * FROM pp_events WHERE idempotency_key = ANY($1::text[])', [missing])).rows.map(
						(r) => [r.idempotency_key as string, toEvent(r)],
					),
				)
			: new Map<string, LedgerEvent>();
		const seen = new Set<string>();
		return events.map((e, i) => {
			const isFirst = !seen.has(e.key);
			seen.add(e.key);
			const newEvent = fresh.get(e.key);
			if (newEvent && isFirst) return withParcel({ status: 'new', event: newEvent }, prepared[i].parcel);
			return withParcel({ status: 'duplicate', event: newEvent ?? existing.get(e.key)! }, prepared[i].parcel);
		});
	}

	async claimBatch(opts: ClaimOptions): Promise<LedgerEvent[]> {
		const now = requireIso(opts.now, 'now');
		const limit = requirePositiveInt(opts.limit, 'batch size');
		const leaseSeconds = requirePositiveInt(opts.leaseSeconds, 'lease seconds');
		const maxAttempts = requirePositiveInt(opts.maxAttempts, 'max attempts');
		const worker = requireText(opts.worker, 'worker');
		const db = await this.ready();
		return await db.transaction(async (tx) => {
			// Claims take turns (for the length of this transaction): a claim then sees every lease the one before
			// it committed, so two workers never take events of the same order at once. The key is per schema, so
			// tenants' ledgers in one database do not wait for each other.
			await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CLAIM_LOCK_CLASS, this.schema ?? 'public']);
			await this.expireLeases(tx, now, maxAttempts);
			const token = randomUUID();
			const { rows } = await tx.query<Row>(
				`WITH picked AS (
					SELECT id FROM pp_events e
					WHERE status IN ('pending', 'failed') AND next_attempt_at <= $1::timestamptz
					  AND (e.order_key IS NULL OR NOT EXISTS (
						SELECT 1 FROM pp_events busy
						WHERE busy.order_key = e.order_key AND busy.status = 'processing'
					  ))
					ORDER BY next_attempt_at, id
					LIMIT $2
					FOR UPDATE SKIP LOCKED
				)
				UPDATE pp_events e
				SET status = 'processing', attempts = e.attempts + 1, leased_by = $3, lease_token = $4,
				    lease_expires_at = $1::timestamptz + make_interval(secs => $5::double precision),
				    updated_at = $1::timestamptz
				FROM picked WHERE e.id = picked.id
				RETURNING e.*`,
				[now, limit, worker, token, leaseSeconds],
			);
			const claimed = await this.matchClaimedParcels(tx, rows.map(toEvent));
			const waiting = await this.releaseMatchedToBusyOrders(tx, claimed, rows, now);
			return claimed.filter((e) => !waiting.has(e.id)).sort((a, b) => Number(a.id) - Number(b.id));
		});
	}

	/**
	 * A parcel stored without an order (its number was unknown at append) is matched again at claim:
	 * the order may have been stored since. A match is written back (order_key and the payload's
	 * observations), so List Events, Get Timeline and the next claim see it under its order.
	 */
	private async matchClaimedParcels(tx: SqlSession, events: LedgerEvent[]): Promise<LedgerEvent[]> {
		const numbers = [...new Set(events.flatMap((e) => parcelNumbersOf(e)))];
		if (numbers.length === 0) return events;
		const prepared = await matchParcelEvents(events, async () => await findParcelOrdersIn(tx, numbers));
		const matched = prepared.filter((p) => p.parcel?.matched);
		const updated = new Map<string, LedgerEvent>();
		if (matched.length > 0) {
			const { rows } = await tx.query<Row>(
				`UPDATE pp_events e SET order_key = r.order_key, payload = r.payload
				 FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, order_key text, payload jsonb)
				 WHERE e.id = r.id AND e.order_key IS NULL
				 RETURNING e.*`,
				[
					JSON.stringify(
						matched.map((p) => ({ id: p.event.id, order_key: p.event.orderKey, payload: p.event.payload })),
					),
				],
			);
			for (const r of rows) updated.set(String(r.id), toEvent(r));
		}
		// The row is locked by this claim, so a match is always written; the verdict is reported as is.
		return prepared.map((p, i) => {
			const event = updated.get(events[i].id) ?? events[i];
			return p.parcel ? { ...event, parcel: p.parcel } : event;
		});
	}

	/**
	 * A push stored without an order passed the claim's busy-order test; matched to its order now, it must wait like
	 * the order's other events when another claim holds that order (two runs would reconcile it at once). Such
	 * events are handed back as they were (due, this attempt not counted) and left out of the batch.
	 */
	private async releaseMatchedToBusyOrders(
		tx: SqlSession,
		claimed: LedgerEvent[],
		rows: Row[],
		now: string,
	): Promise<Set<string>> {
		const wasUnmatched = new Set(rows.filter((r) => r.order_key == null).map((r) => String(r.id)));
		const matched = claimed.filter((e) => wasUnmatched.has(e.id) && e.orderKey).map((e) => e.id);
		if (matched.length === 0) return new Set();
		const { rows: released } = await tx.query<{ id: string }>(
			`UPDATE pp_events e
			 SET status = CASE WHEN e.last_error IS NULL THEN 'pending' ELSE 'failed' END, attempts = e.attempts - 1,
			     leased_by = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = $2::timestamptz
			 WHERE e.id = ANY($1::bigint[]) AND EXISTS (
				SELECT 1 FROM pp_events busy
				WHERE busy.order_key = e.order_key AND busy.status = 'processing'
				  AND busy.lease_token IS DISTINCT FROM e.lease_token
			 )
			 RETURNING e.id`,
			[matched, now],
		);
		return new Set(released.map((r) => String(r.id)));
	}

	/**
	 * A lease that ran out means the claimer died or hung: the attempt counts as failed and the event
	 * becomes claimable again (or dead, when that was its last attempt).
	 */
	private async expireLeases(tx: SqlSession, now: string, maxAttempts: number): Promise<void> {
		await tx.query(
			`UPDATE pp_events e
			 SET status = CASE WHEN e.attempts >= $2 THEN 'dead' ELSE 'failed' END,
			     last_error = 'lease expired: claimed by ' || coalesce(e.leased_by, '?')
			                  || ' (attempt ' || e.attempts || ') and never acknowledged',
			     next_attempt_at = $1::timestamptz, lease_expires_at = NULL, lease_token = NULL, updated_at = $1::timestamptz
			 WHERE e.id IN (
				SELECT id FROM pp_events WHERE status = 'processing' AND lease_expires_at <= $1::timestamptz
				FOR UPDATE SKIP LOCKED
			 )`,
			[now, maxAttempts],
		);
	}

	async ack(refs: EventRef[], now: string): Promise<AckResult[]> {
		now = requireIso(now, 'now');
		if (refs.length === 0) return [];
		const ids = refs.map((r) => eventId(r.id));
		const tokens = refs.map((r) => requireText(r.leaseToken, 'lease token'));
		const db = await this.ready();
		const { rows } = await db.query<Row>(
			`UPDATE pp_events e
			 SET status = 'done', done_at = $3::timestamptz, updated_at = $3::timestamptz,
			     lease_expires_at = NULL, lease_token = NULL, last_error = NULL
			 FROM unnest($1::bigint[], $2::text[]) AS r(id, token)
			 WHERE e.id = r.id AND e.lease_token = r.token AND e.status = 'processing'
			 RETURNING e.*`,
			[ids, tokens, now],
		);
		const acked = new Map(rows.map((r) => [String(r.id), toEvent(r)]));
		const others = ids.filter((id) => !acked.has(id));
		const current = others.length ? await this.eventsById(db, others) : new Map<string, LedgerEvent>();
		return ids.map((id) => {
			const done = acked.get(id);
			if (done) return { id, outcome: 'acked', event: done };
			const e = current.get(id) ?? null;
			if (!e) return { id, outcome: 'not_found', event: null };
			return { id, outcome: e.status === 'done' ? 'already_done' : 'lease_lost', event: e };
		});
	}

	private async eventsById(db: SqlSession, ids: string[]): Promise<Map<string, LedgerEvent>> {
		const { rows } = await db.query<Row>('SELECT * FROM pp_events WHERE id = ANY($1::bigint[])', [ids]);
		return new Map(rows.map((r) => [String(r.id), toEvent(r)]));
	}

	async fail(ref: EventRef, opts: FailOptions): Promise<FailResult> {
		const id = eventId(ref.id);
		const token = requireText(ref.leaseToken, 'lease token');
		const now = requireIso(opts.now, 'now');
		const maxAttempts = requirePositiveInt(opts.maxAttempts, 'max attempts');
		assertNoNul(opts.error, 'error');
		const db = await this.ready();
		return await db.transaction(async (tx) => {
			const { rows } = await tx.query<Row>('SELECT * FROM pp_events WHERE id = $1 FOR UPDATE', [id]);
			if (rows.length === 0) return { id, outcome: 'not_found', event: null } as FailResult;
			const current = toEvent(rows[0]);
			if (current.status !== 'processing' || current.leaseToken !== token)
				return { id, outcome: 'lease_lost', event: current } as FailResult;
			const dead = isExhausted(current.attempts, maxAttempts);
			const next = dead
				? null
				: addSeconds(
						now,
						retryDelaySeconds(current.attempts, opts.baseDelaySeconds, opts.maxDelaySeconds, opts.random),
					);
			const updated = await tx.query<Row>(
				`UPDATE pp_events SET status = $2, last_error = $3, next_attempt_at = $4::timestamptz,
				        lease_expires_at = NULL, lease_token = NULL, updated_at = $5::timestamptz
				 WHERE id = $1 RETURNING *`,
				[id, dead ? 'dead' : 'failed', opts.error, next, now],
			);
			return { id, outcome: dead ? 'dead' : 'retry_scheduled', event: toEvent(updated.rows[0]) } as FailResult;
		});
	}

	async replay(ids: string[], by: string, now: string): Promise<ReplayResult[]> {
		now = requireIso(now, 'now');
		requireText(by, 'replayed by');
		const clean = ids.map((id) => eventId(id));
		if (clean.length === 0) return [];
		const db = await this.ready();
		const { rows } = await db.query<Row>(
			`UPDATE pp_events SET status = 'pending', attempts = 0, next_attempt_at = $2::timestamptz, replayed_by = $3,
			        replayed_at = $2::timestamptz, updated_at = $2::timestamptz, leased_by = NULL
			 WHERE id = ANY($1::bigint[]) AND status = 'dead' RETURNING *`,
			[clean, now, by],
		);
		const replayed = new Map(rows.map((r) => [String(r.id), toEvent(r)]));
		const rest = await this.eventsById(
			db,
			clean.filter((id) => !replayed.has(id)),
		);
		return clean.map((id) => {
			const e = replayed.get(id);
			if (e) return { id, outcome: 'replayed', event: e };
			const other = rest.get(id) ?? null;
			return { id, outcome: other ? 'not_dead' : 'not_found', event: other };
		});
	}

	async getEvent(id: string): Promise<LedgerEvent | null> {
		const db = await this.ready();
		const { rows } = await db.query<Row>('SELECT * FROM pp_events WHERE id = $1', [eventId(id)]);
		return rows.length ? toEvent(rows[0]) : null;
	}

	async listEvents(filter: EventFilter): Promise<LedgerEvent[]> {
		validateEventFilter(filter);
		const db = await this.ready();
		const { rows } = await db.query<Row>(
			`SELECT * FROM pp_events
			 WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
			   AND ($2::text IS NULL OR order_key = $2)
			   AND ($4::text IS NULL OR source = $4)
			   AND ($5::timestamptz IS NULL OR received_at >= $5::timestamptz)
			 ORDER BY id ${filter.newestFirst ? 'DESC' : 'ASC'} LIMIT $3`,
			[
				filter.status?.length ? filter.status : null,
				filter.orderKey || null,
				filter.limit ?? 1000,
				filter.source || null,
				receivedSinceOf(filter),
			],
		);
		return rows.map(toEvent);
	}

	/* ---------------- orders ---------------- */

	/**
	 * One order is a batch of one (upsertBatch): the same read, merge, checks and statements as a batch, so the
	 * two paths cannot drift apart. No row lock: optimistic concurrency. A writer that lost the race (another
	 * created or changed the row since our read) merges again on top of the winner's record.
	 */
	async upsertOrder(incoming: OrderRecord, now: string): Promise<UpsertResult> {
		validateOrderRecord(incoming);
		now = requireIso(now, 'now');
		for (let retries = 0; retries <= MAX_UPSERT_RETRIES; retries++) {
			const [outcome] = await this.upsertBatch([incoming], now);
			if (outcome instanceof Error) throw outcome;
			if (outcome) return { ...outcome, retries };
		}
		throw new LedgerError(
			'conflict',
			`Order ${incoming.orderKey} kept changing under this write (${MAX_UPSERT_RETRIES} retries)`,
			'Many workers are writing the same order at once. Re-run the item; if it persists, lower the workflow ' +
				'concurrency for this order.',
		);
	}

	/**
	 * The batch in one transaction: one read of the stored rows, one INSERT of the new orders, one version-guarded
	 * UPDATE of the changed ones, one statement for their tracking-number links (a processor run saves a few dozen
	 * orders; one transaction each cost five round trips per order). upsertOrder is the same transaction for one
	 * order. An invalid record or a merge that fails is that order's own error; what the batch cannot settle goes
	 * through upsertOrder, one by one: an order given twice (in input order), a row another writer changed since
	 * the read (upsertOrder merges again on top of it), and every order of a batch whose statement failed.
	 */
	async upsertOrders(records: OrderRecord[], now: string): Promise<Array<UpsertResult | Error>> {
		const results = new Array<UpsertResult | Error | undefined>(records.length);
		const batch: number[] = [];
		const keys = new Set<string>();
		records.forEach((r, i) => {
			try {
				validateOrderRecord(r);
			} catch (error) {
				results[i] = error as Error;
				return;
			}
			if (keys.has(r.orderKey)) return;
			keys.add(r.orderKey);
			batch.push(i);
		});
		if (batch.length > 0) {
			try {
				const written = await this.upsertBatch(
					batch.map((i) => records[i]),
					requireIso(now, 'now'),
				);
				batch.forEach((i, n) => {
					const outcome = written[n];
					results[i] = outcome && !(outcome instanceof Error) ? { ...outcome, retries: 0 } : outcome;
				});
			} catch {
				// A statement failed (the transaction is rolled back): each order alone, so only its own error shows.
			}
		}
		for (let i = 0; i < records.length; i++)
			if (results[i] === undefined) results[i] = await this.upsertOrder(records[i], now).catch((err: Error) => err);
		return results as Array<UpsertResult | Error>;
	}

	/**
	 * The one write transaction of both upsert paths. Per order: its result; its own Error (the merge failed, or
	 * merged a record that does not validate: nothing of it is written); or undefined when another writer created
	 * or changed its row since the read (the caller merges again). Keys are distinct; records are valid.
	 */
	private async upsertBatch(records: OrderRecord[], now: string): Promise<Array<Written | Error | undefined>> {
		const db = await this.ready();
		return db.transaction(async (tx) => {
			const { rows } = await tx.query<Row>(
				'SELECT order_key, record, version FROM pp_orders WHERE order_key = ANY($1::text[])',
				[records.map((r) => r.orderKey)],
			);
			const stored = new Map(rows.map((r) => [String(r.order_key), r]));
			const out = new Array<Written | Error | undefined>(records.length);
			const inserts: Array<{ at: number; record: OrderRecord }> = [];
			const updates: Array<{ at: number; record: OrderRecord; storedVersion: number }> = [];
			for (let at = 0; at < records.length; at++) {
				const incoming = records[at];
				const row = stored.get(incoming.orderKey);
				if (!row) {
					inserts.push({ at, record: { ...incoming, version: 1, updatedAt: now } });
					continue;
				}
				const previous = row.record as OrderRecord;
				const storedVersion = Number(row.version);
				let merged: OrderRecord;
				try {
					merged = await this.merge({ ...previous, version: storedVersion }, incoming);
					validateOrderRecord(merged);
				} catch (error) {
					out[at] = error as Error;
					continue;
				}
				if (sameOrderContent(merged, previous)) {
					out[at] = { status: 'unchanged', record: { ...previous, version: storedVersion } };
					continue;
				}
				const record = { ...merged, orderKey: previous.orderKey, version: storedVersion + 1, updatedAt: now };
				updates.push({ at, record, storedVersion });
			}
			const rowsOf = (list: Array<{ record: OrderRecord; storedVersion?: number }>) =>
				JSON.stringify(
					list.map(({ record, storedVersion }) => ({
						order_key: record.orderKey,
						stage: record.stage,
						stage_changed_at: record.stageChangedAt,
						open_exception_types: record.openExceptionTypes,
						placed_at: record.dates?.placedAt ?? null,
						record,
						version: record.version,
						stored_version: storedVersion ?? null,
					})),
				);
			const done = new Set<string>();
			if (inserts.length) {
				// A row another writer created since the read conflicts and is left out: upsertOrder merges with it.
				const ins = await tx.query<Row>(
					`INSERT INTO pp_orders (order_key, stage, stage_changed_at, open_exception_types, placed_at, record,
					                        version, created_at, updated_at)
					 SELECT u.order_key, u.stage, u.stage_changed_at,
					        ARRAY(SELECT jsonb_array_elements_text(u.open_exception_types)), u.placed_at, u.record,
					        u.version, $2::timestamptz, $2::timestamptz
					 FROM jsonb_to_recordset($1::jsonb) AS u(order_key text, stage text, stage_changed_at timestamptz,
					      open_exception_types jsonb, placed_at timestamptz, record jsonb, version integer)
					 ON CONFLICT (order_key) DO NOTHING RETURNING order_key`,
					[rowsOf(inserts), now],
				);
				for (const r of ins.rows) done.add(String(r.order_key));
			}
			if (updates.length) {
				// The version guard, row by row: only where nobody wrote since our read.
				const upd = await tx.query<Row>(
					`UPDATE pp_orders o SET stage = u.stage, stage_changed_at = u.stage_changed_at,
					        open_exception_types = ARRAY(SELECT jsonb_array_elements_text(u.open_exception_types)),
					        placed_at = u.placed_at, record = u.record, version = u.version, updated_at = $2::timestamptz
					 FROM jsonb_to_recordset($1::jsonb) AS u(order_key text, stage text, stage_changed_at timestamptz,
					      open_exception_types jsonb, placed_at timestamptz, record jsonb, version integer,
					      stored_version integer)
					 WHERE o.order_key = u.order_key AND o.version = u.stored_version RETURNING o.order_key`,
					[rowsOf(updates), now],
				);
				for (const r of upd.rows) done.add(String(r.order_key));
			}
			const written = [
				...inserts.map((w) => ({ ...w, status: 'created' as const })),
				...updates.map((w) => ({ ...w, status: 'updated' as const })),
			].filter((w) => done.has(w.record.orderKey));
			await syncRecordLinksOfMany(
				tx,
				written.map((w) => w.record),
				now,
			);
			for (const w of written) out[w.at] = { status: w.status, record: w.record };
			return out;
		});
	}

	async getOrder(orderKey: string): Promise<OrderRecord | null> {
		requireText(orderKey, 'order key');
		return (await this.getOrders([orderKey])).get(orderKey) ?? null;
	}

	/** One indexed query for the whole list (the primary key), rows in the order the keys were given. */
	async getOrders(orderKeys: string[]): Promise<Map<string, OrderRecord>> {
		const keys = requireOrderKeys(orderKeys);
		if (keys.length === 0) return new Map();
		const db = await this.ready();
		const { rows } = await db.query<Row>(
			`SELECT order_key, record, version FROM pp_orders WHERE order_key = ANY($1::text[])
			 ORDER BY array_position($1::text[], order_key)`,
			[keys],
		);
		return new Map(
			rows.map((r) => [String(r.order_key), { ...(r.record as OrderRecord), version: Number(r.version) }]),
		);
	}

	async listOrders(filter: OrderFilter): Promise<OrderRecord[]> {
		const now = requireIso(filter.now, 'now');
		const db = await this.ready();
		// $1..$3 are the stuck predicate's; they are always typed so PostgreSQL can plan the query.
		const stuckClause =
			filter.stuckForSeconds !== undefined
				? STUCK_PREDICATE
				: '($1::timestamptz IS NOT NULL AND $2::text[] IS NOT NULL AND $3::double precision IS NOT NULL)';
		const { rows } = await db.query<Row>(
			`SELECT o.record, o.version FROM pp_orders o
			 WHERE ($4::text[] IS NULL OR o.stage = ANY($4::text[]))
			   AND ($5::text IS NULL OR $5 = ANY(o.open_exception_types)
			        OR EXISTS (SELECT 1 FROM pp_exceptions x
			                   WHERE x.order_key = o.order_key AND x.type = $5 AND x.resolved_at IS NULL))
			   AND ${stuckClause}
			 ORDER BY o.stage_changed_at, o.order_key
			 LIMIT $6`,
			[
				now,
				TERMINAL_STAGES,
				filter.stuckForSeconds ?? 0,
				filter.stages?.length ? filter.stages : null,
				filter.exceptionType ?? null,
				filter.limit ?? 100,
			],
		);
		return rows.map((r) => ({ ...(r.record as OrderRecord), version: Number(r.version) }));
	}

	async getTimeline(orderKey: string) {
		requireText(orderKey, 'order key');
		const db = await this.ready();
		const events = await db.query<Row>('SELECT * FROM pp_events WHERE order_key = $1 ORDER BY received_at, id', [
			orderKey,
		]);
		const cases = await db.query<Row>('SELECT * FROM pp_exceptions WHERE order_key = $1 ORDER BY opened_at', [
			orderKey,
		]);
		const record = await this.getOrder(orderKey);
		return buildTimeline(
			record,
			events.rows.map(toEvent),
			cases.rows.map((r) => toException(r, iso(r.updated_at) as string)),
		);
	}

	/* ---------------- exceptions ---------------- */

	async openException(input: OpenExceptionInput, now: string) {
		validateOpenException(input);
		now = requireIso(now, 'now');
		const db = await this.ready();
		const ins = await db.query<Row>(
			`INSERT INTO pp_exceptions (id, order_key, type, severity, opened_at, owner, evidence, created_at, updated_at)
			 VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7::jsonb, $8::timestamptz, $8::timestamptz)
			 ON CONFLICT (id) DO NOTHING RETURNING *`,
			[
				input.id,
				input.orderKey,
				input.type,
				input.severity,
				input.openedAt ?? now,
				input.owner ?? null,
				JSON.stringify(input.evidence ?? {}),
				now,
			],
		);
		if (ins.rows.length) return { status: 'opened' as const, exception: toException(ins.rows[0], now) };
		return { status: 'existing' as const, exception: await this.requireException(input.id, now) };
	}

	private async requireException(id: string, now: string): Promise<LedgerException> {
		const found = await this.getException(id, now);
		if (!found)
			throw new LedgerError(
				'not_found',
				`No exception case with id ${id}`,
				"Use the case id returned by Open Exception (or the engine's ExceptionCase.id).",
			);
		return found;
	}

	async acknowledgeException(id: string, owner: string | null, now: string) {
		requireText(id, 'exception id');
		now = requireIso(now, 'now');
		if (owner != null) assertNoNul(owner, 'owner');
		const db = await this.ready();
		const { rows } = await db.query<Row>(
			`UPDATE pp_exceptions
			 SET acknowledged_at = coalesce(acknowledged_at, $2::timestamptz), owner = coalesce($3, owner),
			     updated_at = $2::timestamptz
			 WHERE id = $1 RETURNING *`,
			[id, now, owner],
		);
		return rows.length ? toException(rows[0], now) : await this.requireException(id, now);
	}

	async resolveException(id: string, resolution: string, now: string) {
		requireText(id, 'exception id');
		requireText(resolution, 'resolution');
		assertNoNul(resolution, 'resolution');
		now = requireIso(now, 'now');
		const db = await this.ready();
		// Resolving twice keeps the first resolution: the case's history must not be rewritten.
		const { rows } = await db.query<Row>(
			`UPDATE pp_exceptions SET resolution = CASE WHEN resolved_at IS NULL THEN $3 ELSE resolution END,
			        resolved_at = coalesce(resolved_at, $2::timestamptz), updated_at = $2::timestamptz
			 WHERE id = $1 RETURNING *`,
			[id, now, resolution],
		);
		return rows.length ? toException(rows[0], now) : await this.requireException(id, now);
	}

	async getException(id: string, now: string = new Date().toISOString()) {
		const db = await this.ready();
		const { rows } = await db.query<Row>('SELECT * FROM pp_exceptions WHERE id = $1', [id]);
		return rows.length ? toException(rows[0], now) : null;
	}

	async listExceptions(filter: ExceptionFilter) {
		const now = requireIso(filter.now, 'now');
		const db = await this.ready();
		const state = filter.state ?? 'open';
		const { rows } = await db.query<Row>(
			`SELECT * FROM pp_exceptions
			 WHERE ($1 = 'all' OR ($1 = 'open' AND resolved_at IS NULL) OR ($1 = 'resolved' AND resolved_at IS NOT NULL))
			   AND ($2::text IS NULL OR order_key = $2) AND ($3::text IS NULL OR type = $3)
			   AND ($5::text[] IS NULL OR order_key = ANY($5::text[])) AND (NOT $6::boolean OR slack_ts IS NULL)
			 ORDER BY opened_at, id LIMIT $4`,
			[
				state,
				filter.orderKey ?? null,
				filter.type ?? null,
				filter.limit ?? 1000,
				filter.orderKeys ? [...filter.orderKeys] : null,
				filter.withoutMessage === true,
			],
		);
		return rows.map((r) => toException(r, now));
	}

	async setExceptionMessageRef(id: string, ref: SlackMessageRef, now: string) {
		requireText(id, 'exception id');
		requireText(ref.channel, 'slack channel');
		requireText(ref.ts, 'slack ts');
		if (ref.permalink != null) assertNoNul(ref.permalink, 'slack permalink');
		now = requireIso(now, 'now');
		const db = await this.ready();
		// First writer wins: a second Slack post for the same case must see the first one's ts.
		await db.query(
			`UPDATE pp_exceptions SET slack_channel = $2, slack_ts = $3, slack_permalink = $4, updated_at = $5::timestamptz
			 WHERE id = $1 AND slack_ts IS NULL`,
			[id, ref.channel, ref.ts, ref.permalink ?? null, now],
		);
		return await this.requireException(id, now);
	}

	async replaceExceptionMessageRef(id: string, previousTs: string, ref: SlackMessageRef, now: string) {
		requireText(id, 'exception id');
		requireText(previousTs, 'previous slack ts');
		requireText(ref.channel, 'slack channel');
		requireText(ref.ts, 'slack ts');
		if (ref.permalink != null) assertNoNul(ref.permalink, 'slack permalink');
		now = requireIso(now, 'now');
		const db = await this.ready();
		await db.query(
			`UPDATE pp_exceptions SET slack_channel = $3, slack_ts = $4, slack_permalink = $5, updated_at = $6::timestamptz
			 WHERE id = $1 AND slack_ts = $2`,
			[id, previousTs, ref.channel, ref.ts, ref.permalink ?? null, now],
		);
		return await this.requireException(id, now);
	}

	async exceptionReport(opts: { now: string; weeks: number }): Promise<ExceptionReport> {
		const now = requireIso(opts.now, 'now');
		const weeks = requirePositiveInt(opts.weeks, 'weeks');
		const start = addSeconds(now, -weeks * 7 * 24 * 3600);
		const db = await this.ready();
		const { rows } = await db.query<Row>(
			`SELECT * FROM pp_exceptions WHERE resolved_at IS NULL OR opened_at >= $1::timestamptz OR resolved_at >= ` +
				`$1::timestamptz`,
			[start],
		);
		return buildExceptionReport(
			rows.map((r) => toException(r, now)),
			now,
			weeks,
		);
	}

	async selfServiceReport(opts: { now: string; weeks: number }): Promise<SelfServiceReport> {
		const now = requireIso(opts.now, 'now');
		const weeks = requirePositiveInt(opts.weeks, 'weeks');
		const events = await this.listEvents({
			source: SELF_SERVICE_SOURCE,
			receivedSince: selfServiceWindowStart(now, weeks),
			limit: Number.MAX_SAFE_INTEGER,
		});
		return selfServiceReport(events, now, weeks);
	}

	async stuckCount(opts: { now: string; olderThanSeconds: number }): Promise<StuckCount> {
		const now = requireIso(opts.now, 'now');
		if (!(opts.olderThanSeconds >= 0)) throw invalidInput('older than', 'must be zero or more');
		const db = await this.ready();
		const { rows } = await db.query<Row>(
			`WITH stuck AS (
				SELECT o.order_key, o.stage,
				       ARRAY(SELECT DISTINCT t FROM unnest(o.open_exception_types || coalesce(
				             (SELECT array_agg(x.type) FROM pp_exceptions x
				              WHERE x.order_key = o.order_key AND x.resolved_at IS NULL AND x.opened_at <= $1::timestamptz),
				             '{}'::text[])) AS t) AS types
				FROM pp_orders o WHERE ${STUCK_PREDICATE}
			)
			SELECT 'stage' AS dim, stage AS name, count(*)::int AS n FROM stuck GROUP BY stage
			UNION ALL
			SELECT 'type', t, count(*)::int FROM stuck, unnest(types) AS t GROUP BY t`,
			[now, TERMINAL_STAGES, opts.olderThanSeconds],
		);
		const result: StuckCount = {
			now,
			olderThanSeconds: opts.olderThanSeconds,
			total: 0,
			byStage: {},
			byExceptionType: {},
		};
		for (const r of rows) {
			if (r.dim === 'stage') {
				result.byStage[r.name as Stage] = Number(r.n);
				result.total += Number(r.n);
			} else result.byExceptionType[r.name as ExceptionType] = Number(r.n);
		}
		return result;
	}

	/* ---------------- attempts (issue 17) ---------------- */

	/**
	 * One statement: the count (INSERT ... ON CONFLICT DO UPDATE, so concurrent workers each add exactly one) and,
	 * when this attempt opened a new row, the deletion of up to ATTEMPT_CLEANUP_BATCH rows whose window ended
	 * more than a day before `now`. Every new row thus removes old ones, and the table stays about a day of
	 * windows. Expired rows another clean-up holds are skipped (SKIP LOCKED), so workers never wait on each other.
	 */
	async countAttempt(opts: AttemptOptions): Promise<AttemptCount> {
		const { subject, windowSeconds, limit, now } = validateAttempt(opts);
		const window = attemptWindow(now, windowSeconds);
		const db = await this.ready();
		const { rows } = await db.query<{ count: string | number }>(
			`WITH counted AS (
				INSERT INTO pp_attempts AS a (subject, window_start, window_ends_at, count)
				VALUES ($1, $2::timestamptz, $3::timestamptz, 1)
				ON CONFLICT (subject, window_start) DO UPDATE
				SET count = a.count + 1, window_ends_at = greatest(a.window_ends_at, excluded.window_ends_at)
				RETURNING a.count
			), expired AS (
				DELETE FROM pp_attempts d
				WHERE (d.subject, d.window_start) IN (
					SELECT o.subject, o.window_start FROM pp_attempts o
					WHERE o.window_ends_at < $4::timestamptz AND (SELECT c.count FROM counted c) = 1
					ORDER BY o.window_ends_at
					LIMIT $5
					FOR UPDATE OF o SKIP LOCKED
				)
			)
			SELECT count FROM counted`,
			[subject, window.start, window.end, addSeconds(now, -ATTEMPT_RETENTION_SECONDS), ATTEMPT_CLEANUP_BATCH],
		);
		return attemptVerdict(Number(rows[0].count), limit, window.end, now);
	}

	async close(): Promise<void> {
		await this.driver.close();
	}
}
