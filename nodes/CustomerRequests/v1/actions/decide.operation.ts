import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import {
	applyCancellation,
	applySwap,
	decideWaitingRequest,
	holdHandleFor,
	KIND_WORDS,
	shopifySwapPort,
	warehouseSwapPort,
	shopifyCancelPort,
	shopifyChangePort,
	shopifyOrderOf,
	warehouseCancelPort,
	warehouseRefOf,
	type RequestDecision,
} from '../../../lib/selfservice';
import { readNowParameter, readTimeProperty } from '../../../shared/clock';
import { shopifyClient } from '../../../shared/shopify';
import { openWarehousePort, warehouseProperty } from '../../../shared/warehouse';
import { caseIdProperty, pressedByProperty, readApprovers, type RequestExecute } from './common';

const show = { operation: ['decide'] };

export const description: INodeProperties[] = [
	caseIdProperty(show, "The case whose request is decided: the Slack Interaction Trigger's caseId"),
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '={{ $json.requestId }}',
		displayOptions: { show },
		description:
			"The customer's request the button decides (the trigger's requestId). Empty: the newest request waiting on " +
			'the case.',
	},
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		options: [
			{
				name: 'Approve',
				value: 'approve',
				description: 'Carry the request out in Shopify and the warehouse, exactly as the customer asked',
			},
			{ name: 'Reject', value: 'reject', description: 'Leave the order as it is (and take off any hold of ours)' },
		],
		default: 'approve',
		displayOptions: { show },
		description:
			'Approve or reject. Behind the Slack Interaction Trigger, set it by expression to the button pressed (its ' +
			'action field).',
	},
	{
		displayName: 'Decided By',
		name: 'decidedBy',
		type: 'string',
		required: true,
		default: '={{ $json.user.name || $json.user.id }}',
		displayOptions: { show },
		description: 'Who decided, as recorded on the request and shown in the weekly report and the Slack thread',
	},
	pressedByProperty(
		show,
		"The Slack user ID of who pressed, checked against the Store Profile's Approvers: someone not listed " +
			'decides nothing (the item comes out with outcome not_allowed). Unused while the profile names no approvers.',
	),
	warehouseProperty({ show }),
	{
		displayName: 'Refund to the Original Payment',
		name: 'refund',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description:
			'Whether an approved cancellation refunds the payments to the original payment methods (off: refund by hand ' +
			'in Shopify)',
	},
	{
		displayName: 'Shopify Emails the Customer',
		name: 'notifyCustomer',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description:
			'Whether Shopify sends its own email when an approved cancellation or item swap is carried out (its ' +
			'cancellation email, or its order-edit email with the new items)',
	},
	readTimeProperty(show, 'The time the decision is recorded at. Leave empty for the current time.'),
];

/**
 * One press: the request of the case decided, recorded in the ledger (the event processor puts it on the
 * order's timeline), the case closed when settled. The item keeps the press's `user` so the Slack message can
 * name who decided, and says whether the customer should now hear the outcome (`tellCustomer`).
 */
export const execute: RequestExecute = async function (this, run, i) {
	const input = this.getInputData()[i].json;
	const given = readNowParameter(this, i);
	const started = Date.now();
	// Steps are stamped from "Now" on, at the real pace, so a replayed decision keeps its order of steps.
	const now = () => (given ? new Date(given.getTime() + (Date.now() - started)) : new Date());
	const approvers = readApprovers(this, run, i);
	const warehouse = await openWarehousePort(this, i);
	const result = await decideWaitingRequest(
		{
			caseId: String(this.getNodeParameter('caseId', i, '')),
			decision: this.getNodeParameter('decision', i) as RequestDecision,
			decidedBy: String(this.getNodeParameter('decidedBy', i, '')),
			requestId: String(this.getNodeParameter('requestId', i, '') ?? '') || null,
			pressedBy: String(this.getNodeParameter('pressedBy', i, '') ?? '') || null,
			approvers,
		},
		{
			getCase: (id) => run.ledger.getException(id, now().toISOString()),
			getOrder: (key) => run.ledger.getOrder(key),
			requestEvents: (key) => run.ledger.listEvents({ orderKey: key, source: 'customer', limit: 1000 }),
			append: async (event) => ({
				duplicate: (await run.ledger.appendEvent(event, now().toISOString())).status === 'duplicate',
			}),
			resolveCase: async (id, resolution) => {
				await run.ledger.resolveException(id, resolution, now().toISOString());
			},
			change: async (record) => {
				return {
					shopify: shopifyChangePort(await shopifyClient(this), shopifyOrderOf(record)),
					warehouse: {
						read: () => warehouse.read(warehouseRefOf(record), now),
						changeAddress: (to) => warehouse.changeAddress(warehouseRefOf(record), to, now),
					},
				};
			},
			cancel: async (record, decision, handle) =>
				applyCancellation(
					{
						decision,
						handle,
						options: {
							refund: this.getNodeParameter('refund', i, true) as boolean,
							notifyCustomer: this.getNodeParameter('notifyCustomer', i, true) as boolean,
							staffNote: "Canceled at the customer's request, approved in Slack",
						},
					},
					{
						shopify: shopifyCancelPort(await shopifyClient(this), shopifyOrderOf(record)),
						warehouse: warehouseCancelPort(warehouse, warehouseRefOf(record), now),
						now,
					},
				),
			swap: async (record, decision, swaps, handle) =>
				applySwap(
					{
						decision,
						swaps,
						handle,
						notifyCustomer: this.getNodeParameter('notifyCustomer', i, true) as boolean,
						staffNote: "Items changed at the customer's request, approved in Slack",
					},
					{
						shopify: shopifySwapPort(await shopifyClient(this), shopifyOrderOf(record)),
						warehouse: warehouseSwapPort(warehouse, warehouseRefOf(record), now),
						now,
					},
				),
			now,
		},
	);
	// Recorded, the case still open with its buttons: the error workflow tells the channel why, and a press retries.
	if (result.outcome === 'failed') {
		const hold = holdHandleFor(result.kind, result.requestId);
		throw new NodeOperationError(
			this.getNode(),
			`Approving ${KIND_WORDS[result.kind]} request ${result.requestId} of order ` +
				`${result.orderKey} stopped at ${result.failedStep}: ${result.error}`,
			{
				itemIndex: i,
				description:
					(result.heldFulfillmentOrders.length
						? `Fulfillment orders ${result.heldFulfillmentOrders.join(', ')} stay on hold (ours, named ${hold}) ` +
							'so nothing ships half-done. '
						: 'Nothing was changed and nothing is held. ') +
					'Fix what the error names (or change the order by hand), then press Approve again, or Reject to take our ' +
					'hold off; the case stays open until then.',
			},
		);
	}
	return {
		...(result as unknown as IDataObject),
		record: result.record as unknown as IDataObject,
		user: (input.user as IDataObject | undefined) ?? { id: result.decidedBy },
		// False for a press by someone not on the store's approver list: the template tells the thread instead.
		allowed: result.outcome !== 'not_allowed',
		tellCustomer: result.settled && run.profile.sendCustomerMessages === true,
	};
};
