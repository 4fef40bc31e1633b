import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	parseJsonObject,
	parseOptionalNumber,
	type EventInput,
	type KlaviyoClient,
} from '../../../lib/connectors/klaviyo';

export const EVENT_OPS = ['createEvent', 'bulkCreateEvents'];
const PROFILE_OPS = ['createEvent', 'bulkCreateEvents', 'upsertProfile'];

/**
 * The fields Create Event and Bulk Create Events share (metric, properties, additional fields), with the
 * profile identity Create or Update Profile uses too, in the order the canvas shows them.
 */
export const eventAndProfileFields: INodeProperties[] = [
	{
		displayName: 'Metric Name',
		name: 'metric',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Order Shipped',
		displayOptions: { show: { operation: EVENT_OPS } },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		displayOptions: { show: { operation: PROFILE_OPS } },
		description: 'Profile email (one of email, phone or external ID is required)',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		placeholder: '+15005550006',
		displayOptions: { show: { operation: PROFILE_OPS } },
		description: 'In E.164 form: plus sign, country code, number',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: PROFILE_OPS } },
		description: 'Your own customer ID',
	},
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
			{
				displayName: 'Time',
				name: 'time',
				type: 'string',
				default: '',
				placeholder: '2026-11-20T10:00:00+01:00',
				description: 'When it happened (ISO 8601). Empty: when Klaviyo receives it.',
			},
			{
				displayName: 'Unique ID',
				name: 'uniqueId',
				type: 'string',
				default: '',
				description: 'Your dedup key. Empty: derived from the event content, so a retried execution never sends twice.',
			},
			{
				displayName: 'Value',
				name: 'value',
				type: 'string',
				default: '',
				placeholder: '49.95',
				description: 'Monetary value of the event',
			},
			{ displayName: 'Value Currency', name: 'valueCurrency', type: 'string', default: '', placeholder: 'USD' },
		],
	},
];

/** The profile identity of item i (email, phone, external ID). */
export function readIdentity(ctx: IExecuteFunctions, i: number) {
	return {
		email: ctx.getNodeParameter('email', i, '') as string,
		phoneNumber: ctx.getNodeParameter('phoneNumber', i, '') as string,
		externalId: ctx.getNodeParameter('externalId', i, '') as string,
	};
}

/** The event item i describes (Create Event, Bulk Create Events). */
export function readEvent(ctx: IExecuteFunctions, i: number): EventInput {
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	return {
		metric: ctx.getNodeParameter('metric', i) as string,
		profile: { ...readIdentity(ctx, i), locale: (extra.locale as string) || null },
		properties: parseJsonObject(ctx.getNodeParameter('properties', i, '{}'), 'properties'),
		value: parseOptionalNumber(extra.value, 'value'),
		valueCurrency: (extra.valueCurrency as string) || null,
		time: (extra.time as string) || null,
		uniqueId: (extra.uniqueId as string) || null,
	};
}

/**
 * Where operations put what each input item became. `fail` throws the mapped error at once unless
 * "Continue On Fail" is on, so nothing more is sent after a failure the user wants to stop on.
 */
export interface ItemResults {
	ok(itemIndex: number, json: IDataObject): void;
	fail(itemIndex: number, error: unknown): void;
}

/** A per-item operation: one Klaviyo call for the item, one result item. */
export type ItemOperation = (
	this: IExecuteFunctions,
	client: KlaviyoClient,
	item: INodeExecutionData,
	itemIndex: number,
) => Promise<IDataObject>;
