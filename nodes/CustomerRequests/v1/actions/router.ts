import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import { continueOnFailItem, nodeErrorOf } from '../../../shared/errors';
import { openLedgerFor } from '../../../shared/ledger';
import { loadStoreSettings } from '../../../shared/storeProfile';
import { operations } from '.';

/**
 * Reads the Store Profile and opens the ledger once for the execution, decides every item (each is one press),
 * closes the ledger. With "Continue On Fail" an item that fails becomes an error item paired with its press.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const name = this.getNodeParameter('operation', 0) as string;
	const operation = operations[name];
	if (!operation)
		throw new NodeOperationError(this.getNode(), `Unknown operation "${name}"`, {
			description: 'Choose an operation from the list on the node.',
		});
	const out: INodeExecutionData[] = [];
	let ledger: LedgerStore | undefined;
	try {
		const settings = await loadStoreSettings(this, true, 'profile');
		if (!settings.profile)
			throw new NodeOperationError(this.getNode(), 'No Store Profile credential is selected', {
				description: "Choose the store's Post-Purchase Store Profile credential on the node, or create one.",
			});
		ledger = await openLedgerFor(this);
		for (let i = 0; i < items.length; i++) {
			try {
				const json = await operation.execute.call(this, { ledger, profile: settings.profile }, i);
				out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				const nodeError = await nodeErrorOf(this, error, i);
				if (!this.continueOnFail()) throw nodeError;
				out.push(continueOnFailItem(nodeError, i));
			}
		}
	} catch (error) {
		throw await nodeErrorOf(this, error);
	} finally {
		await ledger?.close();
	}
	return [out];
}
