import {
	budgetKey,
	IntervalLimiter,
	withRateLimit,
	withRetry,
	type Clock,
	type ResilientBudget,
	type Transport,
} from '../../http';
import type { CarrierCode } from './types';

/**
 * Our own pacing defaults per carrier, kept under the published or observed quotas so a big batch
 * never needs to bounce off 429s (a 429 is still retried with Retry-After). Users can lower them.
 */
export const DEFAULT_REQUESTS_PER_SECOND: Record<CarrierCode, number> = {
	ups: 10,
	fedex: 10,
	usps: 5,
	dhl: 1,
};

export interface CarrierTransportOptions {
	requestsPerSecond?: number;
	clock?: Clock;
	maxAttempts?: number;
	random?: () => number;
	/** Share the pacing with other processes using the same carrier account (`account`: secretKeyPart). */
	shared?: { budget: ResilientBudget; account: string };
}

/** Paces before sending and retries 429/5xx/timeouts (Retry-After honoured), one limiter per execution. */
export function carrierTransport(
	base: Transport,
	carrier: CarrierCode,
	options: CarrierTransportOptions = {},
): Transport {
	const perSecond = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND[carrier];
	const shared = options.shared && {
		budget: options.shared.budget,
		key: budgetKey('carrier', carrier, options.shared.account),
	};
	const limiter = new IntervalLimiter(Math.max(1, Math.floor(perSecond)), 1000, options.clock, shared);
	return withRetry(withRateLimit(base, limiter), {
		clock: options.clock,
		maxAttempts: options.maxAttempts ?? 5,
		random: options.random,
	});
}
