import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	IWebhookFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IDataObject,
} from 'n8n-workflow';
import { TransportError } from '../lib/http/errors';
import { decodeBody, encodeBody } from '../lib/http/fetchTransport';
import { followSameOriginRedirects } from '../lib/http/redirects';
import { lowerCaseHeaders, type HttpRequest, type HttpResponse, type Transport } from '../lib/http/types';

type HttpContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;

/**
 * Adapts n8n's request helper to our Transport, so every connector request goes through n8n (proxy
 * settings, allowed domains, and the credential's `authenticate` when a credential type is given)
 * while retries and pacing stay in nodes/lib where they are tested.
 */
export function n8nTransport(ctx: HttpContext, options: { credentialType?: string } = {}): Transport {
	// n8n's helper follows redirects with the credentials, to any origin, by default: it is told not to, and
	// followSameOriginRedirects follows same-origin ones (the credential re-applied by n8n) and refuses others.
	return followSameOriginRedirects(async (request: HttpRequest): Promise<HttpResponse> => {
		const { body, contentType } = encodeBody(request);
		const headers: IDataObject = { ...(request.headers ?? {}) };
		if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
			headers['content-type'] = contentType;
		const qs: IDataObject = {};
		for (const [name, value] of Object.entries(request.query ?? {}))
			if (value !== undefined && value !== null) qs[name] = value as IDataObject[string];
		const n8nRequest: IHttpRequestOptions = {
			url: request.url,
			method: request.method,
			headers,
			qs,
			arrayFormat: 'repeat',
			body: body as IHttpRequestOptions['body'],
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'text',
			json: false,
			timeout: request.timeoutMs ?? 30_000,
			disableFollowRedirect: true,
		};
		let raw: { body: unknown; headers: Record<string, unknown>; statusCode: number };
		try {
			raw = options.credentialType
				? await ctx.helpers.httpRequestWithAuthentication.call(ctx, options.credentialType, n8nRequest)
				: await ctx.helpers.httpRequest(n8nRequest);
		} catch (error) {
			const response = (error as { response?: { status?: number; headers?: Record<string, unknown>; data?: unknown } })
				.response;
			if (response?.status) {
				const responseHeaders = lowerCaseHeaders(response.headers);
				return {
					status: response.status,
					headers: responseHeaders,
					body: normaliseBody(response.data, responseHeaders['content-type']),
				};
			}
			const code = String(
				(error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? 'ENETWORK',
			);
			// The library's retry and error mapping read TransportError (code: ECONNRESET, ETIMEDOUT...); the node's
			// one mapper (errors.ts toNodeError) turns what is left into a NodeApiError at the node boundary.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the reason is above
			throw new TransportError(`${request.method} ${request.url} failed: ${(error as Error).message}`, code, request);
		}
		const responseHeaders = lowerCaseHeaders(raw.headers);
		return {
			status: raw.statusCode,
			headers: responseHeaders,
			body: normaliseBody(raw.body, responseHeaders['content-type']),
		};
	});
}

function normaliseBody(body: unknown, contentType: string | undefined): unknown {
	if (Buffer.isBuffer(body)) return decodeBody(body.toString('utf8'), contentType);
	if (typeof body === 'string') return decodeBody(body, contentType);
	return body ?? '';
}
