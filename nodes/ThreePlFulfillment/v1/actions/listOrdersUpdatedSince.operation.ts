import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requireIsoDate } from '../../../lib/connectors/threepl';
import { snapshotItem, type ThreePlRun } from './common';

const show = { operation: ['listOrdersUpdatedSince'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Updated Since',
		name: 'updatedSince',
		type: 'string',
		default: '={{ $now.minus({ hours: 1 }).toISO() }}',
		required: true,
		description:
			"Date and time (ISO 8601) to list changes from; keep the last run's time in the ledger to never miss one",
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Max Pages',
				name: 'maxPages',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Stop after this many pages; the last item then carries "nextCursor" to continue from',
			},
			{
				displayName: 'Resume From Cursor',
				name: 'cursor',
				type: 'string',
				default: '',
				description: 'The "nextCursor" of a run that stopped at Max Pages',
			},
		],
	},
];

/** Every order the 3PL changed since a time, all pages up to Max Pages; the last item carries the cursor to resume. */
export async function execute(this: IExecuteFunctions, i: number, { client }: ThreePlRun): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	const since = requireIsoDate(this.getNodeParameter('updatedSince', i), 'updatedSince');
	const options = this.getNodeParameter('options', i, {}) as { maxPages?: number; cursor?: string };
	const result = await client.listOrdersUpdatedSince(since, {
		maxPages: options.maxPages ?? 50,
		cursor: options.cursor || undefined,
	});
	const last = result.snapshots.length - 1;
	const items = result.snapshots.map((s, n) =>
		snapshotItem(s, receivedAt, n === last && result.nextCursor ? { nextCursor: result.nextCursor } : {}),
	);
	if (!items.length && result.nextCursor) items.push({ nextCursor: result.nextCursor });
	return items;
}
