/**
 * n8n glue for the ShipStation nodes: credential -> clients over n8n's HTTP helper (authenticated by
 * the credential type), paced and retried by nodes/lib. One set of clients per execution: the limiter's
 * view of the rate window dies with the execution (queue-mode safe).
 */
import { NodeOperationError, type IExecuteFunctions, type IHookFunctions, type INode, type IWebhookFunctions } from 'n8n-workflow';
import {
	PaginationError,
	SHIPSTATION_V1_BASE_URL,
	SHIPSTATION_V2_BASE_URL,
	ShipStationV1Client,
	ShipStationV2Client,
	shipStationTransport,
} from '../lib/connectors/shipstation';
import { n8nTransport } from '../shared/transport';
import { toNodeError } from '../shared/errors';

export const CREDENTIAL_TYPE = 'shipStationPostPurchaseApi';

type Ctx = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

export interface ShipStationCredentialData {
	apiKey: string;
	apiSecret: string;
	v2ApiKey?: string;
	v1BaseUrl?: string;
	v2BaseUrl?: string;
}

export interface ShipStationClients {
	v1: ShipStationV1Client;
	v2: ShipStationV2Client;
	credentials: ShipStationCredentialData;
	v1BaseUrl: string;
}

export async function shipStationClients(ctx: Ctx): Promise<ShipStationClients> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as ShipStationCredentialData;
	const transport = shipStationTransport(n8nTransport(ctx, { credentialType: CREDENTIAL_TYPE }));
	const v1BaseUrl = (credentials.v1BaseUrl || SHIPSTATION_V1_BASE_URL).replace(/\/+$/, '');
	return {
		v1: new ShipStationV1Client({ transport, baseUrl: v1BaseUrl }),
		v2: new ShipStationV2Client({ transport, baseUrl: (credentials.v2BaseUrl || SHIPSTATION_V2_BASE_URL).replace(/\/+$/, '') }),
		credentials,
		v1BaseUrl,
	};
}

/** toNodeError plus the one ShipStation-specific case: a page walk that stopped, and where to resume. */
export function shipStationNodeError(node: INode, error: unknown, itemIndex?: number) {
	if (error instanceof PaginationError) {
		const inner = toNodeError(node, error.cause, itemIndex);
		return new NodeOperationError(node, error.message, {
			description: `${inner.description ?? ''} Nothing was lost: run again with "Start Page" set to ${error.resumeFromPage} to continue where it stopped.`.trim(),
			itemIndex,
		});
	}
	return toNodeError(node, error, itemIndex);
}
