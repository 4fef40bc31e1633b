/**
 * A Transport backed by a capture: the real connectors run unchanged over it, and every request is
 * answered from what the vendor answered at or before the replay's current instant (reads.ts).
 */
import { buildUrl, type HttpRequest, type HttpResponse, type Transport } from '../http/types';
import { classifyExchange, isAuthPath, vendorOfUrl, type ReplayVendor, type VendorBaseUrls } from './classify';
import type { Capture } from './har';
import { offersOf, ReadIndex, type Offer } from './reads';

export interface ReadLog {
	at: string;
	vendor: ReplayVendor | null;
	method: string;
	url: string;
	/** What was asked (identities, reads.ts). */
	identities: string[];
	/** Capture entries that answered; empty = nothing recorded (empty page / not found). */
	from: number[];
	missing: string[];
	status: number;
}

export function buildReadIndex(capture: Capture, baseUrls: VendorBaseUrls = {}): ReadIndex {
	const offers: Offer[] = [];
	for (const exchange of capture.exchanges) {
		const c = classifyExchange(exchange, baseUrls);
		if (c.role === 'read') offers.push(...offersOf(exchange, c.vendor, c.path));
	}
	return new ReadIndex(offers);
}

function bodyText(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

/**
 * `now()` is read at each request, so one transport follows the replay's clock. A request to no known
 * vendor API fails like a network error would (the product must not reach the internet in a replay).
 */
export function captureTransport(
	index: ReadIndex,
	options: { now: () => number; baseUrls?: VendorBaseUrls; log?: ReadLog[] },
): Transport {
	return async (request: HttpRequest): Promise<HttpResponse> => {
		const url = new URL(buildUrl(request.url, request.query));
		const api = vendorOfUrl(url.toString(), options.baseUrls);
		const at = new Date(options.now()).toISOString();
		if (!api) {
			options.log?.push({
				at,
				vendor: null,
				method: request.method,
				url: url.toString(),
				identities: [],
				from: [],
				missing: [],
				status: 0,
			});
			throw Object.assign(
				new Error(
					`replay: ${request.method} ${url.origin}${url.pathname} is not a vendor API the capture can answer ` +
						`(map its base URL in the replay config)`,
				),
				{ code: 'EREPLAY' },
			);
		}
		if (isAuthPath(api.vendor, api.path)) {
			// Tokens are not evidence; a capture never has to contain credentials.
			return {
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: { access_token: `replay-${api.vendor}-token`, token_type: 'Bearer', expires_in: 3599 },
			};
		}
		const answer = index.answer(
			{
				vendor: api.vendor,
				method: request.method,
				path: api.path,
				query: [...url.searchParams].map(([name, value]) => ({ name, value })),
				bodyText: bodyText(request.body),
			},
			options.now(),
		);
		options.log?.push({
			at,
			vendor: api.vendor,
			method: request.method,
			url: url.toString(),
			identities: answer.identities,
			from: answer.from,
			missing: answer.missing,
			status: answer.response.status,
		});
		// A copy: connectors may annotate what they get, and the index must stay as recorded.
		return structuredClone(answer.response);
	};
}

/** For the report: entries nobody could place (neither a vendor API read nor a known push). */
export function unplacedExchanges(
	capture: Capture,
	baseUrls: VendorBaseUrls = {},
): Array<{ index: number; at: string; why: string }> {
	return capture.exchanges
		.map((e) => ({ e, c: classifyExchange(e, baseUrls) }))
		.filter(({ c }) => c.role === 'unknown')
		.map(({ e, c }) => ({ index: e.index, at: e.at, why: c.why }));
}
