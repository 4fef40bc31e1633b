/**
 * The shared LedgerStore contract on Airtable through nock (airtableFake.ts follows Airtable's
 * published API pages), plus Airtable's own limits and Setup:
 *  - at most 10 records per write, at most 5 requests in any second (the fake counts timestamps),
 *  - performUpsert on the order key / event key,
 *  - a 429 is followed by a 30-second wait before the retry,
 *  - Setup names exactly which table or field is missing; wrong tokens say what to fix.
 */
import { AirtableLedgerStore } from '../../../nodes/lib/ledger/airtable/airtableStore';
import { AIRTABLE_429_BACKOFF_MS } from '../../../nodes/lib/ledger/airtable/client';
import { AIRTABLE_BASE, AIRTABLE_TOKEN, airtableBackend } from './backends';
import { AirtableFake, FAKE_ENDPOINT } from './airtableFake';
import { at, bareRecord, delivered, placed, pushEvent, recordFrom, shipped, upsPushItem } from './fixtures';
import { ledgerContract } from './sharedSuite';

jest.setTimeout(120_000);

let lastFake: AirtableFake | undefined;
ledgerContract(
	'Airtable (nock)',
	async () => {
		const handle = await airtableBackend();
		// Every contract test must have respected the limits: checked after each test below.
		const reset = handle.reset;
		handle.reset = async () => {
			if (handle.fake) {
				expect(handle.fake.violations).toEqual([]);
				expect(handle.fake.maxRequestsPerSecond()).toBeLessThanOrEqual(5);
			}
			await reset();
			lastFake = handle.fake;
		};
		return handle;
	},
	{ exclusiveClaims: false, atomicCounts: false },
);

afterAll(() => {
	if (lastFake) expect(lastFake.violations).toEqual([]);
});

