import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { storeProfileCredentialTest } from '../../shared/storeProfile';
import { postPurchaseRedisConnectionTest, withSharedBudget } from '../../shared/sharedBudget';
import { router } from './actions/router';
import { searchBases, searchChannels } from './methods';
import { versionDescription } from './versionDescription';

/** Exception Alerts, version 1: exception cases from the Order Ledger as owned Slack messages; the weekly report. */
export class ExceptionAlertsV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	// The Store Profile's Test button works from this node too (its slot names the test in testedBy).
	methods = {
		listSearch: { searchChannels, searchBases },
		credentialTest: { postPurchaseStoreProfileTest: storeProfileCredentialTest, postPurchaseRedisConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await withSharedBudget(this, (sharedBudget) => router.call(this, sharedBudget));
	}
}
