import type { HttpRequest, HttpResponse } from './types';
import { redactString, redactUrl } from './redact';

export { redactUrl };

/** No response arrived: connection refused or reset, DNS failure, timeout. Retryable. */
export class TransportError extends Error {
	readonly code: string;
	readonly request: { method: string; url: string; operation?: string };
	constructor(message: string, code: string, request: HttpRequest) {
		// The message often quotes the URL (and the HTTP library's own text): masked here, at the source.
		super(redactString(message));
		this.name = 'TransportError';
		this.code = code;
		this.request = { method: request.method, url: redactUrl(request.url), operation: request.operation };
	}
}

/** The vendor answered with a status we do not accept. Carries what a person needs to act. */
export class HttpError extends Error {
	readonly status: number;
	readonly body: unknown;
	readonly headers: Record<string, string>;
	readonly request: { method: string; url: string; operation?: string };
	/** A sentence a non-engineer can act on; connectors set it when they know better. */
	readonly hint?: string;
	constructor(response: HttpResponse, request: HttpRequest, message?: string, hint?: string) {
		super(
			redactString(
				message ??
					`${request.method} ${redactUrl(request.url)} answered ${response.status}${summariseBody(response.body)}`,
			),
		);
		this.name = 'HttpError';
		this.status = response.status;
		this.body = response.body;
		this.headers = response.headers;
		this.request = { method: request.method, url: redactUrl(request.url), operation: request.operation };
		this.hint = hint ?? hintForStatus(response.status);
	}
}

/** Input that cannot be processed as given; names the field. Never retried. */
export class ValidationError extends Error {
	readonly field?: string;
	readonly hint?: string;
	constructor(message: string, field?: string, hint?: string) {
		super(message);
		this.name = 'ValidationError';
		this.field = field;
		this.hint = hint;
	}
}

export function expectOk(response: HttpResponse, request: HttpRequest, hint?: string): HttpResponse {
	if (response.status >= 200 && response.status < 300) return response;
	throw new HttpError(response, request, undefined, hint);
}

export function hintForStatus(status: number): string | undefined {
	if (status === 401)
		return (
			'The credentials were rejected: check the API key or token in the credential, and that it has not been ' +
			'revoked.'
		);
	if (status === 403)
		return (
			'The credentials are valid but lack permission for this call: add the missing scope or permission in the ' +
			"vendor's app settings."
		);
	if (status === 404)
		return (
			'The vendor does not know this resource: check the id or number, and that the credential points at the right ' +
			'account.'
		);
	if (status === 429) return 'The vendor is rate-limiting us after retries: run less often or lower the batch size.';
	if (status >= 500)
		return 'The vendor had a server error that persisted after retries: try again later; nothing was lost.';
	return undefined;
}

function summariseBody(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return `: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}`;
}
