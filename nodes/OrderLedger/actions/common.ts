import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { defaultEmbeddedDir, LedgerError, openLedger } from '../../lib/ledger';
import type { LedgerConfig, LedgerStore } from '../../lib/ledger';

export type Backend = 'embedded' | 'postgres' | 'airtable';

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
	baseUrl?: string;
}

export function postgresConnection(c: PostgresCredential, schema: string) {
	return {
		host: c.host,
		port: Number(c.port),
		database: c.database,
		user: c.user,
		password: c.password || undefined,
		ssl: c.ssl === 'require' ? { rejectUnauthorized: true } : c.ssl === 'allowUnauthorized' ? { rejectUnauthorized: false } : false,
		schema: schema || 'public',
	};
}

export function airtableEndpoint(c: AirtableCredential): string {
	return c.baseUrl ? c.baseUrl.replace(/\/+$/, '') : 'https://api.airtable.com';
}

/** The Airtable base id from a resource locator (list, id or URL mode). */
export function baseIdFrom(value: unknown): string {
	const raw = typeof value === 'object' && value !== null ? String((value as { value?: unknown }).value ?? '') : String(value ?? '');
	const match = /(app[A-Za-z0-9]{14})/.exec(raw);
	return match ? match[1] : raw.trim();
}

/** One connection per execution; the router closes it at the end (no state across executions). */
export async function openStoreFor(ctx: IExecuteFunctions): Promise<LedgerStore> {
	const backend = ctx.getNodeParameter('backend', 0) as Backend;
	let config: LedgerConfig;
	if (backend === 'postgres') {
		const cred = (await ctx.getCredentials('postPurchasePostgresApi')) as unknown as PostgresCredential;
		config = { backend: 'postgres', connection: postgresConnection(cred, ctx.getNodeParameter('schema', 0, 'public') as string) };
	} else if (backend === 'airtable') {
		const cred = (await ctx.getCredentials('postPurchaseAirtableApi')) as unknown as AirtableCredential;
		config = { backend: 'airtable', apiKey: cred.accessToken, baseId: baseIdFrom(ctx.getNodeParameter('base', 0)), endpointUrl: airtableEndpoint(cred) };
	} else {
		const dir = (ctx.getNodeParameter('dataDirectory', 0, '') as string).trim();
		config = { backend: 'embedded', dataDir: dir || defaultEmbeddedDir() };
	}
	try {
		return await openLedger(config);
	} catch (error) {
		throw toLedgerNodeError(ctx.getNode(), error);
	}
}

export function toLedgerNodeError(node: INode, error: unknown, itemIndex?: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof LedgerError) return new NodeOperationError(node, error.message, { description: error.hint, itemIndex });
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}

export const nowProperty: INodeProperties = {
	displayName: 'Now',
	name: 'now',
	type: 'string',
	default: '',
	placeholder: 'e.g. 2026-03-02T14:00:00Z',
	description: 'The time the ledger records and judges against. Leave empty for the current time; set it (or an expression) to replay a past day or drive a test clock.',
};

/** "Now" as an ISO string: the real clock when empty. */
export function readNow(ctx: IExecuteFunctions, i: number): string {
	const raw = ctx.getNodeParameter('now', i, '') as unknown;
	if (raw === '' || raw === null || raw === undefined) return new Date().toISOString();
	const value = raw instanceof Date ? raw : new Date(typeof raw === 'number' ? raw : String(raw));
	if (Number.isNaN(value.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `"Now" is not a time: ${JSON.stringify(raw)}`, {
			itemIndex: i,
			description: 'Leave "Now" empty to use the current time, or write an ISO 8601 time such as 2026-03-02T14:00:00Z.',
		});
	}
	return value.toISOString();
}

/** A JSON parameter that may arrive as an object (expression) or as text (typed in the editor). */
export function readJson(ctx: IExecuteFunctions, name: string, i: number, fallback: unknown = {}): unknown {
	const raw = ctx.getNodeParameter(name, i, fallback) as unknown;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return fallback;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `"${name}" is not valid JSON: ${(error as Error).message}`, {
			itemIndex: i,
			description: `Fix the JSON in the "${name}" parameter, or use an expression such as {{ $json }}.`,
		});
	}
}

export function show(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { operation: operations } };
}

export type OperationResult = IDataObject[];
