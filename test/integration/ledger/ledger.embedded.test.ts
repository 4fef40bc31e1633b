/** The shared LedgerStore contract on the embedded backend (PGlite, in memory). Always runs. */
import { embeddedBackend } from './backends';
import { ledgerContract } from './sharedSuite';

jest.setTimeout(120_000);
ledgerContract('embedded (PGlite)', embeddedBackend);
