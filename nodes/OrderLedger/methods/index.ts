import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeListSearchResult,
} from 'n8n-workflow';

import { openLedger } from '../../lib/ledger';
import { airtableEndpoint, postgresConnection, type AirtableCredential, type PostgresCredential } from '../actions/common';

/**
 * PostgreSQL speaks no HTTP, so its credential has no test request: n8n calls this instead (the node
 * declares `testedBy: 'postPurchasePostgresConnectionTest'`). It connects, runs the migrations check
 * in the public schema's search path and reports what to fix.
 */
export async function postPurchasePostgresConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const store = await openLedger({ backend: 'postgres', connection: { ...postgresConnection(credential.data as unknown as PostgresCredential, 'public'), connectTimeoutMs: 10_000 } });
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

/** Base picker for the Airtable backend (Airtable meta API: list bases). */
export async function searchBases(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const cred = (await this.getCredentials('postPurchaseAirtableApi')) as unknown as AirtableCredential;
	const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'postPurchaseAirtableApi', {
		method: 'GET',
		url: `${airtableEndpoint(cred)}/v0/meta/bases`,
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
