import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { isoNow, readTimeProperty } from '../../../shared/clock';
import { lookupItem, lookupKeyFields, lookupKeysOf, orderNumberField, type ThreePlRun } from './common';

export const description: INodeProperties[] = [
	orderNumberField('lookUpOrder'),
	...lookupKeyFields('lookUpOrder'),
	readTimeProperty({ operation: ['lookUpOrder'] }),
];

/** The order by every key; a miss is an item (found: false) Order State reads as "not at the warehouse". */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	{ provider, client, clock }: ThreePlRun,
): Promise<IDataObject[]> {
	const receivedAt = isoNow(clock);
	return [lookupItem(provider, await client.lookUpOrder(lookupKeysOf(this, i)), receivedAt)];
}
