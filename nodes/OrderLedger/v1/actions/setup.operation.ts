import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { AirtableLedgerStore, MIGRATIONS } from '../../../lib/ledger';
import { type ItemExecute } from './common';

export const description: INodeProperties[] = [];

/**
 * Airtable: compare the base with what the ledger needs and name each missing table or field.
 * SQL backends: create/upgrade the tables now (otherwise done on first use) and report the version.
 */
export const execute: ItemExecute = async function (store) {
	if (store instanceof AirtableLedgerStore) {
		const report = await store.setup();
		return [{ backend: 'airtable', ...report } as unknown as IDataObject];
	}
	await store.listEvents({ limit: 1 });
	return [
		{ backend: store.backend, ready: true, problems: [], schemaVersion: MIGRATIONS[MIGRATIONS.length - 1].version },
	];
};
