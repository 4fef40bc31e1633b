/** Open / Acknowledge / Resolve Exception and List Exceptions: the owned-case lifecycle. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../lib/ledger';
import { EXCEPTION_TYPES, type ExceptionType, type Severity } from '../../lib/order/types';
import { readJson, readNow, show } from './common';

const label = (v: string) => v.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const description: INodeProperties[] = [
	{
		displayName: 'Case ID',
		name: 'caseId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description: 'The ExceptionCase ID from Order State (stable, so the same case is never opened twice)',
		displayOptions: show(['openException', 'acknowledgeException', 'resolveException']),
	},
	{ displayName: 'Order Key', name: 'caseOrderKey', type: 'string', required: true, default: '={{ $json.orderKey }}', displayOptions: show(['openException']) },
	{
		displayName: 'Type',
		name: 'caseType',
		type: 'options',
		options: EXCEPTION_TYPES.map((t) => ({ name: label(t), value: t })),
		default: 'fulfillment_stuck',
		displayOptions: show(['openException']),
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'options',
		options: [
			{ name: 'Critical', value: 'critical' },
			{ name: 'High', value: 'high' },
			{ name: 'Low', value: 'low' },
			{ name: 'Medium', value: 'medium' },
		],
		default: 'medium',
		displayOptions: show(['openException']),
	},
	{ displayName: 'Opened At', name: 'openedAt', type: 'string', default: '={{ $json.openedAt ?? "" }}', description: 'When the rule fired; empty means Now', displayOptions: show(['openException']) },
	{ displayName: 'Evidence', name: 'evidence', type: 'json', default: '={{ $json.evidence ?? {} }}', description: 'The facts that made the rule fire, shown to whoever owns the case', displayOptions: show(['openException']) },
	{ displayName: 'Owner', name: 'owner', type: 'string', default: '', description: 'Who owns the case (empty keeps the current owner)', displayOptions: show(['openException', 'acknowledgeException']) },
	{ displayName: 'Resolution', name: 'resolution', type: 'string', typeOptions: { rows: 3 }, required: true, default: '', description: 'What was done', displayOptions: show(['resolveException']) },
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
		displayOptions: show(['listExceptions']),
	},
	{
		displayName: 'Type',
		name: 'listCaseType',
		type: 'options',
		options: [{ name: 'Any', value: '' }, ...EXCEPTION_TYPES.map((t) => ({ name: label(t), value: t }))],
		default: '',
		displayOptions: show(['listExceptions']),
	},
	{ displayName: 'Limit', name: 'caseLimit', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Max number of results to return', displayOptions: show(['listExceptions']) },
];

export async function open(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const res = await store.openException(
		{
			id: String(this.getNodeParameter('caseId', i)),
			orderKey: String(this.getNodeParameter('caseOrderKey', i)),
			type: this.getNodeParameter('caseType', i) as ExceptionType,
			severity: this.getNodeParameter('severity', i) as Severity,
			openedAt: (this.getNodeParameter('openedAt', i, '') as string) || null,
			evidence: readJson(this, 'evidence', i, {}) as Record<string, unknown>,
			owner: (this.getNodeParameter('owner', i, '') as string) || null,
		},
		readNow(this, i),
	);
	return [{ status: res.status, ...(res.exception as unknown as IDataObject) }];
}

export async function acknowledge(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const c = await store.acknowledgeException(String(this.getNodeParameter('caseId', i)), (this.getNodeParameter('owner', i, '') as string) || null, readNow(this, i));
	return [c as unknown as IDataObject];
}

export async function resolve(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const c = await store.resolveException(String(this.getNodeParameter('caseId', i)), String(this.getNodeParameter('resolution', i)), readNow(this, i));
	return [c as unknown as IDataObject];
}

export async function list(this: IExecuteFunctions, store: LedgerStore, i: number): Promise<IDataObject[]> {
	const cases = await store.listExceptions({
		state: this.getNodeParameter('caseState', i) as 'open' | 'resolved' | 'all',
		type: ((this.getNodeParameter('listCaseType', i, '') as string) || undefined) as ExceptionType | undefined,
		limit: this.getNodeParameter('caseLimit', i, 50) as number,
		now: readNow(this, i),
	});
	return cases.map((c) => c as unknown as IDataObject);
}
