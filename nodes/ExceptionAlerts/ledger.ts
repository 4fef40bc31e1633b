/**
 * Opens the Order Ledger for one execution from the node's "Ledger" parameters and the matching
 * credential. The same choices as the Order Ledger node, so both read and write the same cases.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { openLedger, type LedgerConfig, type LedgerStore } from '../lib/ledger';

export const ledgerProperties: INodeProperties[] = [
	{
		displayName: 'Ledger',
		name: 'ledgerBackend',
		type: 'options',
		options: [
			{ name: 'Embedded (No Setup)', value: 'embedded', description: 'A database file beside n8n\'s own data; single n8n process only' },
			{ name: 'PostgreSQL', value: 'postgres', description: 'For production and queue mode' },
			{ name: 'Airtable', value: 'airtable', description: 'A base your team can read' },
		],
		default: 'embedded',
		description: 'Where the Order Ledger keeps the exception cases; use the same choice as in the Order Ledger node',
	},
	{
		displayName: 'Schema',
		name: 'ledgerSchema',
		type: 'string',
		default: 'post_purchase',
		description: 'PostgreSQL schema holding the ledger tables',
		displayOptions: { show: { ledgerBackend: ['postgres'] } },
	},
	{
		displayName: 'Airtable Base ID',
		name: 'airtableBaseId',
		type: 'string',
		default: '',
		placeholder: 'appXXXXXXXXXXXXXX',
		displayOptions: { show: { ledgerBackend: ['airtable'] } },
	},
	{
		displayName: 'Data Directory',
		name: 'ledgerDataDir',
		type: 'string',
		default: '',
		description: 'Folder of the embedded ledger; empty means beside n8n\'s data (.n8n/post-purchase-ledger)',
		displayOptions: { show: { ledgerBackend: ['embedded'] } },
	},
];

export async function openLedgerFor(ctx: IExecuteFunctions): Promise<LedgerStore> {
	const backend = ctx.getNodeParameter('ledgerBackend', 0, 'embedded') as string;
	let config: LedgerConfig;
	if (backend === 'postgres') {
		const c = await ctx.getCredentials('postPurchasePostgresApi');
		const ssl = c.ssl === 'require' ? { rejectUnauthorized: true } : c.ssl === 'allowUnauthorized' ? { rejectUnauthorized: false } : false;
		config = {
			backend: 'postgres',
			connection: { host: String(c.host), port: Number(c.port), database: String(c.database), user: String(c.user), password: String(c.password ?? ''), ssl, schema: ctx.getNodeParameter('ledgerSchema', 0, 'post_purchase') as string },
		};
	} else if (backend === 'airtable') {
		const c = await ctx.getCredentials('postPurchaseAirtableApi');
		config = { backend: 'airtable', apiKey: String(c.accessToken), baseId: ctx.getNodeParameter('airtableBaseId', 0) as string, endpointUrl: (c.baseUrl as string) || undefined };
	} else {
		const dir = (ctx.getNodeParameter('ledgerDataDir', 0, '') as string).trim();
		config = { backend: 'embedded', dataDir: dir || null };
	}
	return openLedger(config);
}
