import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Redis for sharing vendor rate limits across n8n workers (docs/reliability.md, "Shared rate budgets"):
 * the Redis that n8n's queue mode already runs, or any other. Nodes with "Share Rate Limits Across Workers"
 * on keep each vendor account's budget here, so several workers together stay inside the vendor's limit.
 * Redis speaks no HTTP, so there is no test request: the nodes test this credential with their
 * `postPurchaseRedisConnectionTest` method (connect and PING).
 */
// Redis speaks no HTTP: the vendor nodes' postPurchaseRedisConnectionTest (testedBy) connects and PINGs. The lint
// rule cannot see testedBy in n8n's versioned node layout (v1/versionDescription.ts).
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- the reason is above
export class PostPurchaseRedisApi implements ICredentialType {
	name = 'postPurchaseRedisApi';

	displayName = 'Post-Purchase Redis (Shared Rate Limits)';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/OrderLedger/orderLedger.svg',
		dark: 'file:../nodes/OrderLedger/orderLedger.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/reliability.md#shared-rate-budgets';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			required: true,
			description: "In queue mode, the same host as n8n's QUEUE_BULL_REDIS_HOST works",
		},
		{ displayName: 'Port', name: 'port', type: 'number', default: 6379, required: true },
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'Only for Redis 6+ ACL users; leave empty for the default user',
		},
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{
			displayName: 'Database Index',
			name: 'database',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
		},
		{ displayName: 'TLS', name: 'tls', type: 'boolean', default: false, description: 'Whether to connect over TLS' },
		{
			displayName: 'Key Prefix',
			name: 'keyPrefix',
			type: 'string',
			default: 'pp:budget:',
			description:
				'Put before every key this package writes (e.g. pp:budget:shopify:my-shop.myshopify.com). Give each n8n ' +
				'instance sharing one Redis its own prefix only if they must NOT share vendor budgets.',
		},
	];
}
