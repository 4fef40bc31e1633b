/**
 * ONE contract suite for every LedgerStore backend. Each backend file calls ledgerContract() with a
 * handle factory; the same assertions then run on embedded PGlite, PostgreSQL and Airtable (nock).
 * Volumes scale down on Airtable (5 requests/s), and the guarantees Airtable cannot give
 * (exclusive claims under concurrent workers) are run only where the backend claims them.
 */
import { LedgerError } from '../../../nodes/lib/ledger/errors';
import type { LedgerEvent, LedgerStore } from '../../../nodes/lib/ledger/types';
import type { BackendHandle } from './backends';
import {
	at,
	bareRecord,
	delivered,
	HOSTILE_STRINGS,
	placed,
	pushEvent,
	recordFrom,
	shipped,
	upsPushItem,
} from './fixtures';

const NOW = at(100);
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();
const claimOpts = (worker: string, now = NOW, limit = 100) => ({
	worker,
	now,
	limit,
	leaseSeconds: 60,
	maxAttempts: 3,
});

export interface ContractOptions {
	/** False skips the whole suite (shown as skipped, with the reason printed). */
	enabled?: boolean;
	skipReason?: string;
	/** Whether concurrent workers get exclusive claims (not Airtable: it cannot compare-and-set). */
	exclusiveClaims?: boolean;
	/**
	 * Whether Count Attempt counts exactly under concurrency and deletes expired windows (the SQL backends; not
	 * Airtable: it has no atomic increment and keeps one reused row per subject instead).
	 */
	atomicCounts?: boolean;
}

