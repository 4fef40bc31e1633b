import { VersionedNodeType, type INodeTypeBaseDescription } from 'n8n-workflow';

import { CustomerRequestsV1 } from './v1/CustomerRequestsV1.node';

/** Customer Requests: one node type whose versions live in v1/, v2/...; saved workflows keep their version. */
export class CustomerRequests extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Customer Requests',
			name: 'customerRequests',
			icon: { light: 'file:customerRequests.svg', dark: 'file:customerRequests.dark.svg' },
			group: ['transform'],
			subtitle: '={{$parameter["operation"]}}',
			description: "Decide customers' self-service requests that wait for a person: approve or reject",
			defaultVersion: 1,
		};
		super({ 1: new CustomerRequestsV1(baseDescription) }, baseDescription);
	}
}
