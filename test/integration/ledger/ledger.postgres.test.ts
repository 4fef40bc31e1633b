/**
 * The shared LedgerStore contract on real PostgreSQL (PP_TEST_POSTGRES_URL), in a schema of its own.
 * Skipped with a message when no URL is set; with PP_REQUIRE_POSTGRES=1 a missing or unreachable
 * server fails the run.
 */
import { postgresAvailable, postgresBackend } from './backends';
import { ledgerContract } from './sharedSuite';

jest.setTimeout(120_000);

ledgerContract('PostgreSQL', async () => {
	if (!(await postgresAvailable())) {
		console.warn('skipped: PP_TEST_POSTGRES_URL not set (PostgreSQL ledger contract)');
		return null;
	}
	return await postgresBackend();
});
