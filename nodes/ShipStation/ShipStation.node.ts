import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { ShipStationV1 } from './v1/ShipStationV1.node';

/**
 * ShipStation orders, shipments and label tracking. Versioned so a version 2 can change parameters
 * without breaking saved workflows; version 1 lives in v1/.
 */
export class ShipStation extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'ShipStation',
			name: 'shipStation',
			icon: { light: 'file:shipStation.svg', dark: 'file:shipStation.dark.svg' },
			group: ['transform'],
			subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
			description: 'Read and change ShipStation orders and shipments, normalised for the order ledger',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new ShipStationV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
