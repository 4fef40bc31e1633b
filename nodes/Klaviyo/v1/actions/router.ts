import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { settleInOrder, type ResilientBudget } from '../../../lib/http';
import { klaviyoClient } from '../../../shared/klaviyo';
import { continueOnFailItem, toNodeError } from '../../../shared/errors';
import { credentialSecrets } from '../../../shared/secrets';
import * as bulkCreateEvents from './bulkCreateEvents.operation';
import * as createEvent from './createEvent.operation';
import * as postPurchaseEvent from './postPurchaseEvent.operation';
import * as upsertProfile from './upsertProfile.operation';
import type { ItemOperation, ItemResults } from './common';

const perItem: Record<string, ItemOperation> = {
	createEvent: createEvent.execute,
	postPurchaseEvent: postPurchaseEvent.execute,
	upsertProfile: upsertProfile.execute,
};

/**
 * Events in flight together: each carries its unique_id, by which Klaviyo keeps one event however often it is
 * sent, so a run that stops at a failing item and is retried repeats nothing the customer sees; and a run of
 * 400 events no longer waits for 400 round trips one after the other (issue 14). Profiles stay one by one:
 * two items for the same person must land in their order.
 */
const EVENTS_IN_FLIGHT = 8;
const inFlight: Record<string, number> = { createEvent: EVENTS_IN_FLIGHT, postPurchaseEvent: EVENTS_IN_FLIGHT };

/**
 * One Klaviyo client for the run (its limiters pace every item). Per-item operations run item by item (events
 * several at a time); Bulk Create Events takes all items at once. Results are paired with their item, in item
 * order; a failure stops the run with the one error mapper's text, or becomes an error item under "Continue On
 * Fail".
 */
export async function router(this: IExecuteFunctions, sharedBudget?: ResilientBudget): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation !== 'bulkCreateEvents' && !perItem[operation])
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	const client = await klaviyoClient(this, { sharedBudget });
	const out: INodeExecutionData[] = [];
	const secrets = await credentialSecrets(this);
	const results: ItemResults = {
		ok: (itemIndex, json) => out.push({ json, pairedItem: { item: itemIndex } }),
		fail: (itemIndex, error) => {
			const nodeError = toNodeError(this.getNode(), error, itemIndex, secrets);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, itemIndex));
		},
	};

	if (operation === 'bulkCreateEvents') {
		await bulkCreateEvents.execute.call(this, client, items, results);
		return [out];
	}
	const execute = perItem[operation];
	const settled = await settleInOrder(items, inFlight[operation] ?? 1, (item, i) =>
		execute.call(this, client, item, i),
	);
	settled.forEach((outcome, i) => (outcome.ok ? results.ok(i, outcome.value) : results.fail(i, outcome.error)));
	return [out];
}
