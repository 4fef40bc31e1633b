import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeOutputConfiguration,
	INodeProperties,
} from 'n8n-workflow';
import type { OrderRecord, Policy } from '../../../lib/order';
import { readNowParameter } from '../../../shared/clock';
import { readPolicy } from '../descriptions/policy.description';

/** What the router hands every operation besides the item: state shared by the items of one run. */
export interface OrderStateRun {
	policyFor: (itemIndex: number) => Policy;
}

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

/**
 * Policies are cached per distinct set of parameters within one execution, so items sharing a policy
 * share its business-day cache. Nothing survives the execution (queue-mode safe). A bad policy throws
 * the library's PolicyError, which the router's error mapper turns into "Fix these policy parameters".
 */
export function policyReader(ctx: IExecuteFunctions): (i: number) => Policy {
	const cache = new Map<string, Policy>();
	return (i: number) => {
		const key = JSON.stringify(
			[
				'timeZone',
				'businessDays',
				'businessHoursStart',
				'businessHoursEnd',
				'holidays',
				'thresholds',
				'notificationEvents',
				'warehouseTimeZone',
				'fulfillmentClockStart',
				'lateAgainst',
				'confirmBeforeOpening',
			].map((p) => ctx.getNodeParameter(p, i, null)),
		);
		let policy = cache.get(key);
		if (policy === undefined) {
			policy = readPolicy(ctx, i);
			cache.set(key, policy);
		}
		return policy;
	};
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