describe('Airtable limits and setup', () => {
	let fake: AirtableFake;
	afterEach(() => fake?.uninstall());

	const storeFor = (extra: Partial<ConstructorParameters<typeof AirtableLedgerStore>[0]> = {}) =>
		new AirtableLedgerStore({ apiKey: AIRTABLE_TOKEN, baseId: AIRTABLE_BASE, endpointUrl: FAKE_ENDPOINT, ...extra });

	it(
		'writes 25 orders in batches of 10 with performUpsert on Order Key, ' + 'never more than 5 requests a second',
		async () => {
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			const store = storeFor();
			const records = Array.from({ length: 25 }, (_, i) => bareRecord(`P${i}`, 'placed', at(i)));
			const first = await store.upsertOrders(records, at(30));
			expect(first.every((r) => !(r instanceof Error) && r.status === 'created')).toBe(true);

			const writes = fake.requests.filter((r) => r.method === 'PATCH');
			expect(writes.map((w) => (w.body as { records: unknown[] }).records.length)).toEqual([10, 10, 5]);
			for (const w of writes)
				expect((w.body as { performUpsert: unknown }).performUpsert).toEqual({ fieldsToMergeOn: ['Order Key'] });

			// Second pass: the same orders moved on; matched by Order Key, so updated in place, not duplicated.
			const second = await store.upsertOrders(
				records.map((r) => ({ ...r, stage: 'awaiting_fulfillment' as const, stageChangedAt: at(40) })),
				at(41),
			);
			expect(second.every((r) => !(r instanceof Error) && r.status === 'updated')).toBe(true);
			expect(fake.tables.get('Orders')!.records.size).toBe(25);

			// And 30 events: 3 upsert requests of 10 on Key.
			await store.appendEvents(
				Array.from({ length: 30 }, (_, i) => ({ key: `e${i}`, source: 'shopify', payload: { i } })),
				at(42),
			);
			const eventWrites = fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes('Events'));
			expect(eventWrites).toHaveLength(3);
			expect(fake.violations).toEqual([]);
			expect(fake.maxRequestsPerSecond()).toBeLessThanOrEqual(5);
			expect(fake.requests.length).toBeGreaterThan(10); // enough traffic that pacing had to act
		},
		60_000,
	);

	it('after a 429 waits 30 seconds before the next request, then succeeds', async () => {
		let clock = Date.now();
		fake = new AirtableFake({
			baseId: AIRTABLE_BASE,
			token: AIRTABLE_TOKEN,
			forced429: 1,
			clock: () => clock,
		}).install();
		const sleeps: number[] = [];
		const store = storeFor({
			sleep: async (ms) => {
				sleeps.push(ms);
				clock += ms; // the fake's 30 s lock is measured on the same clock
			},
		});
		const res = await store.appendEvent({ key: 'after-429', source: 'shopify', payload: {} }, at(1));
		expect(res.status).toBe('new');
		expect(sleeps).toEqual([AIRTABLE_429_BACKOFF_MS]);
		expect(fake.requests).toHaveLength(2);
		expect(fake.requests[1].at - fake.requests[0].at).toBeGreaterThanOrEqual(30_000);
	});

	it('a base that keeps answering 429 gives a clear rate-limit error after bounded waits', async () => {
		fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN, forced429: 100 }).install();
		const sleeps: number[] = [];
		const store = storeFor({ sleep: async (ms) => void sleeps.push(ms), maxRateLimitRetries: 2 });
		await expect(store.getOrder('1')).rejects.toMatchObject({
			code: 'rate_limited',
			hint: expect.stringContaining('30-second'),
		});
		expect(sleeps).toEqual([30_000, 30_000]);
	});

	it('Setup names exactly which table and which field is missing', async () => {
		fake = new AirtableFake({
			baseId: AIRTABLE_BASE,
			token: AIRTABLE_TOKEN,
			omitTables: ['Exceptions'],
			omitFields: [{ table: 'Events', field: 'Lease Token' }],
		}).install();
		const report = await storeFor().setup();
		expect(report.ready).toBe(false);
		expect(report.problems).toEqual([
			{
				table: 'Events',
				field: 'Lease Token',
				problem: 'field_missing',
				fix: 'In table "Events", add a field named "Lease Token" of type singleLineText.',
			},
			{
				table: 'Exceptions',
				problem: 'table_missing',
				fix: expect.stringContaining('Create a table named "Exceptions"'),
			},
		]);
		expect(fake.requests[0].path).toBe(`/v0/meta/bases/${AIRTABLE_BASE}/tables`);
	});

	it('Setup on a complete base says ready', async () => {
		fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
		expect(await storeFor().setup()).toMatchObject({ ready: true, problems: [] });
	});

	it('a missing table or field at run time gives an error that says to run Setup', async () => {
		fake = new AirtableFake({
			baseId: AIRTABLE_BASE,
			token: AIRTABLE_TOKEN,
			omitTables: ['Orders'],
			omitFields: [{ table: 'Events', field: 'Topic' }],
		}).install();
		const store = storeFor();
		await expect(store.getOrder('1')).rejects.toMatchObject({
			code: 'table_missing',
			hint: expect.stringMatching(/table "Orders".*Setup/),
		});
		await expect(store.appendEvent({ key: 'k', source: 's', topic: 't', payload: {} }, at(1))).rejects.toMatchObject({
			code: 'field_missing',
			hint: expect.stringContaining('"Topic"'),
		});
	});

	it(
		'parcels: 60 tracking numbers are looked up in 2 requests (50 a request), each link written once with ' +
			'performUpsert',
		async () => {
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			const store = storeFor();
			await store.upsertOrders([recordFrom([placed('A1', 0), shipped('A1', 24, '1ZAIR0000000001')], 25)], at(25));
			await store.upsertOrders([recordFrom([placed('A1', 0), shipped('A1', 24, '1ZAIR0000000001')], 26)], at(26));
			expect([...fake.tables.get('Tracking Numbers')!.records.values()].map((r) => r.fields)).toEqual([
				{
					Link: '1ZAIR0000000001 A1 record',
					'Tracking Number': '1ZAIR0000000001',
					'Order Key': 'A1',
					Origin: 'record',
					'Updated At': at(26),
				},
			]);
			const before = fake.requests.length;
			const numbers = [
				'1zair 0000000001',
				...Array.from({ length: 59 }, (_, i) => `1ZNOTHING${String(i).padStart(6, '0')}`),
			];
			expect(Object.fromEntries(await store.findParcelOrders(numbers))).toEqual({
				'1ZAIR0000000001': { orderKeys: ['A1'], origin: 'record' },
			});
			const lookups = fake.requests.slice(before);
			expect(lookups).toHaveLength(2);
			for (const r of lookups) expect(decodeURIComponent(r.path)).toContain('/Tracking Numbers?');
		},
	);

	it(
		'a base set up before the Tracking Numbers table: pushes are still stored and matched (from Orders and ' +
			'Events), and Setup names the table to add',
		async () => {
			fake = new AirtableFake({
				baseId: AIRTABLE_BASE,
				token: AIRTABLE_TOKEN,
				omitTables: ['Tracking Numbers'],
			}).install();
			const store = storeFor();
			const unknown = await store.appendEvent(pushEvent(upsPushItem('1ZOLDBASE000001', 30)), at(30));
			expect(unknown).toMatchObject({
				status: 'new',
				parcel: { matched: false, trackingNumbers: ['1ZOLDBASE000001'] },
			});
			// Order State stores the order: no error for the missing table.
			await store.upsertOrder(recordFrom([placed('OB1', 0), shipped('OB1', 24, '1ZOLDBASE000001')], 31), at(31));
			const [claimed] = await store.claimBatch({
				worker: 'w',
				limit: 10,
				leaseSeconds: 60,
				maxAttempts: 3,
				now: at(32),
			});
			expect(claimed).toMatchObject({
				orderKey: 'OB1',
				parcel: { matched: true, orderKey: 'OB1', matchedBy: 'record' },
			});
			// A parcel known only from a stored event is found there too.
			await store.appendEvent(
				{
					key: 'shopify:f-9',
					source: 'shopify',
					topic: 'fulfillments/create',
					orderKey: 'OB2',
					payload: { observations: [shipped('OB2', 24, '1ZOLDBASE000002')] },
				},
				at(33),
			);
			const second = await store.appendEvent(pushEvent(upsPushItem('1ZOLDBASE000002', 34)), at(34));
			expect(second).toMatchObject({
				parcel: { matched: true, orderKey: 'OB2', matchedBy: 'event' },
				event: { orderKey: 'OB2' },
			});

			const report = await store.setup();
			expect(report.ready).toBe(false);
			expect(report.problems).toEqual([
				{
					table: 'Tracking Numbers',
					problem: 'table_missing',
					fix: expect.stringMatching(
						/Create a table named "Tracking Numbers".*"Link" \(singleLineText, first field\).*"Tracking Number".*"Order Key".*"Origin".*"Updated At"/,
					),
				},
			]);
		},
	);

	it(
		'a repeated push never rewrites the order its stored event has ' +
			'(even if the parcel has become ambiguous since)',
		async () => {
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			const store = storeFor();
			await store.upsertOrder(recordFrom([placed('RP1', 0), shipped('RP1', 24, '1ZREPEAT0000001')], 25), at(25));
			const item = upsPushItem('1ZREPEAT0000001', 30);
			expect((await store.appendEvent(pushEvent(item), at(30))).event.orderKey).toBe('RP1');
			await store.upsertOrder(recordFrom([placed('RP2', 0), shipped('RP2', 24, '1ZREPEAT0000001')], 31), at(31));
			const again = await store.appendEvent(pushEvent(item), at(32));
			expect(again).toMatchObject({
				status: 'duplicate',
				event: { orderKey: 'RP1' },
				parcel: { matched: true, orderKey: 'RP1' },
			});
			expect((await store.getEvent(again.event.id))!.orderKey).toBe('RP1');
		},
	);

	it('a wrong token says to fix the credential', async () => {
		fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
		const store = storeFor({ apiKey: 'patWRONG' });
		await expect(store.getOrder('1')).rejects.toMatchObject({
			code: 'auth_failed',
			hint: expect.stringContaining('personal access token'),
		});
	});

	it(
		'a payload larger than an Airtable long text cell is ' + 'refused with the limit and the alternative, nothing sent',
		async () => {
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			const res = await storeFor().appendEvents(
				[{ key: 'big', source: 'manual', payload: { note: 'x'.repeat(1024 * 1024) } }],
				at(1),
			);
			expect(res[0]).toMatchObject({
				code: 'invalid_input',
				message: expect.stringMatching(/payload: is 1,048,5\d\d characters.*100,000.*PostgreSQL/),
			});
			expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
		},
	);

	it(
		'attempts: one row per subject, found by formula and patched (reset in a new window), created with ' +
			'performUpsert on Subject; two requests a call',
		async () => {
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			const store = storeFor();
			const attempt = (now: string) => ({ subject: "lookup:email:o'hara", windowSeconds: 600, limit: 2, now });
			const before = fake.requests.length;
			expect((await store.countAttempt(attempt(at(1)))).count).toBe(1);
			const [find, create] = fake.requests.slice(before);
			expect(decodeURIComponent(find.path)).toContain(`/Attempts?`);
			expect(decodeURIComponent(find.path)).toContain(`filterByFormula={Subject}='lookup:email:o\\'hara'`);
			expect(create).toMatchObject({ method: 'PATCH', body: { performUpsert: { fieldsToMergeOn: ['Subject'] } } });
			expect((await store.countAttempt(attempt(at(1.01)))).count).toBe(2);
			expect(await store.countAttempt(attempt(at(1.02)))).toMatchObject({ allowed: false, count: 3 });
			// Two hours on: the same row starts again at 1.
			expect(await store.countAttempt(attempt(at(3)))).toMatchObject({ allowed: true, count: 1 });
			expect(fake.requests.length - before).toBe(8);
			expect([...fake.tables.get('Attempts')!.records.values()].map((r) => r.fields)).toEqual([
				{
					Subject: "lookup:email:o'hara",
					'Window Start': at(3),
					'Window Ends At': new Date(Date.parse(at(3)) + 600_000).toISOString(),
					Count: 1,
					'Updated At': at(3),
				},
			]);
		},
	);

	it('attempts: a base without the Attempts table gets an error naming it, and Setup names its fields', async () => {
		fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN, omitTables: ['Attempts'] }).install();
		const store = storeFor();
		await expect(
			store.countAttempt({ subject: 'lookup:ip:00ff', windowSeconds: 60, limit: 5, now: at(1) }),
		).rejects.toMatchObject({
			name: 'LedgerError',
			code: 'table_missing',
			hint: expect.stringMatching(/"Attempts" table.*docs\/airtable\.md.*Setup/),
		});
		expect((await store.setup()).problems).toEqual([
			{
				table: 'Attempts',
				problem: 'table_missing',
				fix: expect.stringMatching(
					/Create a table named "Attempts".*"Subject" \(singleLineText, first field\).*"Window Start".*"Window Ends At".*"Count" \(number\).*"Updated At"/,
				),
			},
		]);
		// Everything else works on such a base.
		expect((await store.appendEvent({ key: 'k1', source: 'shopify', payload: {} }, at(1))).status).toBe('new');
	});

	it('a stale order write merges through the engine and never regresses the stored order', async () => {
		fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
		const store = storeFor();
		const key = 'AT1';
		await store.upsertOrder(recordFrom([placed(key, 0), shipped(key, 24), delivered(key, 60)], 61), at(61));
		const stale = await store.upsertOrder(recordFrom([placed(key, 0), shipped(key, 24)], 30), at(62));
		expect(stale.record.stage).toBe('delivered');
		expect((await store.getOrder(key))!.stage).toBe('delivered');
	});
});
