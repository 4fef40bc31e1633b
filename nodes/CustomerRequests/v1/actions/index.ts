import type { INodeProperties } from 'n8n-workflow';

import type { RequestOperation } from './common';
import * as decide from './decide.operation';

/** Every value of the `operation` parameter and the module that runs it (named after the value). */
export const operations: Record<string, RequestOperation> = { decide };

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
	],
	default: 'decide',
};

/** Each operation's own fields, shown for that operation only. */
export const operationFields: INodeProperties[] = [...decide.description];
