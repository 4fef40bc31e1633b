/** What the Order Ledger's operations share: reading "Now" and JSON parameters, and display helpers. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
import { isRecord, type ClaimedEventRef } from '../../../lib/pipeline';
import { readNowParameter } from '../../../shared/clock';

/** Runs once per input item and returns that item's output items. */
export type ItemExecute = (this: IExecuteFunctions, store: LedgerStore, itemIndex: number) => Promise<IDataObject[]>;

/**
 * Runs once for all input items (writes that batch well: Airtable takes 10 records per request) and
 * returns each item's output items, or the error of that item alone.
 */
export type BatchExecute = (
	this: IExecuteFunctions,
	store: LedgerStore,
	itemIndexes: number[],
) => Promise<Array<IDataObject[] | Error>>;

export const nowProperty: INodeProperties = {
	displayName: 'Now',
	name: 'now',
	type: 'string',
	default: '',
	placeholder: 'e.g. 2026-03-02T14:00:00Z',
	description:
		'The time the ledger records and judges against. Leave empty for the current time; set it (or an expression) ' +
		'to replay a past day or drive a test clock.',
};

/** "Now" as an ISO string: the real clock when empty. */
export function readNow(ctx: IExecuteFunctions, i: number): string {
	return (readNowParameter(ctx, i) ?? new Date()).toISOString();
}

/** A JSON parameter that may arrive as an object (expression) or as text (typed in the editor). */
export function readJson(ctx: IExecuteFunctions, name: string, i: number, fallback: unknown = {}): unknown {
	const raw = ctx.getNodeParameter(name, i, fallback) as unknown;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return fallback;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `"${name}" is not valid JSON: ${(error as Error).message}`, {
			itemIndex: i,
			description: `Fix the JSON in the "${name}" parameter, or use an expression such as {{ $json }}.`,
		});
	}
}

export function show(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { operation: operations } };
}

/** An enum value as an option name: "tracking_stalled" -> "Tracking stalled". */
export const optionLabel = (v: string) => v.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * The claimed events an Ack or Fail settles, named the same way by both: one event by its ID and lease
 * token (the output of Claim Batch's "One Item per Event"), or every event of a work item (the output of
 * "One Item per Order", carried along to the end of the workflow).
 */
export function leaseProperties(operation: string): INodeProperties[] {
	const from = (value: EventsFrom) => ({ show: { operation: [operation], eventsFrom: [value] } });
	return [
		{
			displayName: 'Events From',
			name: 'eventsFrom',
			type: 'options',
			options: [
				{
					name: 'Event ID',
					value: 'eventId',
					description: 'One claimed event per item (Claim Batch with "One Item per Event")',
				},
				{
					name: "Work Item's Events",
					value: 'workItem',
					description:
						'Every event of an order at once: the `events` of an item from Claim Batch with "One Item per Order"',
				},
			],
			default: 'eventId',
			description: 'Which claimed events to settle for each input item',
			displayOptions: show([operation]),
		},
		{
			displayName: 'Event ID',
			name: 'eventId',
			type: 'string',
			required: true,
			default: '={{ $json.id }}',
			description: 'The ID from Claim Batch',
			displayOptions: from('eventId'),
		},
		{
			displayName: 'Lease ID',
			name: 'leaseId',
			type: 'string',
			required: true,
			default: '={{ $json.leaseToken }}',
			description: 'The leaseToken from Claim Batch: proves this run still owns the event',
			displayOptions: from('eventId'),
		},
		{
			displayName: 'Events',
			name: 'workItemEvents',
			type: 'json',
			required: true,
			default: '={{ $json.events }}',
			description:
				"The work item's claimed events as Claim Batch listed them (each with its id and leaseToken). Keep " +
				'`events` on the item through the steps in between.',
			displayOptions: from('workItem'),
		},
	];
}

type EventsFrom = 'eventId' | 'workItem';

/** What a value is, for an error message (never the value itself: it may be a whole item). */
function kindOf(value: unknown): string {
	if (value === null || value === undefined) return 'nothing';
	if (Array.isArray(value)) return value.length ? 'a list' : 'an empty list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The claimed event of item i, as Ack and Fail read it in "Event ID" mode. */
export function readLease(ctx: IExecuteFunctions, i: number): { id: string; leaseToken: string } {
	return { id: String(ctx.getNodeParameter('eventId', i)), leaseToken: String(ctx.getNodeParameter('leaseId', i)) };
}

/** Whether Ack or Fail settles a work item's events (else the one event named by ID). */
export function fromWorkItem(ctx: IExecuteFunctions, i: number): boolean {
	return (ctx.getNodeParameter('eventsFrom', i, 'eventId') as EventsFrom) === 'workItem';
}

/**
 * The claimed events of the work item i ("Events"). Each needs its id and lease token: checked here so
 * the error names the event and the field, not just "lease token" (the store refuses an empty one too).
 */
export function readWorkItemEvents(ctx: IExecuteFunctions, i: number): ClaimedEventRef[] {
	const raw = readJson(ctx, 'workItemEvents', i, null);
	const refuse = (message: string) =>
		new NodeOperationError(ctx.getNode(), message, {
			itemIndex: i,
			description:
				'"Events" must be the `events` list of an item from Claim Batch with "One Item per Order" ' +
				'(default {{ $json.events }}): keep that field on the item through the steps in between, or choose ' +
				'"Events From: Event ID" for items with one event each.',
		});
	// An empty list is refused too: Claim Batch never makes a work item without events, so it means the
	// field was lost on the way, and acking nothing would hide that the events stay leased.
	if (!Array.isArray(raw) || raw.length === 0) throw refuse(`"Events" holds no claimed events (got ${kindOf(raw)})`);
	return raw.map((event: unknown, n) => {
		if (!isRecord(event)) throw refuse(`"Events" entry ${n + 1} is not an event (got ${kindOf(event)})`);
		const id = typeof event.id === 'number' ? String(event.id) : event.id;
		if (typeof id !== 'string' || id.trim() === '') throw refuse(`"Events" entry ${n + 1} has no id`);
		if (typeof event.leaseToken !== 'string' || event.leaseToken.trim() === '')
			throw refuse(`"Events" entry ${n + 1} (event ${id}) has no leaseToken`);
		return {
			id,
			leaseToken: event.leaseToken,
			key: typeof event.key === 'string' ? event.key : '',
			source: typeof event.source === 'string' ? event.source : '',
			topic: typeof event.topic === 'string' ? event.topic : null,
		};
	});
}

/** The case an exception operation acts on: the stable ID Order State gives it. */
export function caseIdProperty(operation: string): INodeProperties {
	return {
		displayName: 'Case ID',
		name: 'caseId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description: 'The ExceptionCase ID from Order State (stable, so the same case is never opened twice)',
		displayOptions: show([operation]),
	};
}

export function ownerProperty(operation: string): INodeProperties {
	return {
		displayName: 'Owner',
		name: 'owner',
		type: 'string',
		default: '',
		description: 'Who owns the case (empty keeps the current owner)',
		displayOptions: show([operation]),
	};
}

/** The order Get Order and Get Timeline read. */
export function lookupOrderKeyProperty(operation: string): INodeProperties {
	return {
		displayName: 'Order Key',
		name: 'lookupOrderKey',
		type: 'string',
		required: true,
		default: '={{ $json.orderKey }}',
		description: 'The order number without "#" (e.g. 1001)',
		displayOptions: show([operation]),
	};
}
