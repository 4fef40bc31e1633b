import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { continueOnFailItem, toNodeError } from '../../../shared/errors';
import * as evaluateStuck from './evaluateStuck.operation';
import * as reconcile from './reconcile.operation';
import * as timeline from './timeline.operation';
import { policyReader, type ItemOperation, type OrderStateRun } from './common';

const operations: Record<string, ItemOperation> = {
	evaluateStuck: evaluateStuck.execute,
	reconcile: reconcile.execute,
	timeline: timeline.execute,
};

/**
 * Runs the chosen operation once per input item. Every result is paired with its item; a failing item
 * becomes an error item under "Continue On Fail", else stops the run with the one error mapper's text.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = operations[operation];
	if (!execute) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	// One policy cache per execution: items sharing a policy share its business-day cache.
	const run: OrderStateRun = { policyFor: policyReader(this) };
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			for (const json of await execute.call(this, items[i], i, run)) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, i));
		}
	}
	return [out];
}
