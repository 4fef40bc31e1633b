/**
 * Order Ledger work items (issue 14) through n8n's real engine on the embedded ledger: Claim Batch with
 * "One Item per Order" groups the claimed events per order (nodes/lib/pipeline groupClaimedEvents), adds the
 * stored order and whom to ask about it (planReads), and still outputs an item whose events name no order,
 * with its `error`; Ack and Fail with "Events From: Work Item's Events" settle every event of such an item.
 * The events are appended and the order stored through the node itself, as a workflow would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { closeIdleEmbedded } from '../../nodes/lib/ledger/sql/pgliteDriver';
import { SqlLedgerStore } from '../../nodes/lib/ledger/sqlStore';
import { OrderLedger } from '../../nodes/OrderLedger/OrderLedger.node';
import { OrderState } from '../../nodes/OrderState/OrderState.node';
import { runNode } from '../helpers/n8n';
import { at, delivered, placed, recordFrom, shipped, upsPushItem } from '../integration/ledger/fixtures';
import { runJsCode } from '../unit/pipeline/codeNodes';
import { PARCELS_STILL_MOVING, snapshotsCode } from '../unit/pipeline/sweepCodeNodes';

jest.setTimeout(180_000);

const node = new OrderLedger();
const NOW = at(50);
/** Minutes after NOW, as the ISO time "Now" takes. */
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

interface EventRef {
	id: string;
	key: string;
	leaseToken: string;
	source: string;
	topic: string | null;
}
interface WorkItemJson {
	orderKey: string;
	events: EventRef[];
	observations: Array<{ kind: string; source: string }>;
	hints: Record<string, boolean>;
	problems: string[];
	error: string | null;
	previous?: { orderKey: string; version: number; name?: string } | null;
	reads?: Record<string, unknown>;
}

/** A ledger in a data directory of its own, so each scenario claims exactly the events it appended. */
function ledger(prefix: string) {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	afterAll(async () => {
		// Closed now rather than by its idle timer, so Jest exits as soon as the suite is done.
		await closeIdleEmbedded();
		rmSync(dir, { recursive: true, force: true });
	});
	const run = (
		parameters: Record<string, unknown>,
		input?: INodeExecutionData[],
		{ now = NOW, continueOnFail = false } = {},
	) =>
		runNode({
			nodeType: node,
			parameters: { backend: 'embedded', dataDirectory: dir, now, ...parameters },
			input,
			continueOnFail,
		});
	const claimOrders = async (parameters: Record<string, unknown> = {}, now = NOW) => {
		const res = await run(
			{
				operation: 'claimBatch',
				claimOutput: 'order',
				batchSize: 50,
				leaseSeconds: 60,
				maxAttempts: 5,
				worker: 'work-items',
				...parameters,
			},
			undefined,
			{ now },
		);
		expect(res.error).toBeUndefined();
		return res.outputs[0];
	};
	/** Every stored event by key: its status, attempts and last error. */
	const stored = async () => {
		const res = await run({ operation: 'listEvents', eventStatuses: [] });
		return Object.fromEntries(
			res.outputs[0].map((i) => [
				i.json.key,
				{ status: i.json.status, attempts: i.json.attempts, lastError: i.json.lastError },
			]),
		);
	};
	return { run, claimOrders, stored };
}

const json = (item: INodeExecutionData) => item.json as unknown as WorkItemJson;
const byOrder = (items: INodeExecutionData[], orderKey: string) =>
	items.map(json).find((i) => i.orderKey === orderKey)!;
const asInput = (items: INodeExecutionData[]) => items.map((i) => ({ json: i.json }));

/** A delivery as a trigger hands it to Append Event (key, source, kind, orderKey and the facts it carries). */
const delivery = (key: string, source: string, kind: string, orderKey: string, observations: unknown[]) => ({
	json: { key, source, kind, orderKey, observations } as unknown as IDataObject,
});

