import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NewEvent } from '../../../lib/ledger';
import { readJson, readNow, show, type BatchExecute } from './common';

const op = ['appendEvent'];

export const description: INodeProperties[] = [
	{
		displayName: 'Idempotency Key',
		name: 'eventKey',
		type: 'string',
		required: true,
		default: '={{ $json.key }}',
		description:
			'The same delivery always carries the same key (e.g. X-Shopify-Event-ID); a repeat is stored once and ' +
			'reported as a duplicate',
		displayOptions: show(op),
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		required: true,
		default: '={{ $json.source }}',
		description: 'Which system sent it (shopify, shipstation, ups, ...)',
		displayOptions: show(op),
	},
	{
		displayName: 'Topic',
		name: 'topic',
		type: 'string',
		default: '={{ $json.kind ?? "" }}',
		description: 'Webhook topic or observation kind',
		displayOptions: show(op),
	},
	{
		displayName: 'Order Key',
		name: 'orderKey',
		type: 'string',
		default: '={{ $json.orderKey ?? "" }}',
		description:
			'The order number without "#", when known. Empty for a carrier push: its order is found by tracking number ' +
			'(the output says matched: true or false).',
		displayOptions: show(op),
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		default: '={{ $json }}',
		description: 'What to store: by default the whole input item',
		displayOptions: show(op),
	},
];

function readEvent(ctx: IExecuteFunctions, i: number): NewEvent {
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
	const events: Array<NewEvent | Error> = indexes.map((i) => {
		try {
			return readEvent(this, i);
		} catch (error) {
			return error as Error;
		}
	});
	const valid = events.filter((e): e is NewEvent => !(e instanceof Error));
	const results = await store.appendEvents(valid, now);
	let next = 0;
	return events.map((e) => {
		if (e instanceof Error) return e;
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
