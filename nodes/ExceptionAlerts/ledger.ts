/**
 * The Order Ledger this node reads cases from and records Slack messages on. The parameters have
 * the same names, defaults and credentials as the Order Ledger node's storage selector, and the
 * store is opened by that node's own opener, so both nodes always reach the same ledger.
 */
import type { INodeProperties } from 'n8n-workflow';
import { ledgerStorageProperties } from '../shared/ledger';
export { openLedgerFor } from '../shared/ledger';

export const ledgerProperties: INodeProperties[] = ledgerStorageProperties({
	displayName: 'Ledger Storage',
	description: 'Where the Order Ledger keeps the exception cases: the same choice as in your Order Ledger node',
	baseDescription: 'The Airtable base holding the ledger (see docs/airtable.md)',
});
