import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { EXCEPTION_TYPES, STAGES, type ExceptionType, type Stage } from '../../../lib/order/types';
import { parcelsStillMoving } from '../../../lib/pipeline';
import { optionLabel as label, readNow, show, type ItemExecute } from './common';

const op = ['listOrders'];

export const description: INodeProperties[] = [
	{
		displayName: 'Stages',
		name: 'stages',
		type: 'multiOptions',
		options: STAGES.map((s) => ({ name: label(s), value: s })),
		default: [],
		description: 'Only orders in these stages (none chosen: any stage)',
		displayOptions: show(op),
	},
	{
		displayName: 'Exception Type',
		name: 'exceptionType',
		type: 'options',
		options: [{ name: 'Any', value: '' }, ...EXCEPTION_TYPES.map((t) => ({ name: label(t), value: t }))],
		default: '',
		description: 'Only orders with this exception open',
		displayOptions: show(op),
	},
	{
		displayName: 'Stuck Longer Than (Hours)',
		name: 'stuckForHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Only stuck orders: an open exception, or a non-final stage unchanged for longer than this. 0 turns the ' +
			'filter off.',
		displayOptions: show(op),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show(op),
	},
	{
		displayName: 'Output',
		name: 'listOutput',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Item per Order', value: 'order', description: 'Each stored order as it is' },
			{
				name: 'One Item per Parcel Still Moving',
				value: 'parcel',
				description:
					'Each parcel of those orders with a tracking number that is not delivered or back at the merchant: ' +
					"orderKey, trackingNumber and trackingCompany, what Carrier Tracking's Track reads",
			},
		],
		default: 'order',
		description: 'What each output item is. Limit counts orders either way.',
		displayOptions: show(op),
	},
];

export const execute: ItemExecute = async function (store, i) {
	const hours = this.getNodeParameter('stuckForHours', i, 0) as number;
	const orders = await store.listOrders({
		stages: this.getNodeParameter('stages', i, []) as Stage[],
		exceptionType: ((this.getNodeParameter('exceptionType', i, '') as string) || undefined) as
			| ExceptionType
			| undefined,
		stuckForSeconds: hours > 0 ? hours * 3600 : undefined,
		limit: this.getNodeParameter('limit', i, 50) as number,
		now: readNow(this, i),
	});
	if (this.getNodeParameter('listOutput', i, 'order') === 'parcel')
		return orders.flatMap(parcelsStillMoving) as unknown as IDataObject[];
	return orders.map((o) => o as unknown as IDataObject);
};
