import type { INodeProperties } from 'n8n-workflow';
import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shipment'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List shipments by ship date or order',
				action: 'Get many shipments',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
