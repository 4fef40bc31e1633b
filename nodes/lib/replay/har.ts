/**
 * HTTP Archive (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/) -> the exchanges a replay plays.
 *
 * A capture is untrusted input: every entry is checked, and every problem is reported with the entry's
 * index and the field (`log.entries[3].request.url: ...`), all of them at once, so a hand-edited capture
 * can be fixed in one pass. Nothing is silently dropped or repaired.
 */

export interface HarNameValue {
	name: string;
	value: string;
}

/** One exchange of the capture, in the shape the replay uses. */
export interface Exchange {
	/** Position in log.entries (0-based): every report names entries by it. */
	index: number;
	/** startedDateTime as UTC ISO 8601 (milliseconds kept). */
	at: string;
	atMs: number;
	request: {
		method: string;
		url: string;
		/** Header names lower-cased; repeated headers joined with ", ". */
		headers: Record<string, string>;
		/** queryString entries (falls back to the URL's own query when the list is absent). */
		query: HarNameValue[];
		/** postData.text, verbatim: signatures are checked on these exact bytes. */
		bodyText?: string;
		mimeType?: string;
	};
	response: {
		status: number;
		headers: Record<string, string>;
		/** content.text decoded (base64 when content.encoding says so). Empty string when absent. */
		bodyText: string;
		mimeType?: string;
	};
	comment?: string;
}

export interface Capture {
	creator: string;
	exchanges: Exchange[];
}

export class HarError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`The capture is not a usable HAR 1.2 file (${problems.length} ` +
				`problem${problems.length === 1 ? '' : 's'}):\n  ` +
				problems.slice(0, 40).join('\n  ') +
				(problems.length > 40 ? `\n  ... and ${problems.length - 40} more` : ''),
		);
		this.name = 'HarError';
	}
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** HAR requires an offset; a time without one would be read in the machine's zone, so it is refused. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function nameValues(value: unknown, field: string, problems: string[]): HarNameValue[] {
	if (value === undefined) return [];
	if (!Array.isArray(value)) {
		problems.push(`${field}: must be a list of {"name", "value"} objects`);
		return [];
	}
	const out: HarNameValue[] = [];
	value.forEach((item, i) => {
		if (!isRecord(item) || typeof item.name !== 'string' || typeof item.value !== 'string') {
			problems.push(`${field}[${i}]: must be {"name": "<text>", "value": "<text>"}`);
			return;
		}
		out.push({ name: item.name, value: item.value });
	});
	return out;
}

function headerMap(list: HarNameValue[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const { name, value } of list) {
		const key = name.toLowerCase();
		out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
	}
	return out;
}

/** Accepts the parsed JSON or the file's text. */
export function parseHar(input: unknown): Capture {
	let doc = input;
	if (typeof input === 'string') {
		try {
			doc = JSON.parse(input);
		} catch (error) {
			throw new HarError([
				`file: not JSON (${(error as Error).message}); a HAR file is one JSON object {"log": {...}}`,
			]);
		}
	}
	const problems: string[] = [];
	if (!isRecord(doc) || !isRecord(doc.log))
		throw new HarError([
			'log: missing; a HAR file is one JSON object {"log": {"version": "1.2", "creator": {...}, "entries": [...]}}',
		]);
	const log = doc.log;
	if (typeof log.version !== 'string') problems.push('log.version: missing (write "1.2")');
	else if (!/^1\.\d+$/.test(log.version)) problems.push(`log.version: "${log.version}" is not HAR 1.x (write "1.2")`);
	const creator =
		isRecord(log.creator) && typeof log.creator.name === 'string'
			? `${log.creator.name}${typeof log.creator.version === 'string' ? ` ${log.creator.version}` : ''}`
			: '';
	if (!creator) problems.push('log.creator.name: missing (the tool that recorded the capture)');
	if (!Array.isArray(log.entries)) {
		problems.push('log.entries: must be a list');
		throw new HarError(problems);
	}
	const exchanges: Exchange[] = [];
	log.entries.forEach((entry, index) => {
		const exchange = parseEntry(entry, index, problems);
		if (exchange) exchanges.push(exchange);
	});
	if (problems.length) throw new HarError(problems);
	// Ties keep file order: two entries recorded in the same millisecond are played as written.
	exchanges.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
	return { creator, exchanges };
}

