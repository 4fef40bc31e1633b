/**
 * LedgerStore on an Airtable base, for teams that live in Airtable. Same contract as the SQL stores,
 * with Airtable's limits: 10 records per write, 5 requests/s, 30 s after a 429, long text capped at
 * 100,000 characters. Airtable has no transactions, so:
 *  - Append and Upsert Order use performUpsert (the match on Key / Order Key happens inside Airtable,
 *    so a delivery is stored once even when two executions append it together);
 *  - Claim Batch is exclusive only for one worker at a time: use PostgreSQL for several workers;
 *  - Count Attempt reads, then writes: racing calls can under-count (see countAttempt).
 */
import { randomUUID } from 'node:crypto';

import type { ExceptionType, OrderRecord, Stage } from '../../order/types';
import { attemptVerdict, attemptWindow } from '../attempts';
import { addSeconds, isExhausted, retryDelaySeconds } from '../backoff';
import { invalidInput, LedgerError } from '../errors';
import { mergeRecords } from '../merge';
import { normaliseTrackingNumber } from '../../order/derive';
import {
	matchParcelEvents,
	matchParcels,
	observationsIn,
	ordersByNumber,
	parcelNumbersOf,
	parcelOfStored,
	recordTrackingNumbers,
	trackingLinksOf,
	withOrderKey,
	type ParcelLink,
	type ParcelMatch,
} from '../parcels';
import { buildExceptionReport, isStuck, summariseStuck, withDurations } from '../report';
import { SELF_SERVICE_SOURCE, selfServiceReport, selfServiceWindowStart } from '../selfServiceReport';
import { buildTimeline } from '../timeline';
import type {
	AckResult,
	AppendResult,
	AttemptCount,
	AttemptOptions,
	ClaimOptions,
	EventFilter,
	EventRef,
	ExceptionFilter,
	ExceptionReport,
	SelfServiceReport,
	FailOptions,
	FailResult,
	LedgerEvent,
	LedgerException,
	LedgerStore,
	NewEvent,
	OpenExceptionInput,
	OrderFilter,
	ParcelOrders,
	ReplayResult,
	SlackMessageRef,
	StuckCount,
	TimelineEntry,
	UpsertResult,
} from '../types';
import {
	requireIso,
	requireOrderKeys,
	requirePositiveInt,
	requireText,
	sameOrderContent,
	assertNoNul,
	validateAttempt,
	validateEventFilter,
	receivedSinceOf,
	validateNewEvent,
	validateOpenException,
	validateOrderRecord,
} from '../validate';
import { AirtableClient, formulaString, type AirtableClientOptions, type AirtableRecord } from './client';
import {
	AIRTABLE_LONG_TEXT_MAX,
	ATTEMPTS_TABLE,
	checkBaseSchema,
	EVENTS_TABLE,
	EXCEPTIONS_TABLE,
	F,
	ORDERS_TABLE,
	TRACKING_TABLE,
	type SetupProblem,
} from './schema';

export type AirtableLedgerOptions = AirtableClientOptions & {
	/** Share one client (and so one 5/s pacer) between stores of the same execution. */
	client?: AirtableClient;
};

type Fields = Record<string, unknown>;

function str(v: unknown): string | null {
	return typeof v === 'string' && v !== '' ? v : null;
}

/** Airtable cells hold text: JSON goes in as text, and must fit a long text cell. */
function jsonCell(value: unknown, field: string): string {
	const text = JSON.stringify(value ?? null);
	if (text.length > AIRTABLE_LONG_TEXT_MAX) {
		throw invalidInput(
			field,
			`is ${text.length.toLocaleString('en-US')} characters as JSON; an Airtable long text cell holds at most ` +
				`${AIRTABLE_LONG_TEXT_MAX.toLocaleString('en-US')}. Trim it, or use the PostgreSQL or Embedded backend for ` +
				`large payloads`,
		);
	}
	return text;
}

function parseJson(v: unknown, fallback: unknown): unknown {
	if (typeof v !== 'string' || v === '') return fallback;
	try {
		return JSON.parse(v);
	} catch {
		return v;
	}
}

/** Order keys per filterByFormula when listing cases of many orders (about 40 characters each, encoded). */
const ORDER_KEYS_PER_FORMULA = 50;

function anyOf(field: string, values: string[]): string {
	return values.length === 1
		? `{${field}}=${formulaString(values[0])}`
		: `OR(${values.map((v) => `{${field}}=${formulaString(v)}`).join(',')})`;
}

function recordIdIn(ids: string[]): string {
	return ids.length === 1
		? `RECORD_ID()=${formulaString(ids[0])}`
		: `OR(${ids.map((id) => `RECORD_ID()=${formulaString(id)}`).join(',')})`;
}

function toEvent(r: AirtableRecord): LedgerEvent {
	const f = r.fields;
	return {
		id: r.id,
		key: String(f[F.events.key] ?? ''),
		source: String(f[F.events.source] ?? ''),
		topic: str(f[F.events.topic]),
		orderKey: str(f[F.events.orderKey]),
		payload: parseJson(f[F.events.payload], null),
		// A record created by Append's upsert has no Status yet: that is "pending".
		status: (str(f[F.events.status]) ?? 'pending') as LedgerEvent['status'],
		attempts: Number(f[F.events.attempts] ?? 0),
		nextAttemptAt: str(f[F.events.nextAttemptAt]),
		leaseExpiresAt: str(f[F.events.leaseExpiresAt]),
		leasedBy: str(f[F.events.leasedBy]),
		leaseToken: str(f[F.events.leaseToken]),
		lastError: str(f[F.events.lastError]),
		receivedAt: str(f[F.events.receivedAt]) ?? r.createdTime ?? '',
		updatedAt: str(f[F.events.updatedAt]) ?? str(f[F.events.receivedAt]) ?? r.createdTime ?? '',
		doneAt: str(f[F.events.doneAt]),
		replayedBy: str(f[F.events.replayedBy]),
		replayedAt: str(f[F.events.replayedAt]),
	};
}

