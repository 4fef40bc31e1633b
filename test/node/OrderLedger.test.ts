/**
 * The Order Ledger node through n8n's real execution engine (test/helpers/n8n.ts runNode):
 * parameters -> lib -> items with pairedItem, continueOnFail honoured, errors that say what to fix,
 * one connection per execution (the next execution sees what the previous one stored), and each
 * backend reachable from the canvas: embedded (a temp data directory), PostgreSQL (credential, when
 * PP_TEST_POSTGRES_URL is set, incl. a restart between executions) and Airtable (credential + base,
 * through the nock fake).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { PostPurchaseAirtableApi } from '../../credentials/PostPurchaseAirtableApi.credentials';
import { PostPurchasePostgresApi } from '../../credentials/PostPurchasePostgresApi.credentials';
import { OrderLedger } from '../../nodes/OrderLedger/OrderLedger.node';
import { operationProperty, operations } from '../../nodes/OrderLedger/v1/actions';
import { postPurchasePostgresConnectionTest, searchBases } from '../../nodes/OrderLedger/v1/methods';
import { runNode } from '../helpers/n8n';
import {
	AIRTABLE_BASE,
	AIRTABLE_TOKEN,
	dropSchema,
	POSTGRES_URL,
	postgresAvailable,
	REQUIRE_POSTGRES,
	uniqueSchema,
} from '../integration/ledger/backends';
import { AirtableFake, FAKE_ENDPOINT } from '../integration/ledger/airtableFake';
import { at, bareRecord, placed, recordFrom, shipped, upsPushItem } from '../integration/ledger/fixtures';
import { TcpProxy } from '../integration/ledger/tcpProxy';

jest.setTimeout(180_000);

const node = new OrderLedger();
const NOW = at(50);

describe('Order Ledger node: operations', () => {
	it('routes every value of the operation parameter, and nothing else, to the module named after it', () => {
		const values = (operationProperty.options ?? []).map((o) => (o as { value: string }).value);
		expect(Object.keys(operations).sort()).toEqual([...values].sort());
	});
});

describe('Order Ledger node: embedded backend', () => {
	const dir = mkdtempSync(join(tmpdir(), 'pp-ledger-node-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const run = (parameters: Record<string, unknown>, input?: INodeExecutionData[], continueOnFail = false) =>
		runNode({
			nodeType: node,
			parameters: { backend: 'embedded', dataDirectory: dir, now: NOW, ...parameters },
			input,
			continueOnFail,
		});

	it(
		'Append Event says new or duplicate per item, with pairedItem; ' + 'the next execution claims, acks and counts',
		async () => {
			const input = [
				{ json: { key: 'evt-1', source: 'shopify', kind: 'order', orderKey: '1001', note: "O'Brien 📦" } },
				{ json: { key: 'evt-2', source: 'shopify', kind: 'order', orderKey: '1002' } },
				{ json: { key: 'evt-1', source: 'shopify', kind: 'order', orderKey: '1001', note: "O'Brien 📦" } },
			];
			const appended = await run({ operation: 'appendEvent' }, input);
			expect(appended.error).toBeUndefined();
			expect(appended.outputs[0].map((i) => i.json.status)).toEqual(['new', 'new', 'duplicate']);
			expect(appended.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect((appended.outputs[0][0].json.event as { payload: unknown }).payload).toEqual(input[0].json);

			// A new execution (new connection): the events are still there.
			const claimed = await run({
				operation: 'claimBatch',
				batchSize: 10,
				leaseSeconds: 60,
				maxAttempts: 3,
				worker: 'test-run',
			});
			expect(claimed.outputs[0].map((i) => i.json.key)).toEqual(['evt-1', 'evt-2']);
			expect(claimed.outputs[0][0].json).toMatchObject({ status: 'processing', leasedBy: 'test-run', attempts: 1 });

			const acked = await run(
				{ operation: 'ack' },
				claimed.outputs[0].map((i) => ({ json: i.json })),
			);
			expect(acked.outputs[0].map((i) => i.json.outcome)).toEqual(['acked', 'acked']);
		},
	);

	it('Upsert Order, Get Order, Open Exception, Stuck Count and Exception Report from the canvas', async () => {
		const upserted = await run({ operation: 'upsertOrder' }, [
			{ json: { record: bareRecord('N1', 'awaiting_fulfillment', at(0)) as never } },
		]);
		expect(upserted.outputs[0][0].json).toMatchObject({ status: 'created', record: { orderKey: 'N1', version: 1 } });

		const got = await run({ operation: 'getOrder', lookupOrderKey: 'N1' });
		expect(got.outputs[0][0].json).toMatchObject({ found: true, record: { stage: 'awaiting_fulfillment' } });

		const opened = await run({ operation: 'openException' }, [
			{ json: { id: 'N1:fulfillment_stuck:x', orderKey: 'N1', openedAt: at(10), evidence: { hours: 10 } } },
		]);
		expect(opened.outputs[0][0].json).toMatchObject({
			status: 'opened',
			id: 'N1:fulfillment_stuck:x',
			type: 'fulfillment_stuck',
			severity: 'medium',
		});

		const stuck = await run({ operation: 'stuckCount', olderThanHours: 24 });
		expect(stuck.outputs[0][0].json).toMatchObject({
			total: 1,
			byStage: { awaiting_fulfillment: 1 },
			byExceptionType: { fulfillment_stuck: 1 },
		});

		const report = await run({ operation: 'exceptionReport', weeks: 2 });
		expect(report.outputs[0][0].json).toMatchObject({
			countsByType: { fulfillment_stuck: 1 },
			openCases: [expect.objectContaining({ id: 'N1:fulfillment_stuck:x', ageSeconds: 40 * 3600 })],
		});
	});

	it('a bad item becomes an error item with "Continue On Fail" and the good items still go through', async () => {
		const res = await run(
			{ operation: 'appendEvent' },
			[{ json: { key: 'ok-1', source: 'shopify' } }, { json: { key: '', source: 'shopify' } }],
			true,
		);
		expect(res.outputs[0]).toHaveLength(2);
		expect(res.outputs[0][0].json.status).toBe('new');
		expect(res.outputs[0][1].json.error).toMatch(/key: must be a non-empty string/);
		expect(res.outputs[0][1].json.description).toMatch(/Check the "key" value/);
		expect(res.outputs[0][1].pairedItem).toEqual({ item: 1 });
	});

	it('without "Continue On Fail" the node stops with an error that says what to fix', async () => {
		const res = await run({ operation: 'upsertOrder' }, [
			{ json: { record: { ...bareRecord('N2', 'placed', NOW), stage: 'teleported' } as never } },
		]);
		expect(res.error).toBeDefined();
		expect(res.error!.message).toMatch(/order\.stage/);
		expect(res.error!.description).toMatch(/Order Ledger node/);
	});

	it('"Now" must be a time', async () => {
		const res = await run({ operation: 'stuckCount', now: 'next tuesday-ish' });
		expect(res.error!.message).toMatch(/"Now" is not a time/);
	});
});

describe('Order Ledger node: carrier pushes find their order by tracking number (embedded backend)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'pp-ledger-push-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const run = (parameters: Record<string, unknown>, input?: INodeExecutionData[], now = NOW) =>
		runNode({ nodeType: node, parameters: { backend: 'embedded', dataDirectory: dir, now, ...parameters }, input });
	/**
	 * What the event processor's "Group by order" step reads to
	 * name an event's order, and the error it records when none.
	 */
	const groupKey = (e: Record<string, unknown>) => {
		const payload = (e.payload ?? {}) as {
			orderKey?: string;
			observations?: Array<{ orderKey?: string }>;
			normaliseError?: string;
		};
		return String(e.orderKey || payload.orderKey || payload.observations?.[0]?.orderKey || '');
	};

	it(
		"Append Event with the trigger's item as it comes: matched: false with the number when the parcel is unknown, " +
			'stored all the same; Claim Batch matches it once the order is stored',
		async () => {
			// The Carrier Tracking Trigger's item, straight into Append Event with its default parameters.
			const unknown = upsPushItem('1Z A8V2 6903 4815 0728', 30);
			const appended = await run({ operation: 'appendEvent' }, [{ json: unknown as never }]);
			expect(appended.error).toBeUndefined();
			expect(appended.outputs[0][0].json).toMatchObject({
				status: 'new',
				matched: false,
				trackingNumber: '1ZA8V2690348150728',
				orderKey: null,
			});
			expect((appended.outputs[0][0].json.parcel as { message: string }).message).toMatch(
				/^Tracking number 1ZA8V2690348150728 matched no order/,
			);
			expect(appended.outputs[0][0].pairedItem).toEqual({ item: 0 });

			// Claimed before its order is known: the processor's error names the number and what to do.
			const first = (
				await run(
					{ operation: 'claimBatch', batchSize: 10, leaseSeconds: 60, maxAttempts: 5, worker: 'w1' },
					undefined,
					at(51),
				)
			).outputs[0];
			expect(first).toHaveLength(1);
			expect(groupKey(first[0].json)).toBe('');
			const payload = first[0].json.payload as { normaliseError: string };
			expect(`Event ${first[0].json.key} names no order: ${payload.normaliseError}`).toMatch(
				/names no order: Tracking number 1ZA8V2690348150728 matched no order.*Replay this event/,
			);

			// The order arrives with the parcel; the next claim (the lease ran out) files the push under it.
			const upserted = await run(
				{ operation: 'upsertOrder' },
				[{ json: { record: recordFrom([placed('2001', 0), shipped('2001', 29, '1ZA8V2690348150728')], 52) as never } }],
				at(52),
			);
			expect(upserted.outputs[0][0].json.status).toBe('created');
			const second = (
				await run(
					{ operation: 'claimBatch', batchSize: 10, leaseSeconds: 60, maxAttempts: 5, worker: 'w2' },
					undefined,
					at(53),
				)
			).outputs[0];
			expect(second).toHaveLength(1);
			expect(second[0].json).toMatchObject({
				key: unknown.key,
				orderKey: '2001',
				parcel: { matched: true, orderKey: '2001', matchedBy: 'record' },
			});
			expect(groupKey(second[0].json)).toBe('2001');
			const stored = second[0].json.payload as {
				orderKey: string;
				observations: Array<{ orderKey: string }>;
				normaliseError?: string;
			};
			expect(stored.observations.map((o) => o.orderKey)).toEqual(['2001']);
			expect(stored.normaliseError).toBeUndefined();
			await run(
				{ operation: 'ack' },
				second.map((i) => ({ json: i.json })),
				at(53),
			);

			// The next push for that parcel is filed under its order at once.
			const known = upsPushItem('1ZA8V2690348150728', 60);
			const next = await run({ operation: 'appendEvent' }, [{ json: known as never }], at(60));
			expect(next.outputs[0][0].json).toMatchObject({
				status: 'new',
				matched: true,
				trackingNumber: '1ZA8V2690348150728',
				orderKey: '2001',
				event: { orderKey: '2001' },
			});
			const listed = await run({ operation: 'listEvents', eventStatuses: ['pending', 'done'], eventOrderKey: '2001' });
			expect(listed.outputs[0].map((i) => i.json.key)).toEqual([unknown.key, known.key]);
		},
	);

	it('an event that names its order has no parcel fields in its output', async () => {
		const res = await run({ operation: 'appendEvent' }, [
			{ json: { key: 'plain-1', source: 'shopify', kind: 'order', orderKey: '3001' } },
		]);
		expect(res.outputs[0][0].json).toEqual({ status: 'new', event: expect.objectContaining({ orderKey: '3001' }) });
	});
});

