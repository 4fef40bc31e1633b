import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { caseIdProperty, readNow, show, type ItemExecute } from './common';

export const description: INodeProperties[] = [
	caseIdProperty('resolveException'),
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'What was done',
		displayOptions: show(['resolveException']),
	},
];

/** Closes the case with what was done. */
export const execute: ItemExecute = async function (store, i) {
	const c = await store.resolveException(
		String(this.getNodeParameter('caseId', i)),
		String(this.getNodeParameter('resolution', i)),
		readNow(this, i),
	);
	return [c as unknown as IDataObject];
};
