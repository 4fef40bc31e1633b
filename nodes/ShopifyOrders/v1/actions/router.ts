import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ShopifyClient } from '../../../lib/connectors/shopify';
import type { ResilientBudget } from '../../../lib/http';
import { continueOnFailItem, toNodeError } from '../../../shared/errors';
import { credentialSecrets } from '../../../shared/secrets';
import { reportShopifyDeprecations, shopifyClient } from '../../../shared/shopify';
import { operations, type OrderOperation } from './order';

/** An operation that runs once for all input items and returns each item's output items or its own error. */
type BatchExecute = (
	this: IExecuteFunctions,
	client: ShopifyClient,
	itemIndexes: number[],
) => Promise<Array<IDataObject[] | Error>>;
type ItemExecute = (this: IExecuteFunctions, client: ShopifyClient, itemIndex: number) => Promise<IDataObject[]>;

/**
 * Runs the chosen operation once per input item, or once for all of them when it reads in batches (Read for
 * Work Items). One client for the whole execution (token cache, bucket estimate, Shopify's deprecation
 * notices), nothing kept after it. A failing item becomes an error item when "Continue On Fail" is set;
 * otherwise the node stops with an error naming the item.
 */
export async function router(this: IExecuteFunctions, sharedBudget?: ResilientBudget): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const client = await shopifyClient(this, { sharedBudget });
	const out: INodeExecutionData[] = [];
	const secrets = await credentialSecrets(this);
	const fail = (error: unknown, itemIndex: number) => {
		const nodeError = toNodeError(this.getNode(), error, itemIndex, secrets);
		if (!this.continueOnFail()) throw nodeError;
		out.push(continueOnFailItem(nodeError, itemIndex));
	};
	const batch = operations[this.getNodeParameter('operation', 0) as OrderOperation];
	if (items.length && 'batched' in batch && batch.batched) {
		const indexes = items.map((_, i) => i);
		let results: Array<IDataObject[] | Error>;
		try {
			results = await (batch.execute as BatchExecute).call(this, client, indexes);
		} catch (error) {
			// Nothing was read at all: every item reports why.
			results = indexes.map(() => error as Error);
		}
		results.forEach((r, i) => {
			if (r instanceof Error) fail(r, i);
			else for (const json of r) out.push({ json, pairedItem: { item: i } });
		});
	} else {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const operation = this.getNodeParameter('operation', itemIndex) as OrderOperation;
			try {
				const execute = operations[operation].execute as ItemExecute;
				for (const json of await execute.call(this, client, itemIndex))
					out.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				fail(error, itemIndex);
			}
		}
	}
	// n8n keeps execution hints only for a node that finished, so they are added once, at the end.
	reportShopifyDeprecations(this, client);
	return [out];
}
