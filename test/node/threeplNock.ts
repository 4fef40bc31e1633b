/** Routes every request to ORIGIN/<sim name>/... to that 3PL simulator, through nock. */
import nock from 'nock';
import { toSimRequest, type VendorSim } from '../sandbox/http';

export const ORIGIN = 'https://threepl.test';

export function nockSims(sims: VendorSim[]): nock.Scope {
	const byName = new Map(sims.map((s) => [s.name, s]));
	const answer = async function (
		this: { req: { headers: Record<string, string | string[]>; method?: string } },
		uri: string,
		body: unknown,
	) {
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(this.req.headers))
			headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
		const raw = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		const [, mount, ...rest] = uri.split('/');
		const sim = byName.get(mount.split('?')[0]);
		const res = sim
			? await sim.handle(toSimRequest(this.req.method ?? 'GET', '/' + rest.join('/'), headers, raw))
			: undefined;
		if (!res) return [404, { error: 'no route' }];
		const isJson = res.body !== undefined && typeof res.body !== 'string';
		return [
			res.status,
			isJson ? JSON.stringify(res.body) : (res.body ?? ''),
			{ ...(isJson ? { 'content-type': 'application/json' } : {}), ...(res.headers ?? {}) },
		];
	};
	const scope = nock(ORIGIN).persist();
	for (const method of ['get', 'post', 'put', 'delete'] as const)
		scope[method](/.*/)
			.query(true)
			.reply(answer as never);
	return scope;
}
