import type { INodeProperties } from 'n8n-workflow';
import { EXCEPTION_CATALOGUE } from '../lib/order/catalogue';
import { EXCEPTION_TYPES } from '../lib/order/types';
import { ledgerProperties } from './ledger';

export function channelLocator(displayName: string, name: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchChannels', searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'C0123456789',
				validation: [{ type: 'regex', properties: { regex: '^[CG][A-Z0-9]{8,}$', errorMessage: 'A Slack channel ID starts with C or G, e.g. C0123456789' } }],
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: '#order-exceptions' },
		],
	};
}

const exceptionTypeOptions = EXCEPTION_TYPES.map((type) => ({ name: EXCEPTION_CATALOGUE[type]?.title ?? type, value: type }));

const caseOps = ['postException', 'updateException'];

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Post Exception', value: 'postException', action: 'Post an exception case to slack', description: 'Post the case once; later runs update the same message' },
			{ name: 'Post Weekly Report', value: 'postWeeklyReport', action: 'Post the weekly exception report', description: 'Counts by type, trend, time to resolve, open cases and a chart' },
			{ name: 'Update Exception', value: 'updateException', action: 'Update an exception message in slack', description: 'Show an acknowledged, resolved or cleared case in place and reply in its thread' },
		],
		default: 'postException',
	},
	...ledgerProperties,
	{
		displayName: 'Case ID',
		name: 'caseId',
		type: 'string',
		default: '={{ $json.caseId ?? $json.id }}',
		required: true,
		description: 'ID of the exception case in the Order Ledger',
		displayOptions: { show: { operation: caseOps } },
	},
	{
		...channelLocator('Default Channel', 'defaultChannel', 'Where cases go unless a route below names another channel for their type'),
		displayOptions: { show: { operation: caseOps } },
	},
	{
		displayName: 'Channel per Exception Type',
		name: 'channelRoutes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Route',
		default: {},
		description: 'Send some exception types to their own channel (e.g. carrier problems to #shipping-delays)',
		displayOptions: { show: { operation: caseOps } },
		options: [
			{
				displayName: 'Route',
				name: 'route',
				values: [
					{ displayName: 'Exception Type', name: 'exceptionType', type: 'options', options: exceptionTypeOptions, default: 'tracking_stalled' },
					channelLocator('Channel', 'channel', 'Channel for this exception type'),
				],
			},
		],
	},
	{
		displayName: 'Change',
		name: 'change',
		type: 'options',
		options: [
			{ name: 'Acknowledged', value: 'acknowledged' },
			{ name: 'Assigned', value: 'assigned' },
			{ name: 'Automatic (From the Ledger)', value: 'auto', description: 'Say what the ledger shows: acknowledged, resolved or cleared' },
			{ name: 'Cleared by the Engine', value: 'cleared' },
			{ name: 'Resolved by a Person', value: 'resolved' },
		],
		default: 'auto',
		description: 'What the thread reply says happened',
		displayOptions: { show: { operation: ['updateException'] } },
	},
	{
		displayName: 'Person',
		name: 'actor',
		type: 'string',
		default: '={{ $json.user?.id ?? "" }}',
		description: 'Slack user ID (U...) or name of who acted; the Slack Interaction Trigger outputs it as user.ID',
		displayOptions: { show: { operation: ['updateException'] } },
	},
	{
		...channelLocator('Channel', 'reportChannel', 'Where the weekly report goes'),
		displayOptions: { show: { operation: ['postWeeklyReport'] } },
	},
	{
		displayName: 'Weeks to Compare',
		name: 'weeks',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 52 },
		default: 4,
		description: 'How many weeks the trend and the chart cover (this week included)',
		displayOptions: { show: { operation: ['postWeeklyReport'] } },
	},
	{
		displayName: 'Stuck After (Hours)',
		name: 'stuckHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 48,
		description: 'An order counts as stuck when its stage has not moved for this long',
		displayOptions: { show: { operation: ['postWeeklyReport'] } },
	},
	{
		displayName: 'Include Chart',
		name: 'includeChart',
		type: 'boolean',
		default: true,
		description: 'Whether to upload a PNG chart of the weekly trend (needs a bot token with files:write)',
		displayOptions: { show: { operation: ['postWeeklyReport'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Customer Details',
				name: 'includePii',
				type: 'boolean',
				default: false,
				description: 'Whether to show the customer\'s name, email and address in Slack. Off by default: Slack channels are often wider than the support team.',
			},
			{
				displayName: 'Shop',
				name: 'shop',
				type: 'string',
				default: '',
				placeholder: 'acme.myshopify.com',
				description: 'Your Shopify store, so each message links to the order in the Shopify admin',
			},
			{
				displayName: 'Store Name',
				name: 'storeName',
				type: 'string',
				default: '',
				description: 'Shown in the weekly report\'s title',
			},
			{
				displayName: 'Thread Reply',
				name: 'threadReply',
				type: 'boolean',
				default: true,
				description: 'Whether Update Exception also posts a short reply in the message\'s thread',
			},
		],
	},
];
