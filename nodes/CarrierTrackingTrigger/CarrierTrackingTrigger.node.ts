import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { CarrierTrackingTriggerV1 } from './v1/CarrierTrackingTriggerV1.node';

/** Carrier Tracking Trigger: UPS and USPS tracking pushes. Version 1 lives in v1/. */
export class CarrierTrackingTrigger extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Carrier Tracking Trigger',
			name: 'carrierTrackingTrigger',
			icon: { light: 'file:carrierTrackingTrigger.svg', dark: 'file:carrierTrackingTrigger.dark.svg' },
			group: ['trigger'],
			subtitle: '={{$parameter["carrier"] === "ups" ? "UPS Track Alert" : "USPS tracking subscription"}}',
			description:
				'Starts the workflow when UPS (Track Alert) or USPS (tracking subscriptions) pushes a tracking event; ' +
				'verifies it and emits the same tracking observation as a Carrier Tracking read. FedEx pushes are not ' +
				'supported (see docs/carriers.md).',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new CarrierTrackingTriggerV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
