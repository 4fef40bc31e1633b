import type { INodeProperties } from 'n8n-workflow';

import * as checkApprover from './checkApprover.operation';
import type { RequestOperation } from './common';
import * as decide from './decide.operation';

/** Every value of the `operation` parameter and the module that runs it (named after the value). */
export const operations: Record<string, RequestOperation> = { checkApprover, decide };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Approve or Reject',
			value: 'decide',
			action: 'Approve or reject a waiting request',
			description:
				"A person's decision on the request a case waits on (the Slack Approve / Reject buttons): approve carries " +
				'it out in Shopify and the warehouse exactly as the customer asked, reject leaves the order as it is',
		},
		{
			name: 'Check Approver',
			value: 'checkApprover',
			action: 'Check whether the presser may end the case',
			description:
				"Whether the person who pressed may end the case (Resolve): a case that waits on a customer's request is " +
				"for the Store Profile's Approvers only; the item goes on with allowed true or false",
		},
	],
	default: 'decide',
};

/** Each operation's own fields, shown for that operation only. */
export const operationFields: INodeProperties[] = [...decide.description, ...checkApprover.description];
