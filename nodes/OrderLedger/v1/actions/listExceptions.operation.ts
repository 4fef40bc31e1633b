import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { EXCEPTION_TYPES, type ExceptionType } from '../../../lib/order/types';
import { optionLabel, readNow, show, type ItemExecute } from './common';

const op = ['listExceptions'];

export const description: INodeProperties[] = [
	{
		displayName: 'Cases',
		name: 'caseState',
		type: 'options',
		options: [
			{ name: 'Open', value: 'open' },
			{ name: 'Resolved', value: 'resolved' },
			{ name: 'All', value: 'all' },
		],
		default: 'open',
		displayOptions: show(op),
	},
	{
		displayName: 'Type',
		name: 'listCaseType',
		type: 'options',
		options: [{ name: 'Any', value: '' }, ...EXCEPTION_TYPES.map((t) => ({ name: optionLabel(t), value: t }))],
		default: '',
		displayOptions: show(op),
	},
	{
		displayName: 'Limit',
		name: 'caseLimit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show(op),
	},
];

/** Open or resolved cases, one item each. */
export const execute: ItemExecute = async function (store, i) {
	const cases = await store.listExceptions({
		state: this.getNodeParameter('caseState', i) as 'open' | 'resolved' | 'all',
		type: ((this.getNodeParameter('listCaseType', i, '') as string) || undefined) as ExceptionType | undefined,
		limit: this.getNodeParameter('caseLimit', i, 50) as number,
		now: readNow(this, i),
	});
	return cases.map((c) => c as unknown as IDataObject);
};
