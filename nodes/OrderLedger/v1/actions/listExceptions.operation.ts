import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { casesLeftUnposted } from '../../../lib/ledger';
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
		displayName: 'Only Cases Not Yet in Slack',
		name: 'notYetInSlack',
		type: 'boolean',
		default: false,
		description:
			'Whether to list only cases that have no Slack message yet: a case saved while Slack was down (the event ' +
			'processor carries on without posting it). Hand their orders back to the processor (Append Event), which ' +
			'posts such a case under its one-run-per-order claim.',
		displayOptions: show(op),
	},
	{
		displayName: 'Unchanged For (Minutes)',
		name: 'unpostedQuietMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 10,
		description:
			'Leave out a case changed more recently than this: the processor run that saved it may still be posting ' +
			'it. Keep it above the processor\'s Lease. Judged against "Now".',
		displayOptions: { show: { operation: op, notYetInSlack: [true] } },
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

/** Open or resolved cases (optionally only those Slack has not been told of yet), one item each. */
export const execute: ItemExecute = async function (store, i) {
	const now = readNow(this, i);
	const notYetInSlack = this.getNodeParameter('notYetInSlack', i, false) === true;
	// Read before the query, so a wrong quiet time stops the node without reading the ledger first.
	const quietMinutes = notYetInSlack ? readQuietMinutes(this, i) : 0;
	const cases = await store.listExceptions({
		state: this.getNodeParameter('caseState', i) as 'open' | 'resolved' | 'all',
		type: ((this.getNodeParameter('listCaseType', i, '') as string) || undefined) as ExceptionType | undefined,
		limit: this.getNodeParameter('caseLimit', i, 50) as number,
		withoutMessage: notYetInSlack || undefined,
		now,
	});
	const listed = notYetInSlack ? casesLeftUnposted(cases, now, quietMinutes) : cases;
	return listed.map((c) => c as unknown as IDataObject);
};

/** "Unchanged For (Minutes)": 0 or more (an expression may give anything). */
function readQuietMinutes(ctx: IExecuteFunctions, i: number): number {
	const value = ctx.getNodeParameter('unpostedQuietMinutes', i, 10) as unknown;
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
	throw new NodeOperationError(
		ctx.getNode(),
		`"Unchanged For (Minutes)" must be 0 or more (got ${JSON.stringify(value)})`,
		{
			itemIndex: i,
			description:
				'Set how many minutes a case must be left alone before it is listed (10 by default; keep it above the Lease).',
		},
	);
}
