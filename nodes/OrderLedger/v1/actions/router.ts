import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { continueOnFailItem, toNodeError } from '../../../shared/errors';
import { credentialSecrets } from '../../../shared/secrets';
import type { ResilientBudget } from '../../../lib/http';
import { openLedgerFor } from '../../../shared/ledger';
import type { BatchExecute } from './common';
import { operations } from '.';

/**
 * Opens the ledger once for the execution, runs the operation for every item, closes the ledger.
 * A failing item becomes an error item with "Continue On Fail"; otherwise the node stops with an
 * error naming the item and what to fix.
 */
export async function router(this: IExecuteFunctions, sharedBudget?: ResilientBudget): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const name = this.getNodeParameter('operation', 0) as string;
	const operation = operations[name];
	if (!operation)
		throw new NodeOperationError(this.getNode(), `Unknown operation "${name}"`, {
			description: 'Choose an operation from the list on the node.',
		});
	const out: INodeExecutionData[] = [];
	const store = await openLedgerFor(this, { sharedBudget });
	const secrets = await credentialSecrets(this);
	const fail = (error: unknown, itemIndex: number) => {
		const nodeError = toNodeError(this.getNode(), error, itemIndex, secrets);
		if (!this.continueOnFail()) throw nodeError;
		out.push(continueOnFailItem(nodeError, itemIndex));
	};
	try {
		if (operation.batched) {
			const indexes = items.map((_, i) => i);
			let results: Awaited<ReturnType<BatchExecute>>;
			try {
				results = await operation.execute.call(this, store, indexes);
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
		for (let i = 0; i < items.length; i++) {
			try {
				for (const json of await operation.execute.call(this, store, i)) out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				fail(error, i);
			}
		}
		return [out];
	} finally {
		await store.close();
	}
}
