/**
 * Queue mode under faults, the CI-sized run (test/e2e/chaos.ts SHORT_RUN; `npm run chaos` plays the full one and
 * prints): real n8n main + 2 workers on a private PostgreSQL and Redis, every Shopify webhook delivered 3 times and
 * shuffled, 20% vendor 5xx/timeouts (half after the vendor acted), a worker SIGKILLed mid-batch, Slack down,
 * PostgreSQL and Redis restarted. Counted at the simulators once the faults stop: no event lost, no effect twice
 * (Slack case posts, Shopify writes, Klaviyo events), the backlog drained within the bound, every case posted.
 */
import { chaosSummary, runChaos, SHORT_RUN, type ChaosReport } from './chaos';
import { extraCopies } from './chaosCounts';
import { E2E_SETUP_TIMEOUT_MS, e2eGate } from './harness';

const gate = e2eGate();

(gate.run ? describe : describe.skip)('queue mode under faults (short run)', () => {
	let report: ChaosReport;
	beforeAll(
		async () => {
			const started = Date.now();
			report = await runChaos({
				...SHORT_RUN,
				install: gate.install,
				progress: (line) => process.stdout.write(`[chaos +${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`),
			});
			process.stdout.write(`${chaosSummary(report).join('\n')}\n`);
		},
		E2E_SETUP_TIMEOUT_MS + 15 * 60_000,
	);

	it('met every fault: a worker killed mid-batch, Slack down, PostgreSQL and Redis restarted, vendor faults', () => {
		expect(report.faults.workerKilled?.midBatch).toBe(true);
		expect(report.faults.postgresRestartedAtMs).not.toBeNull();
		expect(report.faults.redisRestartedAtMs).not.toBeNull();
		expect(report.faults.fired['slack outage']).toBeGreaterThan(0);
		const kinds = Object.keys(report.faults.fired);
		expect(kinds.some((k) => k.endsWith('500 after acting'))).toBe(true);
		expect(kinds.some((k) => k.endsWith('timeout after acting'))).toBe(true);
		expect(report.deliveries.windowDistinct).toBeGreaterThan(0);
		expect(report.deliveries.windowSends).toBe(report.deliveries.windowDistinct * SHORT_RUN.copies);
	});

	it('lost no event: every distinct delivery stored, every stored event done', () => {
		expect(report.deliveries.neverAccepted).toBe(0);
		expect(report.events.lost).toEqual([]);
		expect(report.events.stored).toBe(report.deliveries.distinct);
		expect(report.events.notDone).toEqual([]);
	});

	it('did no effect twice', () => {
		expect(report.slack.duplicatePosts).toEqual([]);
		// Every open case reached Slack, also one saved while Slack was down: the processor carried on without posting
		// it, and the stuck-order alerts (Cases not yet in Slack) posted it once Slack answered. A resolved case is
		// posted by the run that clears it; one whose post failed too is history, and only shown.
		const open = report.slack.casesWithoutMessage.filter((c) => c.endsWith('(open)'));
		expect(open).toEqual([]);
		if (report.slack.casesWithoutMessage.length)
			console.warn(`resolved cases never posted to Slack: ${JSON.stringify(report.slack.casesWithoutMessage)}`);
		expect(report.slack.casePosts).toBeGreaterThan(0);
		expect(report.shopify.duplicateWrites).toEqual([]);
		expect(report.klaviyo.duplicateEvents).toEqual([]);
		expect(report.klaviyo.accepted).toBeGreaterThan(0);
		expect(extraCopies(report.slack.duplicatePosts)).toBe(0);
	});

	it('drained the backlog within the bound once the faults stopped', () => {
		expect(report.drainMs).not.toBeNull();
		expect(report.drainMs!).toBeLessThanOrEqual(SHORT_RUN.drainTimeoutMs);
	});
});
