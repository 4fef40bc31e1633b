import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { formatTimeline, timeline } from '../../../lib/order';
import { looksLikeRecord, readField } from './common';

const show = { show: { operation: ['timeline'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Record Field',
		name: 'recordField',
		type: 'string',
		default: 'record',
		description: 'Field of each item holding the order record (its cases appear in the history); may be empty',
		displayOptions: show,
	},
	{
		displayName: 'Observations Field',
		name: 'observationsField',
		type: 'string',
		default: 'observations',
		description: 'Field of each item holding the list of observations of the order',
		displayOptions: show,
	},
];

/** One time-ordered history of the item's order across every system. */
export async function execute(this: IExecuteFunctions, item: INodeExecutionData, i: number): Promise<IDataObject[]> {
	const recordField = this.getNodeParameter('recordField', i) as string;
	const observationsField = this.getNodeParameter('observationsField', i) as string;
	const record = readField(item.json, recordField);
	const observations = readField(item.json, observationsField) ?? [];
	if (!Array.isArray(observations))
		throw new NodeOperationError(this.getNode(), `Field "${observationsField}" is not a list`, {
			itemIndex: i,
			description:
				`Each item needs the order's observations as a list in "${observationsField}", or change the "Observations ` +
				`Field" parameter.`,
		});
	const entries = timeline(looksLikeRecord(record) ? record : null, observations);
	const orderKey = looksLikeRecord(record)
		? record.orderKey
		: ((observations[0] as IDataObject | undefined)?.orderKey ?? null);
	return [{ orderKey, entries, text: formatTimeline(entries) } as unknown as IDataObject];
}
