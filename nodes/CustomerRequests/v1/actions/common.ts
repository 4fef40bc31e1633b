/** What Customer Requests' operations share. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import { approversOf, type StoreProfile } from '../../../lib/order/storeProfile';

/** One ledger connection and the store's profile per execution. */
export interface RequestsRun {
	ledger: LedgerStore;
	profile: StoreProfile;
}

export type RequestExecute = (this: IExecuteFunctions, run: RequestsRun, itemIndex: number) => Promise<IDataObject>;

export interface RequestOperation {
	description: INodeProperties[];
	execute: RequestExecute;
}

type Show = { operation: string[] };

/** The case the press was on: the Slack Interaction Trigger's caseId. */
export function caseIdProperty(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Case ID',
		name: 'caseId',
		type: 'string',
		required: true,
		default: '={{ $json.caseId }}',
		displayOptions: { show },
		description,
	};
}

/** Who pressed, as Slack names them: the ID the Store Profile's Approvers are checked against. */
export function pressedByProperty(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Pressed By (Slack User ID)',
		name: 'pressedBy',
		type: 'string',
		default: '={{ $json.user.id }}',
		displayOptions: { show },
		description,
	};
}

/**
 * The store's approvers (Slack user IDs). A list that cannot be read stops the item: read as "no list", a typo
 * would let anyone in the channel decide.
 */
export function readApprovers(ctx: IExecuteFunctions, run: RequestsRun, itemIndex: number): string[] {
	const approvers = approversOf(run.profile.approvers);
	if (approvers.problems.length > 0)
		throw new NodeOperationError(ctx.getNode(), `The Store Profile's Approvers cannot be read`, {
			itemIndex,
			description:
				`${approvers.problems.join(' ')} Fix it in the Store Profile credential (its Test button checks it); ` +
				"until then no press decides or ends a customer's request.",
		});
	return approvers.ids;
}
