import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { ThreePlFulfillmentTriggerV1 } from './v1/ThreePlFulfillmentTriggerV1.node';

/**
 * Starts a workflow on ShipBob, ShipHero or ShipMonk webhooks (signature verified). Versioned so a
 * version 2 can change parameters without breaking saved workflows; version 1 lives in v1/.
 */
export class ThreePlFulfillmentTrigger extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: '3PL Fulfillment Trigger',
			name: 'threePlFulfillmentTrigger',
			icon: { light: 'file:threePlFulfillmentTrigger.svg', dark: 'file:threePlFulfillmentTrigger.dark.svg' },
			group: ['trigger'],
			subtitle: '={{$parameter["provider"]}}',
			description:
				'Starts the workflow when ShipBob, ShipHero or ShipMonk reports a change to an order (signature verified)',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new ThreePlFulfillmentTriggerV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
