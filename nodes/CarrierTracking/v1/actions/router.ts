import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { continueOnFailItem, toNodeError } from '../../../shared/errors';
import { credentialSecrets } from '../../../shared/secrets';
import * as detectCarrier from './detectCarrier.operation';
import * as readForWorkItems from './readForWorkItems.operation';
import * as track from './track.operation';
import * as validateAddress from './validateAddress.operation';
import type { ItemOutcome } from './common';

/**
 * Detect Carrier runs per item. Track reads every item before asking any carrier (one token and full
 * batches per run) and reports one outcome per number; the first failure stops the run unless
 * "Continue On Fail" is on, where it becomes an error item naming the number and carrier. Read for Work
 * Items batches the same way and reports one outcome per work item. Validate Address reports one check per item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const out: INodeExecutionData[] = [];
	const secrets = await credentialSecrets(this);
	const settle = (outcome: ItemOutcome) => {
		if ('json' in outcome) {
			out.push({ json: outcome.json, pairedItem: { item: outcome.itemIndex } });
			return;
		}
		const nodeError = toNodeError(this.getNode(), outcome.error, outcome.itemIndex, secrets);
		if (!this.continueOnFail()) throw nodeError;
		out.push(continueOnFailItem(nodeError, outcome.itemIndex, outcome.context));
	};

	if (operation === 'track') {
		for (const outcome of await track.execute.call(this, items)) settle(outcome);
	} else if (operation === 'readForWorkItems') {
		for (const outcome of await readForWorkItems.execute.call(this, items)) settle(outcome);
	} else if (operation === 'validateAddress') {
		for (const outcome of await validateAddress.execute.call(this, items)) settle(outcome);
	} else if (operation === 'detectCarrier') {
		for (let i = 0; i < items.length; i++) {
			let results;
			try {
				results = await detectCarrier.execute.call(this, items[i], i);
			} catch (error) {
				settle({ itemIndex: i, error, context: {} });
				continue;
			}
			for (const json of results) settle({ itemIndex: i, json });
		}
	} else {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return [out];
}