function toException(r: AirtableRecord, now: string): LedgerException & { recordId: string } {
	const f = r.fields;
	const base = {
		id: String(f[F.exceptions.id] ?? ''),
		orderKey: String(f[F.exceptions.orderKey] ?? ''),
		type: f[F.exceptions.type] as ExceptionType,
		severity: f[F.exceptions.severity] as LedgerException['severity'],
		openedAt: String(f[F.exceptions.openedAt] ?? ''),
		evidence: parseJson(f[F.exceptions.evidence], {}) as Record<string, unknown>,
		owner: str(f[F.exceptions.owner]),
		ackedAt: str(f[F.exceptions.acknowledgedAt]),
		resolvedAt: str(f[F.exceptions.resolvedAt]),
		resolution: str(f[F.exceptions.resolution]),
		slack: str(f[F.exceptions.slackTs])
			? {
					channel: String(f[F.exceptions.slackChannel] ?? ''),
					ts: String(f[F.exceptions.slackTs]),
					permalink: str(f[F.exceptions.slackPermalink]),
				}
			: null,
		updatedAt: String(f[F.exceptions.updatedAt] ?? ''),
	};
	return { ...withDurations(base, now), recordId: r.id };
}

function toOrder(r: AirtableRecord): OrderRecord {
	const record = parseJson(r.fields[F.orders.record], null) as OrderRecord | null;
	if (!record || typeof record !== 'object') {
		throw new LedgerError(
			'backend_error',
			`Orders record ${r.id} has no readable "${F.orders.record}" JSON`,
			`Someone edited the "${F.orders.record}" cell by hand; restore it from the revision history in Airtable.`,
		);
	}
	return { ...record, version: Number(r.fields[F.orders.version] ?? record.version ?? 1) };
}

function orderFields(record: OrderRecord): Fields {
	return {
		[F.orders.key]: record.orderKey,
		[F.orders.stage]: record.stage,
		[F.orders.stageChangedAt]: record.stageChangedAt,
		[F.orders.openExceptions]: record.openExceptionTypes.join(', '),
		[F.orders.record]: jsonCell(record, 'order'),
		[F.orders.version]: record.version,
		[F.orders.updatedAt]: record.updatedAt,
	};
}

/** A base set up before a table existed: answered from other tables instead of failing. */
function isMissingTable(err: unknown): boolean {
	return err instanceof LedgerError && (err.code === 'table_missing' || err.code === 'field_missing');
}

export class AirtableLedgerStore implements LedgerStore {
	readonly backend = 'airtable' as const;
	readonly client: AirtableClient;

	constructor(opts: AirtableLedgerOptions) {
		if (!/^app[A-Za-z0-9]{3,}$/.test(opts.baseId ?? ''))
			throw invalidInput(
				'base',
				`must be an Airtable base id starting with "app" (got ${JSON.stringify(opts.baseId)})`,
			);
		// The client asks for the token unless its transport authenticates (n8n's credential does).
		this.client = opts.client ?? new AirtableClient(opts);
	}

	/** Setup: which tables and fields the base lacks, each with the exact fix. */
	async setup(): Promise<{ ready: boolean; problems: SetupProblem[]; tables: string[] }> {
		const tables = await this.client.baseSchema();
		const problems = checkBaseSchema(tables);
		return { ready: problems.length === 0, problems, tables: tables.map((t) => t.name) };
	}

	/* ---------------- events ---------------- */

	async appendEvent(event: NewEvent, now: string): Promise<AppendResult> {
		const [result] = await this.appendEvents([event], now);
		if (result instanceof Error) throw result;
		return result;
	}

