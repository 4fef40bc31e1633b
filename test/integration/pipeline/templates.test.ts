/**
 * The templates themselves against the world, in this process (issue 14): the intake, sweep, event
 * processor, stuck-order alerts and weekly report as a user imports them, every node operation they use run
 * by n8n's engine (inProcessScenarioHost), scored against the planted truth. The same scenario the e2e suite
 * plays in a real n8n (test/e2e/scenario.ts runScenario), here without the server; nothing here decides what
 * to read, what to tell the customer or when to re-read: the templates' nodes do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeIdleEmbedded } from '../../../nodes/lib/ledger/sql/pgliteDriver';
import { openLedger } from '../../../nodes/lib/ledger';
import type { ExceptionCase, OrderRecord } from '../../../nodes/lib/order/types';
import type { ExecutionResult } from '../../e2e/harness';
import {
	allItems,
	ledgerConfig,
	manualStart,
	orderStatePasses,
	prepareTemplate,
	runScenario,
	type ScenarioOptions,
	type ScenarioReport,
	type ScenarioStorage,
	type TemplateKey,
} from '../../e2e/scenario';
import { expectScenarioRight, summary } from '../../e2e/scenarioChecks';
import { DAY } from '../../sandbox/world/generate';
import { projectShopifyOrder } from '../../sandbox/world/projectShopify';
import { planShopifyDeliveries } from '../../sandbox/world/webhooks';
import { startWorldSandbox, type WorldSandbox } from '../../sandbox/world/worldSandbox';
import { inProcessScenarioHost } from './inProcessHost';
import { scoreDetection } from './score';
import { collectCases, transientCases } from './scoreAt';

jest.setTimeout(600_000);

/** Fresh embedded ledgers, one per play, removed after the file. */
const directories: string[] = [];
function embedded(prefix: string): ScenarioStorage & { kind: 'embedded' } {
	const dataDirectory = mkdtempSync(join(tmpdir(), prefix));
	directories.push(dataDirectory);
	return { kind: 'embedded', dataDirectory };
}
afterAll(async () => {
	// Closed now rather than by their idle timer, so Jest exits as soon as the file is done.
	await closeIdleEmbedded();
	for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

type PlayOptions = Omit<ScenarioOptions, 'host' | 'n8n' | 'sandbox' | 'storage'>;

async function play(sandbox: WorldSandbox, storage: ScenarioStorage, label: string, options: PlayOptions = {}) {
	const started = Date.now();
	const report = await runScenario({
		host: inProcessScenarioHost(sandbox, storage),
		sandbox,
		storage,
		progress: (line) => process.stdout.write(`[${label} +${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`),
		...options,
	});
	process.stdout.write(`${summary(label, report)}; ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
	return report;
}

describe('the templates in-process against the world (seed 42, 120 orders, with the planned API failures)', () => {
	let sandbox: WorldSandbox;
	let report: ScenarioReport;
	const storage = embedded('pp-templates-42-');

	beforeAll(async () => {
		sandbox = await startWorldSandbox({ seed: 42, orders: 120 });
		report = await play(sandbox, storage, 'seed 42');
	});
	afterAll(() => sandbox?.close());

	it('scores 100%, stores each delivery once, acks each event once, posts each case once, tells once', () => {
		expectScenarioRight(report, sandbox, { orders: 120 });
	});

	it('rides through every injected API failure (429, 500, timeout) without losing anything', () => {
		const kinds = new Set(sandbox.firedFailures.map((f) => f.kind));
		expect(kinds).toEqual(new Set(['429', '500', 'timeout']));
		expect(sandbox.firedFailures.length).toBe(sandbox.world.failures.reduce((n, f) => n + f.times, 0));
	});
});

describe('the overflow 3PL is ShipMonk (seed 17, 80 orders)', () => {
	it("100%, with ShipMonk's own failures ridden through and the ShipMonk orders read from ShipMonk", async () => {
		const sandbox = await startWorldSandbox({ seed: 17, orders: 80, threePl: 'shipmonk' });
		try {
			const report = await play(sandbox, embedded('pp-templates-17-'), 'seed 17 (ShipMonk)');
			expectScenarioRight(report, sandbox, { orders: 80, minPlanted: 1 });
			expect(sandbox.world.orders.some((o) => o.fulfiller === 'shipmonk' && o.plant === 'address_invalid')).toBe(true);
			expect(sandbox.firedFailures.filter((f) => f.vendor === 'shipmonk')).toHaveLength(2);
		} finally {
			await sandbox.close();
		}
	});
});

describe('the story over three simulated days (seed 5, 80 orders)', () => {
	let sandbox: WorldSandbox;
	const steps: Array<{ hours: number; records: Map<string, OrderRecord>; pairs: Array<[string, string]> }> = [];
	let final: Map<string, OrderRecord>;
	let once: Map<string, OrderRecord>;

	beforeAll(async () => {
		sandbox = await startWorldSandbox({ seed: 5, orders: 80, injectFailures: false });
		const all = await play(sandbox, embedded('pp-templates-5-'), 'seed 5, three days', {
			momentsHoursBeforeEnd: [48, 24, 0],
			afterMoment: ({ hoursBeforeEnd, records }) => {
				const pairs = [...records.values()].flatMap((r) =>
					r.openExceptionTypes.map((t) => [r.orderKey, t] as [string, string]),
				);
				steps.push({ hours: hoursBeforeEnd, records, pairs });
			},
		});
		final = all.records;
		// Installed at the end: one sweep over what the vendors say then, none of Shopify's earlier webhooks.
		once = (
			await play(sandbox, embedded('pp-templates-5-once-'), 'seed 5, installed at the end', {
				momentsHoursBeforeEnd: [0],
				webhooks: false,
			})
		).records;
	});
	afterAll(() => sandbox?.close());

	it('sees the store grow as simulated time passes', () => {
		const sizes = steps.map((s) => s.records.size);
		expect(steps.map((s) => s.hours)).toEqual([48, 24, 0]);
		expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
		expect(sizes[0]).toBeLessThan(80);
		expect(sizes[2]).toBe(80);
	});

	// A recovered parcel (story 'recovered') is really stalled on the way; that case is expected, and must clear.
	const expected = (key: string, type: string) =>
		sandbox.world.truth[key].exceptions.includes(type as never) ||
		(sandbox.world.truth[key].story === 'recovered' && type === 'tracking_stalled');

	it('never opens a case the truth does not expect, at any moment (precision 100% all along)', () => {
		for (const step of steps)
			for (const [key, type] of step.pairs)
				expect([step.hours, key, expected(key, type)]).toEqual([step.hours, key, true]);
	});

	it('a parcel that stalled and then moved again: stalled on the way, cleared at the end', () => {
		const recovered = sandbox.world.orders.filter((o) => o.story === 'recovered').map((o) => o.key);
		expect(recovered.length).toBeGreaterThan(0);
		for (const key of recovered) {
			expect([key, steps[0].pairs.some(([k, t]) => k === key && t === 'tracking_stalled')]).toEqual([key, true]);
			expect([key, final.get(key)?.openExceptionTypes]).toEqual([key, []]);
			expect(final.get(key)?.exceptions.find((c) => c.type === 'tracking_stalled')?.resolvedAt).toEqual(
				expect.any(String),
			);
		}
	});

	it('problems appear when their time comes: a failed attempt and a split shipment are not seen two days early', () => {
		const failed = sandbox.world.orders.find((o) => o.plant === 'delivery_failed')!;
		const split = sandbox.world.orders.find((o) => o.plant === 'tracking_missing')!;
		const has = (i: number, key: string, type: string) => steps[i].pairs.some(([k, t]) => k === key && t === type);
		expect(has(0, failed.key, 'delivery_failed')).toBe(false);
		expect(has(2, failed.key, 'delivery_failed')).toBe(true);
		expect(has(0, split.key, 'tracking_missing')).toBe(false);
		expect(has(2, split.key, 'tracking_missing')).toBe(true);
		expect(steps[0].pairs.length).toBeLessThan(steps[2].pairs.length);
	});

	it('ends exactly at the truth: recall, precision and stages 100%', () => {
		const score = scoreDetection(sandbox.world.truth, final);
		expect([score.missed, score.unexpected, score.wrongStage, score.missingOrders]).toEqual([[], [], [], []]);
	});

	it('ends where one sweep at the end ends, except what only an earlier sighting could know', () => {
		// The estimate FedEx withdrew, and the address Shopify had before the edit (its orders/create webhook).
		const known = new Map(
			sandbox.world.orders
				.filter((o) => o.plant === 'estimate_withdrawn' || o.plant === 'address_changed_after_import')
				.map((o) => [o.key, o.plant]),
		);
		expect(new Set(known.values())).toEqual(new Set(['estimate_withdrawn', 'address_changed_after_import']));
		const view = (m: Map<string, OrderRecord>) =>
			[...m.values()]
				.filter((r) => !known.has(r.orderKey))
				.map((r) => [r.orderKey, r.stage, r.openExceptionTypes])
				.sort();
		expect(view(final)).toEqual(view(once));
		// Installed at the end, the product never saw either: it cannot call them. Running all along, it did.
		for (const [key, plant] of known) {
			expect([key, final.get(key)?.openExceptionTypes]).toEqual([
				key,
				plant === 'estimate_withdrawn' ? ['delivery_late'] : ['status_mismatch'],
			]);
			expect([key, once.get(key)?.openExceptionTypes]).toEqual([key, []]);
		}
	});

	it('no case opened on the way cleared by itself while the truth never had that problem (no transient cases)', () => {
		const cases = new Map<string, ExceptionCase>();
		for (const step of steps) collectCases(cases, step.records);
		expect(transientCases(sandbox.world, cases.values(), sandbox.world.endMs)).toEqual([]);
	});
});

/**
 * No crying wolf (issue 12) in the processor template: an order only Shopify's webhook told us about is not
 * called "not sent to fulfillment" on Shopify's word: before judging, the warehouse nodes ask every warehouse
 * for it by every key it has, and the case opens only when none has it. ShipBob files orders under the
 * Shopify order's numeric id, so a lookup by the order number alone would miss them.
 */
describe('the warehouses asked before a not-sent case opens, in the processor template (seed 42)', () => {
	let sandbox: WorldSandbox;
	beforeAll(async () => {
		sandbox = await startWorldSandbox({ seed: 42, orders: 120, injectFailures: false });
		// Two days after the end: every order waiting anywhere is past the 4 business hour limit by then.
		sandbox.setNow(sandbox.world.endMs + 2 * DAY);
	});
	afterAll(() => sandbox?.close());

	/** The order's orders/create webhook through the intake, then one processor run; what it did, and the record. */
	async function processOnlyShopify(orderKey: string, prefix: string) {
		const storage = embedded(prefix);
		const host = inProcessScenarioHost(sandbox, storage);
		const now = new Date(sandbox.nowMs()).toISOString();
		const templates = Object.fromEntries(
			(['intake', 'processor'] as TemplateKey[]).map((k) => [k, prepareTemplate(k, sandbox, storage, now)]),
		);
		for (const [key, t] of Object.entries(templates)) await host.save(key as TemplateKey, t);
		const delivery = planShopifyDeliveries(sandbox.world, sandbox.world.endMs).find(
			(d) => d.orderKey === orderKey && d.topic === 'orders/create' && !d.duplicate,
		)!;
		expect(await host.deliver([delivery])).toEqual({ rejected: 0, failedExecutions: 0 });
		const run: ExecutionResult = await host.run('processor', manualStart(templates.processor));
		expect(run.error).toBeUndefined();
		const ledger = await openLedger(ledgerConfig(storage));
		try {
			return { run, passes: orderStatePasses(run), record: (await ledger.getOrder(orderKey))! };
		} finally {
			await ledger.close();
		}
	}
	/** The lookups the warehouse nodes answered, by source. */
	const lookups = (run: ExecutionResult) =>
		Object.keys(run.runData)
			.flatMap((node) => allItems<{ observations?: Array<{ kind: string; source: string; data: unknown }> }>(run, node))
			.flatMap((item) => item.observations ?? [])
			.filter((o) => o.kind === 'lookup');

	it('an order ShipBob has under the Shopify order id: asked by every key, found there, no not-sent case', async () => {
		const order = sandbox.world.orders.find((o) => o.fulfiller === 'shipbob' && o.story === 'at_warehouse')!;
		const { run, passes, record } = await processOnlyShopify(order.key, 'pp-templates-asked-found-');
		const shopifyId = `reference_id:${projectShopifyOrder(order, sandbox.nowMs()).legacyResourceId}`;
		const atShipBob = lookups(run).filter((o) => o.source === 'shipbob');
		expect(atShipBob.length).toBeGreaterThan(0);
		for (const o of atShipBob) expect(o.data).toMatchObject({ found: true, keys: expect.arrayContaining([shopifyId]) });
		expect(passes.flatMap((p) => p.opened.map((c) => c.type))).not.toContain('not_sent_to_fulfillment');
		expect(record.openExceptionTypes).not.toContain('not_sent_to_fulfillment');
	});

	it('an order no warehouse has under any key: asked at each warehouse, missing there, the case opens', async () => {
		const order = sandbox.world.orders.find((o) => o.plant === 'not_sent_to_fulfillment')!;
		const { run, passes, record } = await processOnlyShopify(order.key, 'pp-templates-asked-missing-');
		const asked = lookups(run);
		expect(asked.every((o) => (o.data as { found: boolean }).found === false)).toBe(true);
		expect(new Set(asked.map((o) => o.source))).toEqual(new Set(['shipstation', 'shipbob']));
		expect(passes.flatMap((p) => p.opened.map((c) => c.type))).toContain('not_sent_to_fulfillment');
		expect(record.openExceptionTypes).toContain('not_sent_to_fulfillment');
		expect(passes.at(-1)?.toConfirm ?? []).toEqual([]);
	});
});
