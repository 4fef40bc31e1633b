/** What Exception Alerts' operations share: the channel picker, the case fields, routing and options. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SlackTarget } from '../../../lib/connectors/slack';
import type { LedgerStore } from '../../../lib/ledger';
import { EXCEPTION_CATALOGUE } from '../../../lib/order/catalogue';
import { EXCEPTION_TYPES } from '../../../lib/order/types';
import { onlyWithParameters, readCaseTarget, type StoreSettings } from '../../../shared/storeProfile';

/**
 * One Slack target (and so one per-channel pacer), one ledger connection and the store's settings (its
 * profile or this node's parameters) per execution.
 */
export interface AlertsRun {
	ledger: LedgerStore;
	target: SlackTarget;
	settings: StoreSettings;
}

/** Runs once per input item and returns that item's output. */
export type AlertExecute = (this: IExecuteFunctions, run: AlertsRun, itemIndex: number) => Promise<IDataObject>;

/** An operation that only posts to Slack (Post Failed Execution): the router opens no ledger for it. */
export type SlackExecute = (
	this: IExecuteFunctions,
	run: Omit<AlertsRun, 'ledger'>,
	itemIndex: number,
) => Promise<IDataObject>;

/** Which lane an item runs in (see settleInLanes). */
export type ItemLane = (ctx: IExecuteFunctions, itemIndex: number) => string;

/**
 * One lane per case: two items about one case (a re-run's duplicate) never post or update at once, which
 * could post it twice; different cases go side by side. An item whose case id cannot be read gets a lane of
 * its own, and the operation then reports that error.
 */
export const caseLane: ItemLane = (ctx, i) => {
	try {
		return `case:${String(ctx.getNodeParameter('caseId', i) as unknown)}`;
	} catch {
		return `item:${i}`;
	}
};

export interface AlertOptions {
	includePii?: boolean;
	shop?: string;
	storeName?: string;
	threadReply?: boolean;
}

export function channelLocator(displayName: string, name: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchChannels', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'C0123456789',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[CG][A-Z0-9]{8,}$',
							errorMessage: 'A Slack channel ID starts with C or G, e.g. C0123456789',
						},
					},
				],
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: '#order-exceptions' },
		],
	};
}

const exceptionTypeOptions = EXCEPTION_TYPES.map((type) => ({
	name: EXCEPTION_CATALOGUE[type]?.title ?? type,
	value: type,
}));

/** The case a post or update is about, and where it goes: Post Exception and Update Exception ask alike. */
export function caseProperties(operation: string): INodeProperties[] {
	const displayOptions = { show: { operation: [operation] } };
	// The channels are store settings: a Store Profile holds them instead.
	const channelOptions = onlyWithParameters(displayOptions.show);
	return [
		{
			displayName: 'Case ID',
			name: 'caseId',
			type: 'string',
			default: '={{ $json.caseId ?? $json.id }}',
			required: true,
			description: 'ID of the exception case in the Order Ledger',
			displayOptions,
		},
		{
			...channelLocator(
				'Default Channel',
				'defaultChannel',
				'Where cases go unless a route below names another channel for their type',
			),
			displayOptions: channelOptions,
		},
		{
			displayName: 'Channel per Exception Type',
			name: 'channelRoutes',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Route',
			default: {},
			description: 'Send some exception types to their own channel (e.g. carrier problems to #shipping-delays)',
			displayOptions: channelOptions,
			options: [
				{
					displayName: 'Route',
					name: 'route',
					values: [
						{
							displayName: 'Exception Type',
							name: 'exceptionType',
							type: 'options',
							options: exceptionTypeOptions,
							default: 'tracking_stalled',
						},
						channelLocator('Channel', 'channel', 'Channel for this exception type'),
					],
				},
			],
		},
	];
}

/** Options every operation reads (each takes the ones that concern it). */
export const optionsProperty: INodeProperties = {
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
			description:
				"Whether to show the customer's name, phone, email and address in Slack. Off by default (Slack channels " +
				'are often wider than the support team): they are then hidden everywhere, also inside free text such as ' +
				'a warehouse hold reason or a carrier message.',
		},
		{
			displayName: 'Shop',
			name: 'shop',
			type: 'string',
			default: '',
			placeholder: 'acme.myshopify.com',
			description: 'Your Shopify store, so each message links to the order in the Shopify admin',
			// A Store Profile names the shop (shopDomain).
			displayOptions: { show: { '/settingsSource': ['parameters'] } },
		},
		{
			displayName: 'Store Name',
			name: 'storeName',
			type: 'string',
			default: '',
			description: "Shown in the weekly report's title",
			// A Store Profile names the store (storeName).
			displayOptions: { show: { '/settingsSource': ['parameters'] } },
		},
		{
			displayName: 'Thread Reply',
			name: 'threadReply',
			type: 'boolean',
			default: true,
			description: "Whether Update Exception also posts a short reply in the message's thread",
		},
	],
};

export function readOptions(ctx: IExecuteFunctions, i: number): AlertOptions {
	return ctx.getNodeParameter('options', i, {}) as AlertOptions;
}

/** What Post Exception and Update Exception both pass to the library for a case message. */
export function readCaseSettings(ctx: IExecuteFunctions, settings: StoreSettings, i: number, now: string) {
	const { routing, shop } = readCaseTarget(ctx, settings, i);
	return { routing, includePii: readOptions(ctx, i).includePii === true, shop, now };
}
