import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { lookupKeyFields, lookupKeysOf, orderNumberField, snapshotItem, type ThreePlRun } from './common';

export const description: INodeProperties[] = [orderNumberField('getShipments'), ...lookupKeyFields('getShipments')];

/** Every parcel of the order with tracking number, carrier and ship date. */
export async function execute(this: IExecuteFunctions, i: number, { client }: ThreePlRun): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	return [snapshotItem(await client.getShipments(lookupKeysOf(this, i)), receivedAt)];
}
