import { VersionedNodeType, type INodeTypeBaseDescription } from 'n8n-workflow';

import { OrderLedgerV1 } from './v1/OrderLedgerV1.node';

/** Order Ledger: one node type whose versions live in v1/, v2/...; saved workflows keep their version. */
export class OrderLedger extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Order Ledger',
			name: 'orderLedger',
			icon: { light: 'file:orderLedger.svg', dark: 'file:orderLedger.dark.svg' },
			group: ['transform'],
			subtitle: '={{$parameter["operation"]}}',
			description:
				'Store every event durably, keep one canonical order state, and own exceptions as cases (embedded, ' +
				'PostgreSQL or Airtable)',
			defaultVersion: 1,
		};
		super({ 1: new OrderLedgerV1(baseDescription) }, baseDescription);
	}
}
