import {
	budgetKey,
	HeaderWindowLimiter,
	HttpError,
	IntervalLimiter,
	RATELIMIT_HEADERS,
	withRateLimit,
	withRetry,
	type Clock,
	type HttpRequest,
	type HttpResponse,
	type RateLimiter,
	type ResilientBudget,
	type Transport,
} from '../../http';
import {
	KLAVIYO_BULK_MAX_EVENTS,
	buildBulkCreateBody,
	buildCreateEventBody,
	buildProfileUpsertBody,
	type EventInput,
	type ProfileAttributes,
} from './payloads';
import { KLAVIYO_BASE_URL, KLAVIYO_CONTENT_TYPE, KLAVIYO_REVISION } from './revision';

export interface KlaviyoCredentials {
	apiKey: string;
	baseUrl?: string;
}

/** Published limits per endpoint (burst per second, steady per minute). */
export const KLAVIYO_LIMITS = {
	createEvent: { path: '/api/events', burstPerSecond: 350, steadyPerMinute: 3500 },
	bulkCreateEvents: { path: '/api/event-bulk-create-jobs', burstPerSecond: 10, steadyPerMinute: 150 },
	profileImport: { path: '/api/profile-import', burstPerSecond: 75, steadyPerMinute: 750 },
	accounts: { path: '/api/accounts', burstPerSecond: 1, steadyPerMinute: 15 },
} as const;

/**
 * Klaviyo limits each endpoint separately (fixed 1 s burst and 60 s steady windows) and reports the
 * steady window in RateLimit-* headers on every non-429 answer. One limiter per endpoint paces by those
 * headers, with the burst limit as a floor the headers do not describe.
 */
export class KlaviyoRateLimiter implements RateLimiter {
	private readonly byPath = new Map<string, HeaderWindowLimiter>();
	constructor(
		private readonly clock?: Clock,
		/** Share each endpoint's windows with other processes using the same key (`account`: secretKeyPart). */
		private readonly shared?: { budget: ResilientBudget; account: string },
	) {}

	private limiterFor(request: HttpRequest): HeaderWindowLimiter {
		const path = new URL(request.url).pathname.replace(/\/+$/, '');
		const key = Object.values(KLAVIYO_LIMITS).find((l) => path.endsWith(l.path))?.path ?? path;
		let limiter = this.byPath.get(key);
		if (!limiter) {
			const limits = Object.values(KLAVIYO_LIMITS).find((l) => l.path === key);
			const shared = this.shared;
			const scope = (window: string) =>
				shared && { budget: shared.budget, key: budgetKey('klaviyo', shared.account, key, window) };
			const steady = scope('steady');
			limiter = new HeaderWindowLimiter(RATELIMIT_HEADERS, {
				clock: this.clock,
				// The headers describe the steady window only; a burst could still overrun the 1 s window
				// the headers never mention, so spread evenly from the first call.
				spreadBelow: Infinity,
				fallback: new IntervalLimiter(limits?.burstPerSecond ?? 1, 1000, this.clock, scope('burst')),
				shared: steady && { ...steady, limit: limits?.steadyPerMinute ?? 15, windowMs: 60_000 },
			});
			this.byPath.set(key, limiter);
		}
		return limiter;
	}

	acquire(request: HttpRequest): Promise<void> {
		return this.limiterFor(request).acquire(request);
	}

	observe(response: HttpResponse, request: HttpRequest): Promise<void> {
		return this.limiterFor(request).observe(response);
	}
}

/** Paced by RateLimit-* and retried on 429 (Retry-After) / 5xx; created once per execution. */
export function klaviyoTransport(
	base: Transport,
	options: {
		clock?: Clock;
		random?: () => number;
		maxAttempts?: number;
		shared?: { budget: ResilientBudget; account: string };
	} = {},
): Transport {
	return withRetry(withRateLimit(base, new KlaviyoRateLimiter(options.clock, options.shared)), {
		clock: options.clock,
		random: options.random,
		maxAttempts: options.maxAttempts ?? 6,
	});
}

interface KlaviyoErrorItem {
	id?: string;
	status?: number;
	code?: string;
	title?: string;
	detail?: string;
	source?: { pointer?: string; parameter?: string };
}

