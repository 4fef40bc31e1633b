import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeOutputConfiguration,
	INodeProperties,
} from 'n8n-workflow';
import type { ExceptionCase } from '../../../lib/order';
import { isRecord, planFollowUps, type FollowUp } from '../../../lib/pipeline';
import { onlyWithParameters, readSendCustomerMessages } from '../../../shared/storeProfile';
import { looksLikeRecord, type OrderStateRun } from './common';

const show = { show: { operation: ['planFollowUps'] } };

/**
 * One output per kind of follow-up, in this order, so a workflow hangs the Ledger's case nodes, Klaviyo and
 * the Ledger's Ack off their own branch instead of routing a single list with a Switch.
 */
const ACTIONS: ReadonlyArray<{ action: FollowUp['action']; displayName: string }> = [
	{ action: 'open', displayName: 'Open Case' },
	{ action: 'clear', displayName: 'Clear Case' },
	{ action: 'notify', displayName: 'Notify Customer' },
	{ action: 'done', displayName: 'Done' },
];

/** The node's outputs while this operation is chosen (versionDescription turns them into its outputs expression). */
export const outputs: INodeOutputConfiguration[] = ACTIONS.map(({ displayName }) => ({
	type: NodeConnectionTypes.Main,
	displayName,
}));

/** Which output an item of this operation goes to: the one named after its `action`. */
export function outputOf(json: IDataObject): number {
	return ACTIONS.findIndex((a) => a.action === json.action);
}

export const description: INodeProperties[] = [
	{
		displayName: 'Send Customer Messages',
		name: 'sendCustomerMessages',
		type: 'boolean',
		default: false,
		description:
			'Whether to plan Klaviyo messages on the Notify Customer output: shipped and delivered for each parcel ' +
			'the customer has not heard about yet, delayed or delivery problem when such a case opens. Off until you ' +
			'turn it on, so nobody is messaged before the Klaviyo flows are ready.',
		// A Store Profile has its own switch (sendCustomerMessages).
		displayOptions: onlyWithParameters(show.show),
	},
];

/**
 * What must happen after Reconcile decided one order: the item's new cases (Open Case), its cleared cases
 * (Clear Case), the customer messages (Notify Customer) and, last, one item per claimed event to acknowledge
 * (Done). Each item is the follow-up as the next node reads it by default (asItem): the case's own fields for
 * the case outputs; `event`, `shipment` and `record` for Klaviyo; `id`, `leaseToken`, `orderKey` and `stage`
 * for the Ledger's Ack.
 */
export async function execute(
	this: IExecuteFunctions,
	item: INodeExecutionData,
	i: number,
	run: OrderStateRun,
): Promise<IDataObject[]> {
	const { record } = item.json;
	if (!looksLikeRecord(record))
		throw new NodeOperationError(this.getNode(), 'Item has no order record in "record"', {
			itemIndex: i,
			description:
				"Connect Plan Follow-Ups after Order State's Reconcile: each item of Reconcile's output holds the order's " +
				'record, the cases it opened and resolved, and the events of the work item it was given.',
		});
	const followUps = planFollowUps(
		{
			record,
			opened: readCases(this, item.json, 'opened', i),
			resolved: readCases(this, item.json, 'resolved', i),
			unposted: readUnposted(this, item.json, i),
		},
		readEvents(this, item.json, i),
		{ sendKlaviyoEvents: readSendCustomerMessages(this, run.settings, i) },
	);
	return followUps.map(asItem);
}

/**
 * A follow-up as the node the branch leads to reads it with its default parameters: a case's own fields at the
 * top (Open Exception and Resolve Exception read `id`, `orderKey`, `type`, `openedAt`, `evidence`), and a
 * Done item's event as `id` and `leaseToken` (Ack's Event ID and Lease ID defaults); `eventId` stays for clarity.
 */
function asItem(followUp: FollowUp): IDataObject {
	switch (followUp.action) {
		case 'open':
		case 'clear':
			return { action: followUp.action, ...followUp.case } as unknown as IDataObject;
		case 'done':
			return { ...followUp, id: followUp.eventId } as unknown as IDataObject;
		default:
			return { ...followUp, record: structuredClone(followUp.record) } as unknown as IDataObject;
	}
}

function readCases(ctx: IExecuteFunctions, json: IDataObject, field: string, i: number): ExceptionCase[] {
	const cases = json[field] ?? [];
	if (!Array.isArray(cases) || !cases.every(isRecord))
		throw new NodeOperationError(ctx.getNode(), `Field "${field}" is not a list of cases`, {
			itemIndex: i,
			description: `Pass Reconcile's output item unchanged: its "${field}" lists the exception cases it ${field}.`,
		});
	return cases as unknown as ExceptionCase[];
}

/**
 * Upsert Order's `cases.unposted` (Record Its Cases on): the order's open cases with no Slack message, posted
 * too. Absent when the item did not pass through such an Upsert Order; then only `opened` is posted.
 */
function readUnposted(ctx: IExecuteFunctions, json: IDataObject, i: number): ExceptionCase[] | undefined {
	const cases = json.cases;
	if (!isRecord(cases) || cases.unposted === undefined) return undefined;
	const unposted = cases.unposted;
	if (!Array.isArray(unposted) || !unposted.every((c) => isRecord(c) && typeof c.id === 'string'))
		throw new NodeOperationError(ctx.getNode(), 'Field "cases.unposted" is not a list of cases', {
			itemIndex: i,
			description:
				"Pass Order Ledger Upsert Order's output item unchanged: its cases.unposted lists the order's open cases " +
				'that have no Slack message yet, each with its id.',
		});
	return unposted as unknown as ExceptionCase[];
}

/**
 * The order's claimed events, from the same item: Reconcile carries them from the work item it was given, so
 * the events acknowledged are those of the order just planned. Required, because an order whose events are
 * never acknowledged is claimed again when its lease runs out, and planned again, with no error anywhere.
 */
function readEvents(ctx: IExecuteFunctions, json: IDataObject, i: number): Array<{ id: string; leaseToken: string }> {
	const { events } = json;
	if (!Array.isArray(events))
		throw new NodeOperationError(ctx.getNode(), 'Item has no list of events in "events"', {
			itemIndex: i,
			description:
				'Plan Follow-Ups acknowledges the claimed events of the order it planned (the Done output). Give ' +
				"Reconcile the work item (orderKey, events, previous, observations): Reconcile's output then carries " +
				'its events. Nothing to acknowledge? Set "events" to an empty list.',
		});
	return events.map((e: unknown, k) => {
		if (!isRecord(e) || typeof e.id !== 'string' || e.id === '')
			throw new NodeOperationError(ctx.getNode(), `Event ${k} in "events" has no id`, {
				itemIndex: i,
				description:
					"Each event needs the id and leaseToken Claim Batch gave it: pass the work item's events unchanged.",
			});
		// A missing lease token becomes '', as groupClaimedEvents does: the Ack then refuses it by name.
		return { id: e.id, leaseToken: typeof e.leaseToken === 'string' ? e.leaseToken : '' };
	});
}
