import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { customerPagesCredentialTest } from '../../shared/customerPages';
import { postPurchasePostgresConnectionTest } from '../../shared/ledger';
import { storeProfileCredentialTest } from '../../shared/storeProfile';
import { router } from './actions/router';
import { searchBases } from './methods';
import { versionDescription } from './versionDescription';

/** Customer Pages, version 1: the order status page from the Order Ledger, behind a Webhook node. */
export class CustomerPagesV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	methods = {
		listSearch: { searchBases },
		credentialTest: {
			postPurchaseCustomerPagesTest: customerPagesCredentialTest,
			postPurchaseStoreProfileTest: storeProfileCredentialTest,
			postPurchasePostgresConnectionTest,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
