/**
 * Simulated Airtable (mounted at /airtable/, so a Post-Purchase Airtable credential's base URL
 * override is http://127.0.0.1:PORT/airtable and the client's requests land on /airtable/v0/...):
 * one in-memory base shaped after Airtable's published Web API reference (Airtable publishes no
 * OpenAPI file, so the shapes below follow these pages):
 *  - List records      https://airtable.com/developers/web/api/list-records
 *      GET /v0/{baseId}/{table}?filterByFormula&pageSize(<=100)&maxRecords&offset
 *        -> { records: [{id, createdTime, fields}], offset? };
 *      "Returned records do not include any fields with empty values".
 *  - Create records    https://airtable.com/developers/web/api/create-records
 *      POST /v0/{baseId}/{table} { records: [{fields}] (<=10) } -> { records }
 *  - Update / upsert   https://airtable.com/developers/web/api/update-multiple-records
 *      PATCH /v0/{baseId}/{table} { records: [{id?, fields}] (<=10), performUpsert?: { fieldsToMergeOn } }
 *      -> { records, createdRecords?, updatedRecords? }; several matches on the merge fields fail the request.
 *  - Get base schema   https://airtable.com/developers/web/api/get-base-schema
 *      GET /v0/meta/bases/{baseId}/tables
 *        -> { tables: [{ id, name, primaryFieldId, fields: [{id, name, type}], views }] }
 *  - List bases        https://airtable.com/developers/web/api/list-bases  GET /v0/meta/bases -> { bases: [{id, name, permissionLevel}], offset? }
 *  - Who am I          https://airtable.com/developers/web/api/get-user-id-scopes  GET /v0/meta/whoami -> { id, scopes } (the credential test)
 *  - Errors            https://airtable.com/developers/web/api/errors : body { error: { type, message } };
 *      403 INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND for an unknown table; 422 UNKNOWN_FIELD_NAME;
 *      429 "Rate limit exceeded. Please try again later" and 30 s before requests succeed again.
 *  - Rate limits       https://airtable.com/developers/web/api/rate-limits : 5 requests per second per base.
 * The 429 and the 30 s lock are Airtable's real behaviour and stay on over HTTP too: a client that
 * paces itself never meets them, and one that does not is caught (`violations`) rather than excused.
 * Every request is recorded with its time so tests can assert the limits were respected.
 *
 * AirtableBase is the transport-free base (answer(method, path+query, body, headers) -> [status, body]);
 * AirtableSim serves it through the sandbox's HTTP host; test/integration/ledger/airtableFake.ts
 * serves the same base through nock.
 */
import { EXPECTED_TABLES } from '../../../nodes/lib/ledger/airtable/schema';
import type { SimRequest, SimResponse, VendorSim } from '../http';

export interface AirtableRecordState {
	id: string;
	createdTime: string;
	fields: Record<string, unknown>;
}
export interface AirtableTableState {
	id: string;
	name: string;
	primaryFieldId: string;
	fields: Array<{ id: string; name: string; type: string }>;
	records: Map<string, AirtableRecordState>;
}
type FakeRecord = AirtableRecordState;
type FakeTable = AirtableTableState;

export interface AirtableBaseOptions {
	baseId: string;
	token: string;
	/** Drop tables / fields to test Setup and the "missing table" errors. */
	omitTables?: string[];
	omitFields?: Array<{ table: string; field: string }>;
	/** Clock for the 5/s window and the 30 s lock (tests that fake the 30 s wait advance it). */
	clock?: () => number;
	/** Answer the next N record requests with 429 regardless of pace. */
	forced429?: number;
}

let idCounter = 0;
const newId = (prefix: string) => `${prefix}${String(++idCounter).padStart(14, '0')}`;

/* ---------- a tiny evaluator for the formula subset the ledger sends ---------- */

type Token = { t: 'ident' | 'field' | 'string' | 'punct'; v: string };

function tokenize(src: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		if (/\s/.test(c)) i++;
		else if (c === '{') {
			const end = src.indexOf('}', i);
			out.push({ t: 'field', v: src.slice(i + 1, end) });
			i = end + 1;
		} else if (c === "'" || c === '"') {
			let v = '';
			i++;
			while (src[i] !== c) {
				if (src[i] === '\\') i++;
				v += src[i++];
				if (i > src.length) throw new Error('unterminated string');
			}
			out.push({ t: 'string', v });
			i++;
		} else if ('(),='.includes(c)) {
			out.push({ t: 'punct', v: c });
			i++;
		} else {
			const m = /^[A-Z_]+/.exec(src.slice(i));
			if (!m) throw new Error(`bad formula at ${i}: ${src}`);
			out.push({ t: 'ident', v: m[0] });
			i += m[0].length;
		}
	}
	return out;
}

