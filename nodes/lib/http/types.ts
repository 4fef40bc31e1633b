/**
 * The one Transport port every connector talks through (DESIGN.md "Reliability rules").
 *
 * A Transport performs a single HTTP exchange. It never throws because of an HTTP status: a 429 or a
 * 500 is data that the retry and pacing layers decide about. It throws a TransportError only when no
 * response arrived (network failure, timeout).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * Whether a call may be sent again when its outcome is unknown (DESIGN.md "Side effects are idempotent"):
 * - 'read': changes nothing (GET, a GraphQL query, a tracking lookup sent as POST, a token exchange);
 * - 'idempotent': changes something, but doing it twice leaves the same state as once (an upsert by key,
 *   a PUT of a whole value, a call carrying the vendor's idempotency key such as Klaviyo `unique_id`);
 * - 'unsafe': doing it twice does it twice (a Slack post, Shopify fulfillmentCreate, ShipStation
 *   markasshipped). Only a failure that proves the vendor did not act is retried; any other is reported
 *   as an OutcomeUnknownError for the caller to resolve by looking (see sendOnce).
 */
export type CallEffect = 'read' | 'idempotent' | 'unsafe';

/** RFC 9110 9.2.2: GET, HEAD, PUT and DELETE are idempotent by definition; POST and PATCH are not. */
export function effectOf(request: Pick<HttpRequest, 'method' | 'effect'>): CallEffect {
	if (request.effect) return request.effect;
	if (request.method === 'GET' || request.method === 'HEAD') return 'read';
	if (request.method === 'PUT' || request.method === 'DELETE') return 'idempotent';
	return 'unsafe';
}

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>;

export interface HttpRequest {
	method: HttpMethod;
	url: string;
	headers?: Record<string, string>;
	query?: Record<string, QueryValue>;
	/** Serialised as JSON unless it is already a string or a Buffer (then sent as is). */
	body?: unknown;
	timeoutMs?: number;
	/** A label for logs and errors ("shopify.ordersPage"), never sent. */
	operation?: string;
	/** Safe to repeat? Never sent. Unset: decided by the method (effectOf); every POST that only reads sets 'read'. */
	effect?: CallEffect;
}

export interface HttpResponse {
	status: number;
	/** Header names lower-cased. */
	headers: Record<string, string>;
	/** Parsed JSON when the response is JSON, otherwise the text. */
	body: unknown;
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** Injected time, so tests and the sandbox can drive the clock and never sleep for real. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock that reads `at` at this moment and runs at the base clock's pace from there: a workflow replaying
 * a past day stamps what it reads with that day's time, while pacing and retries still wait real time.
 * Empty `at`: the base clock itself.
 */
export function clockFrom(at: string | null | undefined, base: Clock = systemClock): Clock {
	if (!at) return base;
	const offset = Date.parse(at) - base.now();
	if (Number.isNaN(offset)) throw new Error(`"${at}" is not an ISO 8601 time`);
	return { now: () => base.now() + offset, sleep: (ms) => base.sleep(ms) };
}

export function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return out;
}

export function buildUrl(url: string, query: HttpRequest['query']): string {
	if (!query) return url;
	const target = new URL(url);
	for (const [name, value] of Object.entries(query)) {
		if (value === undefined || value === null) continue;
		if (Array.isArray(value)) for (const v of value) target.searchParams.append(name, String(v));
		else target.searchParams.set(name, String(value));
	}
	return target.toString();
}
