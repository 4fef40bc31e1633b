import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerEvent, LedgerStore } from '../../../lib/ledger';
import { requireText } from '../../../lib/ledger/validate';
import type { OrderRecord } from '../../../lib/order';
import {
	groupClaimedEvents,
	planReads,
	problemOf,
	type OrderWorkItem,
	type PlanReadsOptions,
	type ReadPlan,
} from '../../../lib/pipeline';
import { readNow, show, type ItemExecute } from './common';

const op = ['claimBatch'];

export const description: INodeProperties[] = [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'How many due events to take',
		displayOptions: show(op),
	},
	{
		displayName: 'Lease (Seconds)',
		name: 'leaseSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description:
			'How long this run owns the events. If it dies without Ack or Fail, they are claimable again after this.',
		displayOptions: show(op),
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		description: 'An event whose lease ran out this many times goes to dead-letter',
		displayOptions: show(op),
	},
	{
		displayName: 'Worker Name',
		name: 'worker',
		type: 'string',
		default: '={{ "execution " + $execution.id }}',
		description: 'Recorded as leased_by, to trace who held an event',
		displayOptions: show(op),
	},
	{
		displayName: 'Output',
		name: 'claimOutput',
		type: 'options',
		options: [
			{
				name: 'One Item per Event',
				value: 'event',
				description: 'Each claimed event as stored (ID, lease token, payload, attempts...)',
			},
			{
				name: 'One Item per Order',
				value: 'order',
				description:
					"A work item per order: the order's claimed events (to Ack or Fail at the end), the facts they carry " +
					'and, optionally, the stored order and whom to ask about it',
			},
		],
		default: 'event',
		description:
			'One item per order: the events of one order (created, paid, fulfilled...) come out as one item, so each ' +
			'later step runs once per order. An item whose events name no order still comes out, with `problems` and ' +
			'`error` set: route it with an IF on {{ $json.error }} (is not empty) to Fail with "Events From: Work ' +
			'Item\'s Events".',
		displayOptions: show(op),
	},
	{
		displayName: 'Include Stored Order',
		name: 'includeRecord',
		type: 'boolean',
		default: true,
		description:
			'Whether to add `previous` (the order as the ledger stores it, null when not stored yet: Order State ' +
			"Reconcile's default Previous Record Field) and `reads` (whom to ask about it: Shopify, the warehouse) to " +
			'each item. The read plan needs the stored order, so it comes with it.',
		displayOptions: { show: { operation: op, claimOutput: ['order'] } },
	},
	{
		displayName: 'Warehouse Fresh (Minutes)',
		name: 'warehouseFreshMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30,
		description:
			'A warehouse heard from about the order this recently (a stored fact) is not asked again: asking one order ' +
			'at a time spends the rate limit (ShipStation allows 40 calls a minute). 0 asks every time, unless these ' +
			'events brought the warehouse\'s view. Judged against "Now".',
		displayOptions: { show: { operation: op, claimOutput: ['order'], includeRecord: [true] } },
	},
];

export const execute: ItemExecute = async function (store, i) {
	// Every parameter is read before claiming: a mistake found after the claim would leave the events
	// leased to a run that does nothing with them until the lease runs out (and costs them an attempt).
	const now = readNow(this, i);
	const perOrder = this.getNodeParameter('claimOutput', i, 'event') === 'order';
	const stored = perOrder && (this.getNodeParameter('includeRecord', i, true) as boolean);
	const warehouseFreshMinutes = stored ? readFreshMinutes(this, i) : 0;
	const events = await store.claimBatch({
		worker: this.getNodeParameter('worker', i, 'n8n') as string,
		limit: this.getNodeParameter('batchSize', i) as number,
		leaseSeconds: this.getNodeParameter('leaseSeconds', i) as number,
		maxAttempts: this.getNodeParameter('maxAttempts', i) as number,
		now,
	});
	const presented = events.map(present);
	if (!perOrder) return presented as unknown as IDataObject[];
	const items = groupClaimedEvents(presented);
	if (!stored) return items.map((item) => ({ ...item, error: problemOf(item) }) as unknown as IDataObject);
	const options = { nowMs: Date.parse(now), warehouseFreshMinutes };
	return (await withStoredOrders(store, items, options)) as IDataObject[];
};

