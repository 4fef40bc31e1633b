import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import {
	CARRIER_CREDENTIAL_TYPES,
	CARRIER_NAMES,
	carrierBaseUrl,
	carrierTransport,
	createTracker,
	detectCarrier,
	missingCarrierCredentialError,
	noTrackingInputError,
	resolveCarrier,
	splitTrackingNumbers,
	toTrackingObservation,
	trackAll,
	trackingUrlFor,
	type CarrierChoice,
	type CarrierCode,
	type TrackOutcome,
} from '../lib/connectors/carriers';
import { toNodeError } from '../shared/errors';
import { n8nTransport } from '../shared/transport';

const CARRIER_OPTIONS = [
	{ name: 'Auto (Detect From Number and Tracking Company)', value: 'auto' },
	{ name: 'DHL', value: 'dhl' },
	{ name: 'FedEx', value: 'fedex' },
	{ name: 'UPS', value: 'ups' },
	{ name: 'USPS', value: 'usps' },
];

interface Wanted {
	itemIndex: number;
	trackingNumber: string;
	carrier?: CarrierCode;
	orderKey?: string;
	error?: Error;
}

export class CarrierTracking implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Carrier Tracking',
		name: 'carrierTracking',
		icon: 'file:carrierTracking.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "detectCarrier" ? "Detect Carrier" : "Track " + $parameter["carrier"]}}',
		description: 'Track parcels directly with UPS, FedEx, USPS and DHL and get one normalised status',
		defaults: { name: 'Carrier Tracking' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: true,
		credentials: (Object.entries(CARRIER_CREDENTIAL_TYPES) as Array<[CarrierCode, string]>).map(([carrier, name]) => ({
			name,
			required: false,
			displayOptions: { show: { operation: ['track'], carrier: [carrier, 'auto'] } },
		})),
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Track', value: 'track', action: 'Track parcels', description: 'Ask the carrier for the current status of one or many tracking numbers' },
					{ name: 'Detect Carrier', value: 'detectCarrier', action: 'Detect the carrier', description: 'Tell the carrier from the tracking number format and the tracking company' },
				],
				default: 'track',
			},
			{
				displayName: 'Carrier',
				name: 'carrier',
				type: 'options',
				options: CARRIER_OPTIONS,
				default: 'auto',
				displayOptions: { show: { operation: ['track'] } },
				description: 'Auto picks the carrier per number; add a credential for every carrier you ship with',
			},
			{
				displayName: 'Tracking Numbers',
				name: 'trackingNumbers',
				type: 'string',
				default: '',
				required: true,
				placeholder: '1Z999AA10123456784, 794843185271',
				description: 'One number, or several separated by commas or new lines (a list from an expression works too). Numbers from all input items are batched together.',
			},
			{
				displayName: 'Tracking Company',
				name: 'trackingCompany',
				type: 'string',
				default: '',
				placeholder: '={{ $json.trackingCompany }}',
				description: 'Shopify\'s tracking company for the fulfillment ("UPS", "FedEx", "DHL Express", ...). Helps Auto when a number format is shared by several carriers.',
				displayOptions: { show: { '/operation': ['detectCarrier', 'track'] } },
			},
			{
				displayName: 'Order Key',
				name: 'orderKey',
				type: 'string',
				default: '',
				placeholder: '={{ $json.orderKey }}',
				description: 'The order number (e.g. 1001). When set, each result also carries a tracking observation for Order State.',
				displayOptions: { show: { operation: ['track'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: { operation: ['track'] } },
				options: [
					{
						displayName: 'Max Requests per Second',
						name: 'requestsPerSecond',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 100 },
						default: 5,
						description: 'Pacing per carrier for this execution; lower it when other workflows use the same carrier account',
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
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const out: INodeExecutionData[] = [];

		if (operation === 'detectCarrier') {
			for (let i = 0; i < items.length; i++) {
				try {
					const company = (this.getNodeParameter('trackingCompany', i, '') as string) || null;
					const numbers = splitTrackingNumbers(this.getNodeParameter('trackingNumbers', i, ''));
					if (numbers.length === 0 && !company) throw noTrackingInputError(true);
					for (const trackingNumber of numbers.length ? numbers : ['']) {
						const detection = detectCarrier({ trackingNumber: trackingNumber || null, company });
						out.push({
							json: { trackingNumber: trackingNumber || null, trackingCompany: company, ...detection, carrierName: detection.carrier ? CARRIER_NAMES[detection.carrier] : null, trackingUrl: detection.carrier && trackingNumber ? trackingUrlFor(detection.carrier, trackingNumber) : null } as IDataObject,
							pairedItem: { item: i },
						});
					}
				} catch (error) {
					if (this.continueOnFail()) {
						out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
						continue;
					}
					throw toNodeError(this.getNode(), error, i);
				}
			}
			return [out];
		}

		// Track: collect every number of every item first, so one token and full batches serve the whole run.
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
						wanted.push({ itemIndex: i, trackingNumber, orderKey, carrier: resolveCarrier(trackingNumber, choice, company) });
					} catch (error) {
						wanted.push({ itemIndex: i, trackingNumber, error: error as Error });
					}
				}
			} catch (error) {
				wanted.push({ itemIndex: i, trackingNumber: '', error: error as Error });
			}
		}

		const outcomes = new Map<string, TrackOutcome>();
		const base = n8nTransport(this);
		for (const carrier of Object.keys(CARRIER_CREDENTIAL_TYPES) as CarrierCode[]) {
			const numbers = wanted.filter((w) => w.carrier === carrier && !w.error).map((w) => w.trackingNumber);
			if (numbers.length === 0) continue;
			let credentials: IDataObject;
			try {
				credentials = await this.getCredentials(CARRIER_CREDENTIAL_TYPES[carrier]);
			} catch {
				const missing = missingCarrierCredentialError(carrier);
				for (const number of numbers) outcomes.set(`${carrier}:${number}`, { trackingNumber: number, error: missing });
				continue;
			}
			const options = this.getNodeParameter('options', 0, {}) as { requestsPerSecond?: number; dhlService?: string };
			const transport = carrierTransport(base, carrier, { requestsPerSecond: options.requestsPerSecond });
			const tracker = createTracker(
				carrier,
				transport,
				{
					clientId: credentials.clientId as string,
					clientSecret: credentials.clientSecret as string,
					apiKey: credentials.apiKey as string,
					baseUrl: carrierBaseUrl(carrier, credentials.environment, credentials.baseUrl),
				},
				{ dhlService: options.dhlService },
			);
			const results = await trackAll(tracker, numbers, { concurrency: tracker.maxPerRequest === 1 ? 4 : 2 });
			for (const [number, outcome] of results) outcomes.set(`${carrier}:${number}`, outcome);
		}

		const receivedAt = new Date().toISOString();
		for (const want of wanted) {
			const outcome = want.carrier ? outcomes.get(`${want.carrier}:${want.trackingNumber}`) : undefined;
			const error = want.error ?? outcome?.error;
			if (error || !outcome?.result) {
				const failure = error ?? new Error(`No result for ${want.trackingNumber}`);
				if (this.continueOnFail()) {
					const nodeError = toNodeError(this.getNode(), failure, want.itemIndex);
					out.push({ json: { trackingNumber: want.trackingNumber || null, carrier: want.carrier ?? null, error: nodeError.message, description: nodeError.description ?? null }, pairedItem: { item: want.itemIndex } });
					continue;
				}
				throw toNodeError(this.getNode(), failure, want.itemIndex);
			}
			const json: IDataObject = { ...(outcome.result as unknown as IDataObject) };
			if (want.orderKey) json.observation = toTrackingObservation(outcome.result, { orderKey: want.orderKey, receivedAt }) as unknown as IDataObject;
			out.push({ json, pairedItem: { item: want.itemIndex } });
		}
		return [out];
	}
}
