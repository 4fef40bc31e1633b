/**
 * The Airtable Web API over the library's Transport (nodes/lib/http), with the base's published limits
 * enforced on our side:
 *  - at most 5 requests per second per base, as Airtable counts them (see ArrivalSafePacer);
 *  - after a 429 Airtable locks the base for 30 seconds: we wait 30 s, then retry (never sooner: a
 *    shorter retry would only meet the lock again);
 *  - writes carry at most 10 records (callers chunk with chunk10).
 * In n8n the transport is n8n's httpRequestWithAuthentication (nodes/shared/ledger.ts): n8n's proxy
 * settings apply and the credential's `authenticate` adds the Bearer token, so this code never holds
 * it. Elsewhere (tests, sandbox, benchmarks, demo) the fetch transport carries `apiKey` as the Bearer.
 * Docs: https://airtable.com/developers/web/api/rate-limits , .../api/errors
 */
import {
	budgetKey,
	createFetchTransport,
	HttpError,
	systemClock,
	type ResilientBudget,
	TransportError,
	type HttpRequest,
	type HttpResponse,
	type QueryValue,
	type Transport,
} from '../../http';
import { LedgerError } from '../errors';
import { requireText } from '../validate';

export const AIRTABLE_REQUESTS_PER_SECOND = 5;
export const AIRTABLE_BATCH_SIZE = 10;
export const AIRTABLE_429_BACKOFF_MS = 30_000;
/** How long one request may take before it counts as failed (a 10-record write is small). */
export const AIRTABLE_REQUEST_TIMEOUT_MS = 60_000;
export const AIRTABLE_DEFAULT_ENDPOINT = 'https://api.airtable.com';

export interface AirtableClientOptions {
	baseId: string;
	/**
	 * The personal access token, sent as `Authorization: Bearer`. Leave it out when `transport`
	 * authenticates the request itself (n8n's httpRequestWithAuthentication with the credential).
	 */
	apiKey?: string;
	/** How requests are sent; default: the platform's fetch. */
	transport?: Transport;
	/** For tests and proxies; default https://api.airtable.com */
	endpointUrl?: string;
	/** How many 30-second waits a single request may sit through before we give up. */
	maxRateLimitRetries?: number;
	/** Injectable for tests (the 30 s wait). */
	sleep?: (ms: number) => Promise<void>;
	/**
	 * Share the base's 5 requests a second with the other processes using it (n8n queue-mode workers): the
	 * same arrival-safe rule as ArrivalSafePacer, with every process's requests counted in one place.
	 */
	sharedBudget?: ResilientBudget;
}

export interface AirtableRecord {
	id: string;
	createdTime?: string;
	fields: Record<string, unknown>;
}

interface RequestOptions {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** Below the base: `/{table}` for records, `/tables` for the meta API. */
	path: string;
	qs?: Record<string, QueryValue>;
	body?: unknown;
}

/** Airtable's error body: `{ error: { type, message } }`, or `{ error: "NOT_FOUND" }` for some 404s. */
interface AirtableError {
	type?: string;
	message?: string;
}

export function airtableErrorOf(body: unknown): AirtableError {
	const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
	if (typeof error === 'string') return { type: error };
	if (typeof error !== 'object' || error === null) return {};
	const { type, message } = error as { type?: unknown; message?: unknown };
	return {
		type: typeof type === 'string' ? type : undefined,
		message: typeof message === 'string' ? message : undefined,
	};
}

