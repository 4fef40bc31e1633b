import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	missingCarrierCredentialError,
	trackAll,
	type CarrierCode,
	type TrackOutcome,
} from '../../../lib/connectors/carriers';
import { CARRIER_CREDENTIAL_TYPES, carrierTracker, type CarrierTrackerOptions } from '../../../shared/carriers';
import { withSharedBudget } from '../../../shared/sharedBudget';

/** The numbers and the tracking company: read by both operations. */
export const trackingInputFields: INodeProperties[] = [
	{
		displayName: 'Tracking Numbers',
		name: 'trackingNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: '1Z999AA10123456784, 794843185271',
		// Read for Work Items takes each work item's own numbers; Validate Address takes no number.
		displayOptions: { hide: { operation: ['readForWorkItems', 'validateAddress'] } },
		description:
			'One number, or several separated by commas or new lines (a list from an expression works too). Numbers ' +
			'from all input items are batched together.',
	},
	{
		displayName: 'Tracking Company',
		name: 'trackingCompany',
		type: 'string',
		default: '',
		placeholder: '={{ $json.trackingCompany }}',
		description:
			'Shopify\'s tracking company for the fulfillment ("UPS", "FedEx", "DHL Express", ...). Helps Auto when a ' +
			'number format is shared by several carriers.',
		displayOptions: { show: { '/operation': ['detectCarrier', 'track'] } },
	},
];

/**
 * What an operation that reads all items at once reports per item, in output order: a result, or the
 * failure the router turns into an error item (with `context`) or a stopped run.
 */
export type ItemOutcome =
	| { itemIndex: number; json: IDataObject }
	| { itemIndex: number; error: unknown; context: IDataObject };

/** One number to ask one carrier about. */
export interface CarrierNumber {
	carrier: CarrierCode;
	trackingNumber: string;
}

/** Where trackEachCarrier files the outcome of a number. */
export const outcomeKey = (carrier: CarrierCode, trackingNumber: string) => `${carrier}:${trackingNumber}`;

/**
 * Asks each carrier about its numbers with that carrier's batched tracker (one token per run, as many numbers
 * per request as the carrier takes: FedEx 30, USPS 35, UPS and DHL one, several in flight within the pacing).
 * The carriers are asked at the same time: each has its own account, limits and pacing, so the run takes as
 * long as the slowest carrier rather than all of them in a row. A carrier without a credential on the node
 * answers each of its numbers with the error that names the credential to add. Keyed by outcomeKey.
 */
export async function trackEachCarrier(
	this: IExecuteFunctions,
	wanted: readonly CarrierNumber[],
): Promise<Map<string, TrackOutcome>> {
	const outcomes = new Map<string, TrackOutcome>();
	const carriers = (Object.keys(CARRIER_CREDENTIAL_TYPES) as CarrierCode[]).filter((carrier) =>
		wanted.some((w) => w.carrier === carrier),
	);
	if (carriers.length === 0) return outcomes;
	const options = this.getNodeParameter('options', 0, {}) as CarrierTrackerOptions;
	// The one place this node calls carriers, once per execution: the shared budget's connection lives here.
	await withSharedBudget(this, (sharedBudget) =>
		Promise.all(
			carriers.map(async (carrier) => {
				const numbers = wanted.filter((w) => w.carrier === carrier).map((w) => w.trackingNumber);
				const tracker = await carrierTracker(this, carrier, { ...options, sharedBudget });
				if (!tracker) {
					const missing = missingCarrierCredentialError(carrier);
					for (const number of numbers)
						outcomes.set(outcomeKey(carrier, number), { trackingNumber: number, error: missing });
					return;
				}
				const results = await trackAll(tracker, numbers, { concurrency: tracker.maxPerRequest === 1 ? 4 : 2 });
				for (const [number, outcome] of results) outcomes.set(outcomeKey(carrier, number), outcome);
			}),
		),
	);
	return outcomes;
}
