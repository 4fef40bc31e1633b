/** List Events: the stored deliveries by status, source and order, for dead-letter review on any backend. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { EVENT_STATUSES, type EventStatus, type LedgerEvent } from '../../../lib/ledger';
import { show, type ItemExecute } from './common';

const op = ['listEvents'];
const label = (v: string) => v.replace(/^./, (c) => c.toUpperCase());

/**
 * The store reads in one go (no pages; Airtable reads every matching record anyway), and every event
 * becomes an item: this caps what one run can put on the canvas.
 */
export const MAX_EVENTS = 1000;

export const description: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'eventStatuses',
		type: 'multiOptions',
		options: EVENT_STATUSES.map((s) => ({ name: label(s), value: s })),
		default: ['dead'],
		description:
			'Only events in any of these statuses (none chosen: any status). Dead: gave up after Max Attempts; failed: ' +
			'waiting for a retry.',
		displayOptions: show(op),
	},
	{
		displayName: 'Source',
		name: 'eventSource',
		type: 'string',
		default: '',
		placeholder: 'e.g. shopify',
		description: 'Only events appended with exactly this source (shopify, shipstation, ups, ...). Empty: any source.',
		displayOptions: show(op),
	},
	{
		displayName: 'Order Number',
		name: 'eventOrderKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1001',
		description: 'Only events of this order (without "#"). Empty: every order.',
		displayOptions: show(op),
	},
	{
		displayName: 'Limit',
		name: 'eventLimit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_EVENTS },
		default: 50,
		description:
			`Max number of results to return, oldest first (at most ${MAX_EVENTS.toLocaleString('en-US')}: narrow by ` +
			`source or order number, or replay and list again, to see more)`,
		displayOptions: show(op),
	},
	{
		displayName: 'Include Payload',
		name: 'includePayload',
		type: 'boolean',
		default: false,
		description: "Whether to add each event's stored payload (the whole webhook body, often large) to its item",
		displayOptions: show(op),
	},
];

/** Multi-options arrive as a list; an expression may give one status or a comma-separated text instead. */
function readStatuses(ctx: IExecuteFunctions, i: number): EventStatus[] {
	const raw = ctx.getNodeParameter('eventStatuses', i, ['dead']) as unknown;
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
	const statuses = list
		.map((s) =>
			String(s ?? '')
				.trim()
				.toLowerCase(),
		)
		.filter(Boolean);
	const unknown = statuses.find((s) => !(EVENT_STATUSES as readonly string[]).includes(s));
	if (unknown !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `"Status" has an unknown event status: ${JSON.stringify(unknown)}`, {
			itemIndex: i,
			description:
				`Choose from ${EVENT_STATUSES.join(', ')} (an expression may return one of them, a list, or a ` +
				`comma-separated text such as "dead,failed").`,
		});
	}
	return statuses as EventStatus[];
}

function readLimit(ctx: IExecuteFunctions, i: number): number {
	const raw = ctx.getNodeParameter('eventLimit', i, 50) as unknown;
	const limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Limit" must be a whole number from 1 to ${MAX_EVENTS} (got ${JSON.stringify(raw)})`,
			{
				itemIndex: i,
				description:
					`Set "Limit" to how many events to list, e.g. 50. For more than ${MAX_EVENTS}, narrow the list with ` +
					`"Source" or "Order Number".`,
			},
		);
	}
	return limit;
}

function readText(ctx: IExecuteFunctions, name: string, i: number): string | undefined {
	const raw = ctx.getNodeParameter(name, i, '') as unknown;
	const text = raw === null || raw === undefined ? '' : String(raw).trim();
	return text === '' ? undefined : text;
}

/** What a person reviewing failures reads; the lease token stays out (it would let anyone ack the event). */
export function reviewItem(e: LedgerEvent, includePayload: boolean): IDataObject {
	const item: IDataObject = {
		id: e.id,
		key: e.key,
		source: e.source,
		topic: e.topic,
		orderKey: e.orderKey,
		status: e.status,
		attempts: e.attempts,
		lastError: e.lastError,
		receivedAt: e.receivedAt,
		updatedAt: e.updatedAt,
		nextAttemptAt: e.nextAttemptAt,
		leasedBy: e.leasedBy,
		leaseExpiresAt: e.leaseExpiresAt,
		doneAt: e.doneAt,
		replayedBy: e.replayedBy,
		replayedAt: e.replayedAt,
	};
	if (includePayload) item.payload = e.payload as IDataObject;
	return item;
}

export const execute: ItemExecute = async function (store, i) {
	const status = readStatuses(this, i);
	const limit = readLimit(this, i);
	// "#1001" is how people write order numbers; the ledger keys orders without the "#".
	const orderKey = readText(this, 'eventOrderKey', i)?.replace(/^#/, '');
	const events = await store.listEvents({ status, source: readText(this, 'eventSource', i), orderKey, limit });
	const includePayload = this.getNodeParameter('includePayload', i, false) as boolean;
	return events.map((e) => reviewItem(e, includePayload));
};
