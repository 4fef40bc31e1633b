/**
 * The proof that matters, without n8n: the sandbox serves one generated world through every vendor sim
 * over HTTP; the REAL connectors pull it (Shopify bulk export, ShipStation v1, ShipBob, UPS/FedEx/USPS/
 * DHL tracking, with the planned 429/500/timeout failures on the way), the engine reconciles under the
 * default policy, and the result is scored against the ground truth.
 *
 * The product runs all along, so each world is read twice: two days before the end and at the end, the
 * second run folded into the first's records (as the ledger does), with Shopify's webhooks arriving as
 * things happen. Two planted problems need it: FedEx withdraws a passed estimate, and only a product that
 * read the estimate can say the parcel is late; an address edited in Shopify after the warehouse imported
 * the order is an edit only to a product that saw the address before (the orders/create webhook).
 */
import { DAY } from '../../sandbox/world/generate';
import { startWorldSandbox, type WorldSandbox } from '../../sandbox/world/worldSandbox';
import {
	runPipeline,
	runSweeps,
	scoreDetection,
	shopifyWebhookObservations,
	type DetectionScore,
	type PipelineResult,
} from './runPipeline';

/** The world read two days before its end and at its end (the truth is stated for the end). */
const twoReads = (sandbox: WorldSandbox) => [sandbox.world.endMs - 2 * DAY, sandbox.world.endMs];

jest.setTimeout(120_000);

describe('detection: the real connectors and engine against the world (seed 42, 120 orders)', () => {
	let sandbox: WorldSandbox;
	let result: PipelineResult;
	let first: PipelineResult;
	let score: DetectionScore;

	beforeAll(async () => {
		sandbox = await startWorldSandbox({ seed: 42, orders: 120 });
		[first, result] = (await runSweeps(sandbox, twoReads(sandbox))).map((s) => s.result);
		score = scoreDetection(sandbox.world.truth, result.records);
	});
	afterAll(async () => {
		await sandbox?.close();
	});

	it('pulls every order of the world (none missing, none rejected, every parcel tracked)', () => {
		expect(score.missingOrders).toEqual([]);
		expect(result.records.size).toBe(120);
		expect([...first.rejected, ...result.rejected]).toEqual([]);
		expect([...first.trackingProblems, ...result.trackingProblems]).toEqual([]);
	});

	it('rides through every injected API failure (429, 500, timeout) without losing anything', () => {
		const kinds = new Set(sandbox.firedFailures.map((f) => f.kind));
		expect(kinds).toEqual(new Set(['429', '500', 'timeout']));
		expect(sandbox.firedFailures.length).toBe(sandbox.world.failures.reduce((n, f) => n + f.times, 0));
	});

	it('detects every planted problem as the right exception type (recall 100%)', () => {
		expect(score.missed).toEqual([]);
		expect(score.recall).toBe(1);
		// Every kind of planted problem is in this world, so recall covers each of them.
		const plants = new Set(
			Object.values(sandbox.world.truth)
				.map((t) => t.plant)
				.filter(Boolean),
		);
		expect(plants.size).toBe(15);
	});

	it('opens no exception the truth does not expect, on clean orders or planted ones (precision 100%)', () => {
		expect(score.unexpected).toEqual([]);
		expect(score.precision).toBe(1);
	});

	it('derives the stage the truth says for every order', () => {
		expect(score.wrongStage).toEqual([]);
		expect(score.stageAccuracy).toBe(1);
	});

	it('told customers through Klaviyo once per parcel milestone (what keeps notification_late closed)', () => {
		const accepted = sandbox.sims.klaviyo.accepted;
		expect(first.notificationsSent + result.notificationsSent).toBeGreaterThan(50);
		expect(accepted.length).toBe(first.notificationsSent + result.notificationsSent);
		expect(new Set(accepted.map((e) => e.uniqueId)).size).toBe(accepted.length);
		expect(sandbox.sims.klaviyo.duplicates).toBe(0);
	});
});