describe('Order Ledger node: Claim Batch "One Item per Order"', () => {
	const { run, claimOrders, stored } = ledger('pp-ledger-work-items-');
	const push = upsPushItem('1Z 999 WORK ITEM', 30);
	let items: INodeExecutionData[];

	beforeAll(async () => {
		const appended = await run({ operation: 'appendEvent' }, [
			delivery('w-1', 'shopify', 'orders/create', '1001', [placed('1001', 1)]),
			delivery('w-2', 'shipstation', 'SHIP_NOTIFY', '1001', [shipped('1001', 2)]),
			delivery('w-3', 'shopify', 'orders/create', '1002', [placed('1002', 3)]),
			// A delivery that names no order (nor a parcel): nothing can be reconciled from it.
			{ json: { key: 'w-4', source: 'shopify', kind: 'orders/updated' } },
			// A carrier push for a parcel no stored order or event names yet.
			{ json: push as unknown as IDataObject },
		]);
		expect(appended.outputs[0].map((i) => i.json.status)).toEqual(['new', 'new', 'new', 'new', 'new']);
		// 1001 is stored, its warehouse heard from 15 minutes before NOW; 1002 is not stored yet.
		const upserted = await run({ operation: 'upsertOrder' }, [
			{ json: { record: recordFrom([placed('1001', 0), shipped('1001', 49.75)], 49.75) as never } },
		]);
		expect(upserted.outputs[0][0].json.status).toBe('created');
		items = await claimOrders({ warehouseFreshMinutes: 30 });
	});

	it('one item per order with all its claimed events, in claim order, each paired with the input item', async () => {
		expect(items.map((i) => json(i).orderKey)).toEqual(['1001', '1002', '', '']);
		expect(items.map((i) => i.pairedItem)).toEqual(Array(4).fill({ item: 0 }));
		const first = byOrder(items, '1001');
		expect(first.events.map((e) => [e.key, e.source, e.topic])).toEqual([
			['w-1', 'shopify', 'orders/create'],
			['w-2', 'shipstation', 'SHIP_NOTIFY'],
		]);
		// The ids and lease tokens are the ledger's: what Ack and Fail must present.
		const listed = await run({ operation: 'listEvents', eventStatuses: ['processing'], eventOrderKey: '1001' });
		expect(first.events.map((e) => e.id)).toEqual(listed.outputs[0].map((i) => i.json.id));
		expect(first.events.every((e) => /^[0-9a-f-]{36}$/.test(e.leaseToken))).toBe(true);
		expect(first.observations.map((o) => [o.source, o.kind])).toEqual([
			['shopify', 'order'],
			['shipstation', 'shipment'],
		]);
		expect(first.hints).toEqual({ shopifyInHand: true, warehouseInHand: false, notificationsOnly: false });
		expect(first).toMatchObject({ problems: [], error: null });
		expect(byOrder(items, '1002').events.map((e) => e.key)).toEqual(['w-3']);
	});

	it('adds the stored order (null when not stored) and whom to ask, judged against "Now"', () => {
		const first = byOrder(items, '1001');
		expect(first.previous).toMatchObject({ orderKey: '1001', version: 1, name: '#1001' });
		// The warehouse was heard from 15 minutes ago, within the 30 minutes: not asked again.
		expect(first.reads).toEqual({
			askVendors: true,
			askShopify: true,
			askWarehouse: false,
			shopifyOrderId: 'gid://shopify/Order/1001',
			orderName: '#1001',
		});
		const second = byOrder(items, '1002');
		expect(second.previous).toBeNull();
		// Not stored: everyone is asked, under the keys its Shopify event gave.
		expect(second.reads).toEqual({
			askVendors: true,
			askShopify: true,
			askWarehouse: true,
			shopifyOrderId: 'gid://shopify/Order/1002',
			orderName: '#1002',
		});
	});

	it('still outputs an event that names no order, alone, with its problem as `error` and nobody to ask', () => {
		const [orderless, parcel] = items.slice(2).map(json);
		expect(orderless).toMatchObject({
			orderKey: '',
			events: [expect.objectContaining({ key: 'w-4' })],
			problems: ['Event w-4 names no order'],
			error: 'Event w-4 names no order',
			previous: null,
			reads: { askVendors: false, askShopify: false, askWarehouse: false, shopifyOrderId: '', orderName: '' },
		});
		// The push's reason (Claim Batch's normaliseError) names the parcel and what to do.
		expect(parcel.events.map((e) => e.key)).toEqual([push.key]);
		expect(parcel.error).toMatch(
			new RegExp(`^Event ${push.key} names no order: Tracking number 1Z999WORKITEM matched no order.*Replay`),
		);
		expect(parcel.problems).toEqual([parcel.error]);
	});

	it(
		'Fail and Ack with "Work Item\'s Events" settle every event of each item: one output per event, paired ' +
			"with its work item; Fail records the item's `error`",
		async () => {
			const failed = await run({ operation: 'fail', eventsFrom: 'workItem' }, asInput(items.slice(2)));
			expect(failed.error).toBeUndefined();
			expect(failed.outputs[0].map((i) => [i.json.id, i.json.outcome, i.pairedItem])).toEqual([
				[json(items[2]).events[0].id, 'retry_scheduled', { item: 0 }],
				[json(items[3]).events[0].id, 'retry_scheduled', { item: 1 }],
			]);

			const acked = await run({ operation: 'ack', eventsFrom: 'workItem' }, asInput(items.slice(0, 2)));
			expect(acked.error).toBeUndefined();
			expect(
				acked.outputs[0].map((i) => [(i.json.event as { key: string }).key, i.json.outcome, i.pairedItem]),
			).toEqual([
				['w-1', 'acked', { item: 0 }],
				['w-2', 'acked', { item: 0 }],
				['w-3', 'acked', { item: 1 }],
			]);

			const events = await stored();
			expect(events['w-4']).toEqual({ status: 'failed', attempts: 1, lastError: 'Event w-4 names no order' });
			expect(events[push.key]).toEqual({ status: 'failed', attempts: 1, lastError: json(items[3]).error });
			expect([events['w-1'], events['w-2'], events['w-3']].map((e) => e.status)).toEqual(['done', 'done', 'done']);
		},
	);
});

