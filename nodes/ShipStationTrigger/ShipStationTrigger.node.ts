import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { ShipStationTriggerV1 } from './v1/ShipStationTriggerV1.node';

/**
 * Starts a workflow on ShipStation's order notifications. Versioned so a version 2 can change
 * parameters without breaking saved workflows; version 1 lives in v1/.
 */
export class ShipStationTrigger extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'ShipStation Trigger',
			name: 'shipStationTrigger',
			icon: { light: 'file:shipStationTrigger.svg', dark: 'file:shipStationTrigger.dark.svg' },
			group: ['trigger'],
			subtitle: '={{$parameter["events"].join(", ")}}',
			description:
				'Starts the workflow when ShipStation imports or ships an order; fetches the data from ShipStation and ' +
				'normalises it',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new ShipStationTriggerV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
