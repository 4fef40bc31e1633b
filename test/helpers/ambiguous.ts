/**
 * Ambiguous failures for exactly-once tests: the request reaches the vendor (a simulator or a fake),
 * which performs the effect, and then the answer is lost: a timeout or reset after sending, or a 5xx in
 * place of the vendor's answer. This is the failure a blind retry turns into a duplicate.
 */
import { TransportError } from '../../nodes/lib/http/errors';
import type { HttpRequest, HttpResponse, Transport } from '../../nodes/lib/http/types';
import type { SimRequest, SimResponse, VendorSim } from '../sandbox/http';

export type AmbiguousMode = 'timeout' | 'reset' | 500 | 502 | 503 | 504;

export const AMBIGUOUS_MODES: AmbiguousMode[] = ['timeout', 'reset', 500, 502, 503, 504];

export interface AmbiguousTransport extends Transport {
	/** Calls that reached the vendor and then had their answer replaced by the failure. */
	readonly injected: number;
}

/**
 * The first `times` requests that `match` are sent to `inner` (the vendor acts) and then fail as `mode`.
 * Other requests pass through untouched.
 */
export function acceptThenFail(
	inner: Transport,
	options: { match: (request: HttpRequest) => boolean; mode: AmbiguousMode; times: number },
): AmbiguousTransport {
	let injected = 0;
	const transport = (async (request: HttpRequest): Promise<HttpResponse> => {
		const response = await inner(request);
		if (injected >= options.times || !options.match(request)) return response;
		injected++;
		if (options.mode === 'timeout')
			throw new TransportError(`${request.method} ${request.url} failed: timed out`, 'ETIMEDOUT', request);
		if (options.mode === 'reset')
			throw new TransportError(`${request.method} ${request.url} failed: socket hang up`, 'ECONNRESET', request);
		return { status: options.mode, headers: { 'content-type': 'text/html' }, body: '<html>upstream error</html>' };
	}) as AmbiguousTransport;
	Object.defineProperty(transport, 'injected', { get: () => injected });
	return transport;
}

/** A request to this URL path (ending), with this method. */
export function callTo(method: string, pathEnd: string): (request: HttpRequest) => boolean {
	return (request) => request.method === method && new URL(request.url).pathname.endsWith(pathEnd);
}

/** A GraphQL request whose document contains this operation (e.g. "fulfillmentCreate("). */
export function graphqlOperation(fragment: string): (request: HttpRequest) => boolean {
	return (request) => {
		const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? '');
		return request.method === 'POST' && body.includes(fragment);
	};
}

/**
 * The same at the simulator, for tests that go through n8n's own HTTP helpers: the sim handles the request
 * (and acts), then the server answers `status` instead, or drops the connection ('reset').
 */
export function simAcceptThenFail<S extends VendorSim>(
	sim: S,
	options: { match: (request: SimRequest) => boolean; mode: 'reset' | 500 | 502 | 503 | 504; times: number },
): VendorSim & { readonly injected: number } {
	let injected = 0;
	return {
		name: sim.name,
		get injected() {
			return injected;
		},
		async handle(request: SimRequest): Promise<SimResponse | undefined> {
			const answer = await sim.handle(request);
			if (injected >= options.times || !options.match(request)) return answer;
			injected++;
			if (options.mode === 'reset') return { status: 200, hangMs: 0 };
			return { status: options.mode, headers: { 'content-type': 'text/html' }, body: '<html>upstream error</html>' };
		},
	};
}
