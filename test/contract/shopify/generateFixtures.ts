/**
 * Regenerates the response fixtures in ./fixtures by executing the package's own documents on the
 * simulated Admin API (graphql-js over Shopify's published schema). The contract test then checks
 * each fixture independently against the schema, so a hand edit that breaks the contract fails CI.
 *
 *   npx tsx test/contract/shopify/generateFixtures.ts
 */
import { writeFileSync } from 'fs';
import path from 'path';
import { ShopifySim } from '../../sandbox/vendors/shopify';
import * as D from '../../../nodes/lib/connectors/shopify/documents';

async function main(): Promise<void> {
	const sim = new ShopifySim({ seed: 11, orders: 120 });
	const dir = path.join(__dirname, 'fixtures');
	const orders = [...sim.allOrders()];
	const shipped = orders.find((o) => o.fulfillments.length && !o.returns.length)!;
	const held = orders.find((o) => o.fulfillmentOrders[0].status === 'ON_HOLD')!;
	const returned = orders.find((o) => o.returns.length)!;
	const open = orders.find((o) => o.fulfillmentOrders[0].status === 'OPEN')!;
	const save = async (name: string, doc: string, variables: Record<string, unknown>) => {
		const response = await sim.execute(doc, variables);
		const documentName = Object.entries(D.ALL_DOCUMENTS).find(([, d]) => d === doc)![0];
		writeFileSync(
			path.join(dir, `${name}.json`),
			JSON.stringify({ document: documentName, variables, response }, null, 2) + '\n',
		);
	};
	await save('get-order-shipped', D.GET_ORDER_QUERY, { id: shipped.id });
	await save('get-order-on-hold', D.GET_ORDER_QUERY, { id: held.id });
	await save('get-order-return-requested', D.GET_ORDER_QUERY, { id: returned.id });
	await save('list-orders-page', D.LIST_ORDERS_QUERY, { first: 3, after: null, query: null, reverse: false });
	await save('order-update-user-errors', D.ORDER_UPDATE_MUTATION, {
		input: { id: open.id, shippingAddress: { address1: '1 Road', zip: 'ABCDE', countryCode: 'US' } },
	});
	await save('fulfillment-order-hold', D.FULFILLMENT_ORDER_HOLD_MUTATION, {
		id: open.fulfillmentOrders[0].id,
		fulfillmentHold: { reason: 'INCORRECT_ADDRESS', reasonNotes: 'No street number' },
	});
	await save('order-cancel', D.ORDER_CANCEL_MUTATION, {
		orderId: open.id,
		reason: 'CUSTOMER',
		refund: true,
		restock: true,
	});
	await save('bulk-run', D.BULK_OPERATION_RUN_QUERY_MUTATION, { query: D.bulkOrdersExportQuery(undefined) });
	await save('webhook-subscription-create', D.WEBHOOK_SUBSCRIPTION_CREATE_MUTATION, {
		topic: 'ORDERS_UPDATED',
		webhookSubscription: { callbackUrl: 'https://n8n.example.com/webhook/abc/webhook', format: 'JSON' },
	});
	// Webhook bodies are REST-shaped; field names follow Shopify's webhook reference samples.
	writeFileSync(
		path.join(dir, 'payload-orders-updated.json'),
		JSON.stringify(sim.restOrderPayload(shipped), null, 2) + '\n',
	);
	writeFileSync(
		path.join(dir, 'payload-fulfillments-create.json'),
		JSON.stringify(sim.restFulfillmentPayload(shipped, shipped.fulfillments[0]), null, 2) + '\n',
	);
}

void main();
