import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { lookupKeyFields, lookupKeysOf, orderNumberField, snapshotItem, type ThreePlRun } from './common';

export const description: INodeProperties[] = [orderNumberField('getOrderStatus'), ...lookupKeyFields('getOrderStatus')];

/** Normalised status, hold reason and lines shipped vs ordered; not finding the order is an error. */
export async function execute(this: IExecuteFunctions, i: number, { client }: ThreePlRun): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	return [snapshotItem(await client.getOrderStatus(lookupKeysOf(this, i)), receivedAt)];
}
