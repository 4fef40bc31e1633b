import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { evaluateStuck } from '../../lib/order';
import { errorItem, looksLikeRecord, policyReader, readField, readNow, toOperationError } from './common';

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
			{ name: 'One Item per Open Exception', value: 'perException', description: 'Each open exception as its own item, ready for a Slack message' },
			{ name: 'One Item per Order', value: 'perOrder', description: 'The order with its open, opened and resolved exceptions, and what to re-read before a case may open (toConfirm)' },
		],
		default: 'perOrder',
		displayOptions: show,
	},
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const policyFor = policyReader(this);
	for (let i = 0; i < items.length; i++) {
		try {
			const recordField = this.getNodeParameter('recordField', i) as string;
			const output = this.getNodeParameter('output', i) as string;
			const fromField = readField(items[i].json, recordField);
			const record = looksLikeRecord(fromField) ? fromField : looksLikeRecord(items[i].json) ? items[i].json : null;
			if (record === null)
				throw new NodeOperationError(this.getNode(), `Item has no order record in "${recordField}"`, {
					itemIndex: i,
					description: 'Feed this operation the stored order records (for example from the Order Ledger\'s "List Orders"), or change the "Record Field" parameter.',
				});
			const [evaluation] = evaluateStuck([record as never], policyFor(i), readNow(this, i));
			if (output === 'perException') {
				for (const exception of evaluation.open)
					out.push({
						json: {
							orderKey: evaluation.orderKey,
							stage: evaluation.stage,
							exception,
							isNew: evaluation.opened.some((c) => c.id === exception.id),
							toConfirm: evaluation.toConfirm,
						} as unknown as IDataObject,
						pairedItem: { item: i },
					});
			} else {
				out.push({ json: evaluation as unknown as IDataObject, pairedItem: { item: i } });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				out.push(errorItem(this, error, i));
				continue;
			}
			throw toOperationError(this, error, i);
		}
	}
	return out;
}
