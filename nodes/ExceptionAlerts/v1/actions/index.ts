import type { INodeProperties } from 'n8n-workflow';

import type { AlertExecute, ItemLane, SlackExecute } from './common';
import * as postException from './postException.operation';
import * as postFailedExecution from './postFailedExecution.operation';
import * as postWeeklyReport from './postWeeklyReport.operation';
import * as updateException from './updateException.operation';

/**
 * An operation module; `usesLedger: false` marks one that never opens the Order Ledger. `laneOf` lets items
 * run side by side: items of one lane run one after the other, in order.
 */
export type AlertOperation =
	| { description: INodeProperties[]; execute: AlertExecute; usesLedger?: true; laneOf?: ItemLane }
	| { description: INodeProperties[]; execute: SlackExecute; usesLedger: false };

/** Every value of the `operation` parameter and the module that runs it (named after the value). */
export const operations: Record<string, AlertOperation> = {
	postException,
	postFailedExecution,
	postWeeklyReport,
	updateException,
};

/** The `operation` parameter: one option per module above, its value the module's name. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Post Exception',
			value: 'postException',
			action: 'Post an exception case to slack',
			description: 'Post the case once; later runs update the same message',
		},
		{
			name: 'Post Failed Execution',
			value: 'postFailedExecution',
			action: 'Post a failed n8n execution to slack',
			description:
				"For an error workflow: after n8n's Error Trigger, post which workflow and node failed, the error and a link",
		},
		{
			name: 'Post Weekly Report',
			value: 'postWeeklyReport',
			action: 'Post the weekly exception report',
			description: 'Counts by type, trend, time to resolve, open cases and a chart',
		},
		{
			name: 'Update Exception',
			value: 'updateException',
			action: 'Update an exception message in slack',
			description: 'Show an acknowledged, resolved or cleared case in place and reply in its thread',
		},
	],
	default: 'postException',
};

/** Each operation's own fields, shown for that operation only. */
export const operationFields: INodeProperties[] = [
	...postException.description,
	...updateException.description,
	...postWeeklyReport.description,
	...postFailedExecution.description,
];

/** The operations that never open the Order Ledger: the node hides its storage parameters for them. */
export const LEDGER_FREE_OPERATIONS = Object.keys(operations).filter((name) => operations[name].usesLedger === false);
