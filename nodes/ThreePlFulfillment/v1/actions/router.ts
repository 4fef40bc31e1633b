/**
 * Runs the chosen operation for every input item with one client per execution. An operation the
 * provider's API cannot do is refused once, up front, rather than failing on every item. A failing item
 * stops the node with an actionable error or, with Continue On Fail, becomes an error item that still
 * carries the lookup fact when every key missed ("not at the warehouse" is a fact Order State needs).
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
import { continueOnFailItem, toNodeError } from '../../../shared/errors';
import { providerClient } from '../../../shared/threepl';
import { isoNow, readClock } from '../../../shared/clock';
import { clockFrom, type Clock } from '../../../lib/http/types';
import * as cancel from './cancel.operation';
import * as getOrderStatus from './getOrderStatus.operation';
import * as getShipments from './getShipments.operation';
import * as listOrdersUpdatedSince from './listOrdersUpdatedSince.operation';
import * as lookUpOrder from './lookUpOrder.operation';
import * as updateShippingAddress from './updateShippingAddress.operation';
import type { ItemOperation, ThreePlRun } from './common';

const STAMPED_WITH_NOW = new Set<ThreePlOperation>(['getOrderStatus', 'lookUpOrder']);

const operations: Record<ThreePlOperation, ItemOperation> = {
	cancel: cancel.execute,
	getOrderStatus: getOrderStatus.execute,
	getShipments: getShipments.execute,
	listOrdersUpdatedSince: listOrdersUpdatedSince.execute,
	lookUpOrder: lookUpOrder.execute,
	updateShippingAddress: updateShippingAddress.execute,
};

async function prepare(
	ctx: IExecuteFunctions,
	provider: ThreePlProvider,
	operation: ThreePlOperation,
): Promise<{ run: ThreePlRun; execute: ItemOperation }> {
	const execute = operations[operation];
	if (!execute) throw new ValidationError(`Unknown operation "${operation}"`, 'operation');
	// Lookups say "not there" at the instant of asking: stamped with "Now" when a past day is replayed.
	const clock = STAMPED_WITH_NOW.has(operation) ? readClock(ctx, 0) : clockFrom(null);
	const { client } = await providerClient(ctx, provider, { clock });
	const why = client.unsupported[operation];
	if (why) throw new UnsupportedOperationError(provider, operation, why);
	return { run: { provider, client, clock }, execute };
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

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const provider = this.getNodeParameter('provider', 0) as ThreePlProvider;
	const operation = this.getNodeParameter('operation', 0) as ThreePlOperation;
	let prepared: Awaited<ReturnType<typeof prepare>>;
	try {
		prepared = await prepare(this, provider, operation);
	} catch (error) {
		const nodeError = toNodeError(this.getNode(), error, 0);
		if (!this.continueOnFail()) throw nodeError;
		return [items.map((_, i) => continueOnFailItem(nodeError, i))];
	}
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			for (const json of await prepared.execute.call(this, i, prepared.run))
				out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, i, lookupFacts(provider, error, prepared.run.clock)));
		}
	}
	return [out];
}
