import { redactUrl, TransportError } from './errors';
import type { HttpResponse } from './types';

/**
 * A call that changes something was sent and no clear answer came back (a timeout after sending, a
 * reset connection, a 500/502/503/504): the vendor may or may not have acted. Repeating it blindly could
 * do it twice, so it is not repeated; the caller looks at the vendor first (sendOnce) or reports this.
 */
export class OutcomeUnknownError extends Error {
	readonly request: { method: string; url: string; operation?: string };
	/** The status of the unclear answer, when one came. */
	readonly status?: number;
	readonly body?: unknown;
	/** The network error code (ETIMEDOUT, ECONNRESET...), when no answer came. */
	readonly code?: string;
	readonly hint: string;
	constructor(
		request: { method: string; url: string; operation?: string },
		cause: { response?: HttpResponse; failure?: TransportError },
		options: { message?: string; hint?: string } = {},
	) {
		const what = request.operation ?? `${request.method} ${redactUrl(request.url)}`;
		const how = cause.response ? `answered ${cause.response.status}` : `got no answer (${cause.failure?.code})`;
		super(
			options.message ??
				`${what} ${how} after it was sent, so the vendor may or may not have done it; it was not repeated, ` +
					`to avoid doing it twice`,
		);
		this.name = 'OutcomeUnknownError';
		this.request = { method: request.method, url: redactUrl(request.url), operation: request.operation };
		this.status = cause.response?.status;
		this.body = cause.response?.body;
		this.code = cause.failure?.code;
		this.hint =
			options.hint ??
			'Check at the vendor whether it happened before running this step again: running it again may do it a ' +
				'second time.';
	}
}

/**
 * Network failures that prove the request never reached the vendor (no connection was made), so even a
 * call that is unsafe to repeat may be sent again. A timeout or a reset can happen after the vendor
 * received the request, so they are not here.
 */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_CONNECT_TIMEOUT',
]);

export function provesNotSent(failure: TransportError): boolean {
	return NOT_SENT_CODES.has(failure.code);
}