	async appendEvents(original: NewEvent[], now: string): Promise<Array<AppendResult | Error>> {
		now = requireIso(now, 'now');
		const results: Array<AppendResult | Error | undefined> = new Array(original.length);
		const checked = original.map((event) => {
			try {
				validateNewEvent(event);
				return true;
			} catch (err) {
				return err as Error;
			}
		});
		// Parcel-only events (carrier pushes) get their order before they are stored: one lookup for all.
		const matchable = original.filter((_, i) => checked[i] === true);
		const matches = await matchParcelEvents(matchable, (numbers) => this.findParcelOrders(numbers));
		const parcels: Array<ParcelMatch | undefined> = new Array(original.length);
		let m = 0;
		const events = original.map((event, i) => {
			if (checked[i] !== true) return event;
			parcels[i] = matches[m].parcel;
			return matches[m++].event;
		});
		// A repeat of a parcel event must not rewrite its stored order (the match may differ now): those
		// already stored are answered from the store and not sent again.
		const parcelKeys = [...new Set(events.filter((_, i) => parcels[i]).map((e) => e.key))];
		const storedParcels = new Map<string, LedgerEvent>();
		for (let i = 0; i < parcelKeys.length; i += 50) {
			for (const r of await this.client.listAll(EVENTS_TABLE, anyOf(F.events.key, parcelKeys.slice(i, i + 50))))
				storedParcels.set(String(r.fields[F.events.key]), toEvent(r));
		}
		const valid: Array<{ index: number; fields: Fields }> = [];
		events.forEach((event, index) => {
			try {
				if (checked[index] !== true) throw checked[index] as Error;
				const stored = parcels[index] ? storedParcels.get(event.key) : undefined;
				if (stored) {
					const parcel = parcelOfStored(parcels[index], stored);
					results[index] = { status: 'duplicate', event: stored, ...(parcel ? { parcel } : {}) };
					return;
				}
				// Only facts that are the same for every delivery of this key: a duplicate's upsert then
				// rewrites identical values and never touches Status/Attempts of the stored one.
				valid.push({
					index,
					fields: {
						[F.events.key]: event.key,
						[F.events.source]: event.source,
						[F.events.topic]: event.topic ?? '',
						[F.events.orderKey]: event.orderKey ?? '',
						[F.events.payload]: jsonCell(event.payload, 'payload'),
						[F.events.receivedAt]: event.receivedAt ? new Date(event.receivedAt).toISOString() : now,
					},
				});
			} catch (err) {
				results[index] = err as Error;
			}
		});
		// The same key twice in one call: only the first is sent, the rest are duplicates of it.
		const firstByKey = new Map<string, number>();
		const unique = valid.filter((v) => {
			const key = v.fields[F.events.key] as string;
			if (firstByKey.has(key)) return false;
			firstByKey.set(key, v.index);
			return true;
		});
		const upserted = await this.client.upsert(
			EVENTS_TABLE,
			F.events.key,
			unique.map((v) => ({ fields: v.fields })),
		);
		const byKey = new Map(upserted.map((u) => [String(u.record.fields[F.events.key]), u]));
		for (const v of valid) {
			const key = v.fields[F.events.key] as string;
			const u = byKey.get(key);
			if (!u) {
				results[v.index] = new LedgerError(
					'backend_error',
					`Airtable did not return the event ${key}`,
					'Re-run the item; Append is idempotent.',
				);
				continue;
			}
			const isFirst = firstByKey.get(key) === v.index;
			const stored = toEvent(u.record);
			const parcel = parcelOfStored(parcels[v.index], stored);
			results[v.index] = {
				status: u.created && isFirst ? 'new' : 'duplicate',
				event: stored,
				...(parcel ? { parcel } : {}),
			};
		}
		await this.storeLinks(
			unique.flatMap((v) => trackingLinksOf(events[v.index])).map((l) => ({ ...l, origin: 'event' as const })),
			now,
		);
		return results as Array<AppendResult | Error>;
	}

	/* ---------------- parcels (issue 12) ---------------- */

	/**
	 * The Tracking Numbers table, 50 numbers per request. Without that table (a base set up before it
	 * existed) the same answer is read from the Orders and Events tables: slower, never wrong.
	 */
	async findParcelOrders(trackingNumbers: string[]): Promise<ParcelOrders> {
		const numbers = [
			...new Set(
				trackingNumbers
					.map((n) => normaliseTrackingNumber(typeof n === 'string' ? n : null))
					.filter((n): n is string => n !== null),
			),
		];
		if (numbers.length === 0) return new Map();
		const links: ParcelLink[] = [];
		try {
			for (let i = 0; i < numbers.length; i += 50) {
				const rows = await this.client.listAll(
					TRACKING_TABLE,
					anyOf(F.tracking.trackingNumber, numbers.slice(i, i + 50)),
				);
				for (const r of rows) {
					const origin = r.fields[F.tracking.origin] === 'record' ? 'record' : 'event';
					links.push({
						trackingNumber: String(r.fields[F.tracking.trackingNumber] ?? ''),
						orderKey: String(r.fields[F.tracking.orderKey] ?? ''),
						origin,
					});
				}
			}
		} catch (err) {
			if (!isMissingTable(err)) throw err;
			return ordersByNumber((await this.scanParcelLinks()).filter((l) => numbers.includes(l.trackingNumber)));
		}
		return ordersByNumber(links.filter((l) => l.orderKey !== ''));
	}

	/** Every link the Orders and Events tables hold: the fallback for a base without Tracking Numbers. */
	private async scanParcelLinks(): Promise<ParcelLink[]> {
		const links: ParcelLink[] = [];
		for (const order of await this.allOrders()) {
			for (const trackingNumber of recordTrackingNumbers(order))
				links.push({ trackingNumber, orderKey: order.orderKey, origin: 'record' });
		}
		for (const r of await this.client.listAll(EVENTS_TABLE, `NOT({${F.events.orderKey}}='')`)) {
			const e = toEvent(r);
			if (observationsIn(e.payload).length === 0) continue;
			for (const l of trackingLinksOf(e)) links.push({ ...l, origin: 'event' });
		}
		return links;
	}

	/** Records links (performUpsert on Link: a repeat changes nothing). Skipped, not failed, without the table. */
	private async storeLinks(links: ParcelLink[], now: string): Promise<void> {
		const unique = new Map(links.map((l) => [`${l.trackingNumber} ${l.orderKey} ${l.origin}`, l]));
		if (unique.size === 0) return;
		try {
			await this.client.upsert(
				TRACKING_TABLE,
				F.tracking.link,
				[...unique].map(([link, l]) => ({
					fields: {
						[F.tracking.link]: link,
						[F.tracking.trackingNumber]: l.trackingNumber,
						[F.tracking.orderKey]: l.orderKey,
						[F.tracking.origin]: l.origin,
						[F.tracking.updatedAt]: now,
					},
				})),
			);
		} catch (err) {
			if (!isMissingTable(err)) throw err;
		}
	}