function isJsonObject(body: unknown): body is Record<string, unknown> {
	return typeof body === 'object' && body !== null && !Array.isArray(body);
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
	private readonly endpointUrl: string;
	private readonly transport: Transport;
	private readonly pacer: ArrivalSafePacer;
	private readonly sleep: (ms: number) => Promise<void>;
	/** Counted so tests and the node can report it. */
	requestCount = 0;

	constructor(private readonly opts: AirtableClientOptions) {
		// Without a transport of its own nothing else would authenticate the request.
		if (!opts.transport) requireText(opts.apiKey, 'Airtable access token');
		this.endpointUrl = (opts.endpointUrl ?? AIRTABLE_DEFAULT_ENDPOINT).replace(/\/+$/, '');
		this.transport = opts.transport ?? createFetchTransport();
		this.pacer = basePacer(this.endpointUrl, opts.baseId);
		this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
	}

	get baseId(): string {
		return this.opts.baseId;
	}

	/** The exchange for one call: records under /v0/{baseId}, the meta API under /v0/meta/bases/{baseId}. */
	private httpRequest(target: 'records' | 'meta', options: RequestOptions): HttpRequest {
		const base = target === 'meta' ? `meta/bases/${this.opts.baseId}` : this.opts.baseId;
		const headers: Record<string, string> = { accept: 'application/json' };
		if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
		return {
			method: options.method,
			url: `${this.endpointUrl}/v0/${base}${options.path}`,
			headers,
			query: options.qs,
			body: options.body,
			timeoutMs: AIRTABLE_REQUEST_TIMEOUT_MS,
			operation: `airtable.${target === 'meta' ? 'schema' : options.method.toLowerCase()}`,
		};
	}

	async request<T>(target: 'records' | 'meta', options: RequestOptions): Promise<T> {
		const request = this.httpRequest(target, options);
		const maxRetries = this.opts.maxRateLimitRetries ?? 3;
		for (let attempt = 0; ; attempt++) {
			await this.pacer.acquire();
			const sharedSlot = await this.takeSharedSlot();
			this.requestCount += 1;
			try {
				const response = await this.send(request, options);
				if (response.status === 429 && attempt < maxRetries) {
					await this.sleep(AIRTABLE_429_BACKOFF_MS);
					continue;
				}
				if (response.status >= 200 && response.status < 300 && isJsonObject(response.body)) return response.body as T;
				throw this.explain(response, request, options);
			} finally {
				this.pacer.release();
				if (sharedSlot) await this.opts.sharedBudget?.releaseSlot(this.sharedKey(), sharedSlot);
			}
		}
	}

	private sharedKey(): string {
		return budgetKey('airtable', this.opts.baseId);
	}

	/**
	 * A slot of the base's shared 5 a second, held while the request is in flight (it counts until its
	 * answer is back, then for a second more: see ArrivalSafePacer). Undefined: no sharing, or the store is down.
	 */
	private async takeSharedSlot(): Promise<string | undefined> {
		const budget = this.opts.sharedBudget;
		if (!budget) return undefined;
		const slot = budget.newSlot();
		const taken = await budget.waitForSlot(this.sharedKey(), AIRTABLE_REQUESTS_PER_SECOND, 1000, systemClock, {
			slot,
			holdMs: AIRTABLE_REQUEST_TIMEOUT_MS,
		});
		return taken ? slot : undefined;
	}

	/** One exchange; no answer at all (network, proxy, timeout) becomes a LedgerError that says where to look. */
	private async send(request: HttpRequest, options: RequestOptions): Promise<HttpResponse> {
		try {
			return await this.transport(request);
		} catch (error) {
			if (!(error instanceof TransportError)) throw error;
			throw new LedgerError(
				'connection_failed',
				`Airtable did not answer: ${error.message} (${this.where(options)})`,
				`No answer from ${this.endpointUrl}: check that the n8n host can reach it (network, proxy settings) ` +
					`and that the credential's Base URL Override is empty unless you use the sandbox; then re-run the ` +
					`workflow.`,
				error,
			);
		}
	}

	private where(options: RequestOptions): string {
		return `${options.method} ${options.path} in base ${this.opts.baseId}`;
	}

	/** Every record of a table matching a formula, following `offset` pagination. */
	async listAll(table: string, filterByFormula?: string, maxRecords?: number): Promise<AirtableRecord[]> {
		const out: AirtableRecord[] = [];
		let offset: string | undefined;
		do {
			const qs: Record<string, QueryValue> = { pageSize: 100 };
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

	/** Turns Airtable's answer into what the user must change (token, scopes, base, table or field). */
	private explain(response: HttpResponse, request: HttpRequest, options: RequestOptions): LedgerError {
		const { status, body } = response;
		// The cause keeps the status, Airtable's answer, the method and the URL: never the request
		// headers, so never the token.
		const cause = new HttpError(response, request);
		const where = this.where(options);
		if (status >= 200 && status < 300) {
			return new LedgerError(
				'backend_error',
				`Airtable ${status}: the answer is not a JSON object (${where})`,
				`${this.endpointUrl} did not answer as Airtable does: leave the credential's Base URL Override empty ` +
					`(it is for the sandbox only) or check the proxy in between, then re-run the workflow.`,
				cause,
			);
		}
		const error = airtableErrorOf(body);
		const text = error.message ?? (typeof body === 'string' && body ? body.slice(0, 200) : 'no message');
		const msg = `Airtable ${status} ${error.type ?? ''}: ${text} (${where})`.replace(/\s+/g, ' ');
		const tableName = decodeURIComponent(options.path.split('/')[1] ?? '');
		switch (status) {
			case 401:
				return new LedgerError(
					'auth_failed',
					msg,
					'The Airtable personal access token was rejected: paste a valid token (it starts with "pat") into the ' +
						'Post-Purchase Airtable credential.',
					cause,
				);
			case 403:
				// Airtable answers 403 both for "no such table" and "token lacks access"
				// (INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND), so the hint covers both and points to Setup.
				return new LedgerError(
					options.path === '/tables' ? 'permission_denied' : 'table_missing',
					msg,
					options.path === '/tables'
						? `The token cannot read base ${this.opts.baseId}'s schema: give it the schema.bases:read scope and ` +
							`add this base to its access list.`
						: `Either the table "${tableName}" does not exist in base ${this.opts.baseId}, or the token lacks ` +
							`data.records:read / data.records:write or access to this base. Run the node's Setup operation: it ` +
							`names exactly what is missing.`,
					cause,
				);
			case 404:
				return new LedgerError(
					'table_missing',
					msg,
					`Base ${this.opts.baseId} or table "${tableName}" was not found: check the Base parameter and run the ` +
						`Setup operation.`,
					cause,
				);
			case 422: {
				const unknownField = /Unknown field name: "?([^"]+)"?/i.exec(error.message ?? '');
				if (unknownField || error.type === 'UNKNOWN_FIELD_NAME') {
					return new LedgerError(
						'field_missing',
						msg,
						`Table "${tableName}" has no field ` +
							`${unknownField ? `"${unknownField[1]}"` : 'named in the message'}: add it (see docs/airtable.md) or ` +
							`run the Setup operation.`,
						cause,
					);
				}
				return new LedgerError(
					'invalid_input',
					msg,
					'Airtable refused the values: check the field types against docs/airtable.md (run the Setup operation).',
					cause,
				);
			}
			case 429:
				return new LedgerError(
					'rate_limited',
					msg,
					'Airtable kept answering "rate limit exceeded" after 30-second waits: another integration is using ' +
						'this base heavily. Re-run later or move the ledger to PostgreSQL.',
					cause,
				);
			default:
				return new LedgerError(
					'backend_error',
					msg,
					'Airtable did not complete the request; re-run the workflow. If it repeats, check ' +
						'https://status.airtable.com.',
					cause,
				);
		}
	}
}
