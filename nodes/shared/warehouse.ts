/**
 * n8n glue for the warehouse port (self-service address change, issue 17): the Warehouse parameter (the system
 * the store's orders are fulfilled from), the credential each choice needs, and credential -> WarehousePort for
 * one item of one execution. The clients (and their limiters) live as long as the execution: nothing is kept
 * across runs, so it runs unchanged on queue-mode workers. Everything else is in nodes/lib/selfservice.
 */
import type {
	ICredentialsDisplayOptions,
	IDisplayOptions,
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeProperties,
} from 'n8n-workflow';
import { ValidationError } from '../lib/http/errors';
import type { ResilientBudget } from '../lib/http';
import type { Clock } from '../lib/http/types';
import {
	WAREHOUSE_LABELS,
	WAREHOUSES,
	warehousePort,
	type Warehouse,
	type WarehousePort,
} from '../lib/selfservice/warehouse';
import { SHIPSTATION_CREDENTIAL_TYPE, shipStationClients } from './shipstation';
import { PROVIDER_CREDENTIALS, providerClient } from './threepl';

/** The credential type each warehouse is reached with: the ones its own node already uses. */
export const WAREHOUSE_CREDENTIALS: Record<Warehouse, string> = {
	shipstation: SHIPSTATION_CREDENTIAL_TYPE,
	...PROVIDER_CREDENTIALS,
};

/** The Warehouse parameter (name `warehouse`), shown where `displayOptions` says. */
export function warehouseProperty(displayOptions?: IDisplayOptions): INodeProperties {
	const property: INodeProperties = {
		displayName: 'Warehouse',
		name: 'warehouse',
		type: 'options',
		// The credential shown depends on the choice, so it is a choice, not an expression.
		noDataExpression: true,
		options: [...WAREHOUSES]
			.map((value) => ({ name: WAREHOUSE_LABELS[value], value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'shipstation',
		description:
			"The system the store's orders are fulfilled from: the order's live status is read there, and a new address " +
			'is sent there',
	};
	if (displayOptions) property.displayOptions = displayOptions;
	return property;
}

/**
 * The credential of each warehouse, each shown (and required) only when it is the Warehouse chosen; `extraShow`
 * adds conditions (e.g. the operations that use it). A node keeps the list in a const: n8n's lint cannot read a
 * spread inside a `credentials:` array.
 */
export function warehouseCredentials(
	extraShow: NonNullable<ICredentialsDisplayOptions['show']> = {},
): INodeCredentialDescription[] {
	return WAREHOUSES.map((warehouse) => ({
		name: WAREHOUSE_CREDENTIALS[warehouse],
		required: true,
		displayOptions: { show: { ...extraShow, warehouse: [warehouse] } },
	}));
}

/**
 * The port to the Warehouse chosen for item `itemIndex`, built from its credential for this execution. With a
 * shared budget (Share Rate Limits Across Workers) the vendor's limits are paced with every other worker.
 */
export async function openWarehousePort(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: { sharedBudget?: ResilientBudget; clock?: Clock } = {},
): Promise<WarehousePort> {
	const warehouse = ctx.getNodeParameter('warehouse', itemIndex) as Warehouse;
	if (!WAREHOUSES.includes(warehouse)) {
		throw new ValidationError(
			`"${String(warehouse)}" is not a warehouse this package knows`,
			'warehouse',
			`Choose one of ${WAREHOUSES.map((w) => WAREHOUSE_LABELS[w]).join(', ')} in "Warehouse".`,
		);
	}
	try {
		if (warehouse === 'shipstation') {
			const { v1 } = await shipStationClients(ctx, { sharedBudget: options.sharedBudget });
			return warehousePort('shipstation', { v1 });
		}
		const { client } = await providerClient(ctx, warehouse, options);
		return warehousePort(warehouse, client);
	} catch (error) {
		throw unreadableCredential(warehouse, error);
	}
}

/** Reading the credential is the only thing openWarehousePort does that can fail: say which one and what to do. */
function unreadableCredential(warehouse: Warehouse, error: unknown): ValidationError {
	if (error instanceof ValidationError) return error;
	return new ValidationError(
		`The ${WAREHOUSE_LABELS[warehouse]} credential could not be read: ${(error as Error).message}`,
		'warehouse',
		`Select the ${WAREHOUSE_LABELS[warehouse]} credential on this node, or choose the warehouse the store uses in ` +
			'"Warehouse".',
	);
}