	async claimBatch(opts: ClaimOptions): Promise<LedgerEvent[]> {
		const now = requireIso(opts.now, 'now');
		const limit = requirePositiveInt(opts.limit, 'batch size');
		const leaseSeconds = requirePositiveInt(opts.leaseSeconds, 'lease seconds');
		const maxAttempts = requirePositiveInt(opts.maxAttempts, 'max attempts');
		const worker = requireText(opts.worker, 'worker');
		const open = (
			await this.client.listAll(EVENTS_TABLE, anyOf(F.events.status, ['', 'pending', 'failed', 'processing']))
		).map(toEvent);
		const nowMs = Date.parse(now);
		const expired = open.filter(
			(e) => e.status === 'processing' && e.leaseExpiresAt && Date.parse(e.leaseExpiresAt) <= nowMs,
		);
		const exhausted = expired.filter((e) => isExhausted(e.attempts, maxAttempts));
		if (exhausted.length) {
			await this.client.update(
				EVENTS_TABLE,
				exhausted.map((e) => ({
					id: e.id,
					fields: {
						[F.events.status]: 'dead',
						[F.events.lastError]:
							`lease expired: claimed by ${e.leasedBy ?? '?'} (attempt ${e.attempts}) and never acknowledged`,
						[F.events.leaseToken]: '',
						[F.events.updatedAt]: now,
					},
				})),
			);
		}
		// One order is worked on by one run at a time (as on PostgreSQL): an order with a live lease waits.
		const busyOrders = new Set(
			open.filter((e) => e.status === 'processing' && !expired.includes(e) && e.orderKey).map((e) => e.orderKey),
		);
		const due = open
			.filter((e) =>
				e.status === 'processing'
					? expired.includes(e) && !exhausted.includes(e)
					: !e.nextAttemptAt || Date.parse(e.nextAttemptAt) <= nowMs,
			)
			.filter((e) => !e.orderKey || !busyOrders.has(e.orderKey))
			.sort(
				(a, b) =>
					(a.nextAttemptAt ?? a.receivedAt).localeCompare(b.nextAttemptAt ?? b.receivedAt) ||
					a.receivedAt.localeCompare(b.receivedAt),
			)
			.slice(0, limit);
		if (due.length === 0) return [];
		const token = randomUUID();
		const leaseExpiresAt = addSeconds(now, leaseSeconds);
		// A parcel stored without an order is matched again: its order may have been stored since. The
		// match is written with the claim (same request), so later reads see the event under its order.
		const numbers = [...new Set(due.flatMap((e) => parcelNumbersOf(e)))];
		const known = numbers.length ? await this.findParcelOrders(numbers) : (new Map() as ParcelOrders);
		const verdicts = new Map<string, ParcelMatch>();
		for (const e of due) {
			const own = parcelNumbersOf(e);
			if (own.length) verdicts.set(e.id, matchParcels(own, known));
		}
		// A push matched to an order just now joins the one-order-at-a-time rule too: an order under another lease
		// keeps it waiting (it is matched again, and claimed, once that lease ends).
		const claimable = due.filter((e) => {
			const v = verdicts.get(e.id);
			return !(v?.matched && busyOrders.has(v.orderKey));
		});
		if (claimable.length === 0) return [];
		const orderFieldsOf = (e: LedgerEvent): Fields => {
			const v = verdicts.get(e.id);
			return v?.matched
				? {
						[F.events.orderKey]: v.orderKey,
						[F.events.payload]: jsonCell(withOrderKey(e.payload, v.orderKey), 'payload'),
					}
				: {};
		};
		const updated = await this.client.update(
			EVENTS_TABLE,
			claimable.map((e) => ({
				id: e.id,
				fields: {
					...orderFieldsOf(e),
					[F.events.status]: 'processing',
					[F.events.attempts]: e.attempts + 1,
					[F.events.leasedBy]: worker,
					[F.events.leaseToken]: token,
					[F.events.leaseExpiresAt]: leaseExpiresAt,
					[F.events.updatedAt]: now,
					...(e.status === 'processing'
						? {
								[F.events.lastError]:
									`lease expired: claimed by ${e.leasedBy ?? '?'} (attempt ${e.attempts}) and never acknowledged`,
							}
						: {}),
				},
			})),
		);
		return updated.map((r) => {
			const e = toEvent(r);
			const v = verdicts.get(e.id);
			return v ? { ...e, parcel: v } : e;
		});
	}

	private async eventsByIds(ids: string[]): Promise<Map<string, LedgerEvent>> {
		const out = new Map<string, LedgerEvent>();
		// Formula length stays well under Airtable's URL limit at 50 ids per request.
		for (let i = 0; i < ids.length; i += 50) {
			const records = await this.client.listAll(EVENTS_TABLE, recordIdIn(ids.slice(i, i + 50)));
			for (const r of records) out.set(r.id, toEvent(r));
		}
		return out;
	}

