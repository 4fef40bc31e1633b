/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';
import { CARRIER_CREDENTIAL_TYPES } from '../../shared/carriers';
import { sharedRateLimitsWhen } from '../../shared/sharedBudget';
import type { CarrierCode } from '../../lib/connectors/carriers';
import * as detectCarrier from './actions/detectCarrier.operation';
import * as readForWorkItems from './actions/readForWorkItems.operation';
import * as track from './actions/track.operation';
import * as validateAddress from './actions/validateAddress.operation';
import { trackingInputFields } from './actions/common';

/** Detect Carrier calls no carrier; Validate Address paces per run only: Track and Read for Work Items share limits. */
const carrierSharing = sharedRateLimitsWhen({ operation: ['track', 'readForWorkItems'] });

// Track and Validate Address show the credential of the chosen carrier (Track: every one for Auto); Read
// for Work Items, which tells the carrier per number and has no Carrier field, shows them all. Redis only
// with shared rate limits on.
const credentials: INodeCredentialDescription[] = [
	...(Object.entries(CARRIER_CREDENTIAL_TYPES) as Array<[CarrierCode, string]>).map(([carrier, name]) => ({
		name,
		required: false,
		displayOptions: {
			show: { operation: ['track', 'readForWorkItems', 'validateAddress'] },
			hide: { carrier: Object.keys(CARRIER_CREDENTIAL_TYPES).filter((other) => other !== carrier) },
		},
	})),
	carrierSharing.credential,
];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Carrier Tracking',
	name: 'carrierTracking',
	icon: { light: 'file:carrierTracking.svg', dark: 'file:carrierTracking.dark.svg' },
	group: ['transform'],
	version: 1,
	// One expression string (n8n's subtitle rule wants a literal), longer than a line.
	subtitle:
		// eslint-disable-next-line max-len
		'={{$parameter.operation==="detectCarrier" ? "Detect Carrier" : $parameter.operation==="validateAddress" ? "Validate Address" : "Track " + ($parameter.carrier ?? "Work Items")}}',
	description:
		'Track parcels directly with UPS, FedEx, USPS and DHL and get one normalised status; validate addresses with ' +
		'UPS, USPS and FedEx',
	defaults: { name: 'Carrier Tracking' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials,
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Track',
					value: 'track',
					action: 'Track parcels',
					description: 'Ask the carrier for the current status of one or many tracking numbers',
				},
				{
					name: 'Read for Work Items',
					value: 'readForWorkItems',
					action: 'Track the parcels of work items',
					description:
						"Track every parcel of the event processor's work items (one per order) in one batch per carrier, " +
						'and add the tracking observations to each item',
				},
				{
					name: 'Validate Address',
					value: 'validateAddress',
					action: 'Validate an address',
					description:
						"Check an address with the carrier's address API and get its standardised form, the candidates " +
						'when it is ambiguous, and what changed',
				},
				{
					name: 'Detect Carrier',
					value: 'detectCarrier',
					action: 'Detect the carrier',
					description: 'Tell the carrier from the tracking number format and the tracking company',
				},
			],
			default: 'track',
		},
		// The carrier choice comes before the numbers it applies to; the rest of Track's fields after them.
		track.carrierField,
		...trackingInputFields,
		...track.description,
		...detectCarrier.description,
		...readForWorkItems.description,
		validateAddress.carrierField,
		...validateAddress.description,
		carrierSharing.property,
	],
};
