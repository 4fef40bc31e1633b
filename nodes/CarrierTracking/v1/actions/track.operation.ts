import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	noTrackingInputError,
	resolveCarrier,
	splitTrackingNumbers,
	toTrackingObservation,
	type CarrierChoice,
	type CarrierCode,
} from '../../../lib/connectors/carriers';
import { outcomeKey, trackEachCarrier, type CarrierNumber, type ItemOutcome } from './common';

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
		// Read for Work Items tracks with the same trackers, so the same pacing and DHL hint apply to it.
		displayOptions: { show: { operation: ['track', 'readForWorkItems'] } },
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

	const outcomes = await trackEachCarrier.call(
		this,
		wanted.filter((w): w is Wanted & CarrierNumber => !!w.carrier && !w.error),
	);

	const receivedAt = new Date().toISOString();
	return wanted.map((want): ItemOutcome => {
		const outcome = want.carrier ? outcomes.get(outcomeKey(want.carrier, want.trackingNumber)) : undefined;
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
