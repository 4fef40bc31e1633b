import nock from 'nock';
import { toSimRequest, type VendorSim } from '../../sandbox/http';

/** Every request to `origin` is answered by `sim` through nock (node tests run n8n's own HTTP helper). */
export function nockSim(origin: string, sim: VendorSim) {
	const answer = async function (
		this: { req: { headers: Record<string, string | string[]>; method?: string } },
		uri: string,
		body: unknown,
	) {
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(this.req.headers))
			headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
		const raw = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		const res = await sim.handle(toSimRequest(this.req.method ?? 'GET', uri, headers, raw));
		if (!res) return [404, { error: 'no route' }];
		const isJson = res.body !== undefined && typeof res.body !== 'string';
		return [
			res.status,
			isJson ? JSON.stringify(res.body) : (res.body ?? ''),
			{ ...(isJson ? { 'content-type': 'application/json' } : {}), ...(res.headers ?? {}) },
		];
	};
	const scope = nock(origin).persist();
	scope
		.get(/.*/)
		.query(true)
		.reply(answer as never);
	scope
		.post(/.*/)
		.query(true)
		.reply(answer as never);
	return scope;
}
