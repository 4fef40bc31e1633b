import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	POST_PURCHASE_PRESETS,
	buildPostPurchaseEvent,
	decidedRequestOf,
	parseJsonObject,
	readOrderRecord,
	toNotificationObservation,
	type KlaviyoClient,
	type PostPurchasePreset,
} from '../../../lib/connectors/klaviyo';
import { loadPageSettings, statusPageLink } from '../../../shared/customerPages';

const show = { show: { operation: ['postPurchaseEvent'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: (Object.entries(POST_PURCHASE_PRESETS) as Array<[PostPurchasePreset, { metric: string }]>).map(
			([value, preset]) => ({ name: preset.metric, value }),
		),
		default: 'order_shipped',
		displayOptions: show,
		description:
			'The moment to tell the customer about; the metric name is what your Klaviyo flow triggers on (see ' +
			'docs/klaviyo.md)',
	},
	{
		displayName: 'Shipment',
		name: 'shipment',
		type: 'string',
		default: '',
		placeholder: '={{ $json.trackingNumber }}',
		displayOptions: show,
		description: 'Tracking number or shipment key of the parcel this event is about. Empty: the newest shipment.',
	},
	{
		displayName: 'Link to Status Page',
		name: 'linkStatusPage',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description:
			"Whether to add the order's status page as a signed link (property StatusPageUrl) for your email to " +
			"show. Needs the store's Customer Pages credential.",
	},
	{
		displayName: 'Options',
		name: 'postPurchaseOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Metric Name Override',
				name: 'metricName',
				type: 'string',
				default: '',
				description: 'Only when your flows already trigger on another metric name',
			},
			{
				displayName: 'Extra Properties (JSON)',
				name: 'extraProperties',
				type: 'json',
				default: '{}',
				description: 'Added to the event properties (same names override ours)',
			},
		],
	},
];

/**
 * The chosen moment of the item's enriched order as a Klaviyo event (unique_id derived from the order,
 * shipment and moment), and the notification observation Order State checks "customer told" against.
 */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	item: INodeExecutionData,
	i: number,
): Promise<IDataObject> {
	const preset = this.getNodeParameter('event', i) as PostPurchasePreset;
	const options = this.getNodeParameter('postPurchaseOptions', i, {}) as IDataObject;
	const record = readOrderRecord(item.json as Record<string, unknown>);
	// Read per item (n8n hands the credential over decrypted each time; nothing is kept across executions).
	const pages = this.getNodeParameter('linkStatusPage', i, false) ? await loadPageSettings(this) : null;
	const link = pages ? { StatusPageUrl: statusPageLink(pages, record.orderKey, new Date()) } : {};
	const event = buildPostPurchaseEvent(record, {
		preset,
		request: decidedRequestOf(item.json as Record<string, unknown>),
		shipment: (this.getNodeParameter('shipment', i, '') as string) || null,
		metricName: (options.metricName as string) || null,
		extraProperties: { ...link, ...parseJsonObject(options.extraProperties, 'extraProperties') },
	});
	await client.createEvent(event);
	const notification = toNotificationObservation(record, preset, {
		uniqueId: event.uniqueId,
		shipmentKey: event.shipmentKey,
		sentAt: new Date().toISOString(),
	});
	return {
		orderKey: record.orderKey,
		event: preset,
		metric: event.metric,
		uniqueId: event.uniqueId,
		shipmentKey: event.shipmentKey,
		properties: event.properties as IDataObject,
		observation: notification as unknown as IDataObject,
	};
}