describe('Order Ledger node: work items over time (options, stale leases, errors)', () => {
	const { run, claimOrders, stored } = ledger('pp-ledger-work-items-lease-');
	let first: INodeExecutionData[];
	let second: INodeExecutionData[];

	beforeAll(async () => {
		await run({ operation: 'appendEvent' }, [
			delivery('s-1', 'shopify', 'orders/updated', '2001', [placed('2001', 1)]),
			delivery('s-2', 'ups', 'tracking', '2001', []),
		]);
		await run({ operation: 'upsertOrder' }, [
			{ json: { record: recordFrom([placed('2001', 0), shipped('2001', 49.75)], 49.75) as never } },
		]);
	});

	it('Warehouse Fresh 0 asks the warehouse though it was heard from 15 minutes ago', async () => {
		first = await claimOrders({ warehouseFreshMinutes: 0 });
		expect(first).toHaveLength(1);
		expect(json(first[0]).reads).toMatchObject({ askVendors: true, askWarehouse: true });
	});

	it('Include Stored Order off: no `previous` and no `reads` (the plan needs the stored order)', async () => {
		// The first claim's lease (60 s) ran out: the events are claimed again, under a new lease token.
		second = await claimOrders({ includeRecord: false }, later(2));
		expect(second).toHaveLength(1);
		const item = json(second[0]);
		expect(item).toMatchObject({ orderKey: '2001', problems: [], error: null });
		expect(item).not.toHaveProperty('previous');
		expect(item).not.toHaveProperty('reads');
		expect(item.events.map((e) => e.key)).toEqual(['s-1', 's-2']);
		expect(item.events[0].leaseToken).not.toBe(json(first[0]).events[0].leaseToken);
	});

	it('a work item whose lease ran out is refused as before (lease_lost); the current one is acked', async () => {
		const stale = asInput(first);
		const ackStale = await run({ operation: 'ack', eventsFrom: 'workItem' }, stale, { now: later(3) });
		expect(ackStale.outputs[0].map((i) => i.json.outcome)).toEqual(['lease_lost', 'lease_lost']);
		const failStale = await run({ operation: 'fail', eventsFrom: 'workItem', errorMessage: 'too late' }, stale, {
			now: later(3),
		});
		expect(failStale.outputs[0].map((i) => i.json.outcome)).toEqual(['lease_lost', 'lease_lost']);
		expect((await stored())['s-1']).toMatchObject({ status: 'processing', attempts: 2 });

		const acked = await run({ operation: 'ack', eventsFrom: 'workItem' }, asInput(second), { now: later(3) });
		expect(acked.outputs[0].map((i) => i.json.outcome)).toEqual(['acked', 'acked']);
		expect((await stored())['s-2']).toMatchObject({ status: 'done', lastError: null });
	});

	it('a bad "Warehouse Fresh (Minutes)" stops the node before anything is claimed', async () => {
		await run({ operation: 'appendEvent' }, [delivery('s-3', 'shopify', 'orders/updated', '2002', [])], {
			now: later(4),
		});
		const res = await run(
			{ operation: 'claimBatch', claimOutput: 'order', warehouseFreshMinutes: '={{ -5 }}' },
			undefined,
			{ now: later(4) },
		);
		expect(res.error?.message).toBe('"Warehouse Fresh (Minutes)" must be 0 or more (got -5)');
		expect(res.error?.description).toMatch(/how many minutes a warehouse answer stays good/);
		expect((await stored())['s-3']).toMatchObject({ status: 'pending', attempts: 0 });
	});

	it(
		'an item without its events: with "Continue On Fail" an error item naming "Events" on that item while the ' +
			'others are settled; without, the node stops',
		async () => {
			const [claimed] = await claimOrders({}, later(5));
			expect(json(claimed).events.map((e) => e.key)).toEqual(['s-3']);
			const lost = { json: { orderKey: '2002', error: 'the events were dropped on the way' } };
			const noToken = { json: { events: [{ id: json(claimed).events[0].id }] } as unknown as IDataObject };

			const stopped = await run({ operation: 'fail', eventsFrom: 'workItem' }, [lost], { now: later(5) });
			expect(stopped.error?.message).toBe('"Events" holds no claimed events (got nothing)');
			expect(stopped.error?.description).toMatch(/keep that field on the item/);

			const res = await run(
				{ operation: 'fail', eventsFrom: 'workItem', failMaxAttempts: 1 },
				[lost, { json: claimed.json }, noToken],
				{ now: later(5), continueOnFail: true },
			);
			expect(res.outputs[0].map((i) => [i.json.outcome ?? i.json.error, i.pairedItem])).toEqual([
				['"Events" holds no claimed events (got nothing)', { item: 0 }],
				['dead', { item: 1 }],
				[`"Events" entry 1 (event ${json(claimed).events[0].id}) has no leaseToken`, { item: 2 }],
			]);
			// No `error` on the item: Fail's default error text.
			expect((await stored())['s-3']).toEqual({ status: 'dead', attempts: 1, lastError: 'processing failed' });
		},
	);

	it('Ack settles every item in one call; an item without its events fails alone, paired with itself', async () => {
		await run(
			{ operation: 'appendEvent' },
			[
				delivery('s-4', 'shopify', 'orders/updated', '2003', []),
				delivery('s-5', 'shopify', 'orders/updated', '2004', []),
			],
			{ now: later(6) },
		);
		const claimed = await claimOrders({}, later(6));
		expect(claimed.map((c) => json(c).orderKey)).toEqual(['2003', '2004']);
		const lost = { json: { orderKey: '2005' } };
		const ackCalls = jest.spyOn(SqlLedgerStore.prototype, 'ack');
		const res = await run(
			{ operation: 'ack', eventsFrom: 'workItem' },
			[{ json: claimed[0].json }, lost, { json: claimed[1].json }],
			{ now: later(6), continueOnFail: true },
		);
		expect(res.outputs[0].map((i) => [i.json.outcome ?? i.json.error, i.pairedItem])).toEqual([
			['acked', { item: 0 }],
			['"Events" holds no claimed events (got nothing)', { item: 1 }],
			['acked', { item: 2 }],
		]);
		expect(ackCalls).toHaveBeenCalledTimes(1);
		ackCalls.mockRestore();
		expect((await stored())['s-4']).toMatchObject({ status: 'done' });
		expect((await stored())['s-5']).toMatchObject({ status: 'done' });
	});
});

