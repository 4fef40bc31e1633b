/**
 * n8n glue for ShipStation, shared by the ShipStation node and its trigger: credential -> clients over
 * n8n's HTTP helper (authenticated by the credential type, so n8n's proxy and credential handling apply),
 * paced and retried by nodes/lib. One set of clients per execution: the limiter's view of the rate
 * window dies with the execution (queue-mode safe).
 */
import type { IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import {
	SHIPSTATION_V1_BASE_URL,
	SHIPSTATION_V2_BASE_URL,
	ShipStationV1Client,
	ShipStationV2Client,
	shipStationTransport,
} from '../lib/connectors/shipstation';
import { secretKeyPart, type ResilientBudget } from '../lib/http';
import { n8nTransport } from './transport';

export const SHIPSTATION_CREDENTIAL_TYPE = 'shipStationPostPurchaseApi';

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
}

/**
 * One pair of clients per execution. With a shared budget (withSharedBudget) the API key's 40 a minute is
 * paced together with every other worker, keyed by a digest of the key (never the key itself).
 */
export async function shipStationClients(
	ctx: Ctx,
	options: { sharedBudget?: ResilientBudget } = {},
): Promise<ShipStationClients> {
	const credentials = (await ctx.getCredentials(SHIPSTATION_CREDENTIAL_TYPE)) as unknown as ShipStationCredentialData;
	const budget = options.sharedBudget;
	const transport = shipStationTransport(n8nTransport(ctx, { credentialType: SHIPSTATION_CREDENTIAL_TYPE }), {
		shared: budget && { budget, account: secretKeyPart(credentials.apiKey ?? '') },
	});
	return {
		v1: new ShipStationV1Client({
			transport,
			baseUrl: (credentials.v1BaseUrl || SHIPSTATION_V1_BASE_URL).replace(/\/+$/, ''),
		}),
		v2: new ShipStationV2Client({
			transport,
			baseUrl: (credentials.v2BaseUrl || SHIPSTATION_V2_BASE_URL).replace(/\/+$/, ''),
		}),
		credentials,
	};
}