type Node =
	| { kind: 'call'; name: string; args: Node[] }
	| { kind: 'field'; name: string }
	| { kind: 'string'; value: string }
	| { kind: 'eq'; a: Node; b: Node };

function parse(tokens: Token[]): Node {
	let p = 0;
	const operand = (): Node => {
		const tok = tokens[p++];
		if (tok.t === 'field') return { kind: 'field', name: tok.v };
		if (tok.t === 'string') return { kind: 'string', value: tok.v };
		if (tok.t === 'ident') {
			if (tokens[p++]?.v !== '(') throw new Error('expected (');
			const args: Node[] = [];
			while (tokens[p].v !== ')') {
				args.push(expr());
				if (tokens[p].v === ',') p++;
			}
			p++;
			return { kind: 'call', name: tok.v, args };
		}
		throw new Error(`unexpected ${tok.v}`);
	};
	const expr = (): Node => {
		const a = operand();
		if (tokens[p]?.v === '=') {
			p++;
			return { kind: 'eq', a, b: operand() };
		}
		return a;
	};
	const node = expr();
	if (p !== tokens.length) throw new Error('trailing tokens');
	return node;
}

function evaluate(node: Node, rec: FakeRecord, table: FakeTable): unknown {
	switch (node.kind) {
		case 'string':
			return node.value;
		case 'field': {
			if (!table.fields.some((f) => f.name === node.name))
				throw Object.assign(new Error(`Unknown field names: ${node.name.toLowerCase()}`), {
					type: 'INVALID_FILTER_BY_FORMULA',
				});
			const v = rec.fields[node.name];
			return v === undefined || v === null ? '' : String(v);
		}
		case 'eq':
			return String(evaluate(node.a, rec, table)) === String(evaluate(node.b, rec, table));
		case 'call': {
			const args = node.args.map((a) => evaluate(a, rec, table));
			if (node.name === 'OR') return args.some(Boolean);
			if (node.name === 'AND') return args.every(Boolean);
			if (node.name === 'NOT') return !args[0];
			if (node.name === 'RECORD_ID') return rec.id;
			throw new Error(`unsupported function ${node.name}`);
		}
	}
}

/* ---------- the base ---------- */

export class AirtableBase {
	readonly tables = new Map<string, FakeTable>();
	/** Every request that reached the base: time, method, path, body. */
	readonly requests: Array<{ at: number; method: string; path: string; body: unknown }> = [];
	/** Contract breaches by the client (over 5/s, over 10 records): tests assert this stays empty. */
	readonly violations: string[] = [];
	private lockedUntil = 0;
	private forced429: number;

	constructor(protected readonly opts: AirtableBaseOptions) {
		this.forced429 = opts.forced429 ?? 0;
		for (const [name, fields] of Object.entries(EXPECTED_TABLES)) {
			if (opts.omitTables?.includes(name)) continue;
			const kept = fields.filter((f) => !opts.omitFields?.some((o) => o.table === name && o.field === f.name));
			const tableFields = kept.map((f) => ({ id: newId('fld'), name: f.name, type: f.types[0] }));
			this.tables.set(name, {
				id: newId('tbl'),
				name,
				primaryFieldId: tableFields[0]?.id ?? '',
				fields: tableFields,
				records: new Map(),
			});
		}
	}

	private now(): number {
		return (this.opts.clock ?? Date.now)();
	}

	/** The tables a user creates by following docs/airtable.md (after Setup named them missing). */
	createMissingTables(): void {
		for (const [name, fields] of Object.entries(EXPECTED_TABLES)) {
			if (this.tables.has(name)) continue;
			const tableFields = fields.map((f) => ({ id: newId('fld'), name: f.name, type: f.types[0] }));
			this.tables.set(name, {
				id: newId('tbl'),
				name,
				primaryFieldId: tableFields[0]?.id ?? '',
				fields: tableFields,
				records: new Map(),
			});
		}
	}

