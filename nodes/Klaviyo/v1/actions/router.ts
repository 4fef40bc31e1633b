import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { klaviyoClient } from '../../../shared/klaviyo';
import { continueOnFailItem, toNodeError } from '../../../shared/errors';
import { credentialSecrets } from '../../../shared/secrets';
import * as bulkCreateEvents from './bulkCreateEvents.operation';
import * as createEvent from './createEvent.operation';
import * as postPurchaseEvent from './postPurchaseEvent.operation';
import * as upsertProfile from './upsertProfile.operation';
import type { ItemOperation, ItemResults } from './common';

const perItem: Record<string, ItemOperation> = {
	createEvent: createEvent.execute,
	postPurchaseEvent: postPurchaseEvent.execute,
	upsertProfile: upsertProfile.execute,
};

/**
 * One Klaviyo client for the run (its limiters pace every item). Per-item operations run item by item;
 * Bulk Create Events takes all items at once. Results are paired with their item; a failure stops the
 * run with the one error mapper's text, or becomes an error item under "Continue On Fail".
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation !== 'bulkCreateEvents' && !perItem[operation])
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	const client = await klaviyoClient(this);
	const out: INodeExecutionData[] = [];
	const secrets = await credentialSecrets(this);
	const results: ItemResults = {
		ok: (itemIndex, json) => out.push({ json, pairedItem: { item: itemIndex } }),
		fail: (itemIndex, error) => {
			const nodeError = toNodeError(this.getNode(), error, itemIndex, secrets);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, itemIndex));
		},
	};

	if (operation === 'bulkCreateEvents') {
		await bulkCreateEvents.execute.call(this, client, items, results);
		return [out];
	}
	const execute = perItem[operation];
	for (let i = 0; i < items.length; i++) {
		let json;
		try {
			json = await execute.call(this, client, items[i], i);
		} catch (error) {
			results.fail(i, error);
			continue;
		}
		results.ok(i, json);
	}
	return [out];
}
