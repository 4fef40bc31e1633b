/**
 * Runs the chosen operation for every input item: one set of clients per execution, pairedItem on every
 * output, and a failing item either stops the node with an actionable error or, with Continue On Fail,
 * becomes an error item (carrying the lookup fact when a Get found nothing).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ValidationError } from '../../../lib/http/errors';
import { continueOnFailItem, toNodeError } from '../../../shared/errors';
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

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	let clients: ShipStationClients | undefined;
	for (let i = 0; i < items.length; i++) {
		try {
			clients ??= await shipStationClients(this);
			const execute = operationOf(
				this.getNodeParameter('resource', i) as string,
				this.getNodeParameter('operation', i) as string,
			);
			for (const json of await execute.call(this, i, clients)) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (!this.continueOnFail()) throw nodeError;
			out.push(continueOnFailItem(nodeError, i, (error as { lookupFacts?: IDataObject }).lookupFacts));
		}
	}
	return [out];
}
