import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { LedgerStore } from '../../lib/ledger';
import * as ack from './ack.operation';
import * as appendEvent from './appendEvent.operation';
import * as claimBatch from './claimBatch.operation';
import { openStoreFor, toLedgerNodeError } from './common';
import * as exceptionCase from './exceptionCase.operation';
import * as fail from './fail.operation';
import * as getOrder from './getOrder.operation';
import * as getTimeline from './getTimeline.operation';
import * as listEvents from './listEvents.operation';
import * as listOrders from './listOrders.operation';
import * as report from './report.operation';
import * as replay from './replay.operation';
import * as setup from './setup.operation';
import * as upsertOrder from './upsertOrder.operation';

type PerItem = (this: IExecuteFunctions, store: LedgerStore, i: number) => Promise<IDataObject[]>;
type Batch = (this: IExecuteFunctions, store: LedgerStore, indexes: number[]) => Promise<Array<IDataObject[] | Error>>;

const PER_ITEM: Record<string, PerItem> = {
	claimBatch: claimBatch.execute,
	ack: ack.execute,
	fail: fail.execute,
	replay: replay.execute,
	getOrder: getOrder.execute,
	getTimeline: getTimeline.execute,
	listOrders: listOrders.execute,
	listEvents: listEvents.execute,
	openException: exceptionCase.open,
	acknowledgeException: exceptionCase.acknowledge,
	resolveException: exceptionCase.resolve,
	listExceptions: exceptionCase.list,
	exceptionReport: report.exceptionReport,
	stuckCount: report.stuckCount,
	setup: setup.execute,
};

/** Writes that batch well (Airtable: 10 records per request) take every item in one call. */
const BATCH: Record<string, Batch> = {
	appendEvent: appendEvent.executeBatch,
	upsertOrder: upsertOrder.executeBatch,
};

/**
 * Opens the ledger once for the execution, runs the operation for every item, closes the ledger.
 * A failing item becomes an error item with "Continue On Fail"; otherwise the node stops with an
 * error naming the item and what to fix.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const out: INodeExecutionData[] = [];
	const store = await openStoreFor(this);
	const fail = (error: unknown, itemIndex: number) => {
		const nodeError = toLedgerNodeError(this.getNode(), error, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		out.push({ json: { error: nodeError.message, description: nodeError.description ?? null }, pairedItem: { item: itemIndex } });
	};
	try {
		const batch = BATCH[operation];
		if (batch) {
			const indexes = items.map((_, i) => i);
			let results: Array<IDataObject[] | Error>;
			try {
				results = await batch.call(this, store, indexes);
			} catch (error) {
				// The whole call failed (database down, token rejected): every item reports it.
				results = indexes.map(() => error as Error);
			}
			results.forEach((r, i) => {
				if (r instanceof Error) fail(r, i);
				else for (const json of r) out.push({ json, pairedItem: { item: i } });
			});
			return [out];
		}
		const run = PER_ITEM[operation];
		for (let i = 0; i < items.length; i++) {
			try {
				for (const json of await run.call(this, store, i)) out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				fail(error, i);
			}
		}
		return [out];
	} finally {
		await store.close();
	}
}
