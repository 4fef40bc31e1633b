import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as ack from './actions/ack.operation';
import * as appendEvent from './actions/appendEvent.operation';
import * as claimBatch from './actions/claimBatch.operation';
import { nowProperty } from './actions/common';
import * as exceptionCase from './actions/exceptionCase.operation';
import * as fail from './actions/fail.operation';
import * as getOrder from './actions/getOrder.operation';
import * as listEvents from './actions/listEvents.operation';
import * as listOrders from './actions/listOrders.operation';
import * as replay from './actions/replay.operation';
import * as report from './actions/report.operation';
import { router } from './actions/router';
import * as upsertOrder from './actions/upsertOrder.operation';
import { postPurchasePostgresConnectionTest, searchBases } from './methods';
import { ledgerStorageProperties } from '../shared/ledgerStorage';

/**
 * Order Ledger: the canonical order table and the durable event queue, on the embedded database,
 * PostgreSQL or Airtable. Thin by design: every rule lives in nodes/lib/ledger.
 */
export class OrderLedger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Order Ledger',
		name: 'orderLedger',
		icon: 'file:orderLedger.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Store every event durably, keep one canonical order state, and own exceptions as cases (embedded, PostgreSQL or Airtable)',
		defaults: { name: 'Order Ledger' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: true,
		credentials: [
			{ name: 'postPurchasePostgresApi', required: true, testedBy: 'postPurchasePostgresConnectionTest', displayOptions: { show: { backend: ['postgres'] } } },
			{ name: 'postPurchaseAirtableApi', required: true, displayOptions: { show: { backend: ['airtable'] } } },
		],
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
			...appendEvent.description,
			...claimBatch.description,
			...ack.leaseProperties,
			...fail.description,
			...replay.description,
			...upsertOrder.description,
			getOrder.orderKeyProperty,
			...getOrder.description,
			...listOrders.description,
			...listEvents.description,
			...exceptionCase.description,
			...report.description,
			// List Events reads what is stored and judges nothing against a clock, so "Now" would do nothing there.
			{ ...nowProperty, displayOptions: { hide: { operation: ['listEvents'] } } },
		],
	};

	methods = {
		credentialTest: { postPurchasePostgresConnectionTest },
		listSearch: { searchBases },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
