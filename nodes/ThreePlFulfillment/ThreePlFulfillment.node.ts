import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { ThreePlFulfillmentV1 } from './v1/ThreePlFulfillmentV1.node';

/**
 * Orders at ShipBob, ShipHero, ShipMonk or Extensiv with one normalised fulfillment status. Versioned
 * so a version 2 can change parameters without breaking saved workflows; version 1 lives in v1/.
 */
export class ThreePlFulfillment extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: '3PL Fulfillment',
			name: 'threePlFulfillment',
			icon: { light: 'file:threePlFulfillment.svg', dark: 'file:threePlFulfillment.dark.svg' },
			group: ['transform'],
			subtitle: '={{$parameter["provider"] + ": " + $parameter["operation"]}}',
			description:
				'Read and change orders at ShipBob, ShipHero, ShipMonk or Extensiv with one normalised fulfillment status',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new ThreePlFulfillmentV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
