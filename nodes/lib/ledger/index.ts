/**
 * Opening a ledger: pick the backend, connect, and hand back a LedgerStore. Migrations run lazily
 * on the first call. Callers close the store at the end of every execution.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { AirtableLedgerOptions } from './airtable/airtableStore';
import { AirtableLedgerStore } from './airtable/airtableStore';
import { createPgDriver, type PostgresConnectionOptions } from './sql/pgDriver';
import { createPgliteDriver, type PgliteDriverOptions } from './sql/pgliteDriver';
import { SqlLedgerStore } from './sqlStore';
import type { LedgerStore } from './types';

export type LedgerConfig =
	| { backend: 'embedded'; dataDir?: string | null; embedded?: PgliteDriverOptions }
	| { backend: 'postgres'; connection: PostgresConnectionOptions }
	| ({ backend: 'airtable' } & AirtableLedgerOptions);

/** Where the embedded ledger lives by default: beside n8n's own data (N8N_USER_FOLDER or ~/.n8n). */
export function defaultEmbeddedDir(env: NodeJS.ProcessEnv = process.env): string {
	const base = env.N8N_USER_FOLDER ? join(env.N8N_USER_FOLDER, '.n8n') : join(homedir(), '.n8n');
	return join(base, 'post-purchase-ledger');
}

export async function openLedger(config: LedgerConfig): Promise<LedgerStore> {
	switch (config.backend) {
		case 'postgres':
			return new SqlLedgerStore(createPgDriver(config.connection), 'postgres', config.connection.schema);
		case 'airtable':
			return new AirtableLedgerStore(config);
		case 'embedded':
		default: {
			// ':memory:' keeps tests and demos off the disk. A directory is opened once per process and
			// shared by concurrent executions (see pgliteDriver.ts); close() gives back this store's share.
			const { dataDir: dir, embedded } = config as { dataDir?: string | null; embedded?: PgliteDriverOptions };
			const driver = await createPgliteDriver(dir === ':memory:' ? undefined : (dir ?? defaultEmbeddedDir()), embedded);
			return new SqlLedgerStore(driver, 'embedded');
		}
	}
}

export * from './types';
export { LedgerError } from './errors';
export { MIGRATIONS, migrate } from './migrations';
export { SqlLedgerStore } from './sqlStore';
export { closeIdleEmbedded, embeddedHandles, type PgliteDriverOptions } from './sql/pgliteDriver';
export { AirtableLedgerStore } from './airtable/airtableStore';
export { casesLeftUnposted } from './unposted';
export { selfServiceReport, selfServiceWindowStart, SELF_SERVICE_SOURCE } from './selfServiceReport';
