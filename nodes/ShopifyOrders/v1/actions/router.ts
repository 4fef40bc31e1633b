import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { continueOnFailItem, toNodeError } from '../../../shared/errors';
import { reportShopifyDeprecations, shopifyClient } from '../../../shared/shopify';
import { operations, type OrderOperation } from './order';

/**
 * Runs the chosen operation once per input item. One client for the whole execution (token cache,
 * bucket estimate, Shopify's deprecation notices), nothing kept after it. A failing item becomes an
 * error item when "Continue On Fail" is set; otherwise the node stops with an error naming the item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const client = await shopifyClient(this);
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const operation = this.getNodeParameter('operation', itemIndex) as OrderOperation;
		try {
			const results: IDataObject[] = await operations[operation].execute.call(this, client, itemIndex);
			for (const json of results) out.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, itemIndex));
		}
	}
	// n8n keeps execution hints only for a node that finished, so they are added once, at the end.
	reportShopifyDeprecations(this, client);
	return [out];
}