	async ack(refs: EventRef[], now: string): Promise<AckResult[]> {
		now = requireIso(now, 'now');
		if (refs.length === 0) return [];
		refs.forEach((r) => {
			requireText(r.id, 'event id');
			requireText(r.leaseToken, 'lease token');
		});
		const current = await this.eventsByIds(refs.map((r) => r.id));
		const toAck = refs.filter((r) => {
			const e = current.get(r.id);
			return e && e.status === 'processing' && e.leaseToken === r.leaseToken;
		});
		const updated = await this.client.update(
			EVENTS_TABLE,
			toAck.map((r) => ({
				id: r.id,
				fields: {
					[F.events.status]: 'done',
					[F.events.doneAt]: now,
					[F.events.updatedAt]: now,
					[F.events.leaseToken]: '',
					[F.events.leaseExpiresAt]: '',
					[F.events.lastError]: '',
				},
			})),
		);
		const acked = new Map(updated.map((r) => [r.id, toEvent(r)]));
		return refs.map((r) => {
			const done = acked.get(r.id);
			if (done) return { id: r.id, outcome: 'acked', event: done };
			const e = current.get(r.id) ?? null;
			if (!e) return { id: r.id, outcome: 'not_found', event: null };
			return { id: r.id, outcome: e.status === 'done' ? 'already_done' : 'lease_lost', event: e };
		});
	}

	async fail(ref: EventRef, opts: FailOptions): Promise<FailResult> {
		const now = requireIso(opts.now, 'now');
		const maxAttempts = requirePositiveInt(opts.maxAttempts, 'max attempts');
		requireText(ref.id, 'event id');
		const current = (await this.eventsByIds([ref.id])).get(ref.id);
		if (!current) return { id: ref.id, outcome: 'not_found', event: null };
		if (current.status !== 'processing' || current.leaseToken !== ref.leaseToken)
			return { id: ref.id, outcome: 'lease_lost', event: current };
		const dead = isExhausted(current.attempts, maxAttempts);
		const next = dead
			? ''
			: addSeconds(now, retryDelaySeconds(current.attempts, opts.baseDelaySeconds, opts.maxDelaySeconds, opts.random));
		const [updated] = await this.client.update(EVENTS_TABLE, [
			{
				id: ref.id,
				fields: {
					[F.events.status]: dead ? 'dead' : 'failed',
					[F.events.lastError]: opts.error.slice(0, AIRTABLE_LONG_TEXT_MAX),
					[F.events.nextAttemptAt]: next,
					[F.events.leaseToken]: '',
					[F.events.leaseExpiresAt]: '',
					[F.events.updatedAt]: now,
				},
			},
		]);
		return { id: ref.id, outcome: dead ? 'dead' : 'retry_scheduled', event: toEvent(updated) };
	}

	async replay(ids: string[], by: string, now: string): Promise<ReplayResult[]> {
		now = requireIso(now, 'now');
		requireText(by, 'replayed by');
		if (ids.length === 0) return [];
		const current = await this.eventsByIds(ids);
		const dead = ids.filter((id) => current.get(id)?.status === 'dead');
		const updated = await this.client.update(
			EVENTS_TABLE,
			dead.map((id) => ({
				id,
				fields: {
					[F.events.status]: 'pending',
					[F.events.attempts]: 0,
					[F.events.nextAttemptAt]: now,
					[F.events.replayedBy]: by,
					[F.events.replayedAt]: now,
					[F.events.updatedAt]: now,
					[F.events.leasedBy]: '',
				},
			})),
		);
		const replayed = new Map(updated.map((r) => [r.id, toEvent(r)]));
		return ids.map((id) => {
			const e = replayed.get(id);
			if (e) return { id, outcome: 'replayed', event: e };
			const other = current.get(id) ?? null;
			return { id, outcome: other ? 'not_dead' : 'not_found', event: other };
		});
	}

	async getEvent(id: string): Promise<LedgerEvent | null> {
		return (await this.eventsByIds([requireText(id, 'event id')])).get(id) ?? null;
	}

	async listEvents(filter: EventFilter): Promise<LedgerEvent[]> {
		validateEventFilter(filter);
		const parts: string[] = [];
		if (filter.orderKey) parts.push(`{${F.events.orderKey}}=${formulaString(filter.orderKey)}`);
		if (filter.source) parts.push(`{${F.events.source}}=${formulaString(filter.source)}`);
		if (filter.status?.length) {
			const statuses = filter.status.includes('pending') ? [...filter.status, ''] : filter.status;
			parts.push(anyOf(F.events.status, statuses));
		}
		const formula = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : `AND(${parts.join(',')})`;
		let events = (await this.client.listAll(EVENTS_TABLE, formula)).map(toEvent);
		// Received At is a text field: compared here as instants, not by an Airtable formula on text.
		const since = receivedSinceOf(filter);
		if (since !== null) {
			const sinceMs = Date.parse(since);
			events = events.filter((e) => Date.parse(e.receivedAt) >= sinceMs);
		}
		const direction = filter.newestFirst ? -1 : 1;
		return events.sort((a, b) => direction * a.receivedAt.localeCompare(b.receivedAt)).slice(0, filter.limit ?? 1000);
	}

	/* ---------------- orders ---------------- */

	/**
	 * One request per 50 keys (the formula stays well under Airtable's URL limit). Only exact matches are
	 * kept, in the order the keys were given: the map answers for the keys asked, whatever the formula matched.
	 */
	async getOrders(orderKeys: string[]): Promise<Map<string, OrderRecord>> {
		const keys = requireOrderKeys(orderKeys);
		const found = new Map<string, OrderRecord>();
		for (let i = 0; i < keys.length; i += 50) {
			const records = await this.client.listAll(ORDERS_TABLE, anyOf(F.orders.key, keys.slice(i, i + 50)));
			for (const r of records) found.set(String(r.fields[F.orders.key]), toOrder(r));
		}
		const out = new Map<string, OrderRecord>();
		for (const key of keys) if (found.has(key)) out.set(key, found.get(key)!);
		return out;
	}

