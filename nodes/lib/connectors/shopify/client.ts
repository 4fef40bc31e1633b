/**
 * The typed Shopify Admin GraphQL client, on @shopify/admin-api-client. The library builds each request (the
 * version's GraphQL URL, the JSON body, its headers and the token header), reads Shopify's answer into data and
 * GraphQL errors, and reports X-Shopify-API-Deprecated-Reason through its logger. It sends through its own
 * `customFetchApi` hook, which hands the exchange to our Transport, so retries, pacing, the sandbox base URL and
 * n8n's HTTP helper all stay in one place.
 *
 * One library client per call. Making one costs about 3.5 microseconds (Node 20), nothing next to a round trip to
 * Shopify, and a client made for one call holds that call's own things in its closures: the token it must send
 * (the library sends its constructor token over any per-request header), the operation its deprecation notices
 * belong to, and what the transport did: the raw HttpResponse (HttpError carries it) or the error it threw (the
 * library would make a message string of that, losing TransportError and its code). Overlapping calls share only
 * the bucket, so nothing has to be correlated through the library.
 *
 * Pacing: Shopify meters GraphQL by query cost in a leaky bucket and reports its state in
 * `extensions.cost.throttleStatus` on every response. We pace BEFORE each call from that state
 * (LeakyBucketLimiter), learn each document's requested cost from the first answer, and if Shopify
 * still says THROTTLED we wait exactly what the bucket needs and retry.
 */
import { createAdminApiClient, type ClientResponse } from '@shopify/admin-api-client';
import { HttpError, ValidationError } from '../../http/errors';
import { LeakyBucketLimiter } from '../../http/limiters';
import { budgetKey, type ResilientBudget } from '../../http/sharedBudget';
import { withRetry, type RetryOptions } from '../../http/retry';
import {
	systemClock,
	type CallEffect,
	type Clock,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../http/types';
import { ShopifyTokenSource, type ShopifyAuth } from './auth';
import { normaliseShopDomain, resolveApiVersion, shopOrigin, type ShopifyApiVersion } from './config';
import type { GqlUserError, QueryCost } from './types';

export interface ShopifyClientOptions {
	shopDomain: string;
	apiVersion?: string;
	auth: ShopifyAuth;
	/** The base transport (n8nTransport in nodes, createFetchTransport in tests and benches). */
	transport: Transport;
	/** Sandbox override for https://{shop}; leave empty in production. */
	baseUrl?: string | null;
	clock?: Clock;
	random?: () => number;
	/** Attempts per call including the first (THROTTLED, 429, 5xx, timeouts). */
	maxAttempts?: number;
	/** Starting guess until Shopify reports the real bucket (Standard plan: 2,000 points, 100/s). */
	bucket?: { capacity: number; restorePerSecond: number };
	/** Share the shop's cost bucket with the other processes calling it (n8n queue-mode workers). */
	sharedBudget?: ResilientBudget;
}

/** One X-Shopify-API-Deprecated-Reason notice: which of our calls, and what Shopify said. */
export interface ShopifyDeprecation {
	/** The GraphQL operation name, e.g. OrderCancel. */
	operation: string;
	/** The header's text: since 2025-04 the deprecated fields ("Mutation.orderCancel.refund"), before a URL. */
	reason: string;
}

export interface ShopifyCallStats {
	/** HTTP calls made to the GraphQL endpoint (retries included). */
	calls: number;
	/** Responses that were THROTTLED. */
	throttled: number;
	/** Sum of actualQueryCost Shopify reported. */
	actualPoints: number;
	/** Sum of requestedQueryCost Shopify reported. */
	requestedPoints: number;
	/** Milliseconds spent waiting for the bucket before calls. */
	pacedMs: number;
	lastThrottleStatus?: QueryCost['throttleStatus'];
}

/** GraphQL-level failure (not userErrors): a bad query, missing scope, THROTTLED after retries. */
export class ShopifyGraphQLError extends Error {
	readonly code?: string;
	readonly hint?: string;
	readonly errors: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }>;
	constructor(errors: ShopifyGraphQLError['errors'], operation: string) {
		const code = errors.find((e) => typeof e.extensions?.code === 'string')?.extensions?.code as string | undefined;
		super(`Shopify rejected ${operation}: ${errors.map((e) => e.message).join('; ')}`);
		this.name = 'ShopifyGraphQLError';
		this.code = code;
		this.errors = errors;
		this.hint = hintForCode(code, errors);
	}
}