/** Where an error item says the problem is: " (at /data/attributes/email)", " (parameter filter)" or nothing. */
function whereKlaviyoPoints(e: KlaviyoErrorItem): string {
	if (e.source?.pointer) return ` (at ${e.source.pointer})`;
	if (e.source?.parameter) return ` (parameter ${e.source.parameter})`;
	return '';
}

/**
 * Klaviyo's 4xx says exactly which property is wrong (detail + source.pointer). We surface it
 * verbatim, because "invalid input" alone leaves a marketer guessing.
 */
export class KlaviyoApiError extends HttpError {
	readonly errors: KlaviyoErrorItem[];
	constructor(response: HttpResponse, request: HttpRequest) {
		const errors = ((response.body as { errors?: KlaviyoErrorItem[] })?.errors ?? []).filter(
			(e) => e && typeof e === 'object',
		);
		const described = errors
			.map((e) => `${e.detail ?? e.title ?? e.code ?? 'error'}${whereKlaviyoPoints(e)}`)
			.join('; ');
		super(
			response,
			request,
			described ? `Klaviyo rejected the request (${response.status}): ${described}` : undefined,
			response.status === 400
				? 'Klaviyo names the property it refused above: fix that field in the node (or the data mapped into it) ' +
						'and run again; nothing was sent for this item.'
				: undefined,
		);
		this.name = 'KlaviyoApiError';
		this.errors = errors;
	}
}

export class KlaviyoClient {
	requestsMade = 0;
	constructor(
		private readonly transport: Transport,
		private readonly credentials: KlaviyoCredentials,
	) {}

	private async send(
		method: HttpRequest['method'],
		path: string,
		body: unknown,
		operation: string,
	): Promise<HttpResponse> {
		const request: HttpRequest = {
			method,
			url: `${(this.credentials.baseUrl?.trim() || KLAVIYO_BASE_URL).replace(/\/+$/, '')}${path}`,
			headers: {
				authorization: `Klaviyo-API-Key ${this.credentials.apiKey}`,
				revision: KLAVIYO_REVISION,
				accept: KLAVIYO_CONTENT_TYPE,
				...(body !== undefined ? { 'content-type': KLAVIYO_CONTENT_TYPE } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			operation,
			// Every write we send is safe to repeat: events carry unique_id (Klaviyo drops an event whose
			// unique_id it already has, bulk jobs included) and profile-import upserts by email/phone/external id.
			effect: 'idempotent',
		};
		this.requestsMade += 1;
		const response = await this.transport(request);
		if (response.status >= 200 && response.status < 300) return response;
		throw new KlaviyoApiError(response, request);
	}

	/** 202 Accepted: Klaviyo validated the event and queued it. */
	async createEvent(input: EventInput): Promise<{ uniqueId: string; body: ReturnType<typeof buildCreateEventBody> }> {
		const body = buildCreateEventBody(input);
		await this.send('POST', KLAVIYO_LIMITS.createEvent.path, body, 'klaviyo.createEvent');
		return { uniqueId: body.data.attributes.unique_id as string, body };
	}

	/** Splits into requests of at most 1,000 events; returns each request's job id. */
	async bulkCreateEvents(events: EventInput[]): Promise<Array<{ jobId: string | null; events: number }>> {
		const jobs: Array<{ jobId: string | null; events: number }> = [];
		for (let i = 0; i < events.length; i += KLAVIYO_BULK_MAX_EVENTS) {
			const slice = events.slice(i, i + KLAVIYO_BULK_MAX_EVENTS);
			const response = await this.send(
				'POST',
				KLAVIYO_LIMITS.bulkCreateEvents.path,
				buildBulkCreateBody(slice),
				'klaviyo.bulkCreateEvents',
			);
			jobs.push({ jobId: (response.body as { data?: { id?: string } })?.data?.id ?? null, events: slice.length });
		}
		return jobs;
	}

	/** 201 created / 200 updated. */
	async upsertProfile(profile: ProfileAttributes): Promise<{ id: string | null; created: boolean; body: unknown }> {
		const response = await this.send(
			'POST',
			KLAVIYO_LIMITS.profileImport.path,
			buildProfileUpsertBody(profile),
			'klaviyo.upsertProfile',
		);
		return {
			id: (response.body as { data?: { id?: string } })?.data?.id ?? null,
			created: response.status === 201,
			body: response.body,
		};
	}
}