describe('detection with the webhook mess on top (duplicates, out of order), seed 9, 90 orders', () => {
	it(
		'signed Shopify webhooks, some twice and some out of order, change nothing: ' + 'still 100% and the same records',
		async () => {
			const { createServer } = await import('http');
			const { verifyShopifyWebhook } = await import('../../../nodes/lib/connectors/shopify/hmac');
			const { normaliseWebhook } = await import('../../../nodes/lib/connectors/shopify/normalise');
			const { SANDBOX_CREDENTIALS } = await import('../../sandbox/world/worldSandbox');
			const sandbox = await startWorldSandbox({ seed: 9, orders: 90 });
			const received: Array<{ headers: Record<string, string>; body: string }> = [];
			const server = createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on('end', () => {
					received.push({
						headers: req.headers as Record<string, string>,
						body: Buffer.concat(chunks).toString('utf8'),
					});
					res.writeHead(200).end();
				});
			});
			await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
			try {
				const port = (server.address() as { port: number }).port;
				const res = await fetch(`${sandbox.baseUrl('_control')}/webhooks/shopify`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ url: `http://127.0.0.1:${port}/` }),
				});
				const delivery = (await res.json()) as { sent: number; duplicates: number; outOfOrder: number };
				expect(delivery.duplicates).toBeGreaterThan(0);
				expect(delivery.outOfOrder).toBeGreaterThan(0);
				const extra = received.flatMap((r) => {
					expect(verifyShopifyWebhook(r.body, r.headers, SANDBOX_CREDENTIALS.shopify.webhookSecret).valid).toBe(true);
					return normaliseWebhook(r.headers['x-shopify-topic'], JSON.parse(r.body), {
						receivedAt: r.headers['x-shopify-triggered-at'],
						eventId: r.headers['x-shopify-event-id'],
					}).observations;
				});
				expect(extra.length).toBeGreaterThan(delivery.sent);
				const now = new Date(sandbox.world.endMs).toISOString();
				// Read two days before the end as well (the withdrawn estimate), reads only; then at the end with the
				// webhooks as delivered (repeats, out of order) or each once and in order: the same records.
				const [earlier] = await runSweeps(sandbox, [sandbox.world.endMs - 2 * DAY], { webhooks: false });
				sandbox.setNow(sandbox.world.endMs);
				const withHooks = await runPipeline({ baseUrl: sandbox.baseUrl, now, extra, previous: earlier.result.records });
				const clean = shopifyWebhookObservations(sandbox.world, Number.NEGATIVE_INFINITY, sandbox.world.endMs, {
					clean: true,
				});
				expect(clean.length).toBeLessThan(extra.length);
				const pulled = await runPipeline({
					baseUrl: sandbox.baseUrl,
					now,
					extra: clean,
					previous: earlier.result.records,
				});
				const score = scoreDetection(sandbox.world.truth, withHooks.records);
				expect([score.missed, score.unexpected, score.wrongStage]).toEqual([[], [], []]);
				const view = (m: Map<string, { orderKey: string; stage: string; openExceptionTypes: string[] }>) =>
					[...m.values()].map((r) => [r.orderKey, r.stage, r.openExceptionTypes]).sort();
				expect(view(withHooks.records)).toEqual(view(pulled.records));
			} finally {
				await new Promise<void>((r) => server.close(() => r()));
				await sandbox.close();
			}
		},
	);
});

describe('detection when the overflow 3PL is ShipMonk (seed 17, 80 orders)', () => {
	it("recall, precision and stage all 100%, with ShipMonk's own failures ridden through", async () => {
		const sandbox = await startWorldSandbox({ seed: 17, orders: 80, threePl: 'shipmonk' });
		try {
			const steps = await runSweeps(sandbox, twoReads(sandbox));
			const result = steps[1].result;
			const score = scoreDetection(sandbox.world.truth, result.records);
			expect([score.missingOrders, score.missed, score.unexpected, score.wrongStage]).toEqual([[], [], [], []]);
			expect(sandbox.world.orders.some((o) => o.fulfiller === 'shipmonk' && o.plant === 'address_invalid')).toBe(true);
			expect(sandbox.firedFailures.filter((f) => f.vendor === 'shipmonk')).toHaveLength(2);
			expect(steps[0].result.calls.shipmonk + result.calls.shipmonk).toBeGreaterThanOrEqual(3);
		} finally {
			await sandbox.close();
		}
	});
});
