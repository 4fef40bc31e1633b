import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeOutputConfiguration,
	INodeProperties,
} from 'n8n-workflow';
import { reconcile } from '../../../lib/order';
import { afterReconcile, hasError } from '../../../lib/pipeline';
import type { OrderRecord } from '../../../lib/order';
import { looksLikeRecord, readField, readNow, type OrderStateRun } from './common';

const show = { show: { operation: ['reconcile'] } };

/**
 * Decided: the order's result, to be saved. Read Again First: a work item holding a case back until a fresh
 * read confirms it (afterReconcile); wire it back to the first read node, and the order comes round once more.
 * Only work items ever take the second output, so a workflow that feeds other items sees one output as before.
 */
export const outputs: INodeOutputConfiguration[] = [
	{ type: NodeConnectionTypes.Main, displayName: 'Decided' },
	{ type: NodeConnectionTypes.Main, displayName: 'Read Again First' },
];

export function outputOf(json: IDataObject): number {
	return json.reread === true ? 1 : 0;
}

export const description: INodeProperties[] = [
	{
		displayName: 'Previous Record Field',
		name: 'previousField',
		type: 'string',
		default: 'previous',
		description:
			'Field of each item holding the stored order record (empty or null for an order seen for the first time)',
		displayOptions: show,
	},
	{
		displayName: 'Observations Field',
		name: 'observationsField',
		type: 'string',
		default: 'observations',
		description:
			'Field of each item holding the list of observations (facts from Shopify, the warehouse, carriers, Klaviyo)',
		displayOptions: show,
	},
];

/** Fold the item's observations into its stored record under the node's policy. */
export async function execute(
	this: IExecuteFunctions,
	item: INodeExecutionData,
	i: number,
	run: OrderStateRun,
): Promise<IDataObject[]> {
	const workItem = item.json.events !== undefined;
	// A work item Claim Batch could not make whole (its events name no order) fails here, by its own reason,
	// so "On Error: Continue (using error output)" takes it to the Ledger's Fail with its events.
	if (workItem && hasError(item.json))
		throw new NodeOperationError(this.getNode(), String(item.json.error), {
			itemIndex: i,
			description:
				"This work item's events cannot be reconciled as they are. Its events are failed (and dead-lettered " +
				'after the last attempt) when this output leads to Order Ledger > Fail; replay them once the events are fixed.',
		});
	const previousField = this.getNodeParameter('previousField', i) as string;
	const observationsField = this.getNodeParameter('observationsField', i) as string;
	const previous = readField(item.json, previousField) ?? null;
	if (previous !== null && previous !== '' && !looksLikeRecord(previous))
		throw new NodeOperationError(this.getNode(), `Field "${previousField}" is not an order record`, {
			itemIndex: i,
			description:
				`Pass the record this node (or the Order Ledger) produced earlier, or null/empty for a new order. Check ` +
				`the "Previous Record Field" parameter.`,
		});
	const observations = readField(item.json, observationsField) ?? [];
	if (!Array.isArray(observations))
		throw new NodeOperationError(this.getNode(), `Field "${observationsField}" is not a list`, {
			itemIndex: i,
			description:
				`Each item needs a list of observations in "${observationsField}" (use an Aggregate node to collect them ` +
				`per order), or change the "Observations Field" parameter.`,
		});
	const result = reconcile(
		looksLikeRecord(previous) ? (previous as OrderRecord) : null,
		observations,
		run.policyFor(i),
		readNow(this, i),
	);
	if (workItem) return [afterReconcile(item.json, result) as IDataObject];
	return [result as unknown as IDataObject];
}
