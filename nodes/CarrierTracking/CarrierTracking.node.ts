import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { CarrierTrackingV1 } from './v1/CarrierTrackingV1.node';

/** Carrier Tracking: parcels tracked directly with the carriers. Version 1 lives in v1/. */
export class CarrierTracking extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Carrier Tracking',
			name: 'carrierTracking',
			icon: { light: 'file:carrierTracking.svg', dark: 'file:carrierTracking.dark.svg' },
			group: ['transform'],
			// Read for Work Items has no Carrier: "Track Work Items".
			subtitle:
				'={{$parameter.operation==="detectCarrier" ? "Detect Carrier" : ' +
				'"Track " + ($parameter.carrier ?? "Work Items")}}',
			description: 'Track parcels directly with UPS, FedEx, USPS and DHL and get one normalised status',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new CarrierTrackingV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