function parseEntry(entry: unknown, index: number, problems: string[]): Exchange | undefined {
	const at = `log.entries[${index}]`;
	const before = problems.length;
	if (!isRecord(entry)) {
		problems.push(`${at}: must be an object`);
		return undefined;
	}
	let atMs = NaN;
	if (typeof entry.startedDateTime !== 'string')
		problems.push(`${at}.startedDateTime: missing (ISO 8601 with its offset, e.g. 2026-12-01T15:02:11.000Z)`);
	else if (!ISO_WITH_ZONE.test(entry.startedDateTime) || Number.isNaN((atMs = Date.parse(entry.startedDateTime))))
		problems.push(
			`${at}.startedDateTime: "${entry.startedDateTime.slice(0, 40)}" is not an ISO 8601 instant with an offset ` +
				`(e.g. 2026-12-01T15:02:11.000Z)`,
		);

	const req = entry.request;
	const res = entry.response;
	if (!isRecord(req)) problems.push(`${at}.request: missing`);
	if (!isRecord(res))
		problems.push(
			`${at}.response: missing (a push the product answered still has one: write the status the product gave)`,
		);
	if (!isRecord(req) || !isRecord(res)) return undefined;

	const method = typeof req.method === 'string' ? req.method.toUpperCase() : '';
	if (!METHODS.has(method)) problems.push(`${at}.request.method: ${JSON.stringify(req.method)} is not an HTTP method`);
	let url = '';
	if (typeof req.url !== 'string')
		problems.push(
			`${at}.request.url: missing (the absolute URL, e.g. https://ssapi.shipstation.com/orders?orderNumber=1001)`,
		);
	else {
		try {
			url = new URL(req.url).toString();
		} catch {
			problems.push(`${at}.request.url: "${req.url.slice(0, 80)}" is not an absolute URL`);
		}
	}
	const requestHeaders = nameValues(req.headers, `${at}.request.headers`, problems);
	let query = nameValues(req.queryString, `${at}.request.queryString`, problems);
	if (req.queryString === undefined && url)
		query = [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
	let bodyText: string | undefined;
	let requestMime: string | undefined;
	if (req.postData !== undefined) {
		if (!isRecord(req.postData)) problems.push(`${at}.request.postData: must be an object {"mimeType", "text"}`);
		else {
			if (typeof req.postData.text !== 'string')
				problems.push(`${at}.request.postData.text: missing (the body as sent, verbatim)`);
			else bodyText = req.postData.text;
			if (req.postData.mimeType !== undefined && typeof req.postData.mimeType !== 'string')
				problems.push(`${at}.request.postData.mimeType: must be text`);
			else requestMime = req.postData.mimeType as string | undefined;
		}
	}

	const status = res.status;
	if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
		problems.push(`${at}.response.status: ${JSON.stringify(status)} is not an HTTP status`);
	const responseHeaders = nameValues(res.headers, `${at}.response.headers`, problems);
	let responseText = '';
	let responseMime: string | undefined;
	if (res.content !== undefined) {
		if (!isRecord(res.content)) problems.push(`${at}.response.content: must be an object {"mimeType", "text"}`);
		else {
			const content = res.content;
			if (content.text !== undefined && typeof content.text !== 'string')
				problems.push(`${at}.response.content.text: must be text (JSON bodies are written as a string)`);
			else if (typeof content.text === 'string') {
				if (content.encoding === undefined) responseText = content.text;
				else if (content.encoding === 'base64') responseText = Buffer.from(content.text, 'base64').toString('utf8');
				else
					problems.push(
						`${at}.response.content.encoding: "${String(content.encoding)}" is not supported (leave it out, or ` +
							`"base64")`,
					);
			}
			if (typeof content.mimeType === 'string') responseMime = content.mimeType;
		}
	}
	if (problems.length > before) return undefined;
	return {
		index,
		at: new Date(atMs).toISOString(),
		atMs,
		request: { method, url, headers: headerMap(requestHeaders), query, bodyText, mimeType: requestMime },
		response: {
			status: status as number,
			headers: headerMap(responseHeaders),
			bodyText: responseText,
			mimeType: responseMime,
		},
		comment: typeof entry.comment === 'string' ? entry.comment : undefined,
	};
}

/** JSON when it parses, otherwise the text (a vendor's HTML error page stays readable). */
export function bodyOf(text: string | undefined): unknown {
	if (text === undefined || text === '') return text ?? '';
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/* ---------------- writing (scenario-to-har, the sandbox's capture recorder) ---------------- */

export interface HarEntryInput {
	at: string;
	method: string;
	url: string;
	requestHeaders?: Record<string, string>;
	requestBody?: string;
	status: number;
	responseHeaders?: Record<string, string>;
	responseBody?: string;
	comment?: string;
}

function toList(headers: Record<string, string> | undefined): HarNameValue[] {
	return Object.entries(headers ?? {}).map(([name, value]) => ({ name, value }));
}

function mimeOf(headers: Record<string, string> | undefined, fallback: string): string {
	const found = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type');
	return found ? found[1] : fallback;
}

/** One HAR 1.2 entry with every field the spec requires (sizes -1 where unknown, as the spec allows). */
export function harEntry(input: HarEntryInput): Record<string, unknown> {
	const url = new URL(input.url);
	const request: Record<string, unknown> = {
		method: input.method,
		url: url.toString(),
		httpVersion: 'HTTP/1.1',
		cookies: [],
		headers: toList(input.requestHeaders),
		queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
		headersSize: -1,
		bodySize: input.requestBody === undefined ? 0 : Buffer.byteLength(input.requestBody),
	};
	if (input.requestBody !== undefined)
		request.postData = { mimeType: mimeOf(input.requestHeaders, 'application/json'), text: input.requestBody };
	const body = input.responseBody ?? '';
	const entry: Record<string, unknown> = {
		startedDateTime: new Date(Date.parse(input.at)).toISOString(),
		time: 0,
		request,
		response: {
			status: input.status,
			statusText: '',
			httpVersion: 'HTTP/1.1',
			cookies: [],
			headers: toList(input.responseHeaders),
			content: {
				size: Buffer.byteLength(body),
				mimeType: mimeOf(input.responseHeaders, body ? 'application/json' : ''),
				text: body,
			},
			redirectURL: '',
			headersSize: -1,
			bodySize: Buffer.byteLength(body),
		},
		cache: {},
		timings: { send: 0, wait: 0, receive: 0 },
	};
	if (input.comment) entry.comment = input.comment;
	return entry;
}

export function harDocument(entries: Array<Record<string, unknown>>, comment?: string): Record<string, unknown> {
	const log: Record<string, unknown> = {
		version: '1.2',
		creator: { name: 'n8n-nodes-post-purchase', version: '0.1.0' },
		entries,
	};
	if (comment) log.comment = comment;
	return { log };
}
