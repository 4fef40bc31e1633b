import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	missingCarrierCredentialError,
	noTrackingInputError,
	resolveCarrier,
	splitTrackingNumbers,
	toTrackingObservation,
	trackAll,
	type CarrierChoice,
	type CarrierCode,
	type TrackOutcome,
} from '../../../lib/connectors/carriers';
import { CARRIER_CREDENTIAL_TYPES, carrierTracker } from '../../../shared/carriers';
import type { ItemOutcome } from './common';

const show = { show: { operation: ['track'] } };

export const carrierField: INodeProperties = {
	displayName: 'Carrier',
	name: 'carrier',
	type: 'options',
	options: [
		{ name: 'Auto (Detect From Number and Tracking Company)', value: 'auto' },
		{ name: 'DHL', value: 'dhl' },
		{ name: 'FedEx', value: 'fedex' },
		{ name: 'UPS', value: 'ups' },
		{ name: 'USPS', value: 'usps' },
	],
	default: 'auto',
	displayOptions: show,
	description: 'Auto picks the carrier per number; add a credential for every carrier you ship with',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Order Key',
		name: 'orderKey',
		type: 'string',
		default: '',
		placeholder: '={{ $json.orderKey }}',
		description:
			'The order number (e.g. 1001). When set, each result also carries a tracking observation for Order State.',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Max Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 5,
				description:
					'Pacing per carrier for this execution; lower it when other workflows use the same carrier account',
			},
			{
				displayName: 'DHL Service Hint',
				name: 'dhlService',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'eCommerce', value: 'ecommerce' },
					{ name: 'eCommerce Europe', value: 'ecommerce-europe' },
					{ name: 'Express', value: 'express' },
					{ name: 'Freight', value: 'freight' },
					{ name: 'Parcel DE', value: 'parcel-de' },
					{ name: 'Parcel NL', value: 'parcel-nl' },
					{ name: 'Parcel UK', value: 'parcel-uk' },
				],
				default: '',
				description: 'Which DHL business to ask when a number exists in several',
			},
		],
	},
];

interface Wanted {
	itemIndex: number;
	trackingNumber: string;
	carrier?: CarrierCode;
	orderKey?: string;
	error?: Error;
}

/**
 * Every number of every item is collected first, so one token and full batches serve the whole run;
 * the outcomes come back one per number, in input order.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<ItemOutcome[]> {
	const wanted: Wanted[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const numbers = splitTrackingNumbers(this.getNodeParameter('trackingNumbers', i, ''));
			if (numbers.length === 0) throw noTrackingInputError(false);
			const choice = this.getNodeParameter('carrier', i) as CarrierChoice;
			const company = (this.getNodeParameter('trackingCompany', i, '') as string) || null;
			const orderKey = ((this.getNodeParameter('orderKey', i, '') as string) || '').trim() || undefined;
			for (const trackingNumber of numbers) {
				try {
					wanted.push({
						itemIndex: i,
						trackingNumber,
						orderKey,
						carrier: resolveCarrier(trackingNumber, choice, company),
					});
				} catch (error) {
					wanted.push({ itemIndex: i, trackingNumber, error: error as Error });
				}
			}
		} catch (error) {
			wanted.push({ itemIndex: i, trackingNumber: '', error: error as Error });
		}
	}

	const outcomes = new Map<string, TrackOutcome>();
	for (const carrier of Object.keys(CARRIER_CREDENTIAL_TYPES) as CarrierCode[]) {
		const numbers = wanted.filter((w) => w.carrier === carrier && !w.error).map((w) => w.trackingNumber);
		if (numbers.length === 0) continue;
		const options = this.getNodeParameter('options', 0, {}) as { requestsPerSecond?: number; dhlService?: string };
		const tracker = await carrierTracker(this, carrier, options);
		if (!tracker) {
			const missing = missingCarrierCredentialError(carrier);
			for (const number of numbers) outcomes.set(`${carrier}:${number}`, { trackingNumber: number, error: missing });
			continue;
		}
		const results = await trackAll(tracker, numbers, { concurrency: tracker.maxPerRequest === 1 ? 4 : 2 });
		for (const [number, outcome] of results) outcomes.set(`${carrier}:${number}`, outcome);
	}

	const receivedAt = new Date().toISOString();
	return wanted.map((want): ItemOutcome => {
		const outcome = want.carrier ? outcomes.get(`${want.carrier}:${want.trackingNumber}`) : undefined;
		const error = want.error ?? outcome?.error;
		if (error || !outcome?.result)
			return {
				itemIndex: want.itemIndex,
				error: error ?? new Error(`No result for ${want.trackingNumber}`),
				context: { trackingNumber: want.trackingNumber || null, carrier: want.carrier ?? null },
			};
		const json: IDataObject = { ...(outcome.result as unknown as IDataObject) };
		if (want.orderKey)
			json.observation = toTrackingObservation(outcome.result, {
				orderKey: want.orderKey,
				receivedAt,
			}) as unknown as IDataObject;
		return { itemIndex: want.itemIndex, json };
	});
}
