import type { INodeProperties } from 'n8n-workflow';

import type { AlertExecute } from './common';
import * as postException from './postException.operation';
import * as postWeeklyReport from './postWeeklyReport.operation';
import * as updateException from './updateException.operation';

/** Every value of the `operation` parameter and the module that runs it (named after the value). */
export const operations: Record<string, { description: INodeProperties[]; execute: AlertExecute }> = {
	postException,
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
];
