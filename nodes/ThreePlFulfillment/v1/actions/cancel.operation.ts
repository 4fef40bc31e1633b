import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { orderNumberField, orderNumberOf, snapshotItem, type ThreePlRun } from './common';

export const description: INodeProperties[] = [
	orderNumberField('cancel'),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		description: "Why the order is cancelled (kept in the 3PL's history where it supports one)",
		displayOptions: { show: { operation: ['cancel'] } },
	},
];

/** Stops the warehouse from shipping the order; the output says whether it did and what the order is now. */
export async function execute(this: IExecuteFunctions, i: number, { client }: ThreePlRun): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	const result = await client.cancel(
		orderNumberOf(this, i),
		(this.getNodeParameter('reason', i, '') as string) || undefined,
	);
	if (result.snapshot)
		return [snapshotItem(result.snapshot, receivedAt, { cancelled: result.cancelled, cancelResult: result.rawResult })];
	return [{ ...result } as unknown as IDataObject];
}