	async upsertOrder(record: OrderRecord, now: string): Promise<UpsertResult> {
		const [result] = await this.upsertOrders([record], now);
		if (result instanceof Error) throw result;
		return result;
	}

	/**
	 * Read the stored versions (one request per 50 keys), merge through the engine, write back with
	 * performUpsert on Order Key, 10 per request. Airtable cannot compare-and-set, so two writers
	 * racing on one order both merge against what they read; the engine's merge being a join keeps
	 * either outcome monotonic (never a regression), and the next upsert folds in the rest.
	 */
	async upsertOrders(records: OrderRecord[], now: string): Promise<Array<UpsertResult | Error>> {
		now = requireIso(now, 'now');
		const results: Array<UpsertResult | Error | undefined> = new Array(records.length);
		// Several inputs for one order in one call merge into one write.
		const merged = new Map<string, { record: OrderRecord; indexes: number[]; created: boolean; changed: boolean }>();
		const valid: number[] = [];
		records.forEach((r, i) => {
			try {
				validateOrderRecord(r);
				valid.push(i);
			} catch (err) {
				results[i] = err as Error;
			}
		});
		const stored = await this.getOrders(valid.map((i) => records[i].orderKey));
		for (const i of valid) {
			const incoming = records[i];
			const entry = merged.get(incoming.orderKey);
			const base = entry?.record ?? stored.get(incoming.orderKey);
			const next = base ? mergeRecords(base, incoming) : incoming;
			const changed = !base || !sameOrderContent(next, base);
			merged.set(incoming.orderKey, {
				record: next,
				indexes: [...(entry?.indexes ?? []), i],
				created: entry?.created ?? !stored.has(incoming.orderKey),
				changed: (entry?.changed ?? false) || changed,
			});
		}
		const writes: Array<{ key: string; record: OrderRecord }> = [];
		for (const [key, m] of merged) {
			const before = stored.get(key);
			if (!m.changed) continue;
			try {
				validateOrderRecord(m.record);
				const record: OrderRecord = { ...m.record, orderKey: key, version: (before?.version ?? 0) + 1, updatedAt: now };
				orderFields(record); // size check before anything is sent
				writes.push({ key, record });
			} catch (err) {
				for (const i of m.indexes) results[i] = err as Error;
			}
		}
		const written = await this.client.upsert(
			ORDERS_TABLE,
			F.orders.key,
			writes.map((w) => ({ fields: orderFields(w.record) })),
		);
		const writtenKeys = new Set(written.map((w) => String(w.record.fields[F.orders.key])));
		// Airtable keeps a link that a record no longer has (no delete here); the record's word wins anyway.
		await this.storeLinks(
			writes
				.filter((w) => writtenKeys.has(w.key))
				.flatMap((w) =>
					recordTrackingNumbers(w.record).map((trackingNumber) => ({
						trackingNumber,
						orderKey: w.key,
						origin: 'record' as const,
					})),
				),
			now,
		);
		for (const [key, m] of merged) {
			const write = writes.find((w) => w.key === key);
			for (const i of m.indexes) {
				if (results[i]) continue;
				if (!m.changed) results[i] = { status: 'unchanged', record: stored.get(key)!, retries: 0 };
				else if (write && writtenKeys.has(key))
					results[i] = { status: m.created ? 'created' : 'updated', record: write.record, retries: 0 };
				else
					results[i] = new LedgerError(
						'backend_error',
						`Airtable did not confirm order ${key}`,
						'Re-run the item; Upsert Order is idempotent.',
					);
			}
		}
		return results as Array<UpsertResult | Error>;
	}

	async getOrder(orderKey: string): Promise<OrderRecord | null> {
		requireText(orderKey, 'order key');
		return (await this.getOrders([orderKey])).get(orderKey) ?? null;
	}

	private async allOrders(): Promise<OrderRecord[]> {
		return (await this.client.listAll(ORDERS_TABLE)).map(toOrder);
	}

	async listOrders(filter: OrderFilter): Promise<OrderRecord[]> {
		const now = requireIso(filter.now, 'now');
		const [orders, openCases] = await Promise.all([this.allOrders(), this.openCasesByOrder(now)]);
		return orders
			.filter((o) => !filter.stages?.length || filter.stages.includes(o.stage))
			.filter(
				(o) =>
					!filter.exceptionType ||
					o.openExceptionTypes.includes(filter.exceptionType) ||
					(openCases.get(o.orderKey) ?? []).includes(filter.exceptionType),
			)
			.filter(
				(o) =>
					filter.stuckForSeconds === undefined ||
					isStuck(o, (openCases.get(o.orderKey) ?? []).length > 0, now, filter.stuckForSeconds),
			)
			.sort((a, b) => a.stageChangedAt.localeCompare(b.stageChangedAt) || a.orderKey.localeCompare(b.orderKey))
			.slice(0, filter.limit ?? 100);
	}

	async getTimeline(orderKey: string): Promise<TimelineEntry[]> {
		requireText(orderKey, 'order key');
		const events = await this.listEvents({ orderKey, limit: 100_000 });
		const cases = await this.listExceptions({ orderKey, state: 'all', now: new Date(0).toISOString(), limit: 100_000 });
		return buildTimeline(await this.getOrder(orderKey), events, cases);
	}

	/* ---------------- exceptions ---------------- */

	private async caseRecord(id: string, now: string): Promise<(LedgerException & { recordId: string }) | null> {
		const [r] = await this.client.listAll(EXCEPTIONS_TABLE, `{${F.exceptions.id}}=${formulaString(id)}`, 1);
		return r ? toException(r, now) : null;
	}

