/**
 * The Order Ledger's list search and credential test. Both are the ledger's shared glue
 * (nodes/shared/ledger.ts), so every node that opens the ledger picks bases and tests PostgreSQL alike.
 */
export { postPurchasePostgresConnectionTest, searchBases } from '../../../shared/ledger';