describe('the work item through the processor chain with every parameter at its default', () => {
	const { run, claimOrders, stored } = ledger('pp-ledger-work-item-chain-');
	const orderState = (parameters: IDataObject, items: INodeExecutionData[]) =>
		runNode({ nodeType: new OrderState(), parameters, input: asInput(items) });
	/** The end of the chain: Plan Follow-Ups, then Ack of its Done output, which holds the work item's events. */
	const planAndAck = async (items: INodeExecutionData[], claimed: INodeExecutionData) => {
		const planned = await orderState({ operation: 'planFollowUps' }, items);
		expect(planned.error).toBeUndefined();
		const done = planned.outputs[3];
		expect(done.map((i) => i.json.id)).toEqual(json(claimed).events.map((e) => e.id));
		const acked = await run({ operation: 'ack' }, asInput(done));
		expect(acked.error).toBeUndefined();
		return acked;
	};

	it('Claim Batch, Reconcile, Plan Follow-Ups, Ack: built on the stored order, its events acknowledged', async () => {
		// 1001 is stored as shipped with its name; the new event only says the warehouse shipped it again.
		const upserted = await run({ operation: 'upsertOrder' }, [
			{ json: { record: recordFrom([placed('1001', 0), shipped('1001', 2)], 2) as never } },
		]);
		expect(upserted.outputs[0][0].json.status).toBe('created');
		await run({ operation: 'appendEvent' }, [
			delivery('c-1', 'shipstation', 'SHIP_NOTIFY', '1001', [shipped('1001', 3)]),
		]);
		const claimed = await claimOrders();

		const reconciled = await orderState({ operation: 'reconcile', now: NOW }, claimed);
		expect(reconciled.error).toBeUndefined();
		const result = reconciled.outputs[0][0].json as unknown as { record: { version: number; name?: string } };
		// Reconcile read the stored order from `previous` (its default field): the record goes on from it, with the
		// name only the stored order had, instead of starting over from this event's facts.
		expect(result.record).toMatchObject({ name: '#1001' });
		// The stored order's version, which Upsert Order checks (optimistic concurrency) when it is saved.
		expect(result.record.version).toBe(1);

		await planAndAck(reconciled.outputs[0], claimed[0]);
		expect((await stored())['c-1']).toMatchObject({ status: 'done' });
	});
	it(
		'Claim Batch, Reconcile, Upsert Order, Plan Follow-Ups, Ack: Upsert passes the Reconcile item on with the ' +
			'stored record, so the follow-ups are planned on what was saved',
		async () => {
			// A bare record keeps today's output: status, retries and the stored record, nothing else.
			const upserted = await run({ operation: 'upsertOrder' }, [
				{ json: recordFrom([placed('1011', 0), shipped('1011', 2)], 2) as never },
			]);
			expect(Object.keys(upserted.outputs[0][0].json).sort()).toEqual(['record', 'retries', 'status']);
			await run({ operation: 'appendEvent' }, [
				delivery('u-1', 'shipstation', 'SHIP_NOTIFY', '1011', [shipped('1011', 3)]),
				delivery('u-2', 'ups', 'tracking', '1011', [delivered('1011', 30)]),
			]);
			const claimed = await claimOrders();
			expect(claimed.map((i) => json(i).orderKey)).toEqual(['1011']);

			const reconciled = await orderState({ operation: 'reconcile', now: NOW }, claimed);
			expect(reconciled.error).toBeUndefined();
			const decided = reconciled.outputs[0][0].json;
			expect((decided.record as { version: number }).version).toBe(1);

			const saved = await run({ operation: 'upsertOrder' }, asInput(reconciled.outputs[0]));
			expect(saved.error).toBeUndefined();
			const out = saved.outputs[0][0];
			expect(out.pairedItem).toEqual({ item: 0 });
			// Every field of the Reconcile item, the record replaced by the stored one (version 2), and the status.
			const { record, status, retries, cases, ...rest } = out.json;
			const { record: unsaved, ...reconcileFields } = decided;
			expect(rest).toEqual(reconcileFields);
			// "Record Its Cases" (on by default) opened the cases Reconcile opened (OrderLedger.upsertCases.test.ts).
			const openedIds = (decided.opened as Array<{ id: string }>).map((c) => c.id);
			// None posted yet: the new cases are also the order's unposted ones.
			expect(cases).toEqual({
				opened: openedIds,
				existing: [],
				resolved: [],
				unposted: openedIds.map((id) => expect.objectContaining({ id, resolvedAt: null })),
			});
			expect({ status, retries }).toEqual({ status: 'updated', retries: 0 });
			expect(record).toMatchObject({ orderKey: '1011', stage: 'delivered', version: 2 });
			expect((unsaved as { stage: string }).stage).toBe('delivered');
			const got = await run({ operation: 'getOrder', lookupOrderKey: '1011' });
			expect(got.outputs[0][0].json.record).toEqual(record);

			const acked = await planAndAck(saved.outputs[0], claimed[0]);
			expect(acked.outputs[0].map((i) => i.json.outcome)).toEqual(['acked', 'acked']);
			const events = await stored();
			expect([events['u-1'].status, events['u-2'].status]).toEqual(['done', 'done']);
		},
	);
});

