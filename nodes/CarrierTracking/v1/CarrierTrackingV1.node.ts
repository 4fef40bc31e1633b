import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { postPurchaseRedisConnectionTest } from '../../shared/sharedBudget';
import { router } from './actions/router';
import { versionDescription } from './versionDescription';

/** Version 1 of Carrier Tracking: detection, batching and normalising live in nodes/lib/connectors/carriers. */
export class CarrierTrackingV1 implements INodeType {
	description: INodeTypeDescription;

	methods = { credentialTest: { postPurchaseRedisConnectionTest } };

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
