import type { INodeProperties } from 'n8n-workflow';
import { onlyWithParameters } from '../../../shared/storeProfile';

// Defaults are literal (n8n's linter requires it); a unit test checks they equal defaultPolicy().

/** Where the store settings below are shown: Reconcile and Evaluate Stuck, unless a Store Profile holds them. */
const storeSetting = onlyWithParameters({ operation: ['reconcile', 'evaluateStuck'] });

/**
 * The policy a store operates by, editable on the canvas. Shown for Reconcile and Evaluate Stuck when
 * "Settings From" is This Node's Parameters; with a Store Profile the profile holds them (nodes/shared/storeProfile.ts
 * reads either). The notification event names are the workflow's, not the store's: shown in both cases.
 */
export const policyProperties: INodeProperties[] = [
	{
		displayName: 'Store Time Zone',
		name: 'timeZone',
		type: 'string',
		default: 'America/New_York',
		placeholder: 'e.g. America/New_York',
		description: 'Time zone the team works in (IANA name). Business hours, weekends and holidays are counted in it.',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Warehouse Time Zone',
		name: 'warehouseTimeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. America/Los_Angeles',
		description:
			'Time zone of the warehouse (IANA name). A ship date without a time (ShipStation shipDate) counts as the ' +
			'end of that day there. Leave empty to use the store time zone.',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Fulfillment Clock Starts',
		name: 'fulfillmentClockStart',
		type: 'options',
		options: [
			{
				name: 'When the Order Was Created',
				value: 'order_created',
				description: 'Count the fulfillment SLA from checkout',
			},
			{ name: 'When the Order Was Paid', value: 'order_paid', description: 'Count the fulfillment SLA from payment' },
			{
				name: 'When the Warehouse Received It',
				value: 'warehouse_received',
				description: 'Count the fulfillment SLA from when the warehouse first had the order',
			},
		],
		default: 'warehouse_received',
		description: 'Where the "Fulfillment Stuck" business hours start counting',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Late Against',
		name: 'lateAgainst',
		type: 'options',
		options: [
			{
				name: 'First Promise',
				value: 'first_promise',
				description: 'Late once the first estimated or committed delivery date the customer saw has passed',
			},
			{
				name: 'Newest Estimate',
				value: 'newest_estimate',
				description: 'Late only once the newest carrier estimate has passed',
			},
		],
		default: 'first_promise',
		description: 'What a delivery is judged late against when the store made no promise of its own',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Confirm Before Opening',
		name: 'confirmBeforeOpening',
		type: 'boolean',
		default: true,
		description:
			'Whether a "tracking stalled" or "not sent to fulfillment" case opens only after a read made past its due ' +
			'time still shows it. Until then the order is listed in "toConfirm" so the workflow can ask the carrier or ' +
			'warehouse again.',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Business Days',
		name: 'businessDays',
		type: 'multiOptions',
		// Sorted by name, as n8n lists options; the values are ISO weekdays.
		options: [
			{ name: 'Friday', value: 5 },
			{ name: 'Monday', value: 1 },
			{ name: 'Saturday', value: 6 },
			{ name: 'Sunday', value: 7 },
			{ name: 'Thursday', value: 4 },
			{ name: 'Tuesday', value: 2 },
			{ name: 'Wednesday', value: 3 },
		],
		default: [1, 2, 3, 4, 5],
		description: 'Days the warehouse and the team work. SLA thresholds only count time on these days.',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Business Hours Start',
		name: 'businessHoursStart',
		type: 'string',
		default: '09:00',
		placeholder: 'e.g. 09:00',
		description: 'When a business day starts (24h HH:mm, store time zone)',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Business Hours End',
		name: 'businessHoursEnd',
		type: 'string',
		default: '17:00',
		placeholder: 'e.g. 17:00',
		description: 'When a business day ends (24h HH:mm, store time zone; 24:00 for midnight)',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Holidays',
		name: 'holidays',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-11-26, 2026-12-25',
		description: 'Days off, as YYYY-MM-DD separated by commas. They count like weekend days.',
		displayOptions: storeSetting,
	},
	{
		displayName: 'Thresholds',
		name: 'thresholds',
		type: 'collection',
		placeholder: 'Change a Threshold',
		default: {},
		description: 'When an order counts as late. Hours are business hours unless the name says minutes.',
		displayOptions: storeSetting,
		options: [
			{
				displayName: 'Carrier Stall Limits (JSON)',
				name: 'carrierStallHours',
				type: 'json',
				default: '{"ups": 24, "fedex": 24, "usps": 32, "dhl": 32}',
				description: 'Business hours without a carrier scan before a parcel counts as stalled, per carrier',
			},
			{
				displayName: 'Delivery Late Grace (Minutes)',
				name: 'deliveryLateGraceMinutes',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Minutes after the promised or estimated delivery time before the order counts as late',
			},
			{
				displayName: 'Edit Cutoff (Minutes)',
				name: 'editCutoffMinutes',
				type: 'number',
				default: 60,
				typeOptions: { minValue: 0 },
				description:
					'Minutes after placing during which customers may still change an order (earlier if the warehouse ' +
					'already has it)',
			},
			{
				displayName: 'Fulfillment Stuck (Hours)',
				name: 'fulfillmentStuckHours',
				type: 'number',
				default: 16,
				typeOptions: { minValue: 0 },
				description: 'Business hours the warehouse may hold an order without shipping it',
			},
			{
				displayName: 'Not Sent to Fulfillment (Hours)',
				name: 'notSentToFulfillmentHours',
				type: 'number',
				default: 4,
				typeOptions: { minValue: 0 },
				description: 'Business hours a paid order may wait before a warehouse has it',
			},
			{
				displayName: 'Notification Late (Hours)',
				name: 'notificationLateHours',
				type: 'number',
				default: 2,
				typeOptions: { minValue: 0 },
				description: 'Business hours after shipping or delivery by which the customer must have been told',
			},
			{
				displayName: 'Status Mismatch Grace (Minutes)',
				name: 'statusMismatchGraceMinutes',
				type: 'number',
				default: 60,
				typeOptions: { minValue: 0 },
				description: 'Minutes Shopify and the warehouse may disagree (sync lag) before it counts',
			},
			{
				displayName: 'Tracking Missing Grace (Minutes)',
				name: 'trackingMissingGraceMinutes',
				type: 'number',
				default: 120,
				typeOptions: { minValue: 0 },
				description: 'Minutes a shipped parcel may take to appear in Shopify with its tracking number',
			},
			{
				displayName: 'Tracking Stalled (Hours)',
				name: 'trackingStalledHours',
				type: 'number',
				default: 24,
				typeOptions: { minValue: 0 },
				description: 'Business hours without a carrier scan, for carriers not listed in the carrier stall limits',
			},
		],
	},
	{
		displayName: 'Customer Notifications',
		name: 'notificationEvents',
		type: 'collection',
		placeholder: 'Change an Event Name',
		default: {},
		description:
			'Event names of the customer messages that must follow each milestone. Leave a name empty to not check ' +
			'that milestone.',
		displayOptions: { show: { operation: ['reconcile', 'evaluateStuck'] } },
		options: [
			{
				displayName: 'Delivered Event',
				name: 'delivered',
				type: 'string',
				default: 'order_delivered',
				description: 'Event name(s) sent when a parcel is delivered, separated by commas',
			},
			{
				displayName: 'Out for Delivery Event',
				name: 'out_for_delivery',
				type: 'string',
				default: '',
				description: 'Event name(s) sent when a parcel is out for delivery, separated by commas',
			},
			{
				displayName: 'Shipped Event',
				name: 'shipped',
				type: 'string',
				default: 'order_shipped',
				description: 'Event name(s) sent when a parcel ships, separated by commas',
			},
		],
	},
];
