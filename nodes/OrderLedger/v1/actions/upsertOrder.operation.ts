import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OrderRecord } from '../../../lib/order/types';
import { readJson, readNow, show, type BatchExecute } from './common';

const op = ['upsertOrder'];

export const description: INodeProperties[] = [
	{
		displayName: 'Order Record',
		name: 'order',
		type: 'json',
		default: '={{ $json.record ?? $json }}',
		description:
			'The OrderRecord from Order State (Reconcile). It is merged with the stored one, so a stale write never ' +
			'moves an order backwards.',
		displayOptions: show(op),
	},
];

/** All items in one call: Airtable writes 10 per request with performUpsert on the order key. */
export const batched = true;

export const execute: BatchExecute = async function (store, indexes) {
	const now = readNow(this, indexes[0] ?? 0);
	const records: Array<OrderRecord | Error> = indexes.map((i) => {
		try {
			return readJson(this, 'order', i, null) as OrderRecord;
		} catch (error) {
			return error as Error;
		}
	});
	const valid = records.filter((r): r is OrderRecord => !(r instanceof Error));
	const results = await store.upsertOrders(valid, now);
	let next = 0;
	return records.map((r) => {
		if (r instanceof Error) return r;
		const res = results[next++];
		return res instanceof Error
			? res
			: [{ status: res.status, retries: res.retries, record: res.record as unknown as IDataObject }];
	});
};
