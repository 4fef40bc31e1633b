import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { mayEndCase } from '../../../lib/selfservice';
import { caseIdProperty, pressedByProperty, readApprovers, type RequestExecute } from './common';

const show = { operation: ['checkApprover'] };

export const description: INodeProperties[] = [
	caseIdProperty(show, "The case the button was pressed on: the Slack Interaction Trigger's caseId"),
	pressedByProperty(
		show,
		"The Slack user ID of who pressed, checked against the Store Profile's Approvers when the case waits on a " +
			"customer's request",
	),
];

/**
 * Whether the press may end its case (Resolve in template 11): the item goes on with `allowed` (and `reason` when
 * not), so an IF sends a press by someone not on the store's approver list to the thread reply instead of the
 * ledger. Only a case that waits on a customer's request is checked; every other case, anyone may resolve.
 */
export const execute: RequestExecute = async function (this, run, i) {
	const input = this.getInputData()[i].json;
	const approvers = readApprovers(this, run, i);
	const caseId = String(this.getNodeParameter('caseId', i, '') ?? '');
	const exception = await run.ledger.getException(caseId, new Date().toISOString());
	if (!exception)
		throw new NodeOperationError(this.getNode(), `There is no case ${caseId} in the ledger`, {
			itemIndex: i,
			description:
				'Pass the case id the Slack button carries (the trigger outputs it as caseId), on the same ledger storage.',
		});
	const pressedBy = String(this.getNodeParameter('pressedBy', i, '') ?? '') || null;
	const verdict = mayEndCase(exception, approvers, pressedBy);
	return { ...input, allowed: verdict.allowed, reason: verdict.reason } as IDataObject;
};