describe('the sweep: Append Event "Snapshot Content", List Orders "One Item per Parcel Still Moving"', () => {
	const { run } = ledger('pp-ledger-sweep-');
	const snapshot = (orderKey: unknown, observations: unknown[]) => ({
		json: { orderKey, observations } as IDataObject,
	});
	const appendSnapshots = (input: INodeExecutionData[], snapshotSource = '3pl') =>
		run({ operation: 'appendEvent', eventKeyFrom: 'snapshot', snapshotSource }, input);

	it(
		'stores each snapshot under the key the old "3PL snapshots" Code node gave (an event it stored is a ' +
			'duplicate), and outputs an item with nothing to store with its reason, paired with it',
		async () => {
			const facts = [shipped('3001', 2), placed('3001', 1)];
			// What the old template stored: its Code node's item, appended with the key, source, kind and order.
			const [old] = runJsCode(snapshotsCode('3pl'), { input: [snapshot('3001', facts).json] }) as IDataObject[];
			const before = await run({ operation: 'appendEvent' }, [{ json: old }]);
			expect(before.outputs[0][0].json.status).toBe('new');

			const res = await appendSnapshots([
				snapshot('3001', [...facts].reverse()),
				snapshot('3002', []),
				snapshot(null, [placed('3003', 1)]),
				{ json: { observation: null, orderKey: '3004' } },
			]);
			expect(res.error).toBeUndefined();
			expect(res.outputs[0].map((i) => [i.json.status, i.pairedItem])).toEqual([
				['duplicate', { item: 0 }],
				['nothing_to_store', { item: 1 }],
				['new', { item: 2 }],
				['nothing_to_store', { item: 3 }],
			]);
			expect(res.outputs[0][1].json).toEqual({
				status: 'nothing_to_store',
				reason: 'Nothing to store: it carries no observations',
				orderKey: '3002',
			});
			const stored = res.outputs[0][2].json.event as IDataObject;
			expect(stored).toMatchObject({ source: '3pl', topic: 'sweep', orderKey: '3003' });
			expect(stored.key).toMatch(/^sweep:3pl:3003:[0-9a-f]+$/);
			expect(stored.payload).toEqual({
				key: stored.key,
				source: '3pl',
				kind: 'sweep',
				orderKey: '3003',
				observations: asJsonOf([placed('3003', 1)]),
			});
		},
	);

	it('an empty "Snapshot Source" stops the node naming the field', async () => {
		const res = await appendSnapshots([snapshot('3001', [placed('3001', 1)])], ' ');
		expect(res.error?.message).toBe('"Snapshot Source" is empty');
		expect(res.error?.description).toMatch(/shopify, 3pl, shipstation or carrier/);
	});

	it('List Orders per parcel: each parcel still moving, as "Parcels still moving" listed them', async () => {
		const records = [
			recordFrom([placed('3101', 0), shipped('3101', 2)], 2),
			recordFrom([placed('3102', 0), shipped('3102', 2), delivered('3102', 20)], 20),
			recordFrom([placed('3103', 0)], 1),
		];
		await run(
			{ operation: 'upsertOrder' },
			records.map((record) => ({ json: { record } as never })),
		);
		const byParcel = await run({ operation: 'listOrders', listOutput: 'parcel' });
		expect(byParcel.error).toBeUndefined();
		expect(byParcel.outputs[0].map((i) => i.json)).toEqual([
			{ orderKey: '3101', trackingNumber: '1Z3101', trackingCompany: 'UPS' },
		]);
		const byOrder = await run({ operation: 'listOrders' });
		expect(runJsCode(PARCELS_STILL_MOVING, { input: byOrder.outputs[0].map((i) => i.json) })).toEqual(
			byParcel.outputs[0].map((i) => i.json),
		);
	});
});

function asJsonOf(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value));
}
