/**
 * Carriers + Klaviyo benchmark (prints figures, asserts nothing).
 *
 * 1. Track 3,000 FedEx numbers against the simulated FedEx over real HTTP on 127.0.0.1: requests
 *    made (target 100 = 30 per request), token requests, 429s, wall time.
 * 2. Send 10,000 Klaviyo events against the simulated Klaviyo enforcing its published limits
 *    (Create Event: 350/s burst, 3,500/min steady; bulk: 10/s, 150/min), over real HTTP. Pacing at
 *    3,500/min takes ~3 minutes of real time, so a VIRTUAL CLOCK is injected into both our limiter/
 *    retry layer and the sim's windows: every request is real, only waiting is simulated. Then the
 *    same 10,000 events through Bulk Create (1,000 per request).
 *
 * Run: npx tsx test/bench/carriers-klaviyo.bench.ts   (or npm run bench -- carriers)
 */
import { createFetchTransport } from '../../nodes/lib/http';
import { carrierTransport, trackAll } from '../../nodes/lib/connectors/carriers';
import { FedExTracker } from '../../nodes/lib/connectors/fedex/client';
import { KlaviyoClient, klaviyoTransport, type EventInput } from '../../nodes/lib/connectors/klaviyo';
import { startSandbox } from '../sandbox/http';
import { createFedExSim } from '../sandbox/vendors/fedex';
import { createKlaviyoSim } from '../sandbox/vendors/klaviyo';
import { createVirtualClock } from '../helpers/virtualClock';

function line(label: string, value: string | number) {
	process.stdout.write(`${label.padEnd(50)} ${value}\n`);
}

async function benchFedEx(requestsPerSecond: number | undefined) {
	const sim = createFedExSim({ seed: 42, record: false, unknownNumbers: ['794800000007'] });
	const sandbox = await startSandbox([sim]);
	try {
		const transport = carrierTransport(createFetchTransport(), 'fedex', { requestsPerSecond });
		const tracker = new FedExTracker(transport, {
			clientId: 'fedex-client',
			clientSecret: 'fedex-secret',
			baseUrl: sandbox.baseUrl('fedex'),
		});
		const numbers = Array.from({ length: 3000 }, (_, i) => `7948${String(i).padStart(8, '0')}`);
		const started = process.hrtime.bigint();
		const outcomes = await trackAll(tracker, numbers, { concurrency: 2 });
		const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
		const results = [...outcomes.values()];
		process.stdout.write(
			`\nFedEx: track 3,000 numbers (simulated FedEx over HTTP, pacing ${requestsPerSecond ?? 10} req/s, 2 ` +
				`batches in flight)\n`,
		);
		line('tracking numbers', numbers.length);
		line('track requests made (target 100)', sim.trackRequests);
		line('numbers per request', (numbers.length / sim.trackRequests).toFixed(1));
		line('token requests', tracker.tokens.issued);
		line('429 answers', sim.quota.rejected);
		line(
			'found / not found / failed',
			`${results.filter((r) => r.result?.found).length} / ` +
				`${results.filter((r) => r.result && !r.result.found).length} / ${results.filter((r) => r.error).length}`,
		);
		line('wall time', `${(wallMs / 1000).toFixed(2)} s`);
	} finally {
		await sandbox.close();
	}
}

function events(n: number): EventInput[] {
	return Array.from({ length: n }, (_, i) => ({
		metric: 'Order Shipped',
		profile: { email: `customer${i % 4000}@example.com`, locale: 'en-US' },
		properties: {
			OrderKey: String(100000 + i),
			TrackingNumber: `1Z999AA1${String(i).padStart(10, '0')}`,
			Carrier: 'UPS',
		},
		uniqueId: `pp:${100000 + i}:order_shipped:1Z${i}`,
	}));
}

async function benchKlaviyoSingle() {
	const clock = createVirtualClock(Date.UTC(2026, 0, 1));
	const sim = createKlaviyoSim({ now: clock.now, record: false });
	const sandbox = await startSandbox([sim]);
	try {
		const client = new KlaviyoClient(klaviyoTransport(createFetchTransport(), { clock }), {
			apiKey: 'pk_test',
			baseUrl: sandbox.baseUrl('klaviyo'),
		});
		const batch = events(10_000);
		const startedVirtual = clock.now();
		const started = process.hrtime.bigint();
		for (const event of batch) await client.createEvent(event);
		const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
		const minutes = (clock.now() - startedVirtual) / 60_000;
		const perMinute = batch.length / minutes;
		process.stdout.write(
			`\nKlaviyo: 10,000 events via Create Event (POST /api/events), limit 3,500/min steady + 350/s burst\n`,
		);
		line('clock', 'VIRTUAL (injected into limiter, retry and sim)');
		line('requests sent (real HTTP)', client.requestsMade);
		line('events accepted by the sim', sim.accepted.length);
		line('429 answers (target 0)', sim.throttled);
		line('simulated duration', `${minutes.toFixed(2)} min`);
		line('achieved rate', `${perMinute.toFixed(0)} events/min`);
		line('fraction of the 3,500/min limit (target >= 0.9)', (perMinute / 3500).toFixed(3));
		line('wall time', `${(wallMs / 1000).toFixed(2)} s`);
	} finally {
		await sandbox.close();
	}
}

async function benchKlaviyoBulk() {
	const clock = createVirtualClock(Date.UTC(2026, 0, 1));
	const sim = createKlaviyoSim({ now: clock.now, record: false });
	const sandbox = await startSandbox([sim]);
	try {
		const client = new KlaviyoClient(klaviyoTransport(createFetchTransport(), { clock }), {
			apiKey: 'pk_test',
			baseUrl: sandbox.baseUrl('klaviyo'),
		});
		const startedVirtual = clock.now();
		const started = process.hrtime.bigint();
		const jobs = await client.bulkCreateEvents(events(10_000));
		const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
		process.stdout.write(
			`\nKlaviyo: the same 10,000 events via Bulk Create (1,000 per request), limit 150/min + 10/s\n`,
		);
		line('clock', 'VIRTUAL (injected into limiter, retry and sim)');
		line('requests sent (real HTTP)', jobs.length);
		line('events accepted by the sim', sim.accepted.length);
		line('429 answers (target 0)', sim.throttled);
		line(
			'simulated duration',
			`${((clock.now() - startedVirtual) / 1000).toFixed(2)} s (10 requests: far below the request limit)`,
		);
		line('wall time', `${(wallMs / 1000).toFixed(2)} s`);
	} finally {
		await sandbox.close();
	}
}

async function main() {
	await benchFedEx(undefined);
	await benchFedEx(100);
	await benchKlaviyoSingle();
	await benchKlaviyoBulk();
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? error}\n`);
	process.exit(1);
});