describe('Order Ledger node: List Events (dead-letter review, embedded backend)', () => {
	// Its own data directory: the lists below must see exactly the events these tests stored.
	const dir = mkdtempSync(join(tmpdir(), 'pp-ledger-list-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const run = (parameters: Record<string, unknown>, input?: INodeExecutionData[], continueOnFail = false) =>
		runNode({
			nodeType: node,
			parameters: { backend: 'embedded', dataDirectory: dir, now: NOW, ...parameters },
			input,
			continueOnFail,
		});
	const list = (parameters: Record<string, unknown> = {}, input?: INodeExecutionData[], continueOnFail = false) =>
		run({ operation: 'listEvents', ...parameters }, input, continueOnFail);
	const keys = (res: { outputs: INodeExecutionData[][] }) => res.outputs[0].map((i) => i.json.key);
	const deliveries = [
		{ key: 'le-1', source: 'shopify', kind: 'orders/updated', orderKey: '2001', body: 'x'.repeat(2000) },
		{ key: 'le-2', source: 'shipstation', kind: 'SHIP_NOTIFY', orderKey: '2001' },
		{ key: 'le-3', source: 'shopify', kind: 'orders/updated', orderKey: '2002' },
		{ key: 'le-4', source: 'ups', kind: 'tracking', orderKey: '2003' },
	];

	beforeAll(async () => {
		// Three events die on their first failure (Max Attempts 1), one is processed: the shape a dead-letter review sees.
		expect(
			(
				await run(
					{ operation: 'appendEvent' },
					deliveries.map((json) => ({ json })),
				)
			).error,
		).toBeUndefined();
		const claimed = (
			await run({ operation: 'claimBatch', batchSize: 10, leaseSeconds: 60, maxAttempts: 3, worker: 'list-test' })
		).outputs[0];
		expect(claimed.map((i) => i.json.key)).toEqual(['le-1', 'le-2', 'le-3', 'le-4']);
		const failed = await run(
			{ operation: 'fail', errorMessage: '={{ "boom " + $json.key }}', failMaxAttempts: 1 },
			claimed.slice(0, 3).map((i) => ({ json: i.json })),
		);
		expect(failed.outputs[0].map((i) => i.json.outcome)).toEqual(['dead', 'dead', 'dead']);
		expect((await run({ operation: 'ack' }, [{ json: claimed[3].json }])).outputs[0][0].json.outcome).toBe('acked');
	});

	it(
		'by default lists the dead events, oldest first, with what failed and why, without payloads, paired to the ' +
			'input item',
		async () => {
			const res = await list();
			expect(res.error).toBeUndefined();
			expect(keys(res)).toEqual(['le-1', 'le-2', 'le-3']);
			expect(res.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
			const first = res.outputs[0][0].json;
			expect(first).toMatchObject({
				key: 'le-1',
				source: 'shopify',
				topic: 'orders/updated',
				orderKey: '2001',
				status: 'dead',
				attempts: 1,
				lastError: 'boom le-1',
				receivedAt: NOW,
				updatedAt: NOW,
			});
			expect(first.id).toMatch(/^\d+$/);
			expect(first).not.toHaveProperty('payload');
			expect(first).not.toHaveProperty('leaseToken');
		},
	);

	it(
		'filters by source and order number ("#" tolerated), any of several statuses, and a limit; Include Payload ' +
			'adds the stored body',
		async () => {
			const shopify = await list({ eventSource: ' shopify ', includePayload: true });
			expect(keys(shopify)).toEqual(['le-1', 'le-3']);
			expect(shopify.outputs[0][0].json.payload).toEqual(deliveries[0]);
			expect(keys(await list({ eventOrderKey: '#2001' }))).toEqual(['le-1', 'le-2']);
			expect(keys(await list({ eventOrderKey: '2001', eventSource: 'shipstation' }))).toEqual(['le-2']);
			expect(keys(await list({ eventStatuses: ['done'] }))).toEqual(['le-4']);
			expect(keys(await list({ eventStatuses: [] }))).toEqual(['le-1', 'le-2', 'le-3', 'le-4']);
			// An expression may give the statuses as comma-separated text.
			expect(keys(await list({ eventStatuses: '={{ "done, dead" }}' }))).toEqual(['le-1', 'le-2', 'le-3', 'le-4']);
			expect(keys(await list({ eventLimit: 2 }))).toEqual(['le-1', 'le-2']);
		},
	);

	it(
		'runs once per input item, each list paired to its item; ' + 'an empty result outputs nothing and no error',
		async () => {
			const res = await list({ eventOrderKey: '={{ $json.order }}' }, [
				{ json: { order: '2002' } },
				{ json: { order: '9999' } },
				{ json: { order: '2001' } },
			]);
			expect(res.error).toBeUndefined();
			expect(res.outputs[0].map((i) => [i.json.key, i.pairedItem])).toEqual([
				['le-3', { item: 0 }],
				['le-1', { item: 2 }],
				['le-2', { item: 2 }],
			]);
			const none = await list({ eventSource: 'nobody' });
			expect(none.error).toBeUndefined();
			expect(none.outputs[0]).toEqual([]);
		},
	);

	it(
		'a bad Limit or Status stops the node naming the field and what to send; with "Continue On Fail" it is an ' +
			'error item',
		async () => {
			for (const eventLimit of [0, 5000, 2.5]) {
				const res = await list({ eventLimit });
				expect(res.error?.message).toBe(`"Limit" must be a whole number from 1 to 1000 (got ${eventLimit})`);
				expect(res.error?.description).toMatch(/Set "Limit" to how many events to list/);
			}
			const typo = await list({ eventStatuses: '={{ "deadd" }}' });
			expect(typo.error?.message).toBe('"Status" has an unknown event status: "deadd"');
			expect(typo.error?.description).toMatch(/Choose from pending, processing, done, failed, dead/);

			const mixed = await list(
				{ eventStatuses: '={{ $json.status }}' },
				[{ json: { status: 'deadd' } }, { json: { status: 'done' } }],
				true,
			);
			expect(mixed.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(mixed.outputs[0][0].json.error).toMatch(/"Status" has an unknown event status/);
			expect(mixed.outputs[0][0].json.description).toMatch(/Choose from/);
			expect(mixed.outputs[0][1].json.key).toBe('le-4');
		},
	);

	it(
		'its items feed Replay as they are (Event IDs defaults to {{ $json.id }}); ' + 'afterwards nothing is dead',
		async () => {
			const dead = await list({ eventSource: 'shipstation' });
			const replayed = await run(
				{ operation: 'replay', replayScope: 'ids', replayedBy: 'ops@example.com' },
				dead.outputs[0].map((i) => ({ json: i.json })),
			);
			expect(replayed.outputs[0].map((i) => [i.json.id, i.json.outcome])).toEqual([
				[dead.outputs[0][0].json.id, 'replayed'],
			]);
			expect(keys(await list({ eventSource: 'shipstation' }))).toEqual([]);
			const pending = await list({ eventStatuses: ['pending'] });
			expect(pending.outputs[0][0].json).toMatchObject({
				key: 'le-2',
				status: 'pending',
				attempts: 0,
				replayedBy: 'ops@example.com',
				lastError: 'boom le-2',
			});
		},
	);
});

const pgDescribe = POSTGRES_URL || REQUIRE_POSTGRES ? describe : describe.skip;
if (!POSTGRES_URL && !REQUIRE_POSTGRES)
	console.warn('skipped: PP_TEST_POSTGRES_URL not set (Order Ledger node on PostgreSQL)');

pgDescribe('Order Ledger node: PostgreSQL backend', () => {
	let available = false;
	beforeAll(async () => {
		available = await postgresAvailable(); // throws when PP_REQUIRE_POSTGRES=1 and it is missing
		if (!available)
			console.warn(`skipped: PostgreSQL at ${POSTGRES_URL} unreachable (Order Ledger node on PostgreSQL)`);
	});
	const cred = (port?: number) => {
		const u = new URL(POSTGRES_URL!);
		return {
			host: u.hostname,
			port: port ?? Number(u.port || 5432),
			database: u.pathname.slice(1),
			user: decodeURIComponent(u.username),
			password: '',
			ssl: 'disable',
		};
	};

	it('the credential test connects, and names the problem for a wrong user', async () => {
		if (!available) return;
		const test = (data: Record<string, unknown>) =>
			postPurchasePostgresConnectionTest.call(
				{} as ICredentialTestFunctions,
				{ id: '1', name: 'pg', type: 'postPurchasePostgresApi', data } as ICredentialsDecrypted,
			);
		expect(await test(cred())).toEqual({ status: 'OK', message: expect.stringContaining('Connection successful') });
		const wrong = await test({ ...cred(), user: 'nobody_pp_test' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/User and Password/);
	});

	it(
		'PostgreSQL restarting between executions: the run during the outage fails clearly, the next run continues ' +
			'with nothing lost',
		async () => {
			if (!available) return;
			const schema = uniqueSchema('node');
			const proxy = new TcpProxy(cred().host, cred().port);
			const port = await proxy.start();
			const run = (parameters: Record<string, unknown>, input?: INodeExecutionData[]) =>
				runNode({
					nodeType: node,
					parameters: { backend: 'postgres', schema, now: NOW, ...parameters },
					credentials: { postPurchasePostgresApi: cred(port) },
					credentialTypes: [new PostPurchasePostgresApi()],
					input,
				});
			try {
				const first = await run({ operation: 'appendEvent' }, [{ json: { key: 'pg-1', source: 'shopify' } }]);
				expect(first.outputs[0][0].json.status).toBe('new');

				await proxy.sever();
				const during = await run({ operation: 'appendEvent' }, [{ json: { key: 'pg-2', source: 'shopify' } }]);
				expect(during.error).toBeDefined();
				expect(during.error!.message).toMatch(/Could not reach PostgreSQL/);
				expect(during.error!.description).toMatch(/re-run the workflow once the database is back/);
				await proxy.restore();

				// The next run: the source re-delivers pg-2 and a duplicate pg-1; nothing lost, nothing doubled.
				const next = await run({ operation: 'appendEvent' }, [
					{ json: { key: 'pg-2', source: 'shopify' } },
					{ json: { key: 'pg-1', source: 'shopify' } },
				]);
				expect(next.outputs[0].map((i) => i.json.status)).toEqual(['new', 'duplicate']);
				const claimed = await run({ operation: 'claimBatch', batchSize: 10 });
				expect(claimed.outputs[0].map((i) => i.json.key)).toEqual(['pg-1', 'pg-2']);
			} finally {
				await proxy.stop();
				await dropSchema(schema);
			}
		},
	);
});

describe('Order Ledger node: Airtable backend', () => {
	let fake: AirtableFake;
	afterEach(() => fake?.uninstall());
	const run = (parameters: Record<string, unknown>, input?: INodeExecutionData[]) =>
		runNode({
			nodeType: node,
			parameters: {
				backend: 'airtable',
				base: { __rl: true, mode: 'id', value: AIRTABLE_BASE },
				now: NOW,
				...parameters,
			},
			credentials: { postPurchaseAirtableApi: { accessToken: AIRTABLE_TOKEN, baseUrl: FAKE_ENDPOINT } },
			credentialTypes: [new PostPurchaseAirtableApi()],
			input,
		});

	it('Upsert Order sends 12 items as two performUpsert requests (10 + 2)', async () => {
		fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
		const input = Array.from({ length: 12 }, (_, i) => ({
			json: { record: bareRecord(`AT${i}`, 'placed', at(i)) as never },
		}));
		const res = await run({ operation: 'upsertOrder' }, input);
		expect(res.error).toBeUndefined();
		expect(res.outputs[0].map((i) => i.json.status)).toEqual(Array(12).fill('created'));
		const writes = fake.requests.filter((r) => r.method === 'PATCH');
		expect(writes.map((w) => (w.body as { records: unknown[] }).records.length)).toEqual([10, 2]);
		expect(fake.violations).toEqual([]);
	});

	it('List Events shows the dead events of an Airtable base (no SQL there), filtered by source', async () => {
		fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
		const input = [
			{ json: { key: 'at-1', source: 'shopify', orderKey: '3001' } },
			{ json: { key: 'at-2', source: 'ups', orderKey: '3002' } },
			{ json: { key: 'at-3', source: 'shopify', orderKey: '3003' } },
		];
		// Each execution paces its own requests (5/s); back-to-back executions here wait out the window
		// between them so the fake's per-base limit measures each run, as separate workflow runs would.
		const nextWindow = () => new Promise((resolve) => setTimeout(resolve, 1100));
		await run({ operation: 'appendEvent' }, input);
		await nextWindow();
		const claimed = (await run({ operation: 'claimBatch', batchSize: 10 })).outputs[0];
		await nextWindow();
		const failed = await run(
			{ operation: 'fail', errorMessage: 'Shopify said 401', failMaxAttempts: 1 },
			claimed.filter((i) => i.json.key !== 'at-3').map((i) => ({ json: i.json })),
		);
		expect(failed.outputs[0].map((i) => i.json.outcome)).toEqual(['dead', 'dead']);
		await nextWindow();

		const dead = await run({ operation: 'listEvents' });
		expect(dead.error).toBeUndefined();
		expect(dead.outputs[0].map((i) => [i.json.key, i.json.status, i.json.lastError, i.pairedItem])).toEqual([
			['at-1', 'dead', 'Shopify said 401', { item: 0 }],
			['at-2', 'dead', 'Shopify said 401', { item: 0 }],
		]);
		expect(dead.outputs[0][0].json.id).toMatch(/^rec/);
		await nextWindow();
		const shopify = await run({ operation: 'listEvents', eventSource: 'shopify', includePayload: true });
		expect(shopify.outputs[0].map((i) => [i.json.key, i.json.payload])).toEqual([['at-1', input[0].json]]);
		expect(fake.violations).toEqual([]);
	});

	describe("the base from the credential's Ledger Base ID when Base is empty", () => {
		const withBase = (base: unknown, credentialBaseId: string | undefined) =>
			runNode({
				nodeType: node,
				parameters: { backend: 'airtable', ...(base === undefined ? {} : { base }), operation: 'setup', now: NOW },
				credentials: {
					postPurchaseAirtableApi: {
						accessToken: AIRTABLE_TOKEN,
						baseUrl: FAKE_ENDPOINT,
						...(credentialBaseId === undefined ? {} : { baseId: credentialBaseId }),
					},
				},
				credentialTypes: [new PostPurchaseAirtableApi()],
			});
		const ready = { ready: true, problems: [] };

		it("Base left at its default (empty, not required): the credential's base, trimmed", async () => {
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			// n8n itself refuses an empty By ID (the mode's validation) before the node runs: only the list mode is empty.
			for (const base of [undefined, { __rl: true, mode: 'list', value: '' }]) {
				const res = await withBase(base, ` ${AIRTABLE_BASE} `);
				expect(res.error).toBeUndefined();
				expect(res.outputs[0][0].json).toMatchObject(ready);
			}
			expect(fake.requests.map((r) => r.path)).toEqual(Array(2).fill(`/v0/meta/bases/${AIRTABLE_BASE}/tables`));
		});

		it("a Base set on the node wins over the credential's", async () => {
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			const res = await withBase({ __rl: true, mode: 'id', value: AIRTABLE_BASE }, 'appSomeOtherBase99');
			expect(res.error).toBeUndefined();
			expect(res.outputs[0][0].json).toMatchObject(ready);
		});

		it('neither: an error naming both fields and what to do; a credential value not a base id: named too', async () => {
			fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
			for (const credentialBaseId of [undefined, '', '  ']) {
				const res = await withBase({ __rl: true, mode: 'list', value: '' }, credentialBaseId);
				expect(res.error?.message).toBe('No Airtable base for the ledger');
				expect(res.error?.description).toMatch(/Set "Ledger Base ID" on the Post-Purchase Airtable API credential/);
				expect(res.error?.description).toMatch(/choose the "Base" on this node/);
			}
			const bad = await withBase(undefined, 'Ledger');
			expect(bad.error?.message).toBe('"Ledger Base ID" in the Airtable credential is not a base ID');
			expect(bad.error?.description).toMatch(/starts with "app"/);
			expect(fake.requests).toEqual([]);
		});
	});

	it('Setup names the missing field', async () => {
		fake = new AirtableFake({
			baseId: AIRTABLE_BASE,
			token: AIRTABLE_TOKEN,
			omitFields: [{ table: 'Orders', field: 'Version' }],
		}).install();
		const res = await run({ operation: 'setup' });
		expect(res.outputs[0][0].json).toMatchObject({
			ready: false,
			problems: [{ table: 'Orders', field: 'Version', problem: 'field_missing' }],
		});
	});

	it("the Base picker lists the token's bases (meta API) and filters by name or id", async () => {
		fake = new AirtableFake({ baseId: AIRTABLE_BASE, token: AIRTABLE_TOKEN }).install();
		const requests: IHttpRequestOptions[] = [];
		const ctx = {
			getCredentials: async () => ({ accessToken: AIRTABLE_TOKEN, baseUrl: FAKE_ENDPOINT }),
			helpers: {
				// What n8n does for a generic credential: the Bearer header from PostPurchaseAirtableApi.authenticate.
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
					requests.push(options);
					const res = await fetch(`${options.url}`, { headers: { Authorization: `Bearer ${AIRTABLE_TOKEN}` } });
					return await res.json();
				},
			},
		} as unknown as ILoadOptionsFunctions;
		const all = await searchBases.call(ctx);
		expect(all.results).toEqual([
			{ name: 'Post-purchase ledger', value: AIRTABLE_BASE, url: `https://airtable.com/${AIRTABLE_BASE}` },
		]);
		expect(requests[0].url).toBe(`${FAKE_ENDPOINT}/v0/meta/bases`);
		expect((await searchBases.call(ctx, 'nothing-like-it')).results).toEqual([]);
		expect((await searchBases.call(ctx, 'LEDGER')).results).toHaveLength(1);
	});
});