export function ledgerContract(
	name: string,
	makeHandle: () => Promise<BackendHandle | null>,
	options: ContractOptions = {},
): void {
	const enabled = options.enabled ?? true;
	if (!enabled) console.warn(options.skipReason ?? `skipped: ${name} not configured`);
	(enabled ? describe : describe.skip)(`LedgerStore contract: ${name}`, () => {
		let handle: BackendHandle | null = null;
		let store: LedgerStore;
		const exclusive = () => options.exclusiveClaims ?? true;
		const n = (full: number) => Math.max(3, Math.round(full * (handle?.scale ?? 1)));

		beforeAll(async () => {
			handle = await makeHandle();
		});
		afterAll(async () => {
			await handle?.dispose();
		});
		beforeEach(async () => {
			if (!handle) return;
			await handle.reset();
			store = await handle.open();
		});
		afterEach(async () => {
			await store?.close();
		});
		/** Backends that are not configured here are reported as skipped by the wrapper, never silently passed. */
		const it_ = (title: string, fn: () => Promise<void>, timeout?: number) =>
			it(
				title,
				async () => {
					if (!handle) return;
					await fn();
				},
				timeout,
			);

		/* ---------- events: append, dedupe ---------- */

		it_('append says new, then duplicate, and keeps the first payload', async () => {
			const first = await store.appendEvent(
				{ key: 'evt-1', source: 'shopify', topic: 'orders/updated', orderKey: '1001', payload: { v: 1 } },
				NOW,
			);
			const second = await store.appendEvent(
				{ key: 'evt-1', source: 'shopify', topic: 'orders/updated', orderKey: '1001', payload: { v: 1 } },
				plus(NOW, 5),
			);
			expect(first.status).toBe('new');
			expect(second.status).toBe('duplicate');
			expect(second.event.id).toBe(first.event.id);
			expect(first.event).toMatchObject({
				key: 'evt-1',
				status: 'pending',
				attempts: 0,
				orderKey: '1001',
				topic: 'orders/updated',
				receivedAt: NOW,
			});
			expect(second.event.payload).toEqual({ v: 1 });
		});

		it_(
			'each key appended 3 times gives one row',
			async () => {
				const keys = Array.from({ length: n(300) }, (_, i) => `dup-${i}`);
				const results = [];
				for (let round = 0; round < 3; round++) {
					results.push(
						...(await store.appendEvents(
							keys.map((key) => ({ key, source: 'shopify', orderKey: '1', payload: { key } })),
							NOW,
						)),
					);
				}
				const statuses = results.map((r) => (r instanceof Error ? r.message : r.status));
				expect(statuses.filter((s) => s === 'new')).toHaveLength(keys.length);
				expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(keys.length * 2);
				const rows = await store.listEvents({ limit: 100_000 });
				expect(rows).toHaveLength(keys.length);
				expect(new Set(rows.map((r) => r.key))).toEqual(new Set(keys));
			},
			120_000,
		);

		/* ---------- claim, ack, lease ---------- */

		it_('claim leases due events once; ack needs the lease token; acking twice is harmless', async () => {
			for (let i = 0; i < 3; i++) await store.appendEvent({ key: `c-${i}`, source: 'shopify', payload: { i } }, NOW);
			const claimed = await store.claimBatch(claimOpts('worker-a', NOW, 2));
			expect(claimed).toHaveLength(2);
			for (const e of claimed)
				expect(e).toMatchObject({
					status: 'processing',
					attempts: 1,
					leasedBy: 'worker-a',
					leaseExpiresAt: plus(NOW, 60),
				});
			const rest = await store.claimBatch(claimOpts('worker-b', NOW, 10));
			expect(rest.map((e) => e.key)).toEqual(['c-2']);
			expect(await store.claimBatch(claimOpts('worker-c', NOW, 10))).toEqual([]);

			const wrong = await store.ack([{ id: claimed[0].id, leaseToken: 'not-the-token' }], NOW);
			expect(wrong[0].outcome).toBe('lease_lost');
			const acks = await store.ack(
				claimed.map((e) => ({ id: e.id, leaseToken: e.leaseToken! })),
				plus(NOW, 1),
			);
			expect(acks.map((a) => a.outcome)).toEqual(['acked', 'acked']);
			expect(acks[0].event).toMatchObject({ status: 'done', doneAt: plus(NOW, 1) });
			const again = await store.ack([{ id: claimed[0].id, leaseToken: claimed[0].leaseToken! }], plus(NOW, 2));
			expect(again[0].outcome).toBe('already_done');
		});

		it_('one order at a time: an order with an event under lease waits, its other events included', async () => {
			await store.appendEvent({ key: 'x-1', source: 'shopify', orderKey: 'X', payload: {} }, NOW);
			await store.appendEvent({ key: 'x-2', source: 'shipstation', orderKey: 'X', payload: {} }, plus(NOW, 1));
			await store.appendEvent({ key: 'y-1', source: 'shopify', orderKey: 'Y', payload: {} }, plus(NOW, 2));
			const first = await store.claimBatch(claimOpts('worker-a', plus(NOW, 3), 1));
			expect(first.map((e) => e.key)).toEqual(['x-1']);
			// x-2 is due, but X is leased to worker-a: worker-b gets only Y.
			const second = await store.claimBatch(claimOpts('worker-b', plus(NOW, 3), 10));
			expect(second.map((e) => e.key)).toEqual(['y-1']);
			await store.ack([{ id: first[0].id, leaseToken: first[0].leaseToken! }], plus(NOW, 4));
			const third = await store.claimBatch(claimOpts('worker-b', plus(NOW, 5), 10));
			expect(third.map((e) => e.key)).toEqual(['x-2']);
			// A lease that ran out frees the order (and its event is due again).
			const late = await store.claimBatch(claimOpts('worker-c', plus(NOW, 5 + 61), 10));
			expect(late.map((e) => e.key).sort()).toEqual(['x-2', 'y-1']);
		});

		it_(
			'crash: a claimer that dies mid-lease; its events are claimed again after the lease, and its late ack is refused',
			async () => {
				const count = n(20);
				for (let i = 0; i < count; i++)
					await store.appendEvent({ key: `crash-${i}`, source: 'shipstation', payload: { i } }, NOW);
				const dying = await store.claimBatch(claimOpts('worker-that-dies', NOW, count));
				expect(dying).toHaveLength(count);
				// The worker process dies here: no ack, no fail. Before the lease ends nobody else gets them.
				const other = await handle!.open();
				expect(await other.claimBatch(claimOpts('worker-2', plus(NOW, 59), count))).toEqual([]);
				const reclaimed = await other.claimBatch(claimOpts('worker-2', plus(NOW, 61), count));
				expect(reclaimed.map((e) => e.key).sort()).toEqual(dying.map((e) => e.key).sort());
				for (const e of reclaimed) {
					expect(e.attempts).toBe(2);
					expect(e.leasedBy).toBe('worker-2');
				}
				const late = await store.ack(
					dying.slice(0, 1).map((e) => ({ id: e.id, leaseToken: e.leaseToken! })),
					plus(NOW, 62),
				);
				expect(late[0].outcome).toBe('lease_lost');
				const acks = await other.ack(
					reclaimed.map((e) => ({ id: e.id, leaseToken: e.leaseToken! })),
					plus(NOW, 63),
				);
				expect(acks.every((a) => a.outcome === 'acked')).toBe(true);
				await other.close();
			},
			120_000,
		);

		it_(
			'an event whose lease keeps expiring goes dead after max attempts (a poison event cannot loop forever)',
			async () => {
				await store.appendEvent({ key: 'poison', source: 'shopify', payload: {} }, NOW);
				let t = NOW;
				for (let attempt = 1; attempt <= 3; attempt++) {
					const [e] = await store.claimBatch({ ...claimOpts('w', t), maxAttempts: 3 });
					expect(e.attempts).toBe(attempt);
					t = plus(t, 61);
				}
				expect(await store.claimBatch({ ...claimOpts('w', t), maxAttempts: 3 })).toEqual([]);
				const [dead] = await store.listEvents({ status: ['dead'] });
				expect(dead.key).toBe('poison');
				expect(dead.lastError).toMatch(/lease expired/);
			},
		);

		it_(
			'fail: exponential back-off with jitter, dead after N attempts, replay brings it back with who/when',
			async () => {
				const { event } = await store.appendEvent({ key: 'flaky', source: 'ups', orderKey: '77', payload: {} }, NOW);
				const fails = [];
				let t = NOW;
				for (let attempt = 1; attempt <= 3; attempt++) {
					const [claimed] = await store.claimBatch(claimOpts('w', t));
					expect(claimed.id).toBe(event.id);
					const res = await store.fail(
						{ id: claimed.id, leaseToken: claimed.leaseToken! },
						{
							error: `boom ${attempt}`,
							maxAttempts: 3,
							baseDelaySeconds: 60,
							maxDelaySeconds: 3600,
							now: t,
							random: () => 0.5,
						},
					);
					fails.push(res);
					if (res.outcome === 'retry_scheduled') {
						// equal jitter: delay in [ceiling/2, ceiling], ceiling = 60 * 2^(attempt-1); random 0.5 -> 0.75 * ceiling
						const expected = 0.75 * 60 * 2 ** (attempt - 1);
						expect(res.event!.nextAttemptAt).toBe(plus(t, expected));
						expect(await store.claimBatch(claimOpts('w', plus(t, expected - 1)))).toEqual([]);
						t = plus(t, expected);
					}
				}
				expect(fails.map((f) => f.outcome)).toEqual(['retry_scheduled', 'retry_scheduled', 'dead']);
				expect(fails[2].event).toMatchObject({ status: 'dead', attempts: 3, lastError: 'boom 3' });
				expect(await store.claimBatch(claimOpts('w', plus(t, 10 * 86400)))).toEqual([]);

				const [replayed] = await store.replay([event.id], 'ops@example.com', plus(t, 100));
				expect(replayed.outcome).toBe('replayed');
				expect(replayed.event).toMatchObject({
					status: 'pending',
					attempts: 0,
					replayedBy: 'ops@example.com',
					replayedAt: plus(t, 100),
				});
				const [again] = await store.claimBatch(claimOpts('w', plus(t, 100)));
				expect(again.id).toBe(event.id);
				const notDead = await store.replay([event.id], 'ops', plus(t, 101));
				expect(notDead[0].outcome).toBe('not_dead');
			},
		);

		it_(
			'list events: any of the statuses, AND source, AND order key, oldest first, limited; bad filters are ' +
				'refused naming the field',
			async () => {
				const odd = `it's \\ "odd"`;
				const seed = [
					{ key: 'le-a', source: 'shopify', orderKey: '1001' },
					{ key: 'le-b', source: 'shipstation', orderKey: '1001' },
					{ key: 'le-c', source: 'shopify', orderKey: '1002' },
					{ key: 'le-d', source: 'ups', orderKey: null },
					{ key: 'le-e', source: odd, orderKey: '1003' },
				];
				for (const [i, e] of seed.entries()) await store.appendEvent({ ...e, payload: { i } }, plus(NOW, i));
				const claimed = new Map((await store.claimBatch(claimOpts('w', plus(NOW, 10)))).map((e) => [e.key, e]));
				const ref = (key: string) => ({ id: claimed.get(key)!.id, leaseToken: claimed.get(key)!.leaseToken! });
				const failWith = (key: string, maxAttempts: number) =>
					store.fail(ref(key), {
						error: `${key} broke`,
						maxAttempts,
						baseDelaySeconds: 60,
						maxDelaySeconds: 600,
						now: plus(NOW, 11),
					});
				expect((await failWith('le-a', 1)).outcome).toBe('dead');
				expect((await failWith('le-b', 1)).outcome).toBe('dead');
				expect((await failWith('le-c', 3)).outcome).toBe('retry_scheduled');
				expect((await failWith('le-e', 1)).outcome).toBe('dead');
				await store.ack([ref('le-d')], plus(NOW, 12));

				const keys = async (filter: Parameters<LedgerStore['listEvents']>[0]) =>
					(await store.listEvents(filter)).map((e) => e.key);
				const dead = await store.listEvents({ status: ['dead'] });
				expect(dead.map((e) => e.key)).toEqual(['le-a', 'le-b', 'le-e']);
				expect(dead[0]).toMatchObject({
					status: 'dead',
					attempts: 1,
					lastError: 'le-a broke',
					source: 'shopify',
					orderKey: '1001',
					payload: { i: 0 },
				});
				expect(await keys({ status: ['dead'], source: 'shopify' })).toEqual(['le-a']);
				expect(await keys({ status: ['dead'], source: 'shipstation', orderKey: '1001' })).toEqual(['le-b']);
				expect(await keys({ status: ['dead'], orderKey: '1002' })).toEqual([]);
				expect(await keys({ status: ['dead', 'failed'] })).toEqual(['le-a', 'le-b', 'le-c', 'le-e']);
				expect(await keys({ status: ['dead'], limit: 2 })).toEqual(['le-a', 'le-b']);
				// Added (issue 17): the newest first, the limit keeping the newest (the status page's scans).
				expect(await keys({ status: ['dead'], limit: 2, newestFirst: true })).toEqual(['le-e', 'le-b']);
				await expect(store.listEvents({ newestFirst: 'yes' as never })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^newestFirst: must be true or false/),
				});
				expect(await keys({ source: 'ups' })).toEqual(['le-d']);
				expect(await keys({ source: odd })).toEqual(['le-e']);
				expect(await keys({ source: 'shop' })).toEqual([]); // exact match, not a prefix
				expect(await keys({ status: [], source: '', orderKey: '' })).toEqual(seed.map((e) => e.key));

				await expect(store.listEvents({ status: ['deadd' as never] })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(
						/^status: unknown event status "deadd"; use pending, processing, done, failed, dead/,
					),
				});
				await expect(store.listEvents({ limit: 0 })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^limit:/),
				});
				await expect(store.listEvents({ source: 'a\u0000b' })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^source:/),
				});
				await expect(store.listEvents({ orderKey: 1001 as never })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^orderKey: must be text/),
				});
			},
		);

		it_(
			'list events received since an instant (issue 17): at or after it, with the other filters; a bad instant is ' +
				'refused naming the field',
			async () => {
				const seed: Array<[string, string, number]> = [
					['rs-old', 'customer', -7200],
					['rs-hour', 'customer', -3600],
					['rs-shop', 'shopify', -1],
					['rs-edge', 'customer', 0],
					['rs-new', 'customer', 1],
				];
				for (const [key, source, offset] of seed)
					await store.appendEvent(
						{ key, source, orderKey: '1001', payload: { key }, receivedAt: plus(NOW, offset) },
						plus(NOW, 5),
					);
				const keys = async (filter: Parameters<LedgerStore['listEvents']>[0]) =>
					(await store.listEvents(filter)).map((e) => e.key);
				expect(await keys({ receivedSince: NOW })).toEqual(['rs-edge', 'rs-new']);
				expect(await keys({ receivedSince: plus(NOW, -3600) })).toEqual(['rs-hour', 'rs-shop', 'rs-edge', 'rs-new']);
				expect(await keys({ receivedSince: plus(NOW, -3600), source: 'customer' })).toEqual([
					'rs-hour',
					'rs-edge',
					'rs-new',
				]);
				expect(
					await keys({ receivedSince: plus(NOW, -3600), source: 'customer', newestFirst: true, limit: 2 }),
				).toEqual(['rs-new', 'rs-edge']);
				// The same instant written with another offset; later than everything; no filter when empty.
				const offsetForm = new Date(Date.parse(NOW) + 2 * 3600_000).toISOString().replace('Z', '+02:00');
				expect(await keys({ receivedSince: offsetForm, source: 'customer' })).toEqual(['rs-edge', 'rs-new']);
				expect(await keys({ receivedSince: plus(NOW, 2) })).toEqual([]);
				expect(await keys({ receivedSince: '' })).toEqual(seed.map(([key]) => key));
				expect((await store.listEvents({ receivedSince: NOW }))[0]).toMatchObject({
					key: 'rs-edge',
					receivedAt: NOW,
					source: 'customer',
				});
				await expect(store.listEvents({ receivedSince: 'last week' })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^receivedSince: must be an ISO 8601 date-time such as 2026-03-01T00:00:00Z/),
				});
				await expect(store.listEvents({ receivedSince: 1760000000 as never })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^receivedSince: must be an ISO 8601 date-time/),
				});
			},
		);

		it_(
			'jitter spreads retries: different random draws give different next attempt times within the window',
			async () => {
				const times: number[] = [];
				for (const r of [0, 0.99]) {
					const { event } = await store.appendEvent({ key: `j-${r}`, source: 'ups', payload: {} }, NOW);
					const claimed = (await store.claimBatch(claimOpts('w'))).find((e) => e.id === event.id)!;
					const res = await store.fail(
						{ id: claimed.id, leaseToken: claimed.leaseToken! },
						{ error: 'x', maxAttempts: 5, baseDelaySeconds: 100, maxDelaySeconds: 1000, now: NOW, random: () => r },
					);
					times.push((Date.parse(res.event!.nextAttemptAt!) - Date.parse(NOW)) / 1000);
				}
				expect(times[0]).toBe(50);
				expect(times[1]).toBeCloseTo(99.5, 0);
			},
		);

		/* ---------- concurrency ---------- */

		// Airtable cannot compare-and-set, so exclusive claims under
		// concurrency are PostgreSQL/embedded only (docs/airtable.md).
		(options.exclusiveClaims === false ? it.skip : it_)(
			'4 concurrent claimers over 10,000 events: each processed exactly once',
			async () => {
				const total = 10_000;
				const events = Array.from({ length: total }, (_, i) => ({
					key: `load-${i}`,
					source: 'shopify',
					orderKey: String(i % 97),
					payload: { i },
				}));
				for (let i = 0; i < total; i += 500) {
					const res = await store.appendEvents(events.slice(i, i + 500), NOW);
					expect(res.every((r) => !(r instanceof Error) && r.status === 'new')).toBe(true);
				}
				const processed: string[] = [];
				// Which worker holds each order now: an order is never in two workers' hands at once. Released
				// before the ack, so the ledger still shows the lease until the map is clear.
				const holder = new Map<string, string>();
				const overlaps: string[] = [];
				const worker = async (name: string) => {
					const own = await handle!.open();
					try {
						for (;;) {
							const batch: LedgerEvent[] = await own.claimBatch(claimOpts(name, NOW, 100));
							if (batch.length === 0) return;
							for (const e of batch) processed.push(e.id);
							const orders = new Set(batch.map((e) => e.orderKey!));
							for (const o of orders) {
								const other = holder.get(o);
								if (other && other !== name) overlaps.push(`${o}: ${other} and ${name}`);
								holder.set(o, name);
							}
							// The work on the batch: the other workers' claims go on meanwhile.
							await new Promise((resolve) => setTimeout(resolve, 2));
							for (const o of orders) holder.delete(o);
							const acks = await own.ack(
								batch.map((e) => ({ id: e.id, leaseToken: e.leaseToken! })),
								NOW,
							);
							expect(acks.every((a) => a.outcome === 'acked')).toBe(true);
						}
					} finally {
						await own.close();
					}
				};
				await Promise.all(['w1', 'w2', 'w3', 'w4'].map(worker));
				expect(overlaps).toEqual([]);
				expect(processed).toHaveLength(total);
				expect(new Set(processed).size).toBe(total);
				const done = await store.listEvents({ status: ['done'], limit: total + 1 });
				expect(done).toHaveLength(total);
				expect(done.every((e) => e.attempts === 1)).toBe(true);
			},
			600_000,
		);

		/* ---------- orders ---------- */

		it_('upsert order: created, unchanged, updated with version bumps; a stale write never regresses', async () => {
			const key = 'A100';
			const shippedRecord = recordFrom([placed(key, 0), shipped(key, 24)], 30);
			const deliveredRecord = recordFrom([placed(key, 0), shipped(key, 24), delivered(key, 60)], 61);
			expect(shippedRecord.stage).not.toBe(deliveredRecord.stage);

			const created = await store.upsertOrder(shippedRecord, at(30));
			expect(created.status).toBe('created');
			expect(created.record.version).toBe(1);
			expect((await store.upsertOrder(shippedRecord, at(31))).status).toBe('unchanged');

			const updated = await store.upsertOrder(deliveredRecord, at(61));
			expect(updated).toMatchObject({ status: 'updated' });
			expect(updated.record.version).toBe(2);
			expect(updated.record.stage).toBe('delivered');

			// The shipped snapshot arrives late (a slow worker): merged, never regressed.
			const stale = await store.upsertOrder(shippedRecord, at(62));
			expect(stale.record.stage).toBe('delivered');
			const stored = await store.getOrder(key);
			expect(stored!.stage).toBe('delivered');
			expect(stored!.version).toBe(stale.status === 'unchanged' ? 2 : 3);
			expect(await store.getOrder('no-such-order')).toBeNull();
		});

		it_(
			'get orders: many in one read, each as getOrder gives it, in the order asked; a missing key is absent, ' +
				'a repeated one read once, an empty list reads nothing',
			async () => {
				await store.upsertOrders(
					[bareRecord('G1', 'placed', at(1)), bareRecord('G2', 'shipped', at(2)), bareRecord('G3', 'delivered', at(3))],
					at(10),
				);
				await store.upsertOrder(bareRecord('G2', 'delivered', at(4)), at(11)); // version 2

				const got = await store.getOrders(['G3', 'missing', 'G1', 'G3', 'g1', 'G2']);
				expect([...got.keys()]).toEqual(['G3', 'G1', 'G2']);
				expect([...got.values()].map((o) => [o.orderKey, o.stage, o.version])).toEqual([
					['G3', 'delivered', 1],
					['G1', 'placed', 1],
					['G2', 'delivered', 2],
				]);
				for (const key of ['G1', 'G2', 'G3']) expect(got.get(key)).toEqual(await store.getOrder(key));

				const fake = handle!.fake;
				const requestsBefore = fake?.requests.length ?? 0;
				expect(await store.getOrders([])).toEqual(new Map());
				expect(await store.getOrders(['missing'])).toEqual(new Map());
				// Past one Airtable request's 50 keys: the stored order in the second request is found too.
				const many = [...Array.from({ length: 52 }, (_, i) => `none-${i}`), 'G2'];
				expect([...(await store.getOrders(many)).keys()]).toEqual(['G2']);
				if (fake) expect(fake.requests.length - requestsBefore).toBe(3); // none, 1, then 2 for 53 keys

				await expect(store.getOrders(['G1', ' '])).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringContaining('order keys[1]'),
				});
				await expect(store.getOrders('G1' as never)).rejects.toMatchObject({ code: 'invalid_input' });
			},
		);

		it_(
			'get orders finds keys with quotes, backslashes, commas, braces, "NULL", blanks and emoji exactly',
			async () => {
				const keys = [
					...HOSTILE_STRINGS,
					'NULL',
					'a,b',
					'{x,"y"}',
					'back\\slash\\',
					' padded ',
					'O\'Brien "Bob"',
					'#1001',
				];
				const written = await store.upsertOrders(
					keys.map((key, i) => bareRecord(key, 'placed', at(i))),
					NOW,
				);
				expect(written.filter((r) => r instanceof Error)).toEqual([]);
				const got = await store.getOrders([...keys, 'null', 'padded', 'a']);
				expect([...got.keys()]).toEqual(keys);
				for (const [key, order] of got) expect(order.orderKey).toBe(key);
			},
		);

		it_('concurrent upserts of the same order lose nothing (optimistic concurrency)', async () => {
			const key = 'RACE1';
			const parts = [
				recordFrom([placed(key, 0)], 1),
				recordFrom([placed(key, 0), shipped(key, 24)], 25),
				recordFrom([placed(key, 0), shipped(key, 24), delivered(key, 60)], 61),
			];
			if (exclusive()) {
				const stores = await Promise.all(parts.map(() => handle!.open()));
				await Promise.all(parts.map((p, i) => stores[i].upsertOrder(p, at(70))));
				await Promise.all(stores.map((s) => s.close()));
			} else {
				for (const p of [...parts].reverse()) await store.upsertOrder(p, at(70));
			}
			const final = await store.getOrder(key);
			expect(final!.stage).toBe('delivered');
			expect(final!.shipments.map((s) => s.trackingNumber)).toContain(`1Z${key}`);
		});

		it_(
			'list orders by stage, exception type and "stuck longer than"; stuck count breaks down by stage and type',
			async () => {
				const now = at(200);
				await store.upsertOrders(
					[
						bareRecord('S1', 'awaiting_fulfillment', at(100)), // 100 h in stage: stuck at 48 h
						bareRecord('S2', 'awaiting_fulfillment', at(190)), // 10 h: not stuck
						bareRecord('S3', 'in_transit', at(150), ['tracking_stalled']), // open exception: stuck
						bareRecord('S4', 'delivered', at(10)), // terminal: never stuck
						bareRecord('S5', 'shipped', at(195)), // has an open ledger case (below): stuck
					],
					now,
				);
				await store.openException(
					{
						id: 'S5:tracking_missing:x',
						orderKey: 'S5',
						type: 'tracking_missing',
						severity: 'high',
						openedAt: at(196),
					},
					now,
				);

				const byStage = await store.listOrders({ stages: ['awaiting_fulfillment'], now });
				expect(byStage.map((o) => o.orderKey)).toEqual(['S1', 'S2']);
				const byType = await store.listOrders({ exceptionType: 'tracking_missing', now });
				expect(byType.map((o) => o.orderKey)).toEqual(['S5']);
				const stuck = await store.listOrders({ stuckForSeconds: 48 * 3600, now });
				expect(stuck.map((o) => o.orderKey).sort()).toEqual(['S1', 'S3', 'S5']);

				const count = await store.stuckCount({ now, olderThanSeconds: 48 * 3600 });
				expect(count.total).toBe(3);
				expect(count.byStage).toEqual({ awaiting_fulfillment: 1, in_transit: 1, shipped: 1 });
				expect(count.byExceptionType).toEqual({ tracking_stalled: 1, tracking_missing: 1 });
				// Same data, a later "now": S2 has been waiting long enough too.
				expect((await store.stuckCount({ now: at(300), olderThanSeconds: 48 * 3600 })).total).toBe(4);
			},
		);

		/* ---------- exceptions ---------- */

		it_(
			'exception cases: open once, acknowledge with owner, resolve once, Slack ref first-writer-wins, durations ' +
				'derived',
			async () => {
				const id = 'B200:delivery_late:2026-03-06T14:00:00.000Z';
				const opened = await store.openException(
					{
						id,
						orderKey: 'B200',
						type: 'delivery_late',
						severity: 'medium',
						openedAt: at(96),
						evidence: { promisedBy: at(90) },
					},
					at(96),
				);
				expect(opened.status).toBe('opened');
				expect(opened.exception).toMatchObject({
					id,
					orderKey: 'B200',
					openedAt: at(96),
					ackedAt: null,
					resolvedAt: null,
					slack: null,
					evidence: { promisedBy: at(90) },
				});
				expect(
					(await store.openException({ id, orderKey: 'B200', type: 'delivery_late', severity: 'medium' }, at(97)))
						.status,
				).toBe('existing');

				const acked = await store.acknowledgeException(id, 'dana', at(98));
				expect(acked).toMatchObject({ ackedAt: at(98), owner: 'dana', secondsToAcknowledge: 2 * 3600 });

				const ref = await store.setExceptionMessageRef(
					id,
					{
						channel: 'C0123',
						ts: '1700000000.000100',
						permalink: 'https://example.slack.com/archives/C0123/p1700000000000100',
					},
					at(98),
				);
				expect(ref.slack).toEqual({
					channel: 'C0123',
					ts: '1700000000.000100',
					permalink: 'https://example.slack.com/archives/C0123/p1700000000000100',
				});
				const second = await store.setExceptionMessageRef(id, { channel: 'C0123', ts: '1700000999.000200' }, at(99));
				expect(second.slack!.ts).toBe('1700000000.000100');
				expect((await store.getException(id, at(99)))!.slack!.ts).toBe('1700000000.000100');
				// the post was deleted in Slack: swap the ref only while the stored one is the one we saw
				const stale = await store.replaceExceptionMessageRef(
					id,
					'1600000000.000000',
					{ channel: 'C0123', ts: '1700000555.000300' },
					at(99),
				);
				expect(stale.slack!.ts).toBe('1700000000.000100');
				const swapped = await store.replaceExceptionMessageRef(
					id,
					'1700000000.000100',
					{ channel: 'C0123', ts: '1700000555.000300' },
					at(99),
				);
				expect(swapped.slack).toEqual({ channel: 'C0123', ts: '1700000555.000300', permalink: null });
				const raced = await store.replaceExceptionMessageRef(
					id,
					'1700000000.000100',
					{ channel: 'C0123', ts: '1700000777.000400' },
					at(99),
				);
				expect(raced.slack!.ts).toBe('1700000555.000300');

				const resolved = await store.resolveException(id, 'carrier delivered, customer informed', at(104));
				expect(resolved).toMatchObject({
					resolvedAt: at(104),
					resolution: 'carrier delivered, customer informed',
					secondsToResolve: 8 * 3600,
					ageSeconds: null,
				});
				const again = await store.resolveException(id, 'other text', at(110));
				expect(again).toMatchObject({ resolvedAt: at(104), resolution: 'carrier delivered, customer informed' });

				expect(await store.listExceptions({ state: 'open', now: at(110) })).toEqual([]);
				expect((await store.listExceptions({ state: 'resolved', now: at(110) })).map((c) => c.id)).toEqual([id]);
				await expect(store.acknowledgeException('nope', null, at(110))).rejects.toMatchObject({ code: 'not_found' });
			},
		);

		it_(
			'exception report: counts by type, week-over-week trend, median and p90 time to resolve, open cases with age',
			async () => {
				const now = at(24 * 21); // three weeks after T0
				const day = (d: number) => at(24 * d);
				// Week 1 (days 0-7): 2 opened; week 2: 3 opened; week 3: 1 opened (still open).
				const cases: Array<[string, 'delivery_late' | 'tracking_stalled', number, number | null]> = [
					['r1', 'delivery_late', 0.5, 1], // 12 h
					['r2', 'tracking_stalled', 1, 3], // 48 h
					['r3', 'delivery_late', 8, 8.25], // 6 h
					['r4', 'delivery_late', 9, 10], // 24 h
					['r5', 'tracking_stalled', 10, 15], // 120 h
					['r6', 'tracking_stalled', 16, null],
				];
				for (const [id, type, openedDay, resolvedDay] of cases) {
					await store.openException(
						{ id, orderKey: `R-${id}`, type, severity: 'low', openedAt: day(openedDay) },
						day(openedDay),
					);
					if (resolvedDay !== null) await store.resolveException(id, 'done', day(resolvedDay));
				}
				const report = await store.exceptionReport({ now, weeks: 3 });
				expect(report.countsByType).toEqual({ delivery_late: 3, tracking_stalled: 3 });
				expect(report.trend.map((w) => w.opened)).toEqual([2, 3, 1]);
				expect(report.trend.map((w) => w.openedChangePct)).toEqual([null, 50, -66.7]);
				expect(report.trend[1].openedByType).toEqual({ delivery_late: 2, tracking_stalled: 1 });
				expect(report.trend.map((w) => w.resolved)).toEqual([2, 2, 1]);
				// Resolve times (h): 6, 12, 24, 48, 120 -> median 24 h, p90 (nearest rank) 120 h.
				expect(report.timeToResolveSeconds).toEqual({ count: 5, median: 24 * 3600, p90: 120 * 3600 });
				expect(report.openCases).toEqual([
					expect.objectContaining({ id: 'r6', ageSeconds: 5 * 24 * 3600, acknowledged: false }),
				]);
			},
			120_000,
		);

		it_(
			'self-service report (issue 17): the customer events received in the window, each request once by its ' +
				'newest outcome, per week',
			async () => {
				const now = at(24 * 21);
				const day = (d: number) => at(24 * d);
				const request = (id: string, askedDay: number, whenDay: number, outcome: string, extra = {}) => ({
					source: 'customer',
					sourceId: id,
					orderKey: `S-${id}`,
					kind: 'edit_request',
					occurredAt: day(whenDay),
					receivedAt: day(whenDay),
					key: `customer:${id}:${outcome}`,
					data: {
						field: 'shipping_address',
						requestedAt: day(askedDay),
						applied: outcome === 'applied' || outcome === 'approved',
						requestId: id,
						outcome,
						decidedAt: day(whenDay),
						...extra,
					},
				});
				const append = (o: ReturnType<typeof request>, source = 'customer') =>
					store.appendEvent(
						{
							key: o.key,
							source,
							topic: 'self_service/address_change',
							orderKey: o.orderKey,
							payload: { observations: [o] },
							receivedAt: o.receivedAt,
						},
						o.receivedAt,
					);
				await append(request('r0', -2, -2, 'applied')); // received before the window: not read
				await append(request('r1', 1, 1, 'approval', { reasons: ['country_change'] }));
				await append(request('r1', 1, 2, 'approved', { decidedBy: 'U024BE7LH' }));
				await append(request('r2', 8, 8, 'applied', { decidedBy: 'self_service', beforeShipping: true }));
				await append(request('r3', 15, 15, 'refused', { reasons: ['address_invalid'] }));
				await append(request('r4', 16, 16, 'applied'), 'shopify'); // not a customer event: not read

				const report = await store.selfServiceReport({ now, weeks: 3 });
				expect(report).toMatchObject({ now, weeks: 3, windowStart: day(0), invalidObservations: 0 });
				expect(report.total).toMatchObject({
					requests: 3,
					decided: 3,
					byOutcome: { approved: 1, applied: 1, refused: 1 },
					byKind: { shipping_address: 3 },
					selfService: 1,
					selfServicePct: 33.3,
					addressFixesBeforeShipping: 1,
				});
				// Times to an outcome: 0 (applied), 0 (refused), 1 day (approved): median 0, p90 1 day.
				expect(report.total.timeToOutcomeMs).toEqual({ count: 3, median: 0, p90: 24 * 3600_000 });
				expect(report.trend.map((w) => w.requests)).toEqual([1, 1, 1]);
				expect(report.trend.map((w) => w.byOutcome)).toEqual([{ approved: 1 }, { applied: 1 }, { refused: 1 }]);
				await expect(store.selfServiceReport({ now: 'today', weeks: 3 })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^now:/),
				});
				await expect(store.selfServiceReport({ now, weeks: 0 })).rejects.toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^weeks:/),
				});
			},
		);

		/* ---------- timeline ---------- */

		it_('timeline: engine lines from stored observations (linked to their events) plus ledger-only lines', async () => {
			const key = 'T300';
			const observations = [placed(key, 0), shipped(key, 24), delivered(key, 60)];
			for (const o of observations)
				await store.appendEvent({ key: o.key, source: o.source, topic: o.kind, orderKey: key, payload: o }, at(61));
			await store.appendEvent(
				{
					key: 'raw-delivery-1',
					source: 'shopify',
					topic: 'orders/edited',
					orderKey: key,
					payload: { not: 'an observation' },
				},
				at(62),
			);
			await store.upsertOrder(recordFrom(observations, 61), at(61));
			await store.openException(
				{
					id: `${key}:notification_late:x`,
					orderKey: key,
					type: 'notification_late',
					severity: 'low',
					openedAt: at(63),
				},
				at(63),
			);
			await store.acknowledgeException(`${key}:notification_late:x`, 'sam', at(64));

			const lines = await store.getTimeline(key);
			const kinds = lines.map((l) => l.kind);
			expect(kinds).toEqual(
				expect.arrayContaining(['order', 'shipment', 'orders/edited', 'exception_opened', 'exception_acknowledged']),
			);
			const shipment = lines.find((l) => l.kind === 'shipment')!;
			expect(shipment.eventId).toBeDefined();
			expect(shipment.at).toBe(at(24));
			const sorted = [...lines].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
			expect(lines.map((l) => l.at)).toEqual(sorted.map((l) => l.at));
		});

		/* ---------- parcels: a carrier push finds its order (issue 12) ---------- */

		it_(
			"finds the orders of tracking numbers in any spelling, a batch at once, from the records' shipments",
			async () => {
				await store.upsertOrder(recordFrom([placed('P1', 0), shipped('P1', 24, '1z 999-aa1 0123456784')], 25), at(25));
				await store.upsertOrder(recordFrom([placed('P2', 0), shipped('P2', 24, '9400111899561234587128')], 25), at(25));
				const found = await store.findParcelOrders([
					'1Z999AA10123456784',
					'9400 1118 9956 1234 5871 28',
					'NOBODY-KNOWS-ME',
					'',
					'  ',
				]);
				expect(Object.fromEntries(found)).toEqual({
					'1Z999AA10123456784': { orderKeys: ['P1'], origin: 'record' },
					'9400111899561234587128': { orderKeys: ['P2'], origin: 'record' },
				});
				expect((await store.findParcelOrders([])).size).toBe(0);
			},
		);

		it_(
			'without a record, a stored event that named the order and the parcel is the answer; a record that has the ' +
				'parcel wins over it',
			async () => {
				// A Shopify fulfillment webhook stored before any Order State run: the order is known only from it.
				const fulfillment = shipped('E1', 24, '1ZEVENTONLY0001');
				await store.appendEvent(
					{
						key: 'shopify:ful-1',
						source: 'shopify',
						topic: 'fulfillments/create',
						orderKey: 'E1',
						payload: { topic: 'fulfillments/create', observations: [fulfillment] },
					},
					at(24),
				);
				expect(Object.fromEntries(await store.findParcelOrders(['1zeventonly0001']))).toEqual({
					'1ZEVENTONLY0001': { orderKeys: ['E1'], origin: 'event' },
				});
				// Later the number turns out to be another order's (the warehouse relabelled): the record decides.
				await store.upsertOrder(recordFrom([placed('E2', 0), shipped('E2', 25, '1ZEVENTONLY0001')], 26), at(26));
				expect(Object.fromEntries(await store.findParcelOrders(['1ZEVENTONLY0001']))).toEqual({
					'1ZEVENTONLY0001': { orderKeys: ['E2'], origin: 'record' },
				});
			},
		);

		it_(
			'append: a push for a known parcel is stored under its order, the observations it carries name that order',
			async () => {
				await store.upsertOrder(recordFrom([placed('K1', 0), shipped('K1', 24, '1ZA8V2690348150728')], 25), at(25));
				const item = upsPushItem('1ZA8V2690348150728', 30);
				expect(item.orderKey).toBe('');
				const res = await store.appendEvent(pushEvent(item), at(30));
				expect(res.status).toBe('new');
				expect(res.parcel).toEqual({
					matched: true,
					orderKey: 'K1',
					trackingNumbers: ['1ZA8V2690348150728'],
					matchedBy: 'record',
				});
				expect(res.event.orderKey).toBe('K1');
				const payload = res.event.payload as typeof item;
				expect(payload.orderKey).toBe('K1');
				expect(payload.observations.map((o) => o.orderKey)).toEqual(['K1']);
				expect(payload.observation.orderKey).toBe('K1');
				// Nothing else of the push changed.
				expect({ ...payload, orderKey: '', observations: [], observation: null }).toEqual({
					...item,
					orderKey: '',
					observations: [],
					observation: null,
				});
				expect((await store.listEvents({ orderKey: 'K1' })).map((e) => e.key)).toEqual([item.key]);
				// Claimed as any event of that order: no second matching, no parcel verdict needed.
				const [claimed] = await store.claimBatch(claimOpts('w', at(31)));
				expect(claimed).toMatchObject({ key: item.key, orderKey: 'K1' });
				expect(claimed.parcel).toBeUndefined();
			},
		);

		it_(
			'append: a push for an unknown parcel is stored without an order (nothing lost) and says matched: false ' +
				'with the number; a repeat stays one row',
			async () => {
				const item = upsPushItem('1Z 0000 UNKNOWN 01', 30);
				const res = await store.appendEvent(pushEvent(item), at(30));
				expect(res.status).toBe('new');
				expect(res.parcel).toMatchObject({
					matched: false,
					orderKey: null,
					trackingNumbers: ['1Z0000UNKNOWN01'],
					reason: 'unknown',
					candidates: [],
				});
				expect(res.parcel && !res.parcel.matched && res.parcel.message).toMatch(
					/Tracking number 1Z0000UNKNOWN01 matched no order.*Replay/,
				);
				expect(res.event.orderKey).toBeNull();
				expect(res.event.payload).toEqual(item);
				const again = await store.appendEvents([pushEvent(item)], at(31));
				expect(again[0]).toMatchObject({ status: 'duplicate', parcel: { matched: false } });
				expect(await store.listEvents({})).toHaveLength(1);
			},
		);

		it_(
			'claim: a push matched to its order at claim waits while another claim holds that order (one order at a time)',
			async () => {
				const item = upsPushItem('1ZBUSYORDER00001', 30);
				expect((await store.appendEvent(pushEvent(item), at(30))).event.orderKey).toBeNull();
				await store.upsertOrder(recordFrom([placed('M1', 0), shipped('M1', 29, '1ZBUSYORDER00001')], 31), at(31));
				// The order's own event is due first: worker A takes it (and with it, the order).
				await store.appendEvent({ key: 'm1-shopify', source: 'shopify', orderKey: 'M1', payload: {} }, at(29));
				const a = await store.claimBatch(claimOpts('worker-a', at(32), 1));
				expect(a.map((e) => e.key)).toEqual(['m1-shopify']);
				// Worker B's claim matches the push to M1, which A holds: handed back, not claimed.
				expect(await store.claimBatch(claimOpts('worker-b', at(32), 10))).toEqual([]);
				await store.ack([{ id: a[0].id, leaseToken: a[0].leaseToken! }], at(33));
				const b = await store.claimBatch(claimOpts('worker-b', at(34), 10));
				expect(b.map((e) => [e.key, e.orderKey, e.attempts])).toEqual([[item.key, 'M1', 1]]);
			},
		);

		it_(
			'claim: a parcel stored without an order is matched again once its order is known; until then it says ' +
				'which number and what to do',
			async () => {
				const item = upsPushItem('1ZLATEORDER0001', 30);
				await store.appendEvent(pushEvent(item), at(30));
				const other = upsPushItem('1ZNEVERKNOWN0001', 30);
				await store.appendEvent(pushEvent(other), at(30));

				const first = await store.claimBatch(claimOpts('w1', at(31)));
				expect(first.map((e) => [e.key, e.orderKey, e.parcel?.matched])).toEqual([
					[item.key, null, false],
					[other.key, null, false],
				]);
				const verdict = first[0].parcel!;
				expect(!verdict.matched && verdict.message).toMatch(/1ZLATEORDER0001 matched no order/);
				for (const e of first)
					await store.fail(
						{ id: e.id, leaseToken: e.leaseToken! },
						{
							error: 'names no order',
							maxAttempts: 3,
							baseDelaySeconds: 60,
							maxDelaySeconds: 60,
							now: at(31),
							random: () => 0,
						},
					);

				// The Shopify fulfillment arrives and Order State stores the order with the parcel.
				await store.upsertOrder(recordFrom([placed('L1', 0), shipped('L1', 29, '1ZLATEORDER0001')], 32), at(32));
				const second = await store.claimBatch(claimOpts('w2', at(33)));
				const late = second.find((e) => e.key === item.key)!;
				expect(late.orderKey).toBe('L1');
				expect(late.parcel).toEqual({
					matched: true,
					orderKey: 'L1',
					trackingNumbers: ['1ZLATEORDER0001'],
					matchedBy: 'record',
				});
				expect((late.payload as typeof item).observations[0].orderKey).toBe('L1');
				const never = second.find((e) => e.key === other.key)!;
				expect(never.orderKey).toBeNull();
				expect(never.parcel).toMatchObject({ matched: false, trackingNumbers: ['1ZNEVERKNOWN0001'] });
				// Stored too: the order's events list it, and the lease is the claim's.
				expect((await store.listEvents({ orderKey: 'L1' })).map((e) => e.key)).toEqual([item.key]);
				expect((await store.ack([{ id: late.id, leaseToken: late.leaseToken! }], at(34)))[0].outcome).toBe('acked');
			},
		);

		it_('a parcel two orders claim is not guessed: matched: false naming both orders', async () => {
			await store.upsertOrder(recordFrom([placed('D1', 0), shipped('D1', 24, '1ZSHARED0000001')], 25), at(25));
			await store.upsertOrder(recordFrom([placed('D2', 0), shipped('D2', 24, '1ZSHARED0000001')], 25), at(25));
			const res = await store.appendEvent(pushEvent(upsPushItem('1ZSHARED0000001', 30)), at(30));
			expect(res.parcel).toMatchObject({ matched: false, reason: 'ambiguous', candidates: ['D1', 'D2'] });
			expect(res.parcel && !res.parcel.matched && res.parcel.message).toMatch(/belongs to several orders \(D1, D2\)/);
			expect(res.event.orderKey).toBeNull();
		});

		it_('events that name their order are never re-matched, even when their observations carry a parcel', async () => {
			await store.upsertOrder(recordFrom([placed('R1', 0), shipped('R1', 24, '1ZREAD00000001')], 25), at(25));
			const read = delivered('R9', 40, '1ZREAD00000001');
			const res = await store.appendEvent(
				{ key: 'read-1', source: 'ups', topic: 'tracking', orderKey: 'R9', payload: { observations: [read] } },
				at(40),
			);
			expect(res.parcel).toBeUndefined();
			expect(res.event.orderKey).toBe('R9');
			expect(res.event.payload).toEqual({ observations: [read] });
		});

		/* ---------- bad input ---------- */

		it_(
			'hostile strings are stored and read back verbatim (events, orders, cases)',
			async () => {
				const bigNote = 'x'.repeat(1024 * 1024);
				const payload = {
					strings: HOSTILE_STRINGS,
					[HOSTILE_STRINGS[0]]: HOSTILE_STRINGS[1],
					...(handle!.name === 'airtable' ? {} : { note: bigNote }),
				};
				const { event } = await store.appendEvent(
					{
						key: HOSTILE_STRINGS[0],
						source: 'manual',
						topic: HOSTILE_STRINGS[3],
						orderKey: HOSTILE_STRINGS[1],
						payload,
					},
					NOW,
				);
				const back = await store.getEvent(event.id);
				expect(back!.payload).toEqual(payload);
				expect(back!.key).toBe(HOSTILE_STRINGS[0]);
				expect(back!.orderKey).toBe(HOSTILE_STRINGS[1]);
				expect(back!.topic).toBe(HOSTILE_STRINGS[3]);
				expect((await store.appendEvent({ key: HOSTILE_STRINGS[0], source: 'manual', payload }, NOW)).status).toBe(
					'duplicate',
				);

				const record = {
					...bareRecord(HOSTILE_STRINGS[2], 'placed', NOW),
					customer: { name: HOSTILE_STRINGS[3], email: HOSTILE_STRINGS[4] },
				};
				await store.upsertOrder(record, NOW);
				const order = await store.getOrder(HOSTILE_STRINGS[2]);
				expect(order!.customer).toEqual(record.customer);

				const caseId = HOSTILE_STRINGS[5];
				await store.openException(
					{
						id: caseId,
						orderKey: HOSTILE_STRINGS[2],
						type: 'address_invalid',
						severity: 'high',
						evidence: { note: HOSTILE_STRINGS[6] },
					},
					NOW,
				);
				const resolution =
					handle!.name === 'airtable' ? HOSTILE_STRINGS.join(' | ') : `${HOSTILE_STRINGS.join(' | ')} ${bigNote}`;
				await store.resolveException(caseId, resolution, NOW);
				const c = await store.getException(caseId, NOW);
				expect(c!.evidence).toEqual({ note: HOSTILE_STRINGS[6] });
				expect(c!.resolution).toBe(resolution);
			},
			120_000,
		);

		it_(
			'one hostile item (nested 20,000 levels deep) fails alone with a clear error; its neighbours are stored',
			async () => {
				let deep: unknown = 1;
				for (let i = 0; i < 20_000; i++) deep = [deep];
				const res = await store.appendEvents(
					[
						{ key: 'left', source: 'manual', payload: { ok: 1 } },
						{ key: 'deep', source: 'manual', payload: deep },
						{ key: 'right', source: 'manual', payload: { ok: 2 } },
					],
					NOW,
				);
				expect((res[0] as { status: string }).status).toBe('new');
				expect((res[2] as { status: string }).status).toBe('new');
				expect(res[1]).toMatchObject({
					code: 'invalid_input',
					message: expect.stringMatching(/^payload(\[0\])+: is nested more than 1000 levels deep/),
				});
				expect((await store.listEvents({})).map((e) => e.key).sort()).toEqual(['left', 'right']);
			},
		);

		/* ---------- attempts (issue 17) ---------- */

		const attempt = (subject: string, now: string, limit = 3, windowSeconds = 600) => ({
			subject,
			windowSeconds,
			limit,
			now,
		});
		// NOW is on a 10-minute boundary, so the 600 s window below starts at NOW.
		const WINDOW_END = plus(NOW, 600);

		it_('attempts: counted within a window; the attempt that reaches the limit is still allowed', async () => {
			const counted = [];
			for (const offset of [0, 1, 599.999])
				counted.push(await store.countAttempt(attempt('lookup:ip:a1', plus(NOW, offset))));
			expect(counted).toEqual([1, 2, 3].map((count) => ({ allowed: true, count, limit: 3, retryAfterSeconds: 0 })));
		});

		it_('attempts: past the limit refused, told the seconds left in the window (rounded up)', async () => {
			for (let i = 0; i < 2; i++) await store.countAttempt(attempt('lookup:email:b2', plus(NOW, 10), 2));
			expect(await store.countAttempt(attempt('lookup:email:b2', plus(NOW, 150.5), 2))).toEqual({
				allowed: false,
				count: 3,
				limit: 2,
				retryAfterSeconds: 450,
			});
			// Refused attempts count too: a client that keeps trying stays refused until the window ends.
			expect(await store.countAttempt(attempt('lookup:email:b2', plus(NOW, 599.001), 2))).toEqual({
				allowed: false,
				count: 4,
				limit: 2,
				retryAfterSeconds: 1,
			});
		});

		it_('attempts: the next window starts again at 1, and so does one after a gap', async () => {
			for (let i = 0; i < 4; i++) await store.countAttempt(attempt('lookup:ip:c3', plus(NOW, i), 2));
			expect(await store.countAttempt(attempt('lookup:ip:c3', WINDOW_END, 2))).toEqual({
				allowed: true,
				count: 1,
				limit: 2,
				retryAfterSeconds: 0,
			});
			expect((await store.countAttempt(attempt('lookup:ip:c3', plus(WINDOW_END, 599), 2))).count).toBe(2);
			expect((await store.countAttempt(attempt('lookup:ip:c3', plus(NOW, 5 * 3600 + 7), 2))).count).toBe(1);
		});

		it_('attempts: subjects are counted apart, whatever they share with each other', async () => {
			const subjects = ['lookup:ip:d4', 'lookup:ip:D4', 'lookup:ip:d4 ', "lookup:email:o'brien\\x"];
			const counts: Record<string, number[]> = {};
			for (let round = 0; round < 2; round++)
				for (const subject of subjects)
					(counts[subject] ??= []).push((await store.countAttempt(attempt(subject, plus(NOW, round)))).count);
			expect(Object.values(counts)).toEqual(subjects.map(() => [1, 2]));
		});

		it_('attempts: bad options get an error naming the field, and nothing is counted', async () => {
			const good = attempt('lookup:ip:e5', NOW);
			const cases: Array<[Record<string, unknown>, string]> = [
				[{ subject: '' }, 'subject'],
				[{ subject: 'x'.repeat(201) }, 'subject'],
				[{ subject: 'a\tb' }, 'subject'],
				[{ windowSeconds: 0 }, 'windowSeconds'],
				[{ windowSeconds: 86_401 }, 'windowSeconds'],
				[{ windowSeconds: 2.5 }, 'windowSeconds'],
				[{ limit: 0 }, 'limit'],
				[{ limit: 100_001 }, 'limit'],
				[{ now: 'soon' }, 'now'],
			];
			for (const [patch, field] of cases)
				await expect(store.countAttempt({ ...good, ...patch } as never)).rejects.toMatchObject({
					name: 'LedgerError',
					code: 'invalid_input',
					message: expect.stringMatching(new RegExp(`^${field}: `)),
				});
			expect(await handle!.attemptRows()).toEqual([]);
			expect((await store.countAttempt(good)).count).toBe(1);
		});

		(options.atomicCounts === false ? it.skip : it_)(
			'attempts: 20 concurrent calls from 20 stores (workers) count exactly 20',
			async () => {
				const stores = await Promise.all(Array.from({ length: 20 }, () => handle!.open()));
				try {
					const results = await Promise.all(
						stores.map((s, i) => s.countAttempt(attempt('lookup:ip:f6', plus(NOW, i / 10), 10))),
					);
					expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
						Array.from({ length: 20 }, (_, i) => i + 1),
					);
					expect(results.filter((r) => r.allowed)).toHaveLength(10);
					expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds > 590)).toBe(true);
				} finally {
					await Promise.all(stores.map((s) => s.close()));
				}
				expect(await handle!.attemptRows()).toEqual([{ subject: 'lookup:ip:f6', windowStart: NOW, count: 20 }]);
			},
		);

		(options.atomicCounts === false ? it : it.skip)(
			'attempts: racing calls without an atomic increment may under-count, never over-count, and leave one row',
			async () => {
				const racing = n(20);
				const stores = await Promise.all(Array.from({ length: racing }, () => handle!.open()));
				const results = await Promise.all(stores.map((s) => s.countAttempt(attempt('lookup:ip:g7', NOW, 10))));
				await Promise.all(stores.map((s) => s.close()));
				expect(results.every((r) => r.count >= 1 && r.count <= racing)).toBe(true);
				const rows = await handle!.attemptRows();
				expect(rows).toHaveLength(1);
				expect(rows[0].count).toBeGreaterThanOrEqual(1);
				expect(rows[0].count).toBeLessThanOrEqual(racing);
			},
		);

		(options.atomicCounts === false ? it.skip : it_)(
			'attempts: windows that ended over a day ago are deleted by new attempts, 200 at a time; recent ones stay',
			async () => {
				const old = Array.from({ length: 450 }, (_, i) => `lookup:ip:old-${i}`);
				for (let i = 0; i < old.length; i += 50)
					await Promise.all(old.slice(i, i + 50).map((subject) => store.countAttempt(attempt(subject, NOW, 5, 60))));
				// Ended 23 hours before the clean-ups below: kept.
				await store.countAttempt(attempt('lookup:ip:recent', plus(NOW, 3600), 5, 60));
				const later = plus(NOW, 24 * 3600 + 3660);
				const rows = async () => (await handle!.attemptRows()).length;
				expect(await rows()).toBe(451);
				// A new row brings the clean-up; another attempt in an existing row does not.
				await store.countAttempt(attempt('lookup:ip:new-1', later, 5, 60));
				expect(await rows()).toBe(451 - 200 + 1);
				await store.countAttempt(attempt('lookup:ip:new-1', later, 5, 60));
				expect(await rows()).toBe(252);
				await store.countAttempt(attempt('lookup:ip:new-2', later, 5, 60));
				expect(await rows()).toBe(252 - 200 + 1);
				await store.countAttempt(attempt('lookup:ip:new-3', later, 5, 60));
				expect((await handle!.attemptRows()).map((r) => r.subject).sort()).toEqual([
					'lookup:ip:new-1',
					'lookup:ip:new-2',
					'lookup:ip:new-3',
					'lookup:ip:recent',
				]);
				// Counts of windows still running were never touched.
				expect((await store.countAttempt(attempt('lookup:ip:new-1', later, 5, 60))).count).toBe(3);
			},
		);

		it_('bad input gets an error naming the field, and nothing is written', async () => {
			await expect(store.appendEvent({ key: '', source: 'shopify', payload: {} }, NOW)).rejects.toMatchObject({
				code: 'invalid_input',
				message: expect.stringContaining('key'),
			});
			await expect(
				store.appendEvent({ key: 'nul', source: 'shopify', payload: { note: 'a\u0000b' } }, NOW),
			).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('payload.note') });
			await expect(
				store.upsertOrder({ ...bareRecord('BAD', 'placed', NOW), stage: 'teleported' as never }, NOW),
			).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('order.stage') });
			await expect(store.claimBatch({ ...claimOpts('w'), limit: 0 })).rejects.toBeInstanceOf(LedgerError);
			await expect(store.appendEvent({ key: 'k', source: 's', payload: {} }, 'yesterday')).rejects.toMatchObject({
				message: expect.stringContaining('now'),
			});
			expect(await store.listEvents({})).toEqual([]);
			expect(await store.getOrder('BAD')).toBeNull();
		});
	});
}