/** A mutation's userErrors: the input was refused. Names the field Shopify blamed. */
export class ShopifyUserErrors extends ValidationError {
	readonly userErrors: GqlUserError[];
	readonly mutation: string;
	/** `hint`: what to do, when the caller knows better than "correct the field" (e.g. a variant out of stock). */
	constructor(mutation: string, userErrors: GqlUserError[], hint?: string) {
		const first = userErrors[0];
		const field = first?.field?.length ? first.field.join('.') : undefined;
		super(
			`Shopify refused ${mutation}: ` +
				`${userErrors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)).join('; ')}`,
			field,
			hint ?? (field ? `Correct the value of "${field}" and run again.` : 'Correct the input and run again.'),
		);
		this.name = 'ShopifyUserErrors';
		this.userErrors = userErrors;
		this.mutation = mutation;
	}
}

function hintForCode(code: string | undefined, errors: Array<{ message: string }>): string | undefined {
	if (code === 'ACCESS_DENIED' || errors.some((e) => /access denied|required access/i.test(e.message))) {
		return (
			'The app lacks an access scope this call needs: add read_orders / write_orders, ' +
			'read_merchant_managed_fulfillment_orders / write_merchant_managed_fulfillment_orders (and the others in ' +
			'docs/shopify.md) to the app, then reinstall or re-authorise it.'
		);
	}
	if (code === 'THROTTLED')
		return (
			"Shopify kept throttling after several waits: another app is using the same store's API budget heavily. Run " +
			'this workflow less often or later.'
		);
	if (code === 'MAX_COST_EXCEEDED') return 'The query asks for too much at once: lower the page size.';
	return undefined;
}

/**
 * The library insists on a token; when the transport adds the real one (n8n's httpRequestWithAuthentication)
 * the library gets this stand-in, and its header is dropped before sending.
 */
const TOKEN_ADDED_BY_TRANSPORT = 'added-by-the-transport';

/** What one call's transport did, as its customFetchApi saw it. */
interface Exchange {
	/** The transport's answer as it gave it: HttpError carries it. */
	response?: HttpResponse;
	/** What the transport threw, re-thrown as is (the library makes a message string of it). */
	failure?: { error: unknown };
}

