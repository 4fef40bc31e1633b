import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeOutputConfiguration,
	INodeProperties,
} from 'n8n-workflow';
import type { OrderRecord, Policy } from '../../../lib/order';
import { readNowParameter } from '../../../shared/clock';
import type { StoreSettings } from '../../../shared/storeProfile';

/** What the router hands every operation besides the item: state shared by the items of one run. */
export interface OrderStateRun {
	policyFor: (itemIndex: number) => Policy;
	/** Where the store settings come from (Store Profile or the node's parameters), read once per run. */
	settings: StoreSettings;
}

/** The operations that judge by store settings, and so offer "Settings From". */
export const STORE_SETTINGS_OPERATIONS = ['reconcile', 'evaluateStuck', 'planFollowUps'];

/** An operation runs for one input item and returns the results paired with it (possibly none). */
export type ItemOperation = (
	this: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	run: OrderStateRun,
) => Promise<IDataObject[]>;

/**
 * An operation's module as the router uses it. An operation with outputs of its own (Plan Follow-Ups) names
 * them in `outputs` and sends each result to `outputOf(result)`; every other one has the node's one output.
 */
export interface OperationModule {
	execute: ItemOperation;
	outputs?: INodeOutputConfiguration[];
	outputOf?: (json: IDataObject) => number;
}

export const nowProperty: INodeProperties = {
	displayName: 'Now',
	name: 'now',
	type: 'string',
	default: '',
	placeholder: 'e.g. 2026-03-02T14:00:00Z',
	description:
		'The moment to judge the orders at. Leave empty for the current time; set a time (or an expression) to ' +
		'replay a past day or to drive a test clock.',
	displayOptions: { show: { operation: ['reconcile', 'evaluateStuck'] } },
};

/** A time a person typed, or the real clock when empty. */
export function readNow(ctx: IExecuteFunctions, i: number): Date {
	return readNowParameter(ctx, i) ?? new Date();
}

/** Read a field by name; dots reach into nested objects ("order.previous"). */
export function readField(json: IDataObject, field: string): unknown {
	if (field === '') return json;
	if (field in json) return json[field];
	let cursor: unknown = json;
	for (const part of field.split('.')) {
		if (typeof cursor !== 'object' || cursor === null) return undefined;
		cursor = (cursor as IDataObject)[part];
	}
	return cursor;
}

export function looksLikeRecord(x: unknown): x is OrderRecord {
	return (
		typeof x === 'object' &&
		x !== null &&
		typeof (x as OrderRecord).orderKey === 'string' &&
		typeof (x as OrderRecord).stage === 'string'
	);
}
