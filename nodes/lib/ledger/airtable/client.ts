/**
 * The Airtable Web API through the official `airtable` package (its generic makeRequest), with the
 * base's published limits enforced on our side:
 *  - at most 5 requests per second per base, as Airtable counts them (see ArrivalSafePacer);
 *  - after a 429 Airtable locks the base for 30 seconds: we wait 30 s, then retry (the package's own
 *    shorter exponential retry is switched off because it would keep the lock going);
 *  - writes carry at most 10 records (callers chunk with chunk10).
 * Docs: https://airtable.com/developers/web/api/rate-limits , .../api/errors
 */
import Airtable from 'airtable';

import { LedgerError } from '../errors';

export const AIRTABLE_REQUESTS_PER_SECOND = 5;
export const AIRTABLE_BATCH_SIZE = 10;
export const AIRTABLE_429_BACKOFF_MS = 30_000;

export interface AirtableClientOptions {
	apiKey: string;
	baseId: string;
	/** For tests and proxies; default https://api.airtable.com */
	endpointUrl?: string;
	/** How many 30-second waits a single request may sit through before we give up. */
	maxRateLimitRetries?: number;
	/** Injectable for tests (the 30 s wait). */
	sleep?: (ms: number) => Promise<void>;
}

export interface AirtableRecord {
	id: string;
	createdTime?: string;
	fields: Record<string, unknown>;
}

interface RequestOptions {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	path: string;
	qs?: Record<string, unknown>;
	body?: unknown;
}

interface AirtableErrorLike {
	error?: string;
	message?: string;
	statusCode?: number;
}

/**
 * At most `limit` requests per second as the SERVER counts them. Airtable counts arrivals, which we
 * cannot see; but a request arrives no later than its response comes back. So a request may start
 * only while fewer than `limit` requests are in flight or finished within the last second: then no
 * second-long window at the server can hold more than `limit` arrivals, whatever the network jitter.
 */
export class ArrivalSafePacer {
	private inFlight = 0;
	private readonly finished: number[] = [];

	constructor(
		private readonly limit: number,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
	) {}

	async acquire(): Promise<void> {
		for (;;) {
			const t = this.now();
			while (this.finished.length && this.finished[0] <= t - 1000) this.finished.shift();
			if (this.inFlight + this.finished.length < this.limit) {
				this.inFlight += 1;
				return;
			}
			await this.wait(this.finished.length ? Math.max(1, this.finished[0] + 1001 - t) : 5);
		}
	}

	release(): void {
		this.inFlight -= 1;
		this.finished.push(this.now());
	}
}

/**
 * Airtable counts 5 requests per second per BASE, whoever sends them. Every Order Ledger / Exception
 * Alerts node run opens its own client, and a workflow runs such nodes back to back (the Event
 * processor: several per event), so a pacer per client would let two consecutive nodes put 6+
 * requests into one second at the server: a 429 and a 30 s lock of the whole base. One pacer per
 * base (and endpoint) in the process keeps every client of that base inside the limit together.
 */
const pacersByBase = new Map<string, ArrivalSafePacer>();
export function basePacer(endpointUrl: string, baseId: string): ArrivalSafePacer {
	const key = `${endpointUrl.replace(/\/+$/, '')} ${baseId}`;
	let pacer = pacersByBase.get(key);
	if (!pacer) {
		pacer = new ArrivalSafePacer(AIRTABLE_REQUESTS_PER_SECOND);
		pacersByBase.set(key, pacer);
	}
	return pacer;
}

export function chunk10<T>(items: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += AIRTABLE_BATCH_SIZE) out.push(items.slice(i, i + AIRTABLE_BATCH_SIZE));
	return out;
}

