import type { INodeProperties } from 'n8n-workflow';

import * as ack from './ack.operation';
import * as acknowledgeException from './acknowledgeException.operation';
import * as appendEvent from './appendEvent.operation';
import * as claimBatch from './claimBatch.operation';
import type { BatchExecute, ItemExecute } from './common';
import * as exceptionReport from './exceptionReport.operation';
import * as fail from './fail.operation';
import * as getOrder from './getOrder.operation';
import * as getTimeline from './getTimeline.operation';
import * as listEvents from './listEvents.operation';
import * as listExceptions from './listExceptions.operation';
import * as listOrders from './listOrders.operation';
import * as openException from './openException.operation';
import * as replay from './replay.operation';
import * as resolveException from './resolveException.operation';
import * as setup from './setup.operation';
import * as stuckCount from './stuckCount.operation';
import * as upsertOrder from './upsertOrder.operation';

type Operation =
	| { description: INodeProperties[]; execute: ItemExecute; batched?: undefined }
	| { description: INodeProperties[]; execute: BatchExecute; batched: true };

/** Every value of the `operation` parameter and the module that runs it (named after the value). */
export const operations: Record<string, Operation> = {
	ack,
	acknowledgeException,
	appendEvent,
	claimBatch,
	exceptionReport,
	fail,
	getOrder,
	getTimeline,
	listEvents,
	listExceptions,
	listOrders,
	openException,
	replay,
	resolveException,
	setup,
	stuckCount,
	upsertOrder,
};

/** The `operation` parameter: one option per module above, its value the module's name. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Ack', value: 'ack', description: 'Mark a claimed event done', action: 'Acknowledge an event' },
		{
			name: 'Acknowledge Exception',
			value: 'acknowledgeException',
			description: 'Someone owns the case now',
			action: 'Acknowledge an exception',
		},
		{
			name: 'Append Event',
			value: 'appendEvent',
			description: 'Store an event durably; a repeat of the same key is a duplicate',
			action: 'Append an event',
		},
		{
			name: 'Claim Batch',
			value: 'claimBatch',
			description: 'Take due events with a lease (safe with many workers)',
			action: 'Claim a batch of events',
		},
		{
			name: 'Exception Report',
			value: 'exceptionReport',
			description: 'Counts by type, week-over-week trend, time to resolve',
			action: 'Report on exceptions',
		},
		{
			name: 'Fail',
			value: 'fail',
			description: 'Record a failure: retry later with back-off, dead after N attempts',
			action: 'Fail an event',
		},
		{ name: 'Get Order', value: 'getOrder', description: 'Read the canonical order', action: 'Get an order' },
		{
			name: 'Get Timeline',
			value: 'getTimeline',
			description: 'Trace an order end to end from what was stored',
			action: 'Get an order timeline',
		},
		{
			name: 'List Events',
			value: 'listEvents',
			description: 'Stored events by status (dead by default), source and order: what failed and why',
			action: 'List events',
		},
		{
			name: 'List Exceptions',
			value: 'listExceptions',
			description: 'Open or resolved cases',
			action: 'List exceptions',
		},
		{
			name: 'List Orders',
			value: 'listOrders',
			description: 'By stage, exception type, or stuck longer than a time',
			action: 'List orders',
		},
		{
			name: 'Open Exception',
			value: 'openException',
			description: 'Open an owned case (once per case ID)',
			action: 'Open an exception',
		},
		{
			name: 'Replay',
			value: 'replay',
			description: 'Send dead events back to the queue',
			action: 'Replay dead events',
		},
		{
			name: 'Resolve Exception',
			value: 'resolveException',
			description: 'Close the case with what was done',
			action: 'Resolve an exception',
		},
		{
			name: 'Setup',
			value: 'setup',
			description: 'Check the storage is ready and say exactly what is missing',
			action: 'Check the ledger setup',
		},
		{
			name: 'Stuck Count',
			value: 'stuckCount',
			description: 'How many orders are stuck right now, by stage and type',
			action: 'Count stuck orders',
		},
		{
			name: 'Upsert Order',
			value: 'upsertOrder',
			description: 'Write the canonical order, merged so it never moves backwards',
			action: 'Upsert an order',
		},
	],
	default: 'appendEvent',
};

/** Each operation's own fields, shown for that operation only. */
export const operationFields: INodeProperties[] = Object.values(operations).flatMap(
	(operation) => operation.description,
);
