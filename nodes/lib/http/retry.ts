import { TransportError } from './errors';
import { OutcomeUnknownError, provesNotSent } from './outcome';
import { effectOf, systemClock, type Clock, type HttpRequest, type HttpResponse, type Transport } from './types';

export interface RetryDecision {
	retry: boolean;
	/** Wait at least this long before the next attempt (a vendor told us). */
	delayMs?: number;
}

export interface RetryOptions {
	/** Total attempts including the first. */
	maxAttempts?: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
	clock?: Clock;
	/** 0..1, injected so tests are deterministic. */
	random?: () => number;
	/**
	 * Vendor-specific override: return a decision to take over (e.g. Shopify answers THROTTLED with a
	 * 200), or undefined to fall back to the status rules.
	 */
	classify?: (response: HttpResponse, request: HttpRequest) => RetryDecision | undefined;
	onRetry?: (info: { attempt: number; delayMs: number; reason: string; request: HttpRequest }) => void;
}

/** 408 and 429 say "try again"; 5xx are the vendor's trouble; other 4xx are ours and never retried. */
export function isRetryableStatus(status: number): boolean {
	return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const at = Date.parse(trimmed);
	return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Full jitter: spreads retries from many workers so they do not stampede the vendor together. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
	const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Retries transient failures with exponential backoff and jitter, honouring Retry-After. After the
 * last attempt it returns the last response (callers turn it into an HttpError with a hint) or
 * rethrows the last TransportError.
 *
 * A call that is unsafe to repeat (effectOf: a POST unless marked otherwise) is retried only after a
 * failure that proves the vendor did not act: no connection was made, or the vendor answered that it
 * did nothing (408, 429, a vendor's own "throttled" answer). A timeout after sending or a 5xx is
 * ambiguous: it throws OutcomeUnknownError at once, for the caller to look before repeating.
 */
export function withRetry(transport: Transport, options: RetryOptions = {}): Transport {
	const maxAttempts = options.maxAttempts ?? 5;
	const baseDelayMs = options.baseDelayMs ?? 500;
	const maxDelayMs = options.maxDelayMs ?? 30_000;
	const clock = options.clock ?? systemClock;
	const random = options.random ?? Math.random;

	return async (request) => {
		for (let attempt = 1; ; attempt++) {
			let response: HttpResponse | undefined;
			let failure: TransportError | undefined;
			try {
				response = await transport(request);
			} catch (error) {
				if (!(error instanceof TransportError)) throw error;
				failure = error;
			}

			let decision: RetryDecision;
			if (failure) decision = { retry: true };
			else {
				decision = options.classify?.(response!, request) ?? { retry: isRetryableStatus(response!.status) };
				const told = parseRetryAfter(response!.headers['retry-after'], clock.now());
				if (decision.retry && told !== undefined)
					decision = { retry: true, delayMs: Math.max(decision.delayMs ?? 0, told) };
			}
			if (decision.retry && effectOf(request) === 'unsafe' && isAmbiguous(failure, response))
				throw new OutcomeUnknownError(request, { failure, response });

			if (!decision.retry || attempt >= maxAttempts) {
				if (failure) throw failure;
				return response!;
			}
			const delayMs = Math.max(decision.delayMs ?? 0, backoffDelay(attempt, baseDelayMs, maxDelayMs, random));
			options.onRetry?.({
				attempt,
				delayMs,
				reason: failure ? `${failure.code}: ${failure.message}` : `HTTP ${response!.status}`,
				request,
			});
			await clock.sleep(delayMs);
		}
	};
}

/** A failure after which the vendor may have acted: no proof the request was never received or refused. */
function isAmbiguous(failure: TransportError | undefined, response: HttpResponse | undefined): boolean {
	if (failure) return !provesNotSent(failure);
	return response!.status >= 500;
}
