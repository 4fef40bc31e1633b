import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret of a USPS tracking subscription (Subscriptions - Tracking v3, `secret`: exactly 32
 * characters). USPS signs every notification with it (header X-HMAC); the Carrier Tracking Trigger checks
 * that signature. It never calls USPS, so it has no test request: the trigger's
 * `uspsTrackingSubscriptionCredentialTest` (testedBy) checks the secret's length.
 */
// Tested by the Carrier Tracking Trigger's credentialTest (testedBy); the lint rule cannot see testedBy in n8n's
// versioned node layout, where the description lives in v1/versionDescription.ts.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- the reason is above
export class UspsTrackingSubscriptionPostPurchaseApi implements ICredentialType {
	name = 'uspsTrackingSubscriptionPostPurchaseApi';

	displayName = 'USPS Tracking Subscription Push (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/CarrierTrackingTrigger/carrierTrackingTrigger.svg',
		dark: 'file:../nodes/CarrierTrackingTrigger/carrierTrackingTrigger.dark.svg',
	};

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
