/**
 * ShipStation sync benchmark (prints figures, asserts nothing).
 *
 * A. The scenario, in REAL time over HTTP: sync 20,000 shipments at 500 a page (40 calls) from
 *    the simulated ShipStation, which enforces 40 requests a minute with X-Rate-Limit-* headers and
 *    answers 429 past it. Prints calls, 429s (target 0) and achieved requests per minute as a fraction of
 *    the limit (target >= 0.9). Takes about a minute. `--virtual` runs it on a virtual clock instead.
 * B. Steady state over several windows (VIRTUAL clock, shared by client and sim, said so in the output):
 *    the same 20,000 shipments at 100 a page = 200 calls, five rate windows.
 * C. Baseline without pacing (VIRTUAL clock): the same client with retries but no limiter, to show what
 *    the pacing saves.
 * Plus normalisation throughput: 20,000 shipments -> observations.
 */
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../sandbox/http';
import { createShipStationSim, inProcessTransport, type ShipStationSim } from '../sandbox/vendors/shipstation';
import { createFetchTransport, withRetry, type Clock, type Transport } from '../../nodes/lib/http';
import {
	ShipStationV1Client,
	shipStationTransport,
	shipmentToObservation,
} from '../../nodes/lib/connectors/shipstation';
import { createVirtualClock } from '../helpers/virtualClock';

const LIMIT = 40;
const SHIPMENTS = Number(process.env.SHIPSTATION_BENCH_SHIPMENTS ?? 20_000);
const AUTH = { apiKey: 'ss-key', apiSecret: 'ss-secret' };

interface Result {
	label: string;
	clock: 'real' | 'virtual';
	shipments: number;
	unique: number;
	calls: number;
	rateLimited: number;
	elapsedMs: number;
}

async function sync(
	label: string,
	clockKind: 'real' | 'virtual',
	sim: ShipStationSim,
	transport: Transport,
	clock: Clock,
	pageSize: number,
): Promise<Result> {
	const client = new ShipStationV1Client({ transport, baseUrl: sim.baseUrl, auth: AUTH });
	const seen = new Set<number>();
	let count = 0;
	const started = clock.now();
	for await (const page of client.iterateShipments({}, { pageSize })) {
		for (const shipment of page.items) seen.add(shipment.shipmentId);
		count += page.items.length;
	}
	return {
		label,
		clock: clockKind,
		shipments: count,
		unique: seen.size,
		calls: sim.stats.requests,
		rateLimited: sim.stats.rateLimited,
		elapsedMs: clock.now() - started,
	};
}

const VIRTUAL_CLOCK = 'VIRTUAL clock: limiter, retries and the sim share an injected clock';

function print(result: Result): void {
	const minutes = result.elapsedMs / 60_000;
	const perMinute = result.calls / minutes;
	process.stdout.write(
		[
			`\n${result.label}  [${result.clock === 'real' ? 'real time' : VIRTUAL_CLOCK}]`,
			`  shipments synced        ${result.shipments} (unique ${result.unique})`,
			`  calls made              ${result.calls}`,
			`  429s                    ${result.rateLimited}`,
			`  elapsed                 ${(result.elapsedMs / 1000).toFixed(1)} s`,
			`  requests per minute     ${perMinute.toFixed(1)} = ${(perMinute / LIMIT).toFixed(2)} of the ${LIMIT}/min limit`,
		].join('\n') + '\n',
	);
}

async function scenarioA(virtual: boolean): Promise<void> {
	if (virtual) {
		const clock = createVirtualClock();
		const sim = createShipStationSim({ seed: 42, orders: 400, shipments: SHIPMENTS, now: clock.now, record: false });
		print(
			await sync(
				`A. ${SHIPMENTS} shipments, 500/page`,
				'virtual',
				sim,
				shipStationTransport(inProcessTransport(sim), { clock }),
				clock,
				500,
			),
		);
		return;
	}
	const clock: Clock = {
		now: () => performance.timeOrigin + performance.now(),
		sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms))),
	};
	const sim = createShipStationSim({ seed: 42, orders: 400, shipments: SHIPMENTS, record: false });
	const sandbox = await startSandbox([sim]);
	sim.baseUrl = sandbox.baseUrl('shipstation');
	try {
		print(
			await sync(
				`A. ${SHIPMENTS} shipments, 500/page, over HTTP`,
				'real',
				sim,
				shipStationTransport(createFetchTransport(), { clock }),
				clock,
				500,
			),
		);
	} finally {
		await sandbox.close();
	}
}

async function scenarioB(): Promise<void> {
	const clock = createVirtualClock();
	const sim = createShipStationSim({ seed: 42, orders: 400, shipments: SHIPMENTS, now: clock.now, record: false });
	print(
		await sync(
			`B. ${SHIPMENTS} shipments, 100/page (several windows)`,
			'virtual',
			sim,
			shipStationTransport(inProcessTransport(sim), { clock }),
			clock,
			100,
		),
	);
}

async function scenarioC(): Promise<void> {
	const clock = createVirtualClock();
	const sim = createShipStationSim({ seed: 42, orders: 400, shipments: SHIPMENTS, now: clock.now, record: false });
	// No limiter: requests go as fast as answers come back; 429s are retried with backoff.
	const unpaced = withRetry(inProcessTransport(sim), { clock, maxAttempts: 10, random: () => 0.5 });
	print(
		await sync(`C. baseline WITHOUT pacing, ${SHIPMENTS} shipments, 100/page`, 'virtual', sim, unpaced, clock, 100),
	);
}

function normaliseThroughput(): void {
	const sim = createShipStationSim({ seed: 42, orders: 400, shipments: SHIPMENTS, record: false });
	const receivedAt = new Date().toISOString();
	const heapBefore = process.memoryUsage().heapUsed;
	const started = performance.now();
	let observations = 0;
	for (const shipment of sim.shipments) {
		shipmentToObservation(shipment, receivedAt);
		observations++;
	}
	const ms = performance.now() - started;
	process.stdout.write(
		`\nNormalisation: ${observations} shipments -> observations in ${ms.toFixed(0)} ms ` +
			`(${Math.round(observations / (ms / 1000))}/s), heap delta ` +
			`${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB\n`,
	);
}

async function main(): Promise<void> {
	const virtual = process.argv.includes('--virtual');
	process.stdout.write(
		`ShipStation sync bench: simulated ShipStation enforces ${LIMIT} requests/minute (fixed window, ` +
			`X-Rate-Limit-* headers, 429 past it)\n`,
	);
	await scenarioA(virtual);
	await scenarioB();
	await scenarioC();
	normaliseThroughput();
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? error}\n`);
	process.exit(1);
});
