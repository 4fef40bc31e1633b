import { VersionedNodeType, type INodeTypeBaseDescription, type IVersionedNodeType } from 'n8n-workflow';
import { KlaviyoPostPurchaseV1 } from './v1/KlaviyoPostPurchaseV1.node';

/** Klaviyo (Post-Purchase): customer events and profiles, never sent twice. Version 1 lives in v1/. */
export class KlaviyoPostPurchase extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Klaviyo (Post-Purchase)',
			name: 'klaviyoPostPurchase',
			icon: { light: 'file:klaviyo.svg', dark: 'file:klaviyo.dark.svg' },
			group: ['output'],
			subtitle: '={{$parameter["operation"] === "postPurchaseEvent" ? $parameter["event"] : $parameter["operation"]}}',
			description: 'Send post-purchase events and profiles to Klaviyo, never twice',
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = { 1: new KlaviyoPostPurchaseV1(baseDescription) };
		super(nodeVersions, baseDescription);
	}
}
