import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { postPurchasePostgresConnectionTest } from '../../shared/ledger';
import { storeProfileCredentialTest } from '../../shared/storeProfile';
import { router } from './actions/router';
import { searchBases } from './methods';
import { versionDescription } from './versionDescription';

/** Customer Requests, version 1: a person's decision on a customer's request from the approval queue. */
export class CustomerRequestsV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	methods = {
		listSearch: { searchBases },
		credentialTest: {
			postPurchaseStoreProfileTest: storeProfileCredentialTest,
			postPurchasePostgresConnectionTest,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
