import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A store's customer pages (issue 17): where the order status page lives, the secret its links are signed
 * with, branding and the lookup limits. Customer Pages renders the pages with it; Klaviyo puts a signed
 * link to the page in every customer event. The secret never leaves n8n: links carry an HMAC of it.
 *
 * Defaults are literal (n8n's linter requires it); a unit test checks they equal nodes/lib/pages/settings'
 * defaultPageSettings().
 */
// Tested by Customer Pages' credentialTest (testedBy): the settings call nothing, so the test checks every field.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- the reason is above
export class PostPurchaseCustomerPagesApi implements ICredentialType {
	name = 'postPurchaseCustomerPagesApi';

	displayName = 'Post-Purchase Customer Pages API';

	icon: Icon = {
		light: 'file:../nodes/CustomerPages/customerPages.svg',
		dark: 'file:../nodes/CustomerPages/customerPages.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/customer-pages.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Status Page URL',
			name: 'pageUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/order-status',
			description:
				"The production URL of the status page workflow's Webhook node, as customers reach it. " +
				'Links in emails point here.',
		},
		{
			displayName: 'Address Change Page URL',
			name: 'addressChangeUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/order-address',
			description:
				"The production URL of the address change workflow's Webhook node. Leave empty to not offer customers " +
				'address changes.',
		},
		{
			displayName: 'Cancellation Page URL',
			name: 'cancelUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/order-cancel',
			description:
				"The production URL of the cancellation workflow's Webhook node. Leave empty to not offer customers " +
				'cancellations.',
		},
		{
			displayName: 'Item Swap Page URL',
			name: 'swapUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/order-swap',
			description:
				"The production URL of the item swap workflow's Webhook node (template 12). Leave empty to not offer " +
				'customers item swaps.',
		},
		{
			displayName: 'Link Secret',
			name: 'linkSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'At least 32 characters (e.g. from `openssl rand -base64 48`). Signs the links in emails and the forms. ' +
				'Changing it makes every link sent so far stop working.',
		},
		{
			displayName: 'Link Lifetime (Days)',
			name: 'linkLifetimeDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 365 },
			default: 60,
			description: 'How long a link in an email opens the page without asking for the email address',
		},
		{
			displayName: 'Logo URL',
			name: 'logoUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://cdn.shopify.com/s/files/logo.png',
			description: 'An https:// image shown at the top of the page. Leave empty to show the store name.',
		},
		{
			displayName: 'Accent Colour',
			name: 'accentColor',
			type: 'color',
			default: '#1f4e79',
			description:
				'Links and headings. A colour too light to read on white is replaced by a dark one, so the page stays legible.',
		},
		{
			displayName: 'Support Email',
			name: 'supportEmail',
			type: 'string',
			default: '',
			placeholder: 'e.g. help@example.com',
			description: 'Where the page tells customers to write',
		},
		{
			displayName: 'Support Page URL',
			name: 'supportUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/pages/contact',
			description: 'Your contact page, shown beside the email',
		},
		{
			displayName: 'Lookups per Client (15 Minutes)',
			name: 'lookupsPerClient',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 10,
			description:
				'Order number + email tries one client may make in 15 minutes (the client as the proxy in front of n8n ' +
				'reports it)',
		},
		{
			displayName: 'Lookups per Order Number or Email (Hour)',
			name: 'lookupsPerOrder',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 10,
			description:
				'Tries at one order number, and with one email address, in an hour, whoever makes them: guessing is slowed ' +
				'down (a customer locked out this way still opens the page from the link in their emails)',
		},
		{
			displayName: 'Proxies in Front of N8n',
			name: 'trustedProxies',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 1,
			description:
				'How many proxies or load balancers of yours pass requests to n8n (each adds the address it saw to ' +
				'X-Forwarded-For). The client is the address that many places from the end. 0 if n8n is reached directly: ' +
				'then there is no client address to trust and only the per-order and per-email limits apply.',
		},
		{
			displayName:
				'The rules below decide what customers may change or cancel themselves on the address change and ' +
				'cancellation pages, and what waits for a person in Slack',
			name: 'selfServiceNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Window Until the Warehouse Starts Picking',
			name: 'windowUntilPicking',
			type: 'boolean',
			default: true,
			description:
				'Whether changes close as soon as the warehouse starts picking (read live from the warehouse). The time ' +
				"limit is the Store Profile's Edit Cut-Off (Minutes): the earlier of the two closes the window.",
		},
		{
			displayName: 'Allow Address Changes',
			name: 'allowAddressChange',
			type: 'boolean',
			default: true,
			description: 'Whether customers may change the delivery address themselves inside the window',
		},
		{
			displayName: 'Allow Cancellations',
			name: 'allowCancellation',
			type: 'boolean',
			default: true,
			description:
				'Whether customers may cancel the whole order themselves inside the window (canceled at the warehouse and ' +
				'in Shopify, refunded to the original payment method)',
		},
		{
			displayName: 'Allow Item Swaps',
			name: 'allowItemSwap',
			type: 'boolean',
			default: false,
			description:
				'Whether customers may change the size or colour of items themselves inside the window (another variant of ' +
				'the same product at the same price; changed at the warehouse and in Shopify)',
		},
		{
			displayName: 'Approve Country Changes',
			name: 'approveCountryChange',
			type: 'boolean',
			default: true,
			description: 'Whether a new address in another country waits for a person in Slack instead of being applied',
		},
		{
			displayName: 'Approve Unverified Addresses',
			name: 'approveUnverifiedAddress',
			type: 'boolean',
			default: true,
			description:
				'Whether an address the carrier could not confirm, which the customer keeps anyway, waits for a person ' +
				'(also when no carrier check is set up)',
		},
		{
			displayName: 'Changes per Order Before Approval',
			name: 'maxChangesPerOrder',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: 3,
			description: 'After this many self-service changes to one order, further ones wait for a person',
		},
		{
			displayName: 'Approve Orders Above',
			name: 'approveAboveValue',
			type: 'string',
			default: '',
			placeholder: 'e.g. USD 500, EUR 450',
			description:
				"Requests on orders worth more than this wait for a person: a limit per currency, compared with the order's " +
				'current total in the currency the customer pays in (never converted; an order in a currency not listed ' +
				'waits too). Leave empty for no value rule.',
		},
	];
}
