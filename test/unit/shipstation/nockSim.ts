/**
 * Node tests: every request to ShipStation's real hosts is intercepted by nock and answered by the
 * simulated ShipStation, so the node under n8n's engine talks to a contract-faithful ShipStation.
 */
import nock from 'nock';
import { toSimRequest } from '../../sandbox/http';
import type { ShipStationSim } from '../../sandbox/vendors/shipstation';

export const V1_ORIGIN = 'https://ssapi.shipstation.com';
export const V2_ORIGIN = 'https://api.shipstation.com';

export function nockShipStation(sim: ShipStationSim, origins: string[] = [V1_ORIGIN, V2_ORIGIN]): void {
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
			{ ...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...(res.headers ?? {}) },
		];
	};
	for (const origin of origins) {
		const scope = nock(origin).persist();
		scope
			.get(/.*/)
			.query(true)
			.reply(answer as never);
		scope
			.post(/.*/)
			.query(true)
			.reply(answer as never);
		scope
			.delete(/.*/)
			.query(true)
			.reply(answer as never);
	}
}
