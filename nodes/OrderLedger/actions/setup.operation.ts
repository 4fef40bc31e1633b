import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { AirtableLedgerStore, MIGRATIONS } from '../../lib/ledger';
import type { LedgerStore } from '../../lib/ledger';

export const description: INodeProperties[] = [];

/**
 * Airtable: compare the base with what the ledger needs and name each missing table or field.
 * SQL backends: create/upgrade the tables now (otherwise done on first use) and report the version.
 */
export async function execute(this: IExecuteFunctions, store: LedgerStore): Promise<IDataObject[]> {
	if (store instanceof AirtableLedgerStore) {
		const report = await store.setup();
		return [{ backend: 'airtable', ...report } as unknown as IDataObject];
	}
	await store.listEvents({ limit: 1 });
	return [{ backend: store.backend, ready: true, problems: [], schemaVersion: MIGRATIONS[MIGRATIONS.length - 1].version }];
}
