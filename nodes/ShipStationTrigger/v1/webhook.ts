/**
 * One ShipStation notification: check the URL token (the body is unsigned), fetch what the notification
 * points at, and hand the normalised records to the workflow. Refusals are answered and reported too.
 */
import { redactString } from '../../lib/http/redact';
import { credentialSecrets } from '../../shared/secrets';
import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { handleNotification, tokenMatches, webhookToken } from '../../lib/connectors/shipstation';
import { shipStationClients } from '../../shared/shipstation';

/** The id the token is bound to: stable for the node across activations. */
export function webhookIdOf(ctx: IHookFunctions | IWebhookFunctions): string {
	const node = ctx.getNode();
	return node.webhookId ?? node.id;
}

export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const { v1, credentials } = await shipStationClients(this);
	const presented = (this.getQueryData() as IDataObject).token;
	// The body is unsigned: the token in the URL we registered is the only proof the call is ShipStation's.
	if (!tokenMatches(presented, webhookToken(credentials.apiSecret, webhookIdOf(this)))) {
		response
			.status(401)
			.json({ error: 'missing or wrong token: this URL only accepts calls registered by the ShipStation Trigger' });
		return { noWebhookResponse: true };
	}
	const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
	const receivedAt = new Date().toISOString();
	const outcome = await handleNotification(request.rawBody?.length ? request.rawBody : request.body, v1, receivedAt);

	if (outcome.kind === 'invalid' || outcome.kind === 'refused') {
		// Reported to the workflow (so it can alert) and to the caller; nothing was fetched.
		const report: IDataObject =
			outcome.kind === 'invalid'
				? { rejected: true, reason: outcome.error, field: outcome.field, receivedAt }
				: {
						rejected: true,
						reason: `resource_url refused: ${outcome.reason}`,
						field: 'resource_url',
						resourceUrl: outcome.resourceUrl,
						resourceType: outcome.resourceType,
						receivedAt,
					};
		response.status(400).json({ error: report.reason });
		return { noWebhookResponse: true, workflowData: [[{ json: report, pairedItem: { item: 0 } }]] };
	}

	const items: INodeExecutionData[] = outcome.records.map((record) => ({
		json: {
			resourceType: record.resourceType,
			resourceUrl: outcome.resourceUrl,
			orderKey: record.orderKey ?? null,
			observations: record.observation ? [record.observation] : [],
			...(record.error ? { normaliseError: record.error, normaliseField: record.errorField ?? null } : {}),
			shipstation: record.record,
			receivedAt,
		} as unknown as IDataObject,
		pairedItem: { item: 0 },
	}));
	if (outcome.fetchError) {
		// What was read is passed on; the failure is an item too, with where to resume, so it can be replayed.
		items.push({
			json: {
				resourceType: outcome.resourceType,
				resourceUrl: outcome.resourceUrl,
				// Masked with the credential's own secrets: a vendor may quote the request back.
				fetchError: redactString(outcome.fetchError.message, { secrets: await credentialSecrets(this) }),
				resumeFromPage: outcome.fetchError.resumeFromPage,
				receivedAt,
			},
			pairedItem: { item: 0 },
		});
	}
	if (!items.length) {
		items.push({
			json: {
				resourceType: outcome.resourceType,
				resourceUrl: outcome.resourceUrl,
				observations: [],
				note: 'ShipStation listed no records for this notification',
				receivedAt,
			},
			pairedItem: { item: 0 },
		});
	}
	return { workflowData: [items] };
}
