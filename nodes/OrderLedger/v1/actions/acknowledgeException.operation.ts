import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { caseIdProperty, ownerProperty, readNow, type ItemExecute } from './common';

export const description: INodeProperties[] = [
	caseIdProperty('acknowledgeException'),
	ownerProperty('acknowledgeException'),
];

/** Someone owns the case now (empty Owner keeps the current one). */
export const execute: ItemExecute = async function (store, i) {
	const c = await store.acknowledgeException(
		String(this.getNodeParameter('caseId', i)),
		(this.getNodeParameter('owner', i, '') as string) || null,
		readNow(this, i),
	);
	return [c as unknown as IDataObject];
};
