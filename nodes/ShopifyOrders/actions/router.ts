import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { shopifyClient, shopifyNodeError } from '../transport';
import { operations, type OrderOperation } from './order';

/**
 * Runs the chosen operation once per input item. One client for the whole execution (token cache,
 * bucket estimate), nothing kept after it. A failing item becomes an error item when "Continue On
 * Fail" is set; otherwise the node stops with an error naming the item.
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
			const nodeError = shopifyNodeError(this.getNode(), error, itemIndex);
			if (this.continueOnFail()) {
				out.push({ json: { error: nodeError.message, description: nodeError.description ?? null }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw nodeError;
		}
	}
	return [out];
}
