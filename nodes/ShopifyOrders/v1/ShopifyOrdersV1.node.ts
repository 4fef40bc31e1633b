import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { postPurchaseRedisConnectionTest, withSharedBudget } from '../../shared/sharedBudget';
import { router } from './actions/router';
import { listSearch } from './methods';
import { versionDescription } from './versionDescription';

/** Version 1 of Shopify Orders: parameters in the operations, Shopify's rules in nodes/lib/connectors/shopify. */
export class ShopifyOrdersV1 implements INodeType {
	description: INodeTypeDescription;

	methods = { listSearch, credentialTest: { postPurchaseRedisConnectionTest } };

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await withSharedBudget(this, (sharedBudget) => router.call(this, sharedBudget));
	}
}
