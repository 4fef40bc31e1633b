import { TransportError } from './errors';
import { followSameOriginRedirects } from './redirects';
import { buildUrl, type HttpRequest, type HttpResponse, type Transport } from './types';

/** Encodes a body the way every transport must: JSON unless it already is a string or bytes. */
export function encodeBody(request: HttpRequest): { body?: string | Buffer; contentType?: string } {
	if (request.body === undefined) return {};
	if (typeof request.body === 'string' || Buffer.isBuffer(request.body))
		return { body: request.body as string | Buffer };
	return { body: JSON.stringify(request.body), contentType: 'application/json' };
}

export function decodeBody(text: string, contentType: string | undefined): unknown {
	if (text === '') return text;
	if (contentType && /json/i.test(contentType)) {
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	return text;
}

/**
 * Transport on the platform's fetch: used by tests, the sandbox, benchmarks and the demo. fetch is told not to
 * follow redirects (it would carry the Authorization header along): same-origin ones are followed by
 * followSameOriginRedirects, others refused.
 */
export function createFetchTransport(options: { defaultTimeoutMs?: number } = {}): Transport {
	return followSameOriginRedirects(async (request) => {
		const { body, contentType } = encodeBody(request);
		const headers: Record<string, string> = { ...(request.headers ?? {}) };
		if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
			headers['content-type'] = contentType;
		let res: Response;
		try {
			res = await fetch(buildUrl(request.url, request.query), {
				method: request.method,
				headers,
				body: body as BodyInit | undefined,
				signal: AbortSignal.timeout(request.timeoutMs ?? options.defaultTimeoutMs ?? 30_000),
				redirect: 'manual',
			});
		} catch (error) {
			const cause = (error as { cause?: { code?: string } }).cause;
			const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
			throw new TransportError(
				`${request.method} ${request.url} failed: ${timedOut ? 'timed out' : (error as Error).message}`,
				timedOut ? 'ETIMEDOUT' : (cause?.code ?? 'ENETWORK'),
				request,
			);
		}
		const headersOut: Record<string, string> = {};
		res.headers.forEach((value, name) => {
			headersOut[name.toLowerCase()] = value;
		});
		const text = await res.text();
		const response: HttpResponse = {
			status: res.status,
			headers: headersOut,
			body: decodeBody(text, headersOut['content-type']),
		};
		return response;
	});
}