	private async requireCase(id: string, now: string) {
		const found = await this.caseRecord(requireText(id, 'exception id'), now);
		if (!found)
			throw new LedgerError(
				'not_found',
				`No exception case with id ${id}`,
				"Use the case id returned by Open Exception (or the engine's ExceptionCase.id).",
			);
		return found;
	}

	private static strip(c: LedgerException & { recordId: string }): LedgerException {
		const rest: LedgerException & { recordId?: string } = { ...c };
		delete rest.recordId;
		return rest;
	}

	async openException(input: OpenExceptionInput, now: string) {
		validateOpenException(input);
		now = requireIso(now, 'now');
		const existing = await this.caseRecord(input.id, now);
		if (existing) return { status: 'existing' as const, exception: AirtableLedgerStore.strip(existing) };
		const [created] = await this.client.create(EXCEPTIONS_TABLE, [
			{
				fields: {
					[F.exceptions.id]: input.id,
					[F.exceptions.orderKey]: input.orderKey,
					[F.exceptions.type]: input.type,
					[F.exceptions.severity]: input.severity,
					[F.exceptions.openedAt]: input.openedAt ? new Date(input.openedAt).toISOString() : now,
					[F.exceptions.owner]: input.owner ?? '',
					[F.exceptions.evidence]: jsonCell(input.evidence ?? {}, 'evidence'),
					[F.exceptions.updatedAt]: now,
				},
			},
		]);
		return { status: 'opened' as const, exception: AirtableLedgerStore.strip(toException(created, now)) };
	}

	async acknowledgeException(id: string, owner: string | null, now: string) {
		now = requireIso(now, 'now');
		if (owner != null) assertNoNul(owner, 'owner');
		const c = await this.requireCase(id, now);
		const [r] = await this.client.update(EXCEPTIONS_TABLE, [
			{
				id: c.recordId,
				fields: {
					[F.exceptions.acknowledgedAt]: c.ackedAt ?? now,
					[F.exceptions.owner]: owner ?? c.owner ?? '',
					[F.exceptions.updatedAt]: now,
				},
			},
		]);
		return AirtableLedgerStore.strip(toException(r, now));
	}

	async resolveException(id: string, resolution: string, now: string) {
		now = requireIso(now, 'now');
		requireText(resolution, 'resolution');
		if (resolution.length > AIRTABLE_LONG_TEXT_MAX)
			throw invalidInput(
				'resolution',
				`is longer than Airtable's ${AIRTABLE_LONG_TEXT_MAX.toLocaleString('en-US')}-character long text limit`,
			);
		const c = await this.requireCase(id, now);
		if (c.resolvedAt) return AirtableLedgerStore.strip(c);
		const [r] = await this.client.update(EXCEPTIONS_TABLE, [
			{
				id: c.recordId,
				fields: {
					[F.exceptions.resolvedAt]: now,
					[F.exceptions.resolution]: resolution,
					[F.exceptions.updatedAt]: now,
				},
			},
		]);
		return AirtableLedgerStore.strip(toException(r, now));
	}

	async getException(id: string, now: string = new Date().toISOString()) {
		const c = await this.caseRecord(requireText(id, 'exception id'), now);
		return c ? AirtableLedgerStore.strip(c) : null;
	}

