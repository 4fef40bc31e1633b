import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { postPurchaseRedisConnectionTest, withSharedBudget } from '../../shared/sharedBudget';
import { router } from './actions/router';
import { postPurchasePostgresConnectionTest, searchBases } from './methods';
import { versionDescription } from './versionDescription';

/**
 * Order Ledger, version 1: the canonical order table and the durable event queue, on the embedded
 * database, PostgreSQL or Airtable. Thin by design: every rule lives in nodes/lib/ledger.
 */
export class OrderLedgerV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	methods = {
		credentialTest: { postPurchasePostgresConnectionTest, postPurchaseRedisConnectionTest },
		listSearch: { searchBases },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const airtable = this.getNodeParameter('backend', 0) === 'airtable';
		return await withSharedBudget(this, (sharedBudget) => router.call(this, sharedBudget), { applies: airtable });
	}
}
