/**
 * n8n glue for the Order Ledger, shared by every node that opens it (Order Ledger, Exception Alerts):
 * the storage parameters, the credentials they ask for, opening the store from both, the Airtable base
 * picker and the PostgreSQL credential test. One place, so every node of a workflow reaches the same
 * ledger and a user sets it up the same way everywhere.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDisplayOptions,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialDescription,
	INodeCredentialTestResult,
	INodeListSearchResult,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';

import { defaultEmbeddedDir, openLedger } from '../lib/ledger';
import type { LedgerConfig, LedgerStore } from '../lib/ledger';
import type { PostgresConnectionOptions } from '../lib/ledger/sql/pgDriver';
import type { ResilientBudget } from '../lib/http';
import { nodeErrorOf } from './errors';
import { n8nTransport } from './transport';

export const POSTGRES_CREDENTIAL = 'postPurchasePostgresApi';
export const AIRTABLE_CREDENTIAL = 'postPurchaseAirtableApi';
/** The credential test a node names in `testedBy` and lists under `methods.credentialTest`. */
export const POSTGRES_CONNECTION_TEST = 'postPurchasePostgresConnectionTest';
/** Airtable's Web API when the credential has no Base URL Override (inlined in the credential's test too). */
export const AIRTABLE_API_URL = 'https://api.airtable.com';

export type Backend = 'embedded' | 'postgres' | 'airtable';

/** Who opens a ledger: an action node's execution, or a trigger answering a webhook before any execution. */
export type LedgerContext = IExecuteFunctions | IWebhookFunctions;

/** A node parameter of either context: a webhook has one request, so its parameters take no item index. */
function nodeParameter<T>(ctx: LedgerContext, name: string, fallback: T): T {
	return (
		'getInputData' in ctx
			? ctx.getNodeParameter(name, 0, fallback)
			: (ctx as IWebhookFunctions).getNodeParameter(name, fallback)
	) as T;
}

/** Adds a node's own condition (e.g. the trigger's "store in the ledger" choice) to each storage field's. */
function alsoShownWhen<T extends { displayOptions?: IDisplayOptions }>(field: T, show?: IDisplayOptions['show']): T {
	if (!show) return field;
	return { ...field, displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, ...show } } };
}

export interface PostgresCredential {
	host: string;
	port: number;
	database: string;
	user: string;
	password?: string;
	ssl?: 'disable' | 'require' | 'allowUnauthorized';
}

export interface AirtableCredential {
	accessToken: string;
	/** Ledger Base ID: the base every node uses whose own Base parameter is empty. */
	baseId?: string;
	baseUrl?: string;
}

/** The storage selector: the same parameter names, defaults and base picker on every node. */
export function ledgerStorageProperties(options: {
	displayName: string;
	description?: string;
	baseDescription: string;
	/** Show the storage fields only when these other parameters have these values. */
	show?: IDisplayOptions['show'];
}): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: options.displayName,
			name: 'backend',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Embedded (Local File)',
					value: 'embedded',
					description: 'A local database file; single n8n process only (not for queue mode)',
				},
				{ name: 'PostgreSQL', value: 'postgres', description: 'Production and n8n queue mode: any number of workers' },
				{
					name: 'Airtable',
					value: 'airtable',
					description: 'For teams that live in Airtable (one worker; 5 requests a second)',
				},
			],
			default: 'embedded',
			...(options.description ? { description: options.description } : {}),
		},
		{
			displayName: 'Data Directory',
			name: 'dataDirectory',
			type: 'string',
			default: '',
			placeholder: '~/.n8n/post-purchase-ledger',
			description: 'Where the embedded database lives. Empty: post-purchase-ledger in the n8n user folder.',
			displayOptions: { show: { backend: ['embedded'] } },
		},
		{
			displayName: 'Schema',
			name: 'schema',
			type: 'string',
			default: 'public',
			description: 'PostgreSQL schema for the ledger tables (created on first use)',
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{
			displayName: 'Base',
			name: 'base',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			// Not required: empty takes the credential's Ledger Base ID, so a template sets the base once.
			description: `${options.baseDescription}. Empty: the credential's Ledger Base ID.`,
			displayOptions: { show: { backend: ['airtable'] } },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchBases', searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'appXXXXXXXXXXXXXX',
					validation: [
						{
							type: 'regex',
							properties: {
								regex: '^app[A-Za-z0-9]{14}$',
								errorMessage: 'A base ID starts with "app" followed by 14 letters or digits',
							},
						},
					],
				},
				{
					displayName: 'By URL',
					name: 'url',
					type: 'string',
					placeholder: 'https://airtable.com/appXXXXXXXXXXXXXX/tbl...',
					extractValue: { type: 'regex', regex: 'https://airtable.com/(app[A-Za-z0-9]{14})' },
					validation: [
						{
							type: 'regex',
							properties: {
								regex: 'https://airtable.com/app[A-Za-z0-9]{14}.*',
								errorMessage: 'Not an Airtable base URL',
							},
						},
					],
				},
			],
		},
	];
	return fields.map((field) => alsoShownWhen(field, options.show));
}