/** Nobody to ask: the plan of an item that cannot be processed, so no step reads vendors for it by mistake. */
const NO_READS: ReadPlan = {
	askVendors: false,
	askShopify: false,
	askWarehouse: false,
	shopifyOrderId: '',
	orderName: '',
};

/**
 * The work items with their stored orders and read plans. Every order of the batch is read at once (one
 * query on SQL, one request per 50 orders on Airtable) rather than one read per order. A read that fails
 * becomes the error of every item that needed it instead of stopping the node: their claimed events are then
 * failed with that reason (retried with back-off) rather than held until their lease runs out.
 */
async function withStoredOrders(
	store: LedgerStore,
	items: OrderWorkItem[],
	options: PlanReadsOptions,
): Promise<unknown[]> {
	// An item whose events name no order, or name it by a key the ledger refuses (blank), is not read:
	// its own error, found before the read, cannot then fail its neighbours' read.
	const keys = items.filter((item) => !problemOf(item) && !keyProblem(item)).map((item) => item.orderKey);
	const stored = await store.getOrders(keys).catch((error: unknown) => messageOf(error));
	return items.map((item) => withStoredOrder(item, stored, options));
}

/** One work item given the batch read: the stored orders, or why they could not be read. */
function withStoredOrder(
	item: OrderWorkItem,
	stored: Map<string, OrderRecord> | string,
	options: PlanReadsOptions,
): unknown {
	const problem = problemOf(item);
	if (problem) return { ...item, error: problem, previous: null, reads: NO_READS };
	const refused = keyProblem(item);
	if (refused !== null || typeof stored === 'string') {
		const reason = `Could not read order ${item.orderKey} from the ledger: ${refused ?? stored}`;
		return { ...item, problems: [...item.problems, reason], error: reason, previous: null, reads: NO_READS };
	}
	const record = stored.get(item.orderKey) ?? null;
	// `previous`: the name Order State's Reconcile reads the stored order from by default.
	return { ...item, error: null, previous: record, reads: planReads(item, record, options) };
}

/** What the ledger says of this item's key when it refuses it (the check getOrder and getOrders make). */
function keyProblem(item: OrderWorkItem): string | null {
	try {
		requireText(item.orderKey, 'order key');
		return null;
	} catch (error) {
		return messageOf(error);
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** "Warehouse Fresh (Minutes)": a number of minutes, 0 or more (an expression may give anything). */
function readFreshMinutes(ctx: IExecuteFunctions, i: number): number {
	const value = ctx.getNodeParameter('warehouseFreshMinutes', i, 30) as unknown;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
		throw new NodeOperationError(
			ctx.getNode(),
			`"Warehouse Fresh (Minutes)" must be 0 or more (got ${JSON.stringify(value)})`,
			{
				itemIndex: i,
				description: 'Set it to how many minutes a warehouse answer stays good (30 by default); 0 asks every time.',
			},
		);
	return value;
}

/**
 * A parcel still matched to no order: its payload carries the reason as `normaliseError`, which the
 * event processor puts in the error it records ("names no order: Tracking number ... matched no order
 * ..."), so Dead-letter review says which parcel and what to do. Only the output; the stored payload
 * is unchanged.
 */
function present(e: LedgerEvent): LedgerEvent {
	const p = e.parcel;
	if (!p || p.matched || typeof e.payload !== 'object' || e.payload === null || Array.isArray(e.payload)) return e;
	const payload = e.payload as Record<string, unknown>;
	if (payload.normaliseError) return e;
	return { ...e, payload: { ...payload, normaliseError: p.message } };
}
