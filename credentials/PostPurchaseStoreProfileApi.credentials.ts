import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A store's settings in one place (issue 14): calendar, SLA thresholds, Slack channels, store name and shop,
 * customer messages on or off. Order State and Exception Alerts read it when their "Settings From" is "Store
 * Profile", so the event processor and the stuck-order alerts of one store can never disagree, and an agency
 * sets up another store by creating another profile. It holds no secret and calls nothing: Order State's
 * `postPurchaseStoreProfileTest` (testedBy) checks the time zones, hours, thresholds and holiday country.
 *
 * Defaults are literal (n8n's linter requires it); a unit test checks they equal nodes/lib/order/storeProfile's
 * defaultStoreProfile() and Order State's parameters.
 */
// Tested by Order State's credentialTest (testedBy); the lint rule cannot see testedBy in n8n's versioned node
// layout, where the description lives in v1/versionDescription.ts.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- the reason is above
export class PostPurchaseStoreProfileApi implements ICredentialType {
	name = 'postPurchaseStoreProfileApi';

	// The name the templates and docs use; it is a profile of settings, not an API, so no "API" suffix.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api -- the reason is above
	displayName = 'Post-Purchase Store Profile';

	// The icon of the node that judges by it (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/OrderState/orderState.svg',
		dark: 'file:../nodes/OrderState/orderState.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/store-profile.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Store Name',
			name: 'storeName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Acme Outdoor',
			description: "Shown in the weekly report's title",
		},
		{
			displayName: 'Shop Domain',
			name: 'shopDomain',
			type: 'string',
			default: '',
			placeholder: 'e.g. acme.myshopify.com',
			description: 'Your Shopify store, so each Slack message links to the order in the Shopify admin',
		},
		{
			displayName: 'Store Time Zone',
			name: 'timeZone',
			type: 'string',
			default: 'America/New_York',
			placeholder: 'e.g. America/New_York',
			description: 'Time zone the team works in (IANA name). Business hours, weekends and holidays are counted in it.',
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
		},
		{
			displayName: 'Business Hours Start',
			name: 'businessHoursStart',
			type: 'string',
			default: '09:00',
			placeholder: 'e.g. 09:00',
			description: 'When a business day starts (24h HH:mm, store time zone)',
		},
		{
			displayName: 'Business Hours End',
			name: 'businessHoursEnd',
			type: 'string',
			default: '17:00',
			placeholder: 'e.g. 17:00',
			description: 'When a business day ends (24h HH:mm, store time zone; 24:00 for midnight)',
		},
		{
			displayName: 'Holiday Country',
			name: 'holidayCountry',
			type: 'string',
			default: '',
			placeholder: 'e.g. US',
			description:
				"Two-letter country code (ISO 3166-1) whose public holidays count as days off, from the package's holiday " +
				'rules (observed days included). Leave empty for none.',
		},
		{
			displayName: 'Holiday Region',
			name: 'holidayRegion',
			type: 'string',
			default: '',
			placeholder: 'e.g. CA (California), ON (Ontario), BY (Bavaria)',
			description:
				'State, province or region code (ISO 3166-2, with or without the country: BY or DE-BY) whose own public ' +
				"holidays count too. Leave empty for the country's national holidays only.",
		},
		{
			displayName: 'Own Closed Days',
			name: 'holidays',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-12-24, 2026-12-31',
			description:
				'Days the store is closed besides public holidays (stock-take, company days), as YYYY-MM-DD separated by ' +
				'commas. They count like weekend days.',
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
		},
		{
			displayName: 'Confirm Before Opening',
			name: 'confirmBeforeOpening',
			type: 'boolean',
			default: true,
			description:
				'Whether a "tracking stalled" or "not sent to fulfillment" case opens only after a read made past its due ' +
				'time still shows it',
		},
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
		{
			displayName: 'Default Slack Channel',
			name: 'slackChannelDefault',
			type: 'string',
			default: '#order-exceptions',
			description: 'Where exception cases go unless their type has a channel below (channel name or ID)',
		},
		{
			displayName: 'Shipping Delays Channel',
			name: 'slackChannelShippingDelays',
			type: 'string',
			default: '#shipping-delays',
			description:
				'Tracking stalled, delivery late, delivery failed and returned to sender cases. Empty: the default channel.',
		},
		{
			displayName: 'Warehouse Channel',
			name: 'slackChannelWarehouse',
			type: 'string',
			default: '#warehouse',
			description: 'Fulfillment stuck, not sent to fulfillment and backordered cases. Empty: the default channel.',
		},
		{
			displayName: 'Customer Care Channel',
			name: 'slackChannelCustomerCare',
			type: 'string',
			default: '#customer-care',
			description: 'Invalid address and customer request (edit after cut-off) cases. Empty: the default channel.',
		},
		{
			displayName: 'Weekly Report Channel',
			name: 'slackReportChannel',
			type: 'string',
			default: '#order-exceptions',
			description: 'Where the weekly exception report goes',
		},
		{
			displayName: 'Approvers (Slack User IDs)',
			name: 'approvers',
			type: 'string',
			default: '',
			placeholder: 'U0123ABCD, U0456EFGH',
			description:
				"Who may press Approve or Reject on a customer's request (a cancellation, address change or item swap " +
				"waiting for a person). Slack member IDs, separated by commas: in Slack, a person's profile, then ⋮, then " +
				'Copy member ID. Names are not accepted, as anyone can change their own. Empty: anyone in the channel.',
		},
		{
			displayName: 'Send Customer Messages',
			name: 'sendCustomerMessages',
			type: 'boolean',
			default: false,
			description:
				'Whether Order State plans Klaviyo messages to customers (shipped, delivered, delayed). Off until you turn ' +
				'it on, so nobody is messaged before the Klaviyo flows are ready.',
		},
	];
}
