/**
 * Redirects, decided here and not by the HTTP library (issue 15): a library that follows a redirect sends
 * the request's headers on, Authorization and Basic credentials included, and n8n's helper does so across
 * origins by default. Both transports ask their library not to follow (fetch `redirect: 'manual'`, n8n
 * `disableFollowRedirect`) and wrap themselves in followSameOriginRedirects:
 *  - a redirect to the same origin (scheme, host and port) is followed, at most MAX_REDIRECTS times;
 *  - a redirect to another origin is never followed: a RedirectError names the vendor, both origins and
 *    what to do, and the credentials never leave the origin they were meant for;
 *  - 301/302/303 answering a method other than GET or HEAD is not followed either: following would turn it
 *    into a GET (or repeat a write), so the caller learns the request was not completed.
 */
import { HttpError } from './errors';
import { redactUrl } from './redact';
import { buildUrl, type HttpRequest, type HttpResponse, type Transport } from './types';

export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export class RedirectError extends HttpError {
	readonly from: string;
	readonly to: string | null;
	constructor(response: HttpResponse, request: HttpRequest, message: string, hint: string, to: string | null) {
		super(response, request, message, hint);
		this.name = 'RedirectError';
		this.from = originOf(request.url) ?? '';
		this.to = to;
	}
}

function originOf(url: string): string | null {
	try {
		return new URL(url).origin;
	} catch {
		return null;
	}
}

/** "shopify" from the request's operation label ("shopify.ordersPage"), else the host asked. */
function vendorOf(request: HttpRequest): string {
	const label = request.operation?.split('.')[0];
	if (label) return label;
	try {
		return new URL(request.url).host;
	} catch {
		return 'The vendor';
	}
}

export function isRedirect(response: HttpResponse): boolean {
	return REDIRECT_STATUSES.has(response.status);
}

/** Wraps a transport that does not follow redirects itself: same-origin ones are followed, others refused. */
export function followSameOriginRedirects(transport: Transport, maxRedirects = MAX_REDIRECTS): Transport {
	return async (first: HttpRequest): Promise<HttpResponse> => {
		let request = first;
		for (let hop = 0; ; hop++) {
			const response = await transport(request);
			const location = response.headers.location;
			if (!isRedirect(response) || !location) return response;
			const current = buildUrl(request.url, request.query);
			const vendor = vendorOf(first);
			let target: URL;
			try {
				target = new URL(location, current);
			} catch {
				throw new RedirectError(
					response,
					request,
					`${vendor} answered ${response.status} to ${request.method} ${redactUrl(current)} with a Location that ` +
						`is not a URL`,
					'The request was not repeated. Check the base URL in the credential.',
					null,
				);
			}
			const from = new URL(current).origin;
			if (target.origin !== from)
				throw new RedirectError(
					response,
					request,
					`${vendor} redirected ${request.method} ${redactUrl(current)} (${response.status}) to another origin, ` +
						`${target.origin}: not followed, so the credentials were not sent there`,
					`Set the base URL in the credential to the address the vendor documents (with https and the final ` +
						`host name), so no redirect is needed. If ${target.origin} really is the vendor's new address, ` +
						`change the credential to it yourself.`,
					target.origin,
				);
			const keepsMethod = response.status === 307 || response.status === 308;
			if (!keepsMethod && request.method !== 'GET' && request.method !== 'HEAD')
				throw new RedirectError(
					response,
					request,
					`${vendor} answered ${response.status} to ${request.method} ${redactUrl(current)}: not followed, ` +
						`because following turns it into a GET; the ${request.method} may not have taken effect`,
					'Check the base URL in the credential (a missing or extra path, http instead of https).',
					target.origin,
				);
			if (hop >= maxRedirects)
				throw new RedirectError(
					response,
					request,
					`${vendor} redirected ${request.method} ${redactUrl(current)} more than ${maxRedirects} times`,
					'Check the base URL in the credential; the vendor is redirecting in a loop.',
					target.origin,
				);
			request = keepsMethod
				? { ...request, url: target.toString(), query: undefined }
				: { ...request, method: 'GET', url: target.toString(), query: undefined, body: undefined };
		}
	};
}
