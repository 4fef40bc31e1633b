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

/** Version 1 of Klaviyo (Post-Purchase): payloads and dedup keys are built in nodes/lib/connectors/klaviyo. */
export class KlaviyoPostPurchaseV1 implements INodeType {
	description: INodeTypeDescription;

	methods = { credentialTest: { postPurchaseRedisConnectionTest } };

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await withSharedBudget(this, (sharedBudget) => router.call(this, sharedBudget));
	}
}
