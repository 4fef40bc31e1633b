import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { PolicyError, ReconcileInputError } from '../../lib/order';
import type { OrderRecord, Policy } from '../../lib/order';
import { readPolicy } from '../descriptions/policy.description';

export const nowProperty: INodeProperties = {
	displayName: 'Now',
	name: 'now',
	type: 'string',
	default: '',
	placeholder: 'e.g. 2026-03-02T14:00:00Z',
	description:
		'The moment to judge the orders at. Leave empty for the current time; set a time (or an expression) to replay a past day or to drive a test clock.',
	displayOptions: { show: { operation: ['reconcile', 'evaluateStuck'] } },
};

/** A time a person typed, or the real clock when empty. */
export function readNow(ctx: IExecuteFunctions, i: number): Date {
	const raw = ctx.getNodeParameter('now', i, '') as unknown;
	if (raw === '' || raw === null || raw === undefined) return new Date();
	const value = raw instanceof Date ? raw : new Date(typeof raw === 'number' ? raw : String(raw));
	if (Number.isNaN(value.getTime()))
		throw new NodeOperationError(ctx.getNode(), `"Now" is not a time: ${JSON.stringify(raw)}`, {
			itemIndex: i,
			description: 'Leave "Now" empty to use the current time, or write an ISO 8601 time such as 2026-03-02T14:00:00Z.',
		});
	return value;
}

/**
 * Policies are cached per distinct set of parameters within one execution, so items sharing a policy
 * share its business-day cache. Nothing survives the execution (queue-mode safe).
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
			try {
				policy = readPolicy(ctx, i);
			} catch (error) {
				if (error instanceof PolicyError)
					throw new NodeOperationError(ctx.getNode(), error.message, {
						itemIndex: i,
						description: `Fix these policy parameters on the node: ${error.errors.join('; ')}.`,
					});
				throw error;
			}
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
	return typeof x === 'object' && x !== null && typeof (x as OrderRecord).orderKey === 'string' && typeof (x as OrderRecord).stage === 'string';
}

/** Engine errors become NodeOperationErrors that say what to change. */
export function toOperationError(ctx: IExecuteFunctions, error: unknown, i: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof ReconcileInputError) {
		const details = error.rejected.map((r) => `observation ${r.index}: ${r.errors.join(', ')}`).join('; ');
		return new NodeOperationError(ctx.getNode(), error.message, {
			itemIndex: i,
			description: details
				? `Every observation of this item was rejected: ${details}. Fix those fields in the step that builds the observations.`
				: 'Give each item the stored order record (or null for a new order) and a list of observations.',
		});
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error), { itemIndex: i });
}

export function errorItem(ctx: IExecuteFunctions, error: unknown, i: number): INodeExecutionData {
	const e = toOperationError(ctx, error, i);
	return { json: { error: e.message, description: e.description ?? null }, pairedItem: { item: i } };
}
