import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { postPurchaseRedisConnectionTest, withSharedBudget } from '../../shared/sharedBudget';
import { router } from './actions/router';
import { versionDescription } from './versionDescription';

/** Version 1 of 3PL Fulfillment: one description for every provider; the provider's client does the rest. */
export class ThreePlFulfillmentV1 implements INodeType {
	description: INodeTypeDescription;

	methods = { credentialTest: { postPurchaseRedisConnectionTest } };

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await withSharedBudget(this, (sharedBudget) => router.call(this, sharedBudget));
	}
}
