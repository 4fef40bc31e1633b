/**
 * The shared LedgerStore contract on real PostgreSQL (PP_TEST_POSTGRES_URL), in a schema of its own.
 * Skipped with a message when no URL is set; with PP_REQUIRE_POSTGRES=1 a missing or unreachable
 * server fails the run.
 */
import { POSTGRES_URL, postgresAvailable, postgresBackend, REQUIRE_POSTGRES } from './backends';
import { ledgerContract } from './sharedSuite';

jest.setTimeout(120_000);

ledgerContract(
	'PostgreSQL',
	async () => {
		// Throws (the suite fails) when PP_REQUIRE_POSTGRES=1 and the server is missing or unreachable.
		if (!(await postgresAvailable())) {
			console.warn(`skipped: PostgreSQL at ${POSTGRES_URL} unreachable (PostgreSQL ledger contract)`);
			return null;
		}
		return await postgresBackend();
	},
	{
		enabled: Boolean(POSTGRES_URL) || REQUIRE_POSTGRES,
		skipReason: 'skipped: PP_TEST_POSTGRES_URL not set (PostgreSQL ledger contract)',
	},
);
