import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['labelTracking'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get carrier tracking for a tracking number',
				action: 'Get label tracking',
			},
		],
		default: 'get',
	},
	...get.description,
];