/**
 * The credentials the storage selector asks for, each shown only for its backend. A node that lists
 * `postPurchasePostgresConnectionTest` under `methods.credentialTest` passes `testPostgres`.
 */
export function ledgerCredentials(
	options: { testPostgres?: boolean; show?: IDisplayOptions['show'] } = {},
): INodeCredentialDescription[] {
	const slots: INodeCredentialDescription[] = [
		{
			name: POSTGRES_CREDENTIAL,
			required: true,
			...(options.testPostgres ? { testedBy: POSTGRES_CONNECTION_TEST } : {}),
			displayOptions: { show: { backend: ['postgres'] } },
		},
		{ name: AIRTABLE_CREDENTIAL, required: true, displayOptions: { show: { backend: ['airtable'] } } },
	];
	return slots.map((slot) => alsoShownWhen(slot, options.show));
}

export function postgresConnection(c: PostgresCredential, schema: string): PostgresConnectionOptions {
	return {
		host: c.host,
		port: Number(c.port),
		database: c.database,
		user: c.user,
		password: c.password || undefined,
		ssl:
			c.ssl === 'require'
				? { rejectUnauthorized: true }
				: c.ssl === 'allowUnauthorized'
					? { rejectUnauthorized: false }
					: false,
		schema: schema || 'public',
		// n8n runs many short executions in one process: one pool per connection, not one per execution.
		shared: true,
	};
}

export function airtableEndpoint(c: Pick<AirtableCredential, 'baseUrl'>): string {
	return c.baseUrl ? c.baseUrl.replace(/\/+$/, '') : AIRTABLE_API_URL;
}

/** The Airtable base id from a resource locator (list, id or URL mode). */
export function baseIdFrom(value: unknown): string {
	const raw =
		typeof value === 'object' && value !== null
			? String((value as { value?: unknown }).value ?? '')
			: String(value ?? '');
	const match = /(app[A-Za-z0-9]{14})/.exec(raw);
	return match ? match[1] : raw.trim();
}

/** The node's Base when set, else the credential's Ledger Base ID; neither is an error saying where to set it. */
export function ledgerBaseId(ctx: LedgerContext, cred: Pick<AirtableCredential, 'baseId'>): string {
	const fromNode = baseIdFrom(nodeParameter(ctx, 'base', ''));
	if (fromNode) return fromNode;
	const fromCredential = baseIdFrom(cred.baseId);
	if (!fromCredential)
		throw new NodeOperationError(ctx.getNode(), 'No Airtable base for the ledger', {
			description:
				'Set "Ledger Base ID" on the Post-Purchase Airtable API credential (once for every node), or choose the ' +
				'"Base" on this node. A base ID starts with "app": it is the part of the base\'s URL after airtable.com/.',
		});
	if (!/^app[A-Za-z0-9]{3,}$/.test(fromCredential))
		throw new NodeOperationError(ctx.getNode(), '"Ledger Base ID" in the Airtable credential is not a base ID', {
			description:
				'Fix "Ledger Base ID" on the Post-Purchase Airtable API credential: a base ID starts with "app" (e.g. ' +
				'appXXXXXXXXXXXXXX, the part of the base\'s URL after airtable.com/); or choose the "Base" on this node.',
		});
	return fromCredential;
}

