import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret of a USPS tracking subscription (Subscriptions - Tracking v3, `secret`: exactly 32
 * characters). USPS signs every notification with it (header X-HMAC); the Carrier Tracking Trigger checks
 * that signature. It never calls USPS, so it has no test request.
 */
export class UspsTrackingSubscriptionPostPurchaseApi implements ICredentialType {
	name = 'uspsTrackingSubscriptionPostPurchaseApi';

	displayName = 'USPS Tracking Subscription Push (Post-Purchase) API';

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/carriers.md#push-tracking';

	properties: INodeProperties[] = [
		{
			displayName: 'Subscription Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The 32-character secret you sent in the subscription request (POST ' +
				'/subscriptions-tracking/v3r2/subscriptions)',
		},
	];
}
