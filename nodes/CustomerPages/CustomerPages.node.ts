import { VersionedNodeType, type INodeTypeBaseDescription } from 'n8n-workflow';

import { CustomerPagesV1 } from './v1/CustomerPagesV1.node';

/** Customer Pages: one node type whose versions live in v1/, v2/...; saved workflows keep their version. */
export class CustomerPages extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Customer Pages',
			name: 'customerPages',
			icon: { light: 'file:customerPages.svg', dark: 'file:customerPages.dark.svg' },
			group: ['output'],
			subtitle: '={{$parameter["operation"]}}',
			description: "Answer customers' own pages: the order status page, in their language",
			defaultVersion: 1,
		};
		super({ 1: new CustomerPagesV1(baseDescription) }, baseDescription);
	}
}
