import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What proves a UPS Track Alert push is UPS's (docs/carriers.md, "Push tracking"). Used only by the
 * Carrier Tracking Trigger to check incoming pushes. It never calls UPS, so it has no test request: the
 * trigger's `upsTrackAlertCredentialTest` (testedBy) checks that the fields are complete and strong enough.
 *
 * Track Alert v2 secures pushes with OAuth client credentials whose token URL the customer provides:
 * UPS asks that URL for a token with the Client ID and Client Secret you registered in UPS's "Manage
 * Webhook Credentials", then sends the token as a bearer token and the Client ID in header x-api-key.
 * Track Alert v1 sends the subscription's opaque credential back in header "credential".
 */
// Tested by the Carrier Tracking Trigger's credentialTest (testedBy); the lint rule cannot see testedBy in n8n's
// versioned node layout, where the description lives in v1/versionDescription.ts.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- the reason is above
export class UpsTrackAlertPostPurchaseApi implements ICredentialType {
	name = 'upsTrackAlertPostPurchaseApi';

	displayName = 'UPS Track Alert Push (Post-Purchase) API';

	// The icon of the node that uses this credential (n8n shows it in the credentials list).
	icon: Icon = {
		light: 'file:../nodes/CarrierTrackingTrigger/carrierTrackingTrigger.svg',
		dark: 'file:../nodes/CarrierTrackingTrigger/carrierTrackingTrigger.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-post-purchase/n8n-nodes-post-purchase/blob/main/docs/carriers.md#push-tracking';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'scheme',
			type: 'options',
			options: [
				{
					name: 'OAuth: This Trigger Issues Tokens (v2)',
					value: 'oauth',
					description:
						"Give UPS the trigger's Token URL with this Client ID and Client Secret; pushes must carry a token " +
						'the trigger issued',
				},
				{
					name: 'OAuth: My Own Token Server (v2)',
					value: 'bearer',
					description: 'Your token URL hands UPS one fixed access token; pushes must carry exactly that token',
				},
				{
					name: 'Subscription Credential (v1)',
					value: 'credential',
					description:
						'The opaque credential you put in the subscription\'s destination; UPS echoes it in header "credential"',
				},
			],
			default: 'oauth',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			description:
				'The Client ID registered with UPS for webhook calls. UPS sends it in header x-api-key; leave empty with ' +
				'your own token server only if UPS does not send x-api-key.',
			displayOptions: { show: { scheme: ['oauth', 'bearer'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The Client Secret registered with UPS for webhook calls; also the key the trigger signs its tokens with',
			displayOptions: { show: { scheme: ['oauth'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The access token your own token server gives UPS',
			displayOptions: { show: { scheme: ['bearer'] } },
		},
		// The shared secret that proves a push is UPS's: whoever knows it can post tracking into the ledger.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the reason is above
		{
			displayName: 'Credential',
			name: 'credential',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The destination credential of the Track Alert subscription: a long random string only you and UPS know',
			displayOptions: { show: { scheme: ['credential'] } },
		},
	];
}
