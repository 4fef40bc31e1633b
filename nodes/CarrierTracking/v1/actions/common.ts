import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** The numbers and the tracking company: read by both operations. */
export const trackingInputFields: INodeProperties[] = [
	{
		displayName: 'Tracking Numbers',
		name: 'trackingNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: '1Z999AA10123456784, 794843185271',
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
