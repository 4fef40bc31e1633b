/**
 * Runs the chosen operation for every input item with one client per execution. An operation the
 * provider's API cannot do is refused once, up front, rather than failing on every item. A failing item
 * stops the node with an actionable error or, with Continue On Fail, becomes an error item that still
 * carries the lookup fact when every key missed ("not at the warehouse" is a fact Order State needs).
 * Read for Work Items runs once for all the items instead (the 3PL is asked about them together).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	lookupToObservations,
	OrderNotFoundError,
	UnsupportedOperationError,
	type ThreePlOperation,
	type ThreePlProvider,
} from '../../../lib/connectors/threepl';
import { ValidationError } from '../../../lib/http/errors';
import type { ResilientBudget } from '../../../lib/http/sharedBudget';
import { continueOnFailItem, nodeErrorOf, toNodeError } from '../../../shared/errors';
import { credentialSecrets } from '../../../shared/secrets';
import { providerClient } from '../../../shared/threepl';
import { isoNow, readClock } from '../../../shared/clock';
import { clockFrom, type Clock } from '../../../lib/http/types';
import * as cancel from './cancel.operation';
import * as getOrderStatus from './getOrderStatus.operation';
import * as getShipments from './getShipments.operation';
import * as listOrdersUpdatedSince from './listOrdersUpdatedSince.operation';
import * as lookUpOrder from './lookUpOrder.operation';
import * as readForWorkItems from './readForWorkItems.operation';
import * as updateShippingAddress from './updateShippingAddress.operation';
import type { ItemOperation, ThreePlRun } from './common';

/** The node's operations: the client's, and Read for Work Items, which stands on the client's Look Up Order. */
type NodeOperation = ThreePlOperation | 'readForWorkItems';

const STAMPED_WITH_NOW = new Set<NodeOperation>(['getOrderStatus', 'lookUpOrder', 'readForWorkItems']);

const operations: Record<ThreePlOperation, ItemOperation> = {
	cancel: cancel.execute,
	getOrderStatus: getOrderStatus.execute,
	getShipments: getShipments.execute,
	listOrdersUpdatedSince: listOrdersUpdatedSince.execute,
	lookUpOrder: lookUpOrder.execute,
	updateShippingAddress: updateShippingAddress.execute,
};

async function connect(
	ctx: IExecuteFunctions,
	provider: ThreePlProvider,
	operation: NodeOperation,
	sharedBudget?: ResilientBudget,
): Promise<ThreePlRun> {
	// Lookups say "not there" at the instant of asking: stamped with "Now" when a past day is replayed.
	const clock = STAMPED_WITH_NOW.has(operation) ? readClock(ctx, 0) : clockFrom(null);
	const { client } = await providerClient(ctx, provider, { clock, sharedBudget });
	const asked: ThreePlOperation = operation === 'readForWorkItems' ? 'lookUpOrder' : operation;
	const why = client.unsupported[asked];
	if (why) throw new UnsupportedOperationError(provider, asked, why);
	return { provider, client, clock };
}

async function prepare(
	ctx: IExecuteFunctions,
	provider: ThreePlProvider,
	operation: ThreePlOperation,
	sharedBudget?: ResilientBudget,
): Promise<{ run: ThreePlRun; execute: ItemOperation }> {
	const execute = operations[operation];
	if (!execute) throw new ValidationError(`Unknown operation "${operation}"`, 'operation');
	return { run: await connect(ctx, provider, operation, sharedBudget), execute };
}

/** With Continue On Fail, a miss after every key was tried keeps its lookup fact on the error item. */
function lookupFacts(provider: ThreePlProvider, error: unknown, clock: Clock): IDataObject {
	const lookup = error instanceof OrderNotFoundError ? error.lookup : undefined;
	if (!lookup) return {};
	return {
		found: false,
		keys: lookup.keys,
		observations: lookupToObservations(provider, lookup, isoNow(clock)),
	} as unknown as IDataObject;
}

/**
 * Read for Work Items: every work item comes out once, in order, paired with itself (read, or passed
 * through); an item whose read failed stops the node or, with Continue On Fail, becomes its error item.
 */
async function readWorkItems(
	ctx: IExecuteFunctions,
	provider: ThreePlProvider,
	sharedBudget?: ResilientBudget,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const outcomes = await readForWorkItems.execute.call(ctx, items, () =>
		connect(ctx, provider, 'readForWorkItems', sharedBudget),
	);
	const secrets = await credentialSecrets(ctx);
	return outcomes.map((outcome, i) => {
		if ('value' in outcome) return { json: outcome.value, pairedItem: { item: i } };
		const nodeError = toNodeError(ctx.getNode(), outcome.error, i, secrets);
		if (!ctx.continueOnFail()) throw nodeError;
		return continueOnFailItem(nodeError, i);
	});
}

export async function router(this: IExecuteFunctions, sharedBudget?: ResilientBudget): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const provider = this.getNodeParameter('provider', 0) as ThreePlProvider;
	const operation = this.getNodeParameter('operation', 0) as NodeOperation;
	if (operation === 'readForWorkItems') return [await readWorkItems(this, provider, sharedBudget)];
	let prepared: Awaited<ReturnType<typeof prepare>>;
	try {
		prepared = await prepare(this, provider, operation, sharedBudget);
	} catch (error) {
		const nodeError = await nodeErrorOf(this, error, 0);
		if (!this.continueOnFail()) throw nodeError;
		return [items.map((_, i) => continueOnFailItem(nodeError, i))];
	}
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			for (const json of await prepared.execute.call(this, i, prepared.run))
				out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = await nodeErrorOf(this, error, i);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, i, lookupFacts(provider, error, prepared.run.clock)));
		}
	}
	return [out];
}
