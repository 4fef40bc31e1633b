/* eslint-disable n8n-nodes-base/node-filename-against-convention, n8n-nodes-base/node-class-description-outputs-wrong --
   a versioned node describes version 1 here (n8n's own layout), with NodeConnectionTypes instead of 'main' literals */
import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import { ledgerCredentials, ledgerStorageProperties } from '../../shared/ledger';
import * as ack from './actions/ack.operation';
import * as acknowledgeException from './actions/acknowledgeException.operation';
import * as appendEvent from './actions/appendEvent.operation';
import * as claimBatch from './actions/claimBatch.operation';
import { nowProperty } from './actions/common';
import * as exceptionReport from './actions/exceptionReport.operation';
import * as fail from './actions/fail.operation';
import * as getOrder from './actions/getOrder.operation';
import * as getTimeline from './actions/getTimeline.operation';
import * as listEvents from './actions/listEvents.operation';
import * as listExceptions from './actions/listExceptions.operation';
import * as listOrders from './actions/listOrders.operation';
import * as openException from './actions/openException.operation';
import * as replay from './actions/replay.operation';
import * as resolveException from './actions/resolveException.operation';
import * as setup from './actions/setup.operation';
import * as stuckCount from './actions/stuckCount.operation';
import * as upsertOrder from './actions/upsertOrder.operation';

export const versionDescription: INodeTypeDescription = {
	displayName: 'Order Ledger',
	name: 'orderLedger',
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"]}}',
	description: 'Store every event durably, keep one canonical order state, and own exceptions as cases (embedded, PostgreSQL or Airtable)',
	defaults: { name: 'Order Ledger' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials: ledgerCredentials({ testPostgres: true }),
	properties: [
		...ledgerStorageProperties({
			displayName: 'Storage',
			baseDescription: 'The Airtable base holding the Orders, Events and Exceptions tables (see docs/airtable.md)',
		}),
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Ack', value: 'ack', description: 'Mark a claimed event done', action: 'Acknowledge an event' },
				{ name: 'Acknowledge Exception', value: 'acknowledgeException', description: 'Someone owns the case now', action: 'Acknowledge an exception' },
				{ name: 'Append Event', value: 'appendEvent', description: 'Store an event durably; a repeat of the same key is a duplicate', action: 'Append an event' },
				{ name: 'Claim Batch', value: 'claimBatch', description: 'Take due events with a lease (safe with many workers)', action: 'Claim a batch of events' },
				{ name: 'Exception Report', value: 'exceptionReport', description: 'Counts by type, week-over-week trend, time to resolve', action: 'Report on exceptions' },
				{ name: 'Fail', value: 'fail', description: 'Record a failure: retry later with back-off, dead after N attempts', action: 'Fail an event' },
				{ name: 'Get Order', value: 'getOrder', description: 'Read the canonical order', action: 'Get an order' },
				{ name: 'Get Timeline', value: 'getTimeline', description: 'Trace an order end to end from what was stored', action: 'Get an order timeline' },
				{ name: 'List Events', value: 'listEvents', description: 'Stored events by status (dead by default), source and order: what failed and why', action: 'List events' },
				{ name: 'List Exceptions', value: 'listExceptions', description: 'Open or resolved cases', action: 'List exceptions' },
				{ name: 'List Orders', value: 'listOrders', description: 'By stage, exception type, or stuck longer than a time', action: 'List orders' },
				{ name: 'Open Exception', value: 'openException', description: 'Open an owned case (once per case ID)', action: 'Open an exception' },
				{ name: 'Replay', value: 'replay', description: 'Send dead events back to the queue', action: 'Replay dead events' },
				{ name: 'Resolve Exception', value: 'resolveException', description: 'Close the case with what was done', action: 'Resolve an exception' },
				{ name: 'Setup', value: 'setup', description: 'Check the storage is ready and say exactly what is missing', action: 'Check the ledger setup' },
				{ name: 'Stuck Count', value: 'stuckCount', description: 'How many orders are stuck right now, by stage and type', action: 'Count stuck orders' },
				{ name: 'Upsert Order', value: 'upsertOrder', description: 'Write the canonical order, merged so it never moves backwards', action: 'Upsert an order' },
			],
			default: 'appendEvent',
		},
		...ack.description,
		...acknowledgeException.description,
		...appendEvent.description,
		...claimBatch.description,
		...exceptionReport.description,
		...fail.description,
		...getOrder.description,
		...getTimeline.description,
		...listEvents.description,
		...listExceptions.description,
		...listOrders.description,
		...openException.description,
		...replay.description,
		...resolveException.description,
		...setup.description,
		...stuckCount.description,
		...upsertOrder.description,
		// List Events reads what is stored and judges nothing against a clock, so "Now" would do nothing there.
		{ ...nowProperty, displayOptions: { hide: { operation: ['listEvents'] } } },
	],
};
