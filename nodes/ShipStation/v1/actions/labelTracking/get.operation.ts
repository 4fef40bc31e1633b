import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { orderKeyFromOrderNumber, trackingToObservation } from '../../../../lib/connectors/shipstation';
import { ValidationError } from '../../../../lib/http/errors';
import type { ShipStationClients } from '../../../../shared/shipstation';

const show = { resource: ['labelTracking'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Tracking Number',
		name: 'labelTrackingNumber',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Order Number',
		name: 'labelOrderNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '#1001',
		description: 'The order the parcel belongs to, so the tracking lands on the right order',
		displayOptions: { show },
	},
];

/** Carrier scans of a ShipStation label (API v2), as a tracking observation on the order named. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	{ v2, credentials }: ShipStationClients,
): Promise<IDataObject[]> {
	const receivedAt = new Date().toISOString();
	if (!credentials.v2ApiKey) {
		throw new ValidationError(
			'Label tracking needs the ShipStation v2 API key',
			'v2ApiKey',
			'Add the V2 API Key to the ShipStation credential (Settings > Account > API Settings).',
		);
	}
	const trackingNumber = (this.getNodeParameter('labelTrackingNumber', i) as string).trim();
	if (!trackingNumber) throw new ValidationError('Tracking Number is empty', 'labelTrackingNumber');
	const orderKey = orderKeyFromOrderNumber(this.getNodeParameter('labelOrderNumber', i) as string);
	const label = await v2.findLabelByTrackingNumber(trackingNumber);
	if (!label)
		throw new ValidationError(
			`ShipStation has no label with tracking number ${trackingNumber}`,
			'labelTrackingNumber',
			'Labels bought outside ShipStation cannot be tracked here; use the Carrier Tracking node.',
		);
	const info = await v2.trackLabel(label.label_id);
	const observation = trackingToObservation(
		info,
		{ orderKey, labelId: label.label_id, carrier: label.carrier_code ?? null },
		receivedAt,
	);
	return [
		{
			orderKey,
			trackingNumber,
			status: observation.data.status,
			rawStatus: observation.data.rawStatus,
			observations: [observation],
			shipstation: { label, tracking: info },
		} as unknown as IDataObject,
	];
}
