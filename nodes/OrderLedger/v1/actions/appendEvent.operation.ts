import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NewEvent } from '../../../lib/ledger';
import { snapshotEvent } from '../../../lib/pipeline';
import { readJson, readNow, show, type BatchExecute } from './common';

const op = ['appendEvent'];
type KeyFrom = 'parameter' | 'snapshot';
const keyFrom = (value: KeyFrom) => ({ show: { operation: op, eventKeyFrom: [value] } });

export const description: INodeProperties[] = [
	{
		displayName: 'Event Key From',
		name: 'eventKeyFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Idempotency Key Parameter',
				value: 'parameter',
				description: 'The key, source, topic, order and payload set below (a webhook delivery)',
			},
			{
				name: 'Snapshot Content',
				value: 'snapshot',
				description:
					"The reconciliation sweep: each item is one source's snapshot of one order (its `observations` and " +
					'`orderKey`), keyed by the facts themselves, so an unchanged snapshot is a duplicate',
			},
		],
		default: 'parameter',
		description: 'Where the event and its idempotency key come from',
		displayOptions: show(op),
	},
	{
		displayName: 'Snapshot Source',
		name: 'snapshotSource',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. shopify, 3pl, shipstation, carrier',
		description:
			'Which question of the sweep the snapshots answer; part of the key, so keep it unchanged once the sweep runs',
		displayOptions: keyFrom('snapshot'),
	},
	{
		displayName: 'Idempotency Key',
		name: 'eventKey',
		type: 'string',
		required: true,
		default: '={{ $json.key }}',
		description:
			'The same delivery always carries the same key (e.g. X-Shopify-Event-ID); a repeat is stored once and ' +
			'reported as a duplicate',
		displayOptions: keyFrom('parameter'),
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		required: true,
		default: '={{ $json.source }}',
		description: 'Which system sent it (shopify, shipstation, ups, ...)',
		displayOptions: keyFrom('parameter'),
	},
	{
		displayName: 'Topic',
		name: 'topic',
		type: 'string',
		default: '={{ $json.kind ?? "" }}',
		description: 'Webhook topic or observation kind',
		displayOptions: keyFrom('parameter'),
	},
	{
		displayName: 'Order Key',
		name: 'orderKey',
		type: 'string',
		default: '={{ $json.orderKey ?? "" }}',
		description:
			'The order number without "#", when known. Empty for a carrier push: its order is found by tracking number ' +
			'(the output says matched: true or false).',
		displayOptions: keyFrom('parameter'),
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		default: '={{ $json }}',
		description: 'What to store: by default the whole input item',
		displayOptions: keyFrom('parameter'),
	},
];

/** An item the sweep had nothing to say about: output as such, neither stored nor dropped. */
interface NothingToStore {
	reason: string;
	orderKey?: string;
}

function readEvent(ctx: IExecuteFunctions, i: number): NewEvent | NothingToStore {
	if ((ctx.getNodeParameter('eventKeyFrom', i, 'parameter') as KeyFrom) === 'snapshot') {
		const source = String(ctx.getNodeParameter('snapshotSource', i, '') ?? '').trim();
		if (!source)
			throw new NodeOperationError(ctx.getNode(), '"Snapshot Source" is empty', {
				itemIndex: i,
				description:
					'Name the sweep question these snapshots answer (shopify, 3pl, shipstation or carrier): it is part of ' +
					'each event key.',
			});
		const outcome = snapshotEvent(ctx.getInputData()[i]?.json, source);
		return 'event' in outcome
			? outcome.event
			: { reason: outcome.nothingToStore, ...(outcome.orderKey ? { orderKey: outcome.orderKey } : {}) };
	}
	return {
		key: String(ctx.getNodeParameter('eventKey', i, '') ?? ''),
		source: String(ctx.getNodeParameter('source', i, '') ?? ''),
		topic: (ctx.getNodeParameter('topic', i, '') as string) || null,
		orderKey: (ctx.getNodeParameter('orderKey', i, '') as string) || null,
		payload: readJson(ctx, 'payload', i, null),
	};
}

/** All items at once: Airtable sends them 10 per request; SQL stores commit each append. */
export const batched = true;

export const execute: BatchExecute = async function (store, indexes) {
	const now = readNow(this, indexes[0] ?? 0);
	const events: Array<NewEvent | NothingToStore | Error> = indexes.map((i) => {
		try {
			return readEvent(this, i);
		} catch (error) {
			return error as Error;
		}
	});
	const toStore = (e: (typeof events)[number]): e is NewEvent => !(e instanceof Error) && 'key' in e;
	const results = await store.appendEvents(events.filter(toStore), now);
	let next = 0;
	return events.map((e) => {
		if (e instanceof Error) return e;
		if (!toStore(e)) return [{ status: 'nothing_to_store', ...e }];
		const r = results[next++];
		if (r instanceof Error) return r;
		const item: IDataObject = { status: r.status, event: r.event as unknown as IDataObject };
		// A carrier push names a parcel, not an order: say which order it was filed under, or that none
		// matched yet (it is stored all the same and matched again when it is claimed).
		if (r.parcel) {
			Object.assign(item, {
				matched: r.parcel.matched,
				trackingNumber: r.parcel.trackingNumbers.join(', '),
				orderKey: r.parcel.orderKey,
				parcel: r.parcel as unknown as IDataObject,
			});
		}
		return [item];
	});
};
