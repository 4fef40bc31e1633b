import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { customerPagesCredentialTest } from '../../shared/customerPages';
import { postPurchaseRedisConnectionTest, withSharedBudget } from '../../shared/sharedBudget';
import { router } from './actions/router';
import { versionDescription } from './versionDescription';

/** Version 1 of Klaviyo (Post-Purchase): payloads and dedup keys are built in nodes/lib/connectors/klaviyo. */
export class KlaviyoPostPurchaseV1 implements INodeType {
	description: INodeTypeDescription;

	// The Customer Pages credential's Test works from this node too: n8n asks the first node (in package.json's
	// order) that names the credential, and Klaviyo comes before Customer Pages.
	methods = {
		credentialTest: { postPurchaseRedisConnectionTest, postPurchaseCustomerPagesTest: customerPagesCredentialTest },
	};

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await withSharedBudget(this, (sharedBudget) => router.call(this, sharedBudget));
	}
}
