import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	CARRIER_NAMES,
	detectCarrier,
	noTrackingInputError,
	splitTrackingNumbers,
	trackingUrlFor,
} from '../../../lib/connectors/carriers';

/** Detect Carrier reads only the shared tracking fields (v1/actions/common.ts). */
export const description: INodeProperties[] = [];

/** The carrier of each number of the item, from its format and the tracking company; no carrier is asked. */
export async function execute(this: IExecuteFunctions, _item: INodeExecutionData, i: number): Promise<IDataObject[]> {
	const company = (this.getNodeParameter('trackingCompany', i, '') as string) || null;
	const numbers = splitTrackingNumbers(this.getNodeParameter('trackingNumbers', i, ''));
	if (numbers.length === 0 && !company) throw noTrackingInputError(true);
	return (numbers.length ? numbers : ['']).map((trackingNumber) => {
		const detection = detectCarrier({ trackingNumber: trackingNumber || null, company });
		return {
			trackingNumber: trackingNumber || null,
			trackingCompany: company,
			...detection,
			carrierName: detection.carrier ? CARRIER_NAMES[detection.carrier] : null,
			trackingUrl: detection.carrier && trackingNumber ? trackingUrlFor(detection.carrier, trackingNumber) : null,
		} as IDataObject;
	});
}
