import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OrderRecord } from '../../../lib/order/types';
import { isRecord } from '../../../lib/pipeline';
import { readJson, readNow, show, type BatchExecute } from './common';

const op = ['upsertOrder'];

export const description: INodeProperties[] = [
	{
		displayName: 'Order Record',
		name: 'order',
		type: 'json',
		// `record` first, so a template after Reconcile sets nothing; kept `?? $json` rather than `$json.record`
		// alone: n8n saves no parameter left at its default, so a workflow feeding bare records relies on it.
		default: '={{ $json.record ?? $json }}',
		description:
			'The OrderRecord from Order State (Reconcile). It is merged with the stored one, so a stale write never ' +
			'moves an order backwards. An item from Reconcile comes out whole, with the stored record in `record`, ' +
			'ready for Plan Follow-Ups.',
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
	const input = this.getInputData();
	return records.map((r, n) => {
		if (r instanceof Error) return r;
		const res = results[next++];
		if (res instanceof Error) return res;
		const stored = { status: res.status, retries: res.retries, record: res.record as unknown as IDataObject };
		const json = input[indexes[n]]?.json;
		return [isReconcileResult(json) ? { ...json, ...stored } : stored];
	});
};

/**
 * Order State Reconcile's output (a work item's or not): the record and the cases it opened and resolved.
 *
 * Such an item is passed on with the stored record in `record` (its version is the one the next write checks)
 * and `status`/`retries` beside, so Plan Follow-Ups can follow directly and acts on what was saved; a work item
 * keeps its `events` for the Ack at the end. Harmless for a saved workflow: `status`, `retries` and `record`
 * are still there with today's values, only the Reconcile fields are added. Any other item (a bare record,
 * typically) keeps today's output alone: its fields beside `record` would be the unsaved copy of the order.
 */
function isReconcileResult(json: IDataObject | undefined): json is IDataObject {
	return !!json && isRecord(json.record) && Array.isArray(json.opened) && Array.isArray(json.resolved);
}
