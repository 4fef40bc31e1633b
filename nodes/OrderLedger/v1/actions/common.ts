/** What the Order Ledger's operations share: reading "Now" and JSON parameters, and display helpers. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LedgerStore } from '../../../lib/ledger';
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

/** The claimed event an Ack or Fail settles: both name it the same way. */
export function leaseProperties(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Event ID',
			name: 'eventId',
			type: 'string',
			required: true,
			default: '={{ $json.id }}',
			description: 'The ID from Claim Batch',
			displayOptions: show([operation]),
		},
		{
			displayName: 'Lease ID',
			name: 'leaseId',
			type: 'string',
			required: true,
			default: '={{ $json.leaseToken }}',
			description: 'The leaseToken from Claim Batch: proves this run still owns the event',
			displayOptions: show([operation]),
		},
	];
}

/** The claimed event of item i, as Ack and Fail read it. */
export function readLease(ctx: IExecuteFunctions, i: number): { id: string; leaseToken: string } {
	return { id: String(ctx.getNodeParameter('eventId', i)), leaseToken: String(ctx.getNodeParameter('leaseId', i)) };
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