	/** The records of a table as stored (fields only), oldest first. */
	rows(table: string): Array<Record<string, unknown>> {
		const t = this.tables.get(table);
		if (!t)
			throw new Error(
				`airtable sim: no table ${table} in the base (have: ${[...this.tables.keys()].join(', ') || 'none'})`,
			);
		return [...t.records.values()].map((r) => structuredClone(r.fields));
	}

	/** Largest number of requests that fell inside any 1-second window. */
	maxRequestsPerSecond(): number {
		const times = this.requests.map((r) => r.at).sort((a, b) => a - b);
		let best = 0;
		let start = 0;
		for (let end = 0; end < times.length; end++) {
			while (times[end] - times[start] >= 1000) start++;
			best = Math.max(best, end - start + 1);
		}
		return best;
	}

	/** One request, transport-free: `uri` is the path and query below the endpoint (/v0/...). */
	answer(
		method: string,
		uri: string,
		rawBody: unknown,
		headers: Record<string, string | string[] | undefined>,
	): [number, unknown] {
		const url = new URL(uri, 'http://airtable.local');
		const body = typeof rawBody === 'string' && rawBody ? JSON.parse(rawBody) : rawBody;
		const at = this.now();
		const auth = String(headers.authorization ?? '');
		if (auth !== `Bearer ${this.opts.token}`) {
			return [401, { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } }];
		}
		const windowCount = this.requests.filter((r) => r.at > at - 1000).length;
		this.requests.push({ at, method, path: url.pathname + url.search, body });
		if (windowCount >= 5)
			this.violations.push(`${windowCount + 1} requests within 1 s at ${new Date(at).toISOString()}`);
		if (windowCount >= 5 || at < this.lockedUntil || this.forced429 > 0) {
			if (this.forced429 > 0) this.forced429--;
			if (at >= this.lockedUntil) this.lockedUntil = at + 30_000;
			return [429, { error: { type: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' } }];
		}
		const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // v0, ...
		if (parts[1] === 'meta') return this.meta(parts);
		if (parts[1] !== this.opts.baseId) return [404, { error: 'NOT_FOUND' }];
		const table = this.tables.get(parts[2]) ?? [...this.tables.values()].find((t) => t.id === parts[2]);
		if (!table) {
			return [
				403,
				{
					error: {
						type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND',
						message:
							'Invalid permissions, or the requested model was not found. Check that both your user and your ' +
							'token have the required permissions, and that the model names and/or ids are correct.',
					},
				},
			];
		}
		try {
			if (method === 'GET') return this.list(table, url.searchParams);
			const records = (body as { records?: unknown[] }).records;
			if (!Array.isArray(records) || records.length === 0)
				return [
					422,
					{
						error: {
							type: 'INVALID_REQUEST_MISSING_FIELDS',
							message: 'Could not find field "records" in the request body',
						},
					},
				];
			if (records.length > 10) {
				this.violations.push(`${records.length} records in one ${method}`);
				return [
					422,
					{ error: { type: 'INVALID_RECORDS', message: 'You can only create or update up to 10 records per request' } },
				];
			}
			if (method === 'POST')
				return [200, { records: records.map((r) => this.write(table, null, (r as FakeRecord).fields)) }];
			return this.patch(
				table,
				body as {
					records: Array<{ id?: string; fields: Record<string, unknown> }>;
					performUpsert?: { fieldsToMergeOn: string[] };
				},
			);
		} catch (err) {
			const e = err as Error & { status?: number; type?: string };
			return [e.status ?? 422, { error: { type: e.type ?? 'INVALID_REQUEST_UNKNOWN', message: e.message } }];
		}
	}

	private meta(parts: string[]): [number, unknown] {
		if (parts.length === 3 && parts[2] === 'whoami')
			return [
				200,
				{ id: 'usrSandbox0000001', scopes: ['data.records:read', 'data.records:write', 'schema.bases:read'] },
			];
		if (parts.length === 3 && parts[2] === 'bases') {
			return [200, { bases: [{ id: this.opts.baseId, name: 'Post-purchase ledger', permissionLevel: 'create' }] }];
		}
		if (parts[2] === 'bases' && parts[3] === this.opts.baseId && parts[4] === 'tables') {
			return [
				200,
				{
					tables: [...this.tables.values()].map((t) => ({
						id: t.id,
						name: t.name,
						primaryFieldId: t.primaryFieldId,
						fields: t.fields,
						views: [{ id: newId('viw'), name: 'Grid view', type: 'grid' }],
					})),
				},
			];
		}
		return [404, { error: 'NOT_FOUND' }];
	}

	private list(table: FakeTable, qs: URLSearchParams): [number, unknown] {
		const pageSize = Math.min(100, Number(qs.get('pageSize') ?? 100));
		const maxRecords = qs.get('maxRecords') ? Number(qs.get('maxRecords')) : Infinity;
		const formula = qs.get('filterByFormula');
		const ast = formula ? parse(tokenize(formula)) : null;
		const all = [...table.records.values()]
			.filter((r) => !ast || Boolean(evaluate(ast, r, table)))
			.slice(0, maxRecords);
		const start = Number(qs.get('offset') ?? 0);
		const page = all.slice(start, start + pageSize);
		const next = start + pageSize < all.length ? String(start + pageSize) : undefined;
		return [200, { records: page.map((r) => structuredClone(r)), ...(next ? { offset: next } : {}) }];
	}

	private write(table: FakeTable, existing: FakeRecord | null, fields: Record<string, unknown>): FakeRecord {
		for (const name of Object.keys(fields)) {
			if (!table.fields.some((f) => f.name === name))
				throw Object.assign(new Error(`Unknown field name: "${name}"`), { type: 'UNKNOWN_FIELD_NAME' });
			const type = table.fields.find((f) => f.name === name)!.type;
			const v = fields[name];
			if (type === 'number' && v !== null && v !== '' && typeof v !== 'number')
				throw Object.assign(new Error(`Field "${name}" cannot accept the provided value`), {
					type: 'INVALID_VALUE_FOR_COLUMN',
				});
			if (type !== 'number' && v !== null && typeof v !== 'string')
				throw Object.assign(new Error(`Field "${name}" cannot accept the provided value`), {
					type: 'INVALID_VALUE_FOR_COLUMN',
				});
			if (typeof v === 'string' && v.length > 100_000)
				throw Object.assign(new Error(`Field "${name}" exceeds the cell size limit`), {
					type: 'INVALID_VALUE_FOR_COLUMN',
				});
		}
		const rec = existing ?? { id: newId('rec'), createdTime: new Date(this.now()).toISOString(), fields: {} };
		for (const [k, v] of Object.entries(fields)) {
			if (v === '' || v === null || v === undefined) delete rec.fields[k];
			else rec.fields[k] = v;
		}
		table.records.set(rec.id, rec);
		return structuredClone(rec);
	}

	private patch(
		table: FakeTable,
		body: {
			records: Array<{ id?: string; fields: Record<string, unknown> }>;
			performUpsert?: { fieldsToMergeOn: string[] };
		},
	): [number, unknown] {
		const merge = body.performUpsert?.fieldsToMergeOn;
		const out: FakeRecord[] = [];
		const created: string[] = [];
		const updated: string[] = [];
		for (const r of body.records) {
			if (r.id) {
				const existing = table.records.get(r.id);
				if (!existing) throw Object.assign(new Error(`Record ${r.id} not found`), { status: 404, type: 'NOT_FOUND' });
				out.push(this.write(table, existing, r.fields));
				updated.push(r.id);
				continue;
			}
			if (!merge) throw Object.assign(new Error('Records without id need performUpsert'), { type: 'INVALID_RECORDS' });
			const matches = [...table.records.values()].filter((rec) => merge.every((f) => rec.fields[f] === r.fields[f]));
			if (matches.length > 1)
				throw Object.assign(new Error('Multiple records matched fieldsToMergeOn'), { type: 'INVALID_RECORDS' });
			const rec = this.write(table, matches[0] ?? null, r.fields);
			(matches[0] ? updated : created).push(rec.id);
			out.push(rec);
		}
		return [200, merge ? { records: out, createdRecords: created, updatedRecords: updated } : { records: out }];
	}
}

/** The base over real HTTP, mounted by startSandbox at /airtable/. */
export class AirtableSim extends AirtableBase implements VendorSim {
	readonly name = 'airtable';

	handle(request: SimRequest): SimResponse | undefined {
		if (!request.path.startsWith('/v0/')) return undefined;
		const query = request.query.toString();
		const [status, body] = this.answer(
			request.method,
			request.path + (query ? `?${query}` : ''),
			request.json ?? request.rawBody,
			request.headers,
		);
		return { status, body };
	}
}
