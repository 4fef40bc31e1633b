import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { OrderStateV1 } from './v1/OrderStateV1.node';

/**
 * Order State: the canonical order engine on the canvas. Versioned so a version 2 can change
 * parameters without breaking saved workflows; version 1 lives in v1/.
 */
export class OrderState extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Order State',
			name: 'orderState',
			icon: { light: 'file:orderState.svg', dark: 'file:orderState.dark.svg' },
			group: ['transform'],
			subtitle: '={{$parameter["operation"]}}',
			description:
				'Reconcile what Shopify, the warehouse, carriers and Klaviyo say into one order state, trace an order, ' +
				'and find stuck orders',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new OrderStateV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
