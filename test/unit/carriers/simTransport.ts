import { buildUrl, encodeBody, decodeBody, type HttpRequest, type Transport } from '../../../nodes/lib/http';
import { toSimRequest, type VendorSim } from '../../sandbox/http';

/** Calls a sim in-process (no sockets): same request/response encoding as the HTTP sandbox. */
export function simTransport(
	sim: VendorSim,
	mount = `https://sim.test/${sim.name}`,
): Transport & { requests: HttpRequest[] } {
	const requests: HttpRequest[] = [];
	const transport = (async (request: HttpRequest) => {
		requests.push(request);
		const url = buildUrl(request.url, request.query);
		if (!url.startsWith(mount)) throw new Error(`simTransport: ${url} is not under ${mount}`);
		const { body, contentType } = encodeBody(request);
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
		if (contentType && !headers['content-type']) headers['content-type'] = contentType;
		const answer = await sim.handle(
			toSimRequest(request.method, url.slice(mount.length) || '/', headers, body ? String(body) : ''),
		);
		if (!answer) return { status: 404, headers: {}, body: { error: 'no route' } };
		const isJson = answer.body !== undefined && typeof answer.body !== 'string';
		const outHeaders: Record<string, string> = { ...(isJson ? { 'content-type': 'application/json' } : {}) };
		for (const [k, v] of Object.entries(answer.headers ?? {})) outHeaders[k.toLowerCase()] = v;
		const text = isJson ? JSON.stringify(answer.body) : String(answer.body ?? '');
		return { status: answer.status, headers: outHeaders, body: decodeBody(text, outHeaders['content-type']) };
	}) as Transport & { requests: HttpRequest[] };
	transport.requests = requests;
	return transport;
}
