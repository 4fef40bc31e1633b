import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { EXCEPTION_TYPES, type ExceptionType, type Severity } from '../../../lib/order/types';
import { caseIdProperty, optionLabel, ownerProperty, readJson, readNow, show, type ItemExecute } from './common';

const op = ['openException'];

export const description: INodeProperties[] = [
	caseIdProperty('openException'),
	{
		displayName: 'Order Key',
		name: 'caseOrderKey',
		type: 'string',
		required: true,
		default: '={{ $json.orderKey }}',
		displayOptions: show(op),
	},
	{
		displayName: 'Type',
		name: 'caseType',
		type: 'options',
		options: EXCEPTION_TYPES.map((t) => ({ name: optionLabel(t), value: t })),
		default: 'fulfillment_stuck',
		displayOptions: show(op),
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
		displayOptions: show(op),
	},
	{
		displayName: 'Opened At',
		name: 'openedAt',
		type: 'string',
		default: '={{ $json.openedAt ?? "" }}',
		description: 'When the rule fired; empty means Now',
		displayOptions: show(op),
	},
	{
		displayName: 'Evidence',
		name: 'evidence',
		type: 'json',
		default: '={{ $json.evidence ?? {} }}',
		description: 'The facts that made the rule fire, shown to whoever owns the case',
		displayOptions: show(op),
	},
	ownerProperty('openException'),
];

/** Opens an owned case; the same case ID again is reported, never opened twice. */
export const execute: ItemExecute = async function (store, i) {
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
};
