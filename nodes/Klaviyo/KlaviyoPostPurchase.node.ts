import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import {
	KLAVIYO_BULK_MAX_EVENTS,
	KlaviyoClient,
	POST_PURCHASE_PRESETS,
	buildPostPurchaseEvent,
	klaviyoTransport,
	parseJsonObject,
	parseOptionalNumber,
	readOrderRecord,
	toNotificationObservation,
	uniqueIdOf,
	type EventInput,
	type PostPurchasePreset,
	type ProfileAttributes,
} from '../lib/connectors/klaviyo';
import { toNodeError } from '../shared/errors';
import { n8nTransport } from '../shared/transport';

const EVENT_OPS = ['createEvent', 'bulkCreateEvents'];
const PROFILE_OPS = ['createEvent', 'bulkCreateEvents', 'upsertProfile'];

const identityFields: INodeProperties[] = [
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', displayOptions: { show: { operation: PROFILE_OPS } }, description: 'Profile email (one of email, phone or external ID is required)' },
	{ displayName: 'Phone Number', name: 'phoneNumber', type: 'string', default: '', placeholder: '+15005550006', displayOptions: { show: { operation: PROFILE_OPS } }, description: 'In E.164 form: plus sign, country code, number' },
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', displayOptions: { show: { operation: PROFILE_OPS } }, description: 'Your own customer ID' },
];

