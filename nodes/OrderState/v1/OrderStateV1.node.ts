import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { storeProfileCredentialTest } from '../../shared/storeProfile';
import { router } from './actions/router';
import { versionDescription } from './versionDescription';

/** Version 1 of Order State. Thin by design: every rule lives in nodes/lib/order. */
export class OrderStateV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	// The Store Profile's Test button (its credential names this test in testedBy).
	methods = { credentialTest: { postPurchaseStoreProfileTest: storeProfileCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
