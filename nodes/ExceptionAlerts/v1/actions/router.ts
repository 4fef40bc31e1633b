import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import { continueOnFailItem, nodeErrorOf } from '../../../shared/errors';
import { settleInLanes, type ResilientBudget } from '../../../lib/http';
import { openLedgerFor } from '../../../shared/ledger';
import { slackTarget } from '../../../shared/slack';
import { loadStoreSettings } from '../../../shared/storeProfile';
import { operations } from '.';

/** Cases posted or updated at once (each channel still paced on its own). */
const CASES_AT_ONCE = 4;

/**
 * Builds the Slack target and opens the ledger once for the execution (unless the operation touches no
 * ledger), runs the operation for every item (cases side by side, see laneOf), closes the ledger. A failing
 * item becomes an error item with "Continue On Fail"; otherwise the node stops with an error naming the item
 * and what to do (the first failing item's; the items beside it have run).
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
		const run = (i: number) =>
			operation.usesLedger === false
				? operation.execute.call(this, { target, settings }, i)
				: operation.execute.call(this, { ledger: ledger as LedgerStore, target, settings }, i);
		// Cases side by side, one lane per case: Slack paces each channel on its own (one message a second), so
		// a case for #warehouse need not wait behind three for #shipping-delays. Other operations: one by one.
		const laneOf = operation.usesLedger === false ? undefined : operation.laneOf;
		const outcomes = await settleInLanes(
			items.map((_, i) => i),
			laneOf ? CASES_AT_ONCE : 1,
			(i) => (laneOf ? laneOf(this, i) : 'all'),
			run,
		);
		for (let i = 0; i < outcomes.length; i++) {
			const outcome = outcomes[i];
			if (outcome.ok) {
				out.push({ json: outcome.value, pairedItem: { item: i } });
				continue;
			}
			const nodeError = await nodeErrorOf(this, outcome.error, i);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, i));
		}
	} catch (error) {
		throw await nodeErrorOf(this, error);
	} finally {
		await ledger?.close();
	}
	return [out];
}
