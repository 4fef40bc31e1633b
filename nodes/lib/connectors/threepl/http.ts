import { expectOk, HttpError, ValidationError } from '../../http/errors';
import { withRateLimit, type RateLimiter } from '../../http/limiters';
import { withRetry, type RetryOptions } from '../../http/retry';
import { budgetKey, type ResilientBudget, type SharedScope } from '../../http/sharedBudget';
import { systemClock, type Clock, type HttpRequest, type HttpResponse, type Transport } from '../../http/types';

/** What every provider client is built from. Auth is applied by the transport (n8n credential) or `headers`. */
export interface ProviderClientConfig {
	transport: Transport;
	/** Base URL without trailing slash; the credential's sandbox override ends up here. */
	baseUrl: string;
	/** Extra headers on every call (tests and scripts authenticate this way; nodes use the credential). */
	headers?: Record<string, string>;
	clock?: Clock;
	retry?: Omit<RetryOptions, 'clock'>;
	/**
	 * Share the account's limits with the other processes calling it (n8n queue-mode workers); `account`
	 * names the account without holding its secret (secretKeyPart).
	 */
	shared?: { budget: ResilientBudget; account: string };
}

/**
 * The shared scope of one of a provider's limits, e.g. `shipbob:<account>` or `shiphero:<account>:credits`;
 * undefined without sharing.
 */
export function sharedScope(config: ProviderClientConfig, vendor: string, ...limit: string[]): SharedScope | undefined {
	const shared = config.shared;
	return shared && { budget: shared.budget, key: budgetKey(vendor, shared.account, ...limit) };
}

/** Pace first, then retry: a retried request is paced again, so retries never burst past the limit. */
export function buildTransport(
	config: ProviderClientConfig,
	limiter: RateLimiter,
	classify?: RetryOptions['classify'],
): Transport {
	const clock = config.clock ?? systemClock;
	const paced = withRateLimit(config.transport, limiter);
	return withRetry(paced, { maxAttempts: 6, ...config.retry, clock, classify: classify ?? config.retry?.classify });
}

export function joinUrl(baseUrl: string, path: string): string {
	return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Send and insist on 2xx; the body must be JSON-shaped (object or array) or the vendor is misbehaving. */
export async function sendJson(transport: Transport, request: HttpRequest, hint?: string): Promise<HttpResponse> {
	const response = expectOk(await transport(request), request, hint);
	return response;
}

/** A 2xx whose body is not what the contract promises: say so with the field, never guess. */
export function malformed(vendor: string, request: HttpRequest, what: string): ValidationError {
	return new ValidationError(
		`${vendor} answered ${request.method} ${request.url} with ${what}`,
		'response',
		`${vendor} returned something its API description does not allow. Run again; if it persists, contact ` +
			`${vendor} support with the time of the run.`,
	);
}

export function isNotFound(error: unknown): boolean {
	return error instanceof HttpError && error.status === 404;
}
