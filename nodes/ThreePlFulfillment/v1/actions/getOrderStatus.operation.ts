import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { isoNow, readTimeProperty } from '../../../shared/clock';
import { lookupKeyFields, lookupKeysOf, orderNumberField, snapshotItem, type ThreePlRun } from './common';

export const description: INodeProperties[] = [
	orderNumberField('getOrderStatus'),
	...lookupKeyFields('getOrderStatus'),
	readTimeProperty({ operation: ['getOrderStatus'] }),
];

/** Normalised status, hold reason and lines shipped vs ordered; not finding the order is an error. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	{ client, clock }: ThreePlRun,
): Promise<IDataObject[]> {
	const receivedAt = isoNow(clock);
	return [snapshotItem(await client.getOrderStatus(lookupKeysOf(this, i)), receivedAt)];
}
