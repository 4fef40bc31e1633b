import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { leaseProperties, readLease, readNow, type ItemExecute } from './common';

export const description: INodeProperties[] = leaseProperties('ack');

export const execute: ItemExecute = async function (store, i) {
	const [result] = await store.ack([readLease(this, i)], readNow(this, i));
	return [{ id: result.id, outcome: result.outcome, event: result.event as unknown as IDataObject }];
};