export class KlaviyoPostPurchase implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Klaviyo (Post-Purchase)',
		name: 'klaviyoPostPurchase',
		icon: 'file:klaviyo.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "postPurchaseEvent" ? $parameter["event"] : $parameter["operation"]}}',
		description: 'Send post-purchase events and profiles to Klaviyo, never twice',
		defaults: { name: 'Klaviyo (Post-Purchase)' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: true,
		credentials: [{ name: 'klaviyoPostPurchaseApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Post-Purchase Event', value: 'postPurchaseEvent', action: 'Send a post purchase event', description: 'Order Confirmed, Order Shipped, Delivered, ... built from the enriched order.' },
					{ name: 'Create Event', value: 'createEvent', action: 'Create an event', description: 'One event per item' },
					{ name: 'Bulk Create Events', value: 'bulkCreateEvents', action: 'Bulk create events', description: 'All items in requests of up to 1,000 events' },
					{ name: 'Create or Update Profile', value: 'upsertProfile', action: 'Create or update a profile', description: 'Including locale for multilingual flows' },
				],
				default: 'postPurchaseEvent',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: (Object.entries(POST_PURCHASE_PRESETS) as Array<[PostPurchasePreset, { metric: string }]>).map(([value, preset]) => ({ name: preset.metric, value })),
				default: 'order_shipped',
				displayOptions: { show: { operation: ['postPurchaseEvent'] } },
				description: 'The moment to tell the customer about; the metric name is what your Klaviyo flow triggers on (see docs/klaviyo.md)',
			},
			{
				displayName: 'Shipment',
				name: 'shipment',
				type: 'string',
				default: '',
				placeholder: '={{ $json.trackingNumber }}',
				displayOptions: { show: { operation: ['postPurchaseEvent'] } },
				description: 'Tracking number or shipment key of the parcel this event is about. Empty: the newest shipment.',
			},
			{
				displayName: 'Options',
				name: 'postPurchaseOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: { operation: ['postPurchaseEvent'] } },
				options: [
					{ displayName: 'Metric Name Override', name: 'metricName', type: 'string', default: '', description: 'Only when your flows already trigger on another metric name' },
					{ displayName: 'Extra Properties (JSON)', name: 'extraProperties', type: 'json', default: '{}', description: 'Added to the event properties (same names override ours)' },
				],
			},
			{
				displayName: 'Metric Name',
				name: 'metric',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'Order Shipped',
				displayOptions: { show: { operation: EVENT_OPS } },
			},
			...identityFields,
			{
				displayName: 'Properties (JSON)',
				name: 'properties',
				type: 'json',
				default: '{}',
				displayOptions: { show: { operation: EVENT_OPS } },
				description: 'Event properties your flows and templates read, e.g. {"OrderId": "1001"}',
			},
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show: { operation: EVENT_OPS } },
				options: [
					{ displayName: 'Locale', name: 'locale', type: 'string', default: '', placeholder: 'fr-CA' },
					{ displayName: 'Time', name: 'time', type: 'string', default: '', placeholder: '2026-11-20T10:00:00+01:00', description: 'When it happened (ISO 8601). Empty: when Klaviyo receives it.' },
					{ displayName: 'Unique ID', name: 'uniqueId', type: 'string', default: '', description: 'Your dedup key. Empty: derived from the event content, so a retried execution never sends twice.' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: '49.95', description: 'Monetary value of the event' },
					{ displayName: 'Value Currency', name: 'valueCurrency', type: 'string', default: '', placeholder: 'USD' },
				],
			},
			{
				displayName: 'Profile Fields',
				name: 'profileFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show: { operation: ['upsertProfile'] } },
				options: [
					{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
					{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
					{ displayName: 'Locale', name: 'locale', type: 'string', default: '', placeholder: 'fr-CA', description: 'Language and region the customer reads (Shopify customer locale); flows branch on it' },
					{ displayName: 'Custom Properties (JSON)', name: 'properties', type: 'json', default: '{}' },
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const credentials = await this.getCredentials('klaviyoPostPurchaseApi');
		const client = new KlaviyoClient(klaviyoTransport(n8nTransport(this)), { apiKey: credentials.apiKey as string, baseUrl: credentials.baseUrl as string });
		const out: INodeExecutionData[] = [];

		const fail = (error: unknown, itemIndex: number) => {
			if (this.continueOnFail()) {
				const nodeError = toNodeError(this.getNode(), error, itemIndex);
				out.push({ json: { error: nodeError.message, description: nodeError.description ?? null }, pairedItem: { item: itemIndex } });
				return;
			}
			throw toNodeError(this.getNode(), error, itemIndex);
		};

		const readEvent = (i: number): EventInput => {
			const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			return {
				metric: this.getNodeParameter('metric', i) as string,
				profile: {
					email: this.getNodeParameter('email', i, '') as string,
					phoneNumber: this.getNodeParameter('phoneNumber', i, '') as string,
					externalId: this.getNodeParameter('externalId', i, '') as string,
					locale: (extra.locale as string) || null,
				},
				properties: parseJsonObject(this.getNodeParameter('properties', i, '{}'), 'properties'),
				value: parseOptionalNumber(extra.value, 'value'),
				valueCurrency: (extra.valueCurrency as string) || null,
				time: (extra.time as string) || null,
				uniqueId: (extra.uniqueId as string) || null,
			};
		};

		if (operation === 'bulkCreateEvents') {
			const events: Array<{ itemIndex: number; event: EventInput }> = [];
			for (let i = 0; i < items.length; i++) {
				try {
					events.push({ itemIndex: i, event: readEvent(i) });
				} catch (error) {
					fail(error, i);
				}
			}
			for (let start = 0; start < events.length; start += KLAVIYO_BULK_MAX_EVENTS) {
				const slice = events.slice(start, start + KLAVIYO_BULK_MAX_EVENTS);
				try {
					const [job] = await client.bulkCreateEvents(slice.map((e) => e.event));
					for (const { itemIndex, event } of slice)
						out.push({ json: { metric: event.metric, uniqueId: uniqueIdOf(event), jobId: job?.jobId ?? null, eventsInRequest: slice.length, status: 'accepted' }, pairedItem: { item: itemIndex } });
				} catch (error) {
					for (const { itemIndex } of slice) fail(error, itemIndex);
				}
			}
			return [out];
		}

		for (let i = 0; i < items.length; i++) {
			try {
				if (operation === 'createEvent') {
					const event = readEvent(i);
					const sent = await client.createEvent(event);
					out.push({ json: { metric: event.metric, uniqueId: sent.uniqueId, status: 'accepted' }, pairedItem: { item: i } });
				} else if (operation === 'upsertProfile') {
					const fields = this.getNodeParameter('profileFields', i, {}) as IDataObject;
					const profile: ProfileAttributes = {
						email: this.getNodeParameter('email', i, '') as string,
						phoneNumber: this.getNodeParameter('phoneNumber', i, '') as string,
						externalId: this.getNodeParameter('externalId', i, '') as string,
						firstName: (fields.firstName as string) || null,
						lastName: (fields.lastName as string) || null,
						locale: (fields.locale as string) || null,
						properties: parseJsonObject(fields.properties, 'profileFields.properties'),
					};
					const result = await client.upsertProfile(profile);
					out.push({ json: { id: result.id, created: result.created, profile: (result.body as IDataObject)?.data ?? null }, pairedItem: { item: i } });
				} else {
					const preset = this.getNodeParameter('event', i) as PostPurchasePreset;
					const options = this.getNodeParameter('postPurchaseOptions', i, {}) as IDataObject;
					const record = readOrderRecord(items[i].json as Record<string, unknown>);
					const event = buildPostPurchaseEvent(record, {
						preset,
						shipment: (this.getNodeParameter('shipment', i, '') as string) || null,
						metricName: (options.metricName as string) || null,
						extraProperties: parseJsonObject(options.extraProperties, 'extraProperties'),
					});
					await client.createEvent(event);
					const notification = toNotificationObservation(record, preset, { uniqueId: event.uniqueId, shipmentKey: event.shipmentKey, sentAt: new Date().toISOString() });
					out.push({
						json: { orderKey: record.orderKey, event: preset, metric: event.metric, uniqueId: event.uniqueId, shipmentKey: event.shipmentKey, properties: event.properties as IDataObject, observation: notification as unknown as IDataObject },
						pairedItem: { item: i },
					});
				}
			} catch (error) {
				fail(error, i);
			}
		}
		return [out];
	}
}
