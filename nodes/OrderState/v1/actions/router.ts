import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { continueOnFailItem, nodeErrorOf } from '../../../shared/errors';
import { loadStoreSettings, policyReader } from '../../../shared/storeProfile';
import * as evaluateStuck from './evaluateStuck.operation';
import * as planFollowUps from './planFollowUps.operation';
import * as reconcile from './reconcile.operation';
import * as timeline from './timeline.operation';
import { STORE_SETTINGS_OPERATIONS, type OperationModule, type OrderStateRun } from './common';

const operations: Record<string, OperationModule> = { evaluateStuck, planFollowUps, reconcile, timeline };

/**
 * Runs the chosen operation once per input item. Every result is paired with its item and goes to the output
 * the operation names (its only output for most). A failing item becomes an error item on the first output
 * under "Continue On Fail", else stops the run with the one error mapper's text.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = operations[operation];
	if (!module) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	const { execute, outputs, outputOf } = module;
	// The store's settings (its profile, read once) and one policy cache per execution: items sharing a policy
	// share its business-day cache.
	const settings = await loadStoreSettings(this, STORE_SETTINGS_OPERATIONS.includes(operation));
	const run: OrderStateRun = { policyFor: policyReader(this, settings), settings };
	const out: INodeExecutionData[][] = Array.from({ length: outputs?.length ?? 1 }, () => []);
	for (let i = 0; i < items.length; i++) {
		try {
			// Placed only once the whole item succeeded: a failing item leaves no half of its follow-ups behind.
			const placed = (await execute.call(this, items[i], i, run)).map((json) => {
				const output = outputOf ? outputOf(json) : 0;
				if (output < 0 || output >= out.length)
					throw new NodeOperationError(this.getNode(), `No output for "${String(json.action)}"`, { itemIndex: i });
				return { output, item: { json, pairedItem: { item: i } } };
			});
			for (const { output, item } of placed) out[output].push(item);
		} catch (error) {
			const nodeError = await nodeErrorOf(this, error, i);
			if (!this.continueOnFail()) throw nodeError;
			// On the first output, as n8n's Switch does; never on Done, which would acknowledge a failed order's events.
			out[0].push(continueOnFailItem(nodeError, i));
		}
	}
	return out;
}