	async listExceptions(filter: ExceptionFilter) {
		const now = requireIso(filter.now, 'now');
		const parts: string[] = [];
		const state = filter.state ?? 'open';
		if (state === 'open') parts.push(`{${F.exceptions.resolvedAt}}=''`);
		if (state === 'resolved') parts.push(`NOT({${F.exceptions.resolvedAt}}='')`);
		if (filter.orderKey) parts.push(`{${F.exceptions.orderKey}}=${formulaString(filter.orderKey)}`);
		if (filter.type) parts.push(`{${F.exceptions.type}}=${formulaString(filter.type)}`);
		if (filter.withoutMessage) parts.push(`{${F.exceptions.slackTs}}=''`);
		if (filter.orderKeys) {
			const keys = [...new Set(filter.orderKeys)];
			if (keys.length === 0) return [];
			// The formula travels in the URL (Airtable allows 16k characters): a long list is asked for in parts.
			if (keys.length > ORDER_KEYS_PER_FORMULA) {
				const found: LedgerException[] = [];
				for (let k = 0; k < keys.length; k += ORDER_KEYS_PER_FORMULA)
					found.push(
						...(await this.listExceptions({ ...filter, orderKeys: keys.slice(k, k + ORDER_KEYS_PER_FORMULA) })),
					);
				return found
					.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id))
					.slice(0, filter.limit ?? 1000);
			}
			parts.push(anyOf(F.exceptions.orderKey, keys));
		}
		const formula = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : `AND(${parts.join(',')})`;
		return (await this.client.listAll(EXCEPTIONS_TABLE, formula))
			.map((r) => AirtableLedgerStore.strip(toException(r, now)))
			.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id))
			.slice(0, filter.limit ?? 1000);
	}

	async setExceptionMessageRef(id: string, ref: SlackMessageRef, now: string) {
		now = requireIso(now, 'now');
		requireText(ref.channel, 'slack channel');
		requireText(ref.ts, 'slack ts');
		if (ref.permalink != null) assertNoNul(ref.permalink, 'slack permalink');
		const c = await this.requireCase(id, now);
		if (c.slack) return AirtableLedgerStore.strip(c);
		const [r] = await this.client.update(EXCEPTIONS_TABLE, [
			{
				id: c.recordId,
				fields: {
					[F.exceptions.slackChannel]: ref.channel,
					[F.exceptions.slackTs]: ref.ts,
					[F.exceptions.slackPermalink]: ref.permalink ?? '',
					[F.exceptions.updatedAt]: now,
				},
			},
		]);
		return AirtableLedgerStore.strip(toException(r, now));
	}

	/** Airtable has no conditional update: read, compare, write (one writer at a time, see docs/airtable.md). */
	async replaceExceptionMessageRef(id: string, previousTs: string, ref: SlackMessageRef, now: string) {
		now = requireIso(now, 'now');
		requireText(previousTs, 'previous slack ts');
		requireText(ref.channel, 'slack channel');
		requireText(ref.ts, 'slack ts');
		if (ref.permalink != null) assertNoNul(ref.permalink, 'slack permalink');
		const c = await this.requireCase(id, now);
		if (c.slack?.ts !== previousTs) return AirtableLedgerStore.strip(c);
		const [r] = await this.client.update(EXCEPTIONS_TABLE, [
			{
				id: c.recordId,
				fields: {
					[F.exceptions.slackChannel]: ref.channel,
					[F.exceptions.slackTs]: ref.ts,
					[F.exceptions.slackPermalink]: ref.permalink ?? '',
					[F.exceptions.updatedAt]: now,
				},
			},
		]);
		return AirtableLedgerStore.strip(toException(r, now));
	}

	private async openCasesByOrder(now: string): Promise<Map<string, ExceptionType[]>> {
		const open = await this.listExceptions({ state: 'open', now, limit: Number.MAX_SAFE_INTEGER });
		const map = new Map<string, ExceptionType[]>();
		for (const c of open) {
			if (Date.parse(c.openedAt) > Date.parse(now)) continue;
			map.set(c.orderKey, [...(map.get(c.orderKey) ?? []), c.type]);
		}
		return map;
	}

	async exceptionReport(opts: { now: string; weeks: number }): Promise<ExceptionReport> {
		const now = requireIso(opts.now, 'now');
		const weeks = requirePositiveInt(opts.weeks, 'weeks');
		const all = await this.listExceptions({ state: 'all', now, limit: Number.MAX_SAFE_INTEGER });
		return buildExceptionReport(all, now, weeks);
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
		const [orders, openCases] = await Promise.all([this.allOrders(), this.openCasesByOrder(now)]);
		return summariseStuck(orders as Array<OrderRecord & { stage: Stage }>, openCases, now, opts.olderThanSeconds);
	}

	/* ---------------- attempts (issue 17) ---------------- */

	/**
	 * One row per subject in the Attempts table, found by formula and then patched: the count goes up within its
	 * window and starts again at 1 in a new one (a row from a window ahead of ours, written by a worker whose clock
	 * runs ahead, is counted into as it is). A subject without a row gets one through performUpsert on Subject,
	 * so two first attempts together still leave one row. Two requests a call.
	 *
	 * Airtable has no atomic increment, so this is read-then-write: calls racing on one subject (several workers,
	 * or concurrent executions) each read the same count and write the same next one, and the stored count falls
	 * short by up to the number of racing calls. On Airtable the limit slows a client down; it is not a security
	 * boundary. Use PostgreSQL or Embedded where it must hold exactly (docs/airtable.md).
	 *
	 * Nothing is deleted: the table holds one row per subject ever seen; deleting rows by hand only forgets counts.
	 */
	async countAttempt(opts: AttemptOptions): Promise<AttemptCount> {
		const { subject, windowSeconds, limit, now } = validateAttempt(opts);
		const window = attemptWindow(now, windowSeconds);
		const A = F.attempts;
		try {
			// The formula may match more loosely than JavaScript's ===; only the subject itself counts.
			const found = (await this.client.listAll(ATTEMPTS_TABLE, `{${A.subject}}=${formulaString(subject)}`)).find(
				(r) => r.fields[A.subject] === subject,
			);
			const storedStart = found ? str(found.fields[A.windowStart]) : null;
			const storedEnd = found ? str(found.fields[A.windowEndsAt]) : null;
			if (found && storedStart && storedEnd && Date.parse(storedStart) >= Date.parse(window.start)) {
				const count = Number(found.fields[A.count] ?? 0) + 1;
				await this.client.update(ATTEMPTS_TABLE, [{ id: found.id, fields: { [A.count]: count, [A.updatedAt]: now } }]);
				return attemptVerdict(count, limit, Date.parse(storedEnd) > Date.parse(now) ? storedEnd : window.end, now);
			}
			const fresh = {
				[A.windowStart]: window.start,
				[A.windowEndsAt]: window.end,
				[A.count]: 1,
				[A.updatedAt]: now,
			};
			if (found) await this.client.update(ATTEMPTS_TABLE, [{ id: found.id, fields: fresh }]);
			else await this.client.upsert(ATTEMPTS_TABLE, A.subject, [{ fields: { [A.subject]: subject, ...fresh } }]);
			return attemptVerdict(1, limit, window.end, now);
		} catch (err) {
			if (!isMissingTable(err)) throw err;
			const e = err as LedgerError;
			throw new LedgerError(
				e.code,
				e.message,
				`Count Attempt needs the "${ATTEMPTS_TABLE}" table in base ${this.client.baseId} (docs/airtable.md, ` +
					`"Table Attempts"). Add it, or run the Order Ledger node's Setup operation: it names the missing fields.`,
				err,
			);
		}
	}

	async close(): Promise<void> {
		// Nothing to release: every request is independent.
	}
}
