/**
 * Runs the chosen operation for every input item: one set of clients per execution, pairedItem on every
 * output, and a failing item either stops the node with an actionable error or, with Continue On Fail,
 * becomes an error item (carrying the lookup fact when a Get found nothing). Read for Work Items runs once
 * for all the items instead (its orders are read one after another on one paced transport).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ValidationError } from '../../../lib/http/errors';
import { continueOnFailItem, nodeErrorOf, toNodeError } from '../../../shared/errors';
import { credentialSecrets } from '../../../shared/secrets';
import type { ResilientBudget } from '../../../lib/http';
import { shipStationClients, type ShipStationClients } from '../../../shared/shipstation';
import * as labelTracking from './labelTracking';
import * as order from './order';
import * as shipment from './shipment';

type Operation = (this: IExecuteFunctions, i: number, clients: ShipStationClients) => Promise<IDataObject[]>;

const resources: Record<string, Record<string, { execute: Operation } | unknown>> = { order, shipment, labelTracking };

function operationOf(resource: string, operation: string): Operation {
	const operations = resources[resource];
	if (!operations) throw new ValidationError(`Unknown resource "${resource}"`, 'resource');
	const chosen = operations[operation] as { execute?: Operation } | undefined;
	if (operation === 'description' || typeof chosen?.execute !== 'function')
		throw new ValidationError(`Unknown ${resource} operation "${operation}"`, 'operation');
	return chosen.execute;
}

/**
 * Read for Work Items: every work item comes out once, in order, paired with itself (read, or passed
 * through); an item whose read failed stops the node or, with Continue On Fail, becomes its error item.
 */
async function readWorkItems(ctx: IExecuteFunctions, sharedBudget?: ResilientBudget): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const outcomes = await order.readForWorkItems.execute.call(ctx, items, () =>
		shipStationClients(ctx, { sharedBudget }),
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
	if (
		items.length &&
		this.getNodeParameter('resource', 0) === 'order' &&
		this.getNodeParameter('operation', 0) === 'readForWorkItems'
	)
		return [await readWorkItems(this, sharedBudget)];
	const out: INodeExecutionData[] = [];
	let clients: ShipStationClients | undefined;
	for (let i = 0; i < items.length; i++) {
		try {
			clients ??= await shipStationClients(this, { sharedBudget });
			const execute = operationOf(
				this.getNodeParameter('resource', i) as string,
				this.getNodeParameter('operation', i) as string,
			);
			for (const json of await execute.call(this, i, clients)) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = await nodeErrorOf(this, error, i);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, i, (error as { lookupFacts?: IDataObject }).lookupFacts));
		}
	}
	return [out];
}
