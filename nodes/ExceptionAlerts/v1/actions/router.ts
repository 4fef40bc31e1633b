import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import { continueOnFailItem, nodeErrorOf } from '../../../shared/errors';
import type { ResilientBudget } from '../../../lib/http';
import { openLedgerFor } from '../../../shared/ledger';
import { slackTarget } from '../../../shared/slack';
import { loadStoreSettings } from '../../../shared/storeProfile';
import { operations } from '.';

/**
 * Builds the Slack target and opens the ledger once for the execution (unless the operation touches no
 * ledger), runs the operation for every item, closes the ledger. A failing item becomes an error item
 * with "Continue On Fail"; otherwise the node stops with an error naming the item and what to do.
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
	let ledger: LedgerStore | undefined;
	try {
		const target = await slackTarget(this, { sharedBudget });
		const settings = await loadStoreSettings(this);
		if (operation.usesLedger !== false) ledger = await openLedgerFor(this, { sharedBudget });
		for (let i = 0; i < items.length; i++) {
			try {
				out.push({
					json:
						operation.usesLedger === false
							? await operation.execute.call(this, { target, settings }, i)
							: await operation.execute.call(this, { ledger: ledger as LedgerStore, target, settings }, i),
					pairedItem: { item: i },
				});
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
