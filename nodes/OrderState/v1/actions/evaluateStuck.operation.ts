import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { evaluateStuck } from '../../../lib/order';
import { looksLikeRecord, readField, readNow, type OrderStateRun } from './common';

const show = { show: { operation: ['evaluateStuck'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Record Field',
		name: 'recordField',
		type: 'string',
		default: 'record',
		description: 'Field of each item holding a stored order record. If the item itself is a record, it is used as is.',
		displayOptions: show,
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'One Item per Open Exception',
				value: 'perException',
				description: 'Each open exception as its own item, ready for a Slack message',
			},
			{
				name: 'One Item per Order',
				value: 'perOrder',
				description:
					'The order with its open, opened and resolved exceptions, and what to re-read before a case may open ' +
					'(toConfirm)',
			},
		],
		default: 'perOrder',
		displayOptions: show,
	},
];

/** Re-judge the item's stored record at "Now": one item per order, or one per open exception. */
export async function execute(
	this: IExecuteFunctions,
	item: INodeExecutionData,
	i: number,
	run: OrderStateRun,
): Promise<IDataObject[]> {
	const recordField = this.getNodeParameter('recordField', i) as string;
	const output = this.getNodeParameter('output', i) as string;
	const fromField = readField(item.json, recordField);
	const record = looksLikeRecord(fromField) ? fromField : looksLikeRecord(item.json) ? item.json : null;
	if (record === null)
		throw new NodeOperationError(this.getNode(), `Item has no order record in "${recordField}"`, {
			itemIndex: i,
			description:
				'Feed this operation the stored order records (for example from the Order Ledger\'s "List Orders"), or ' +
				'change the "Record Field" parameter.',
		});
	const [evaluation] = evaluateStuck([record as never], run.policyFor(i), readNow(this, i));
	if (output !== 'perException') return [evaluation as unknown as IDataObject];
	return evaluation.open.map(
		(exception) =>
			({
				orderKey: evaluation.orderKey,
				stage: evaluation.stage,
				exception,
				isNew: evaluation.opened.some((c) => c.id === exception.id),
				toConfirm: evaluation.toConfirm,
			}) as unknown as IDataObject,
	);
}
