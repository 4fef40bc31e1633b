/**
 * 3PL pacing bench: prints how close to each provider's limit the connectors run without being
 * refused, against the simulators (real HTTP on 127.0.0.1, virtual clock shared by client and sim,
 * so a "30 minute" run takes seconds). Prints figures; asserts nothing.
 *  - ShipBob: 1,200 order lookups under 150 requests/minute (sliding window, x-remaining-calls).
 *  - ShipBob, shared budget: the same while another app spends 40 requests/minute of it.
 *  - ShipHero: list 6,000 orders under 4,004 credits restored at 60/s (code 30 when short).
 */
import { createFetchTransport } from '../../nodes/lib/http';
import { ShipBobClient } from '../../nodes/lib/connectors/shipbob/client';
import { ShipHeroClient } from '../../nodes/lib/connectors/shiphero/client';
import { sharedSpecPath } from '../helpers/specs';
import { startSandbox } from '../sandbox/http';
import { ShipBobSim } from '../sandbox/vendors/shipbob';
import { ShipHeroSim } from '../sandbox/vendors/shiphero';
import { createVirtualClock } from '../helpers/virtualClock';

function line(label: string, figures: Record<string, string | number>) {
	process.stdout.write(
		`${label.padEnd(34)} ${Object.entries(figures)
			.map(([k, v]) => `${k}=${v}`)
			.join('  ')}\n`,
	);
}

async function shipbob(otherAppPerMinute: number) {
	const clock = createVirtualClock(Date.parse('2026-01-07T00:00:00Z'));
	const sim = new ShipBobSim({ orders: 300, now: clock.now });
	const box = await startSandbox([sim]);
	try {
		const client = new ShipBobClient({
			transport: createFetchTransport(),
			baseUrl: box.baseUrl('shipbob'),
			headers: { authorization: 'Bearer sb-pat-test' },
			clock,
			retry: { random: () => 0.5 },
		});
		const other =
			otherAppPerMinute > 0
				? new ShipBobClient({
						transport: createFetchTransport(),
						baseUrl: box.baseUrl('shipbob'),
						headers: { authorization: 'Bearer sb-pat-test' },
						clock,
					})
				: undefined;
		const start = clock.now();
		let nextOther = start;
		const lookups = 1200;
		for (let i = 0; i < lookups; i++) {
			while (other && clock.now() >= nextOther) {
				await other.getOrderStatus(String(1001 + (i % 300))).catch(() => undefined);
				nextOther += 60_000 / otherAppPerMinute;
			}
			await client.getOrderStatus(String(1001 + (i % 300)));
		}
		const minutes = (clock.now() - start) / 60_000;
		const calls = sim.kit.requests.length;
		const refused = sim.kit.requests.filter((r) => r.status === 429).length;
		const served = calls - refused;
		line(otherAppPerMinute ? `ShipBob + another app (${otherAppPerMinute}/min)` : 'ShipBob alone', {
			calls,
			'429s': refused,
			'virtual minutes': minutes.toFixed(1),
			'served/min': (served / minutes).toFixed(1),
			// A sliding window admits up to 150 in the first minute plus 150 per minute after it.
			'fraction of 150/min': (served / minutes / 150).toFixed(3),
		});
	} finally {
		await box.close();
	}
}

async function shiphero() {
	if (!sharedSpecPath('shiphero/shiphero_schema.json')) {
		process.stdout.write('ShipHero: skipped: spec not present\n');
		return;
	}
	const clock = createVirtualClock(Date.parse('2026-01-07T00:00:00Z'));
	const sim = new ShipHeroSim({ orders: 6000, now: clock.now });
	const box = await startSandbox([sim]);
	try {
		const token = (await (
			await fetch(`${box.baseUrl('shiphero')}/auth/refresh`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ refresh_token: 'sh-refresh-test' }),
			})
		).json()) as { access_token: string };
		const client = new ShipHeroClient({
			transport: createFetchTransport(),
			baseUrl: box.baseUrl('shiphero'),
			headers: { authorization: `Bearer ${token.access_token}` },
			clock,
			retry: { random: () => 0.5 },
		});
		const creditsBefore = sim.creditsRemaining();
		const start = clock.now();
		const result = await client.listOrdersUpdatedSince('2026-01-01T00:00:00Z', { pageSize: 100, maxPages: 1000 });
		const seconds = (clock.now() - start) / 1000;
		const graphqlCalls = sim.kit.requests.filter((r) => r.path === '/graphql').length;
		const pages = result.pagesFetched;
		const spent = creditsBefore + seconds * 60 - sim.creditsRemaining();
		line('ShipHero list 6,000 orders', {
			orders: result.snapshots.length,
			pages,
			'refused (code 30)': graphqlCalls - pages,
			'virtual seconds': seconds.toFixed(0),
			'credits used': Math.round(spent),
			'credits available (4,004 + 60/s)': Math.round(creditsBefore + seconds * 60),
			'fraction used': (spent / (creditsBefore + seconds * 60)).toFixed(3),
		});
	} finally {
		await box.close();
	}
}

async function main() {
	await shipbob(0);
	await shipbob(40);
	await shiphero();
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