/** A string literal inside an Airtable formula (backslash-escaped quotes). */
export function formulaString(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export class AirtableClient {
	private readonly records: Airtable.Base;
	private readonly meta: Airtable.Base;
	private readonly pacer: ArrivalSafePacer;
	private readonly sleep: (ms: number) => Promise<void>;
	/** Counted so tests and the node can report it. */
	requestCount = 0;

	constructor(private readonly opts: AirtableClientOptions) {
		const airtable = new Airtable({
			apiKey: opts.apiKey,
			endpointUrl: opts.endpointUrl ?? 'https://api.airtable.com',
			noRetryIfRateLimited: true,
			requestTimeout: 60_000,
		});
		this.records = airtable.base(opts.baseId);
		// The meta API lives at /v0/meta/bases/{baseId}: same request machinery, different prefix.
		this.meta = airtable.base(`meta/bases/${opts.baseId}`);
		this.pacer = basePacer(opts.endpointUrl ?? 'https://api.airtable.com', opts.baseId);
		this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
	}

	get baseId(): string {
		return this.opts.baseId;
	}

	async request<T>(target: 'records' | 'meta', options: RequestOptions): Promise<T> {
		const base = target === 'meta' ? this.meta : this.records;
		const maxRetries = this.opts.maxRateLimitRetries ?? 3;
		for (let attempt = 0; ; attempt++) {
			await this.pacer.acquire();
			this.requestCount += 1;
			try {
				const res = (await (base as unknown as { makeRequest(o: RequestOptions): Promise<{ body: T }> }).makeRequest(
					options,
				)) as { body: T };
				return res.body;
			} catch (err) {
				const e = err as AirtableErrorLike;
				if (e.statusCode === 429 && attempt < maxRetries) {
					await this.sleep(AIRTABLE_429_BACKOFF_MS);
					continue;
				}
				throw this.explain(e, options);
			} finally {
				this.pacer.release();
			}
		}
	}

	/** Every record of a table matching a formula, following `offset` pagination. */
	async listAll(table: string, filterByFormula?: string, maxRecords?: number): Promise<AirtableRecord[]> {
		const out: AirtableRecord[] = [];
		let offset: string | undefined;
		do {
			const qs: Record<string, unknown> = { pageSize: 100 };
			if (filterByFormula) qs.filterByFormula = filterByFormula;
			if (maxRecords) qs.maxRecords = maxRecords;
			if (offset) qs.offset = offset;
			const page = await this.request<{ records: AirtableRecord[]; offset?: string }>('records', {
				method: 'GET',
				path: `/${encodeURIComponent(table)}`,
				qs,
			});
			out.push(...page.records);
			offset = page.offset;
		} while (offset && (!maxRecords || out.length < maxRecords));
		return out;
	}

	async create(table: string, records: Array<{ fields: Record<string, unknown> }>): Promise<AirtableRecord[]> {
		const out: AirtableRecord[] = [];
		for (const batch of chunk10(records)) {
			const res = await this.request<{ records: AirtableRecord[] }>('records', {
				method: 'POST',
				path: `/${encodeURIComponent(table)}`,
				body: { records: batch },
			});
			out.push(...res.records);
		}
		return out;
	}

	async update(
		table: string,
		records: Array<{ id: string; fields: Record<string, unknown> }>,
	): Promise<AirtableRecord[]> {
		const out: AirtableRecord[] = [];
		for (const batch of chunk10(records)) {
			const res = await this.request<{ records: AirtableRecord[] }>('records', {
				method: 'PATCH',
				path: `/${encodeURIComponent(table)}`,
				body: { records: batch },
			});
			out.push(...res.records);
		}
		return out;
	}

	/** PATCH with performUpsert: creates or updates by the merge field; tells which were created. */
	async upsert(
		table: string,
		mergeOn: string,
		records: Array<{ fields: Record<string, unknown> }>,
	): Promise<Array<{ record: AirtableRecord; created: boolean }>> {
		const out: Array<{ record: AirtableRecord; created: boolean }> = [];
		for (const batch of chunk10(records)) {
			const res = await this.request<{
				records: AirtableRecord[];
				createdRecords?: string[];
				updatedRecords?: string[];
			}>('records', {
				method: 'PATCH',
				path: `/${encodeURIComponent(table)}`,
				body: { performUpsert: { fieldsToMergeOn: [mergeOn] }, records: batch },
			});
			const created = new Set(res.createdRecords ?? []);
			for (const record of res.records) out.push({ record, created: created.has(record.id) });
		}
		return out;
	}

	async baseSchema(): Promise<
		Array<{
			id: string;
			name: string;
			primaryFieldId?: string;
			fields: Array<{ id: string; name: string; type: string }>;
		}>
	> {
		const res = await this.request<{
			tables: Array<{
				id: string;
				name: string;
				primaryFieldId?: string;
				fields: Array<{ id: string; name: string; type: string }>;
			}>;
		}>('meta', { method: 'GET', path: '/tables' });
		return res.tables;
	}

	/** Turns Airtable's error into what the user must change (token, scopes, base, table or field). */
	private explain(e: AirtableErrorLike, options: RequestOptions): LedgerError {
		const where = `${options.method} ${options.path}`;
		const msg = `Airtable ${e.statusCode ?? ''} ${e.error ?? ''}: ${e.message ?? String(e)} (${where})`.replace(
			/\s+/g,
			' ',
		);
		const tableName = decodeURIComponent(options.path.split('/')[1] ?? '');
		switch (e.statusCode) {
			case 401:
				return new LedgerError(
					'auth_failed',
					msg,
					'The Airtable personal access token was rejected: paste a valid token (it starts with "pat") into the ' +
						'Post-Purchase Airtable credential.',
					e,
				);
			case 403:
				// Airtable answers 403 both for "no such table" and "token lacks access" (the airtable
				// package reports both as NOT_AUTHORIZED), so the hint covers both and points to Setup.
				return new LedgerError(
					options.path === '/tables' ? 'permission_denied' : 'table_missing',
					msg,
					options.path === '/tables'
						? `The token cannot read base ${this.opts.baseId}'s schema: give it the schema.bases:read scope and ` +
							`add this base to its access list.`
						: `Either the table "${tableName}" does not exist in base ${this.opts.baseId}, or the token lacks ` +
							`data.records:read / data.records:write or access to this base. Run the node's Setup operation: it ` +
							`names exactly what is missing.`,
					e,
				);
			case 404:
				return new LedgerError(
					'table_missing',
					msg,
					`Base ${this.opts.baseId} or table "${tableName}" was not found: check the Base parameter and run the ` +
						`Setup operation.`,
					e,
				);
			case 422: {
				const unknownField = /Unknown field name: "?([^"]+)"?/i.exec(e.message ?? '');
				if (unknownField || e.error === 'UNKNOWN_FIELD_NAME') {
					return new LedgerError(
						'field_missing',
						msg,
						`Table "${tableName}" has no field ` +
							`${unknownField ? `"${unknownField[1]}"` : 'named in the message'}: add it (see docs/airtable.md) or ` +
							`run the Setup operation.`,
						e,
					);
				}
				return new LedgerError(
					'invalid_input',
					msg,
					'Airtable refused the values: check the field types against docs/airtable.md (run the Setup operation).',
					e,
				);
			}
			case 429:
				return new LedgerError(
					'rate_limited',
					msg,
					'Airtable kept answering "rate limit exceeded" after 30-second waits: another integration is using ' +
						'this base heavily. Re-run later or move the ledger to PostgreSQL.',
					e,
				);
			default:
				return new LedgerError(
					'backend_error',
					msg,
					'Airtable did not complete the request; re-run the workflow. If it repeats, check ' +
						'https://status.airtable.com.',
					e,
				);
		}
	}
}