/** What the node's storage parameters and credentials say to open. */
async function ledgerConfigFor(ctx: LedgerContext, sharedBudget?: ResilientBudget): Promise<LedgerConfig> {
	const backend = nodeParameter<Backend>(ctx, 'backend', 'embedded');
	if (backend === 'postgres') {
		const cred = (await ctx.getCredentials(POSTGRES_CREDENTIAL)) as unknown as PostgresCredential;
		return {
			backend: 'postgres',
			connection: postgresConnection(cred, nodeParameter(ctx, 'schema', 'public')),
		};
	}
	if (backend === 'airtable') {
		// Requests go through n8n's httpRequestWithAuthentication: n8n's proxy settings apply and the
		// credential's `authenticate` adds the Bearer token, so only the Base URL Override is read here.
		const cred = (await ctx.getCredentials(AIRTABLE_CREDENTIAL)) as unknown as AirtableCredential;
		return {
			backend: 'airtable',
			transport: n8nTransport(ctx, { credentialType: AIRTABLE_CREDENTIAL }),
			baseId: ledgerBaseId(ctx, cred),
			endpointUrl: airtableEndpoint(cred),
			sharedBudget,
		};
	}
	const dir = String(nodeParameter(ctx, 'dataDirectory', '') ?? '').trim();
	return { backend: 'embedded', dataDir: dir || defaultEmbeddedDir() };
}

/**
 * One connection per execution, opened from the node's storage parameters and credentials; the caller
 * closes it at the end (no state across executions).
 */
export async function openLedgerFor(
	ctx: LedgerContext,
	options: {
		sharedBudget?: ResilientBudget;
		/**
		 * A caller holding a vendor's request open (a webhook answer): Airtable's 429 fails at once instead of
		 * waiting 30 s per retry, past Shopify's 5 s timeout; the vendor's own retry comes back later.
		 */
		noRateLimitWaits?: boolean;
	} = {},
): Promise<LedgerStore> {
	const base = await ledgerConfigFor(ctx, options.sharedBudget);
	const config: LedgerConfig =
		base.backend === 'airtable' && options.noRateLimitWaits ? { ...base, maxRateLimitRetries: 0 } : base;
	try {
		return await openLedger(config);
	} catch (error) {
		throw await nodeErrorOf(ctx, error);
	}
}

/** Base picker for the Airtable backend (Airtable meta API: list bases). */
export async function searchBases(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const cred = (await this.getCredentials(AIRTABLE_CREDENTIAL)) as unknown as AirtableCredential;
	const res = (await this.helpers.httpRequestWithAuthentication.call(this, AIRTABLE_CREDENTIAL, {
		method: 'GET',
		url: `${airtableEndpoint(cred)}/v0/meta/bases`,
		// The token must not follow a redirect to another host (issue 15).
		disableFollowRedirect: true,
		qs: paginationToken ? { offset: paginationToken } : {},
		json: true,
	})) as { bases: Array<{ id: string; name: string }>; offset?: string };
	const needle = (filter ?? '').toLowerCase();
	return {
		results: res.bases
			.filter((b) => !needle || b.name.toLowerCase().includes(needle) || b.id.toLowerCase().includes(needle))
			.map((b) => ({ name: b.name, value: b.id, url: `https://airtable.com/${b.id}` })),
		paginationToken: res.offset,
	};
}

/**
 * PostgreSQL speaks no HTTP, so its credential has no test request: n8n calls this instead (the node
 * declares `testedBy: 'postPurchasePostgresConnectionTest'`). It connects, runs the migrations check
 * in the public schema's search path and reports what to fix.
 */
export async function postPurchasePostgresConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const store = await openLedger({
		backend: 'postgres',
		connection: {
			...postgresConnection(credential.data as unknown as PostgresCredential, 'public'),
			connectTimeoutMs: 10_000,
			// a test of the credential as typed: its own connection, closed at the end
			shared: false,
		},
	});
	try {
		await store.getOrder('__credential_test__');
		return { status: 'OK', message: 'Connection successful: the ledger tables are ready' };
	} catch (error) {
		const e = error as { message?: string; hint?: string };
		return { status: 'Error', message: `${e.message ?? String(error)}${e.hint ? ` — ${e.hint}` : ''}` };
	} finally {
		await store.close();
	}
}