const OPERATION_NAME = /\b(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/;

export function operationNameOf(document: string): string {
	const match = OPERATION_NAME.exec(document);
	return match ? match[2] : 'anonymous operation';
}

/** A query only reads; a mutation is unsafe to repeat unless its caller says it is idempotent. */
export function documentEffect(document: string, mutationEffect: CallEffect = 'unsafe'): CallEffect {
	return OPERATION_NAME.exec(document)?.[1] === 'mutation' ? mutationEffect : 'read';
}

/** Reads `extensions.cost` from a parsed GraphQL response body. */
export function readQueryCost(body: unknown): QueryCost | undefined {
	const cost = (body as { extensions?: { cost?: QueryCost } } | undefined)?.extensions?.cost;
	if (!cost || !cost.throttleStatus || typeof cost.throttleStatus.currentlyAvailable !== 'number') return undefined;
	return cost;
}

export function isThrottled(body: unknown): boolean {
	const errors = (body as { errors?: Array<{ extensions?: { code?: string } }> } | undefined)?.errors;
	return Array.isArray(errors) && errors.some((e) => e?.extensions?.code === 'THROTTLED');
}

/** How long until the bucket holds `requested` points again, from what Shopify just reported. */
export function throttleWaitMs(cost: QueryCost | undefined): number {
	if (!cost) return 1000;
	const { currentlyAvailable, restoreRate } = cost.throttleStatus;
	const missing = Math.max(0, cost.requestedQueryCost - currentlyAvailable);
	return Math.ceil((missing / Math.max(1, restoreRate)) * 1000) + 50;
}

export class ShopifyClient {
	readonly shopDomain: string;
	readonly apiVersion: ShopifyApiVersion;
	/** The retired version the credential asked for, when apiVersion is the oldest supported one instead. */
	readonly retiredApiVersion?: string;
	readonly origin: string;
	readonly tokens: ShopifyTokenSource;
	readonly stats: ShopifyCallStats = { calls: 0, throttled: 0, actualPoints: 0, requestedPoints: 0, pacedMs: 0 };
	readonly limiter: LeakyBucketLimiter;
	/** The client's clock: pacing, retries and the waits of a read-back (sendOnce) all use it. */
	readonly clock: Clock;
	private readonly retryOptions: RetryOptions;
	/** The transport adds the token header itself (see ShopifyAuth). */
	private readonly sentByTransport: boolean;
	private readonly costEstimates = new Map<string, number>();
	/** Deprecation notices seen by this client (one execution), once per operation and reason. */
	private readonly deprecationNotices = new Map<string, ShopifyDeprecation>();

	constructor(private readonly options: ShopifyClientOptions) {
		this.shopDomain = normaliseShopDomain(options.shopDomain);
		const resolved = resolveApiVersion(options.apiVersion);
		this.apiVersion = resolved.version;
		this.retiredApiVersion = resolved.retired;
		this.origin = shopOrigin(this.shopDomain, options.baseUrl);
		this.clock = options.clock ?? systemClock;
		const bucket = options.bucket ?? { capacity: 2000, restorePerSecond: 100 };
		const shared = options.sharedBudget && {
			budget: options.sharedBudget,
			key: budgetKey('shopify', this.shopDomain),
		};
		this.limiter = new LeakyBucketLimiter({ available: bucket.capacity, ...bucket }, { clock: this.clock, shared });
		this.sentByTransport = options.auth.mode === 'accessToken' && options.auth.sentByTransport === true;
		this.retryOptions = {
			maxAttempts: options.maxAttempts ?? 6,
			clock: this.clock,
			random: options.random,
			classify: (response: HttpResponse) =>
				isThrottled(response.body) ? { retry: true, delayMs: throttleWaitMs(readQueryCost(response.body)) } : undefined,
		};
		this.tokens = new ShopifyTokenSource(
			options.auth,
			this.origin,
			withRetry(options.transport, { ...this.retryOptions, classify: undefined }),
			this.clock,
		);
	}

	/** What Shopify flagged as deprecated in this client's calls so far (X-Shopify-API-Deprecated-Reason). */
	deprecations(): ShopifyDeprecation[] {
		return [...this.deprecationNotices.values()];
	}

	private noteDeprecation(operation: string, notice: string): void {
		const reason = String(notice ?? '').trim();
		if (!reason) return;
		this.deprecationNotices.set(`${operation}\n${reason}`, { operation, reason });
	}

	/** One GraphQL call: auth, pacing, THROTTLED retries, 401 refresh. Returns data or throws. */
	async request<T>(
		document: string,
		variables?: Record<string, unknown>,
		options: { costHint?: number; mutationEffect?: CallEffect } = {},
	): Promise<T> {
		const operation = operationNameOf(document);
		const effect = documentEffect(document, options.mutationEffect);
		const key = costKey(document, variables);
		if (options.costHint !== undefined && !this.costEstimates.has(key)) this.costEstimates.set(key, options.costHint);
		for (let attempt = 1; ; attempt++) {
			const { result, response } = await this.call<T>(document, variables, operation, key, effect);
			if (response?.status === 401 && this.tokens.canRefresh && attempt === 1) {
				// A client-credentials token can expire or be rotated mid-run: fetch a fresh one once.
				this.tokens.invalidate();
				continue;
			}
			if (response && (response.status < 200 || response.status >= 300)) {
				const request: HttpRequest = { method: 'POST', url: this.graphqlUrl(), operation: `shopify.${operation}` };
				const hint = response.status === 401 ? revokedTokenHint(this.options.auth) : undefined;
				throw new HttpError(response, request, undefined, hint);
			}
			const graphQLErrors = result.errors?.graphQLErrors;
			if (graphQLErrors && graphQLErrors.length) {
				throw new ShopifyGraphQLError(graphQLErrors as ShopifyGraphQLError['errors'], operation);
			}
			if (result.errors && !result.data) {
				throw new ShopifyGraphQLError([{ message: result.errors.message ?? 'unknown error' }], operation);
			}
			return result.data as T;
		}
	}

	/**
	 * Runs a mutation and returns its payload; userErrors (whatever the payload calls them, e.g.
	 * orderCancelUserErrors) become a ShopifyUserErrors naming the field. A mutation is unsafe to repeat
	 * unless `effect` says 'idempotent': a lost answer then throws OutcomeUnknownError, and the caller
	 * reads the order back before sending it again (orders.ts).
	 */
	async mutate<P extends Record<string, unknown>>(
		document: string,
		variables: Record<string, unknown>,
		payloadField: string,
		options: { effect?: CallEffect } = {},
	): Promise<P> {
		const data = await this.request<Record<string, P | null>>(document, variables, {
			costHint: 10,
			mutationEffect: options.effect,
		});
		const payload = data?.[payloadField];
		if (!payload)
			throw new ShopifyGraphQLError(
				[{ message: `no ${payloadField} payload in the response` }],
				operationNameOf(document),
			);
		const errors = Object.entries(payload)
			.filter(([name]) => /userErrors$/i.test(name))
			.flatMap(([, value]) => (Array.isArray(value) ? (value as GqlUserError[]) : []));
		if (errors.length) throw new ShopifyUserErrors(payloadField, errors);
		return payload;
	}

	graphqlUrl(): string {
		return `${this.origin}/admin/api/${this.apiVersion}/graphql.json`;
	}

	/**
	 * One exchange, through a library client made for it (see the header): the current token, the operation its
	 * deprecation notices belong to, and the transport's answer or error kept beside the library's result.
	 */
	private async call<T>(
		document: string,
		variables: Record<string, unknown> | undefined,
		operation: string,
		key: string,
		effect: CallEffect,
	): Promise<{ result: ClientResponse<T>; response?: HttpResponse }> {
		const exchange: Exchange = {};
		const transport = withRetry(this.pacedTransport(key), this.retryOptions);
		const api = createAdminApiClient({
			storeDomain: this.shopDomain,
			apiVersion: this.apiVersion,
			accessToken: this.sentByTransport ? TOKEN_ADDED_BY_TRANSPORT : await this.tokens.token(),
			customFetchApi: async (url, init) => {
				try {
					exchange.response = await transport(this.httpRequest(url, init, operation, effect));
				} catch (error) {
					exchange.failure = { error };
					throw error;
				}
				return fetchResponse(exchange.response);
			},
			// Shopify's deprecation header reaches us through the library's logger; it is kept for the node to
			// show. The library's other notices (versions judged by today's date) are not for users: we pin
			// the versions the contract tests check.
			logger: (log) => {
				if (log.type === 'HTTP-Response-GraphQL-Deprecation-Notice')
					this.noteDeprecation(operation, log.content.deprecationNotice);
			},
		});
		const result = await api.request<T>(document, { variables });
		if (exchange.failure) throw exchange.failure.error;
		return { result, response: exchange.response };
	}

	/** What the library asks to send, as our Transport's request to the shop (or the sandbox base URL). */
	private httpRequest(
		url: string,
		init: { method?: string; headers?: HeadersInit; body?: string } | undefined,
		operation: string,
		effect: CallEffect,
	): HttpRequest {
		const headers: Record<string, string> = {};
		new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
		if (this.sentByTransport) delete headers['x-shopify-access-token'];
		return {
			method: (init?.method ?? 'POST').toUpperCase() as HttpRequest['method'],
			url: url.replace(/^https:\/\/[^/]+/, this.origin),
			headers,
			body: init?.body,
			operation: `shopify.${operation}`,
			effect,
		};
	}

	/** Paces each attempt from the bucket, by this document's learnt cost, and learns from Shopify's answer. */
	private pacedTransport(key: string): Transport {
		return async (request) => {
			const estimate = this.costEstimates.get(key) ?? 50;
			const wait = this.limiter.waitFor(estimate);
			this.stats.pacedMs += wait;
			const charged = await this.limiter.take(estimate);
			this.stats.calls += 1;
			const response = await this.options.transport(request);
			const cost = readQueryCost(response.body);
			if (cost) {
				const { currentlyAvailable, maximumAvailable, restoreRate } = cost.throttleStatus;
				// A THROTTLED or refused query costs nothing (actualQueryCost null).
				await this.limiter.settle(charged, cost.actualQueryCost ?? 0, {
					available: currentlyAvailable,
					capacity: maximumAvailable,
					restorePerSecond: restoreRate,
				});
				this.stats.lastThrottleStatus = cost.throttleStatus;
				this.stats.requestedPoints += cost.requestedQueryCost ?? 0;
				this.stats.actualPoints += cost.actualQueryCost ?? 0;
				if (typeof cost.requestedQueryCost === 'number') this.costEstimates.set(key, cost.requestedQueryCost);
			}
			if (isThrottled(response.body)) this.stats.throttled += 1;
			return response;
		};
	}
}

/** Our Transport's answer as the fetch Response the library reads. */
function fetchResponse(raw: HttpResponse): Response {
	const text =
		raw.body === undefined || raw.body === null
			? ''
			: typeof raw.body === 'string'
				? raw.body
				: JSON.stringify(raw.body);
	const headers = new Headers();
	for (const [name, value] of Object.entries(raw.headers)) {
		// The body is already decoded and re-serialised: its original length and encoding no longer apply.
		if (name === 'content-length' || name === 'content-encoding' || name === 'transfer-encoding') continue;
		headers.set(name, value);
	}
	if (!headers.has('content-type') && typeof raw.body === 'object') headers.set('content-type', 'application/json');
	const nullBody = raw.status === 204 || raw.status === 304;
	return new Response(nullBody ? null : text, { status: raw.status, headers });
}

function revokedTokenHint(auth: ShopifyAuth): string {
	return auth.mode === 'accessToken'
		? 'Shopify no longer accepts this access token (revoked, or the app was uninstalled). Create a new token in ' +
				'Shopify admin > Settings > Apps and sales channels > Develop apps > your app > API credentials, and paste ' +
				'it into the credential.'
		: 'Shopify rejected a freshly issued token: check that the Dev Dashboard app is still installed on this store.';
}

/** Cost depends on the document and the page size: key estimates by both. */
function costKey(document: string, variables?: Record<string, unknown>): string {
	return `${document.length}:${hash(document)}:${String(variables?.first ?? '')}`;
}

function hash(text: string): number {
	let h = 0;
	for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
	return h;
}
