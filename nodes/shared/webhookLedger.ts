/**
 * A trigger that stores its verified delivery in the Order Ledger itself, before it answers (issue 16).
 * Storing first makes the answer mean "durable": Shopify (or any sender) hears 200 only once the event is in
 * the ledger, and a 503 makes it retry. Answering from the trigger without starting an execution is what
 * makes the intake as cheap as a bare webhook: the ledger is the record, and n8n saves nothing per delivery.
 */
import * as n8nWorkflow from 'n8n-workflow';
import type {
	IDataObject,
	IWebhookDescription,
	INodeCredentialDescription,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { AppendResult } from '../lib/ledger';
import { redactString } from '../lib/http/redact';
import { deliveryEvent, type DeliveryItem } from '../lib/pipeline/deliveryEvent';
import { credentialSecrets } from './secrets';
import { ledgerCredentials, ledgerStorageProperties, openLedgerFor } from './ledger';

export type OnDelivery = 'start' | 'store' | 'storeAndStart';
const STORING: OnDelivery[] = ['store', 'storeAndStart'];

/** The choice itself, and the ledger fields it shows. Triggers place it above their other options. */
export function onDeliveryProperties(sender: string): INodeProperties[] {
	return [
		{
			displayName: 'On Delivery',
			name: 'onDelivery',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Start the Workflow',
					value: 'start',
					description: 'Pass each verified delivery to the next node (answer as set in "Respond")',
				},
				{
					name: 'Store in Order Ledger',
					value: 'store',
					description: `Store each verified delivery in the ledger, then answer ${sender}; no execution is started`,
				},
				{
					name: 'Store in Order Ledger, Then Start the Workflow',
					value: 'storeAndStart',
					description: `Store, answer ${sender}, then pass each new delivery on (a repeat starts nothing)`,
				},
			],
			default: 'start',
			description:
				`"Store in Order Ledger" is the fastest and safest intake: ${sender} is told 200 only once the event is ` +
				'stored (503 otherwise, so it retries), and n8n keeps no execution per delivery: the ledger is the record',
		},
		...ledgerStorageProperties({
			displayName: 'Ledger Storage',
			baseDescription: 'The Airtable base holding the ledger (see docs/airtable.md)',
			show: { onDelivery: STORING },
		}),
	];
}

/**
 * The trigger's "Respond" choice as a webhook description field. n8n resolves a field declared this way from the
 * node's parameters without its expression engine (n8n 2.40 and later: a template string alone costs every request
 * a V8 isolate, more than the rest of the intake); older n8n reads the same template as an expression.
 */
export function responseModeField(): Pick<IWebhookDescription, 'responseMode'> {
	const fallback = { responseMode: '={{$parameter["responseMode"] || "onReceived"}}' };
	if (typeof n8nWorkflow.webhookDescriptionFields !== 'function' || typeof n8nWorkflow.fromParameter !== 'function')
		return fallback;
	return n8nWorkflow.webhookDescriptionFields({
		responseMode: n8nWorkflow.fromParameter('responseMode', 'onReceived'),
	}) as Pick<IWebhookDescription, 'responseMode'>;
}

/** The trigger's own credentials, then the ledger's (shown only when the trigger stores deliveries). */
export function withLedgerCredentials(own: INodeCredentialDescription[]): INodeCredentialDescription[] {
	return [...own, ...ledgerCredentials({ testPostgres: true, show: { onDelivery: STORING } })];
}

export function readOnDelivery(ctx: IWebhookFunctions): OnDelivery {
	return ctx.getNodeParameter('onDelivery', 'start') as OnDelivery;
}

/**
 * Stores the delivery and answers the sender; with "storeAndStart" a new delivery also starts the workflow
 * (already answered, so n8n does not answer again). A failure to store answers 503 with a reason that holds no
 * secret, and leaves the retry to the sender: nothing was acknowledged, so nothing is lost.
 */
export async function storeDeliveryAndAnswer(
	ctx: IWebhookFunctions,
	item: DeliveryItem,
	source: string,
	onDelivery: OnDelivery,
): Promise<IWebhookResponseData> {
	const response = ctx.getResponseObject();
	let stored: AppendResult;
	try {
		stored = await appendDelivery(ctx, item, source);
	} catch (error) {
		const reason = redactString((error as Error).message ?? String(error), { secrets: await credentialSecrets(ctx) });
		ctx.logger.warn(`Order Ledger could not store a ${source} delivery; answered 503 so it is retried: ${reason}`);
		response.status(503).json({ error: 'the delivery could not be stored yet; please retry' });
		return { noWebhookResponse: true };
	}
	response.status(200).json({ received: true, status: stored.status });
	if (onDelivery === 'storeAndStart' && stored.status === 'new')
		return {
			noWebhookResponse: true,
			workflowData: [
				[
					{
						json: { ...(item as IDataObject), ledger: { status: stored.status, eventId: stored.event.id } },
						pairedItem: { item: 0 },
					},
				],
			],
		};
	return { noWebhookResponse: true };
}

async function appendDelivery(ctx: IWebhookFunctions, item: DeliveryItem, source: string): Promise<AppendResult> {
	const event = deliveryEvent(item, source);
	// Shopify waits 5 s for the answer: an Airtable 429 answers 503 at once (Shopify retries) rather than waiting.
	const store = await openLedgerFor(ctx, { noRateLimitWaits: true });
	try {
		const [result] = await store.appendEvents([event], new Date().toISOString());
		if (result instanceof Error) throw result;
		return result;
	} finally {
		await store.close();
	}
}
