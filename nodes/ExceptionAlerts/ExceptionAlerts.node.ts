import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { postException, postWeeklyReport, updateException, type CaseChange, type Routing } from '../lib/connectors/slack';
import type { LedgerStore } from '../lib/ledger';
import type { ExceptionType } from '../lib/order/types';
import { properties } from './description';
import { openLedgerFor } from './ledger';
import { searchChannels } from './listSearch';
import { searchBases } from '../shared/ledger';
import { slackNodeError, slackTarget, SLACK_CREDENTIAL } from './transport';

type Operation = 'postException' | 'updateException' | 'postWeeklyReport';

export class ExceptionAlerts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Exception Alerts',
		name: 'exceptionAlerts',
		icon: 'file:exceptionAlerts.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Turn order exceptions into owned cases in Slack, and post the weekly exception report',
		defaults: { name: 'Exception Alerts' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: true,
		credentials: [
			{ name: SLACK_CREDENTIAL, required: true },
			{ name: 'postPurchasePostgresApi', required: true, displayOptions: { show: { backend: ['postgres'] } } },
			{ name: 'postPurchaseAirtableApi', required: true, displayOptions: { show: { backend: ['airtable'] } } },
		],
		properties,
	};

	// searchBases is the Order Ledger node's own base picker, so both nodes list the same bases.
	methods = { listSearch: { searchChannels, searchBases } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		// One Slack client (and so one per-channel pacer) and one ledger connection per execution.
		let ledger: LedgerStore | undefined;
		try {
			const target = await slackTarget(this);
			ledger = await openLedgerFor(this);
			for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
				try {
					const json = await runItem(this, ledger, target, itemIndex);
					out.push({ json, pairedItem: { item: itemIndex } });
				} catch (error) {
					const nodeError = slackNodeError(this.getNode(), error, itemIndex);
					if (this.continueOnFail()) {
						out.push({ json: { error: nodeError.message, description: nodeError.description ?? null }, pairedItem: { item: itemIndex } });
						continue;
					}
					throw nodeError;
				}
			}
		} catch (error) {
			throw slackNodeError(this.getNode(), error);
		} finally {
			await ledger?.close();
		}
		return [out];
	}
}

async function runItem(ctx: IExecuteFunctions, ledger: LedgerStore, target: Awaited<ReturnType<typeof slackTarget>>, i: number): Promise<IDataObject> {
	const operation = ctx.getNodeParameter('operation', i) as Operation;
	const options = ctx.getNodeParameter('options', i, {}) as { includePii?: boolean; shop?: string; storeName?: string; threadReply?: boolean };
	const now = new Date().toISOString();
	if (operation === 'postWeeklyReport') {
		const result = await postWeeklyReport(ledger, target, {
			channel: ctx.getNodeParameter('reportChannel', i, '', { extractValue: true }) as string,
			weeks: ctx.getNodeParameter('weeks', i, 4) as number,
			stuckOlderThanSeconds: (ctx.getNodeParameter('stuckHours', i, 48) as number) * 3600,
			includeChart: ctx.getNodeParameter('includeChart', i, true) as boolean,
			storeName: options.storeName || null,
			now,
		});
		return result as unknown as IDataObject;
	}
	const settings = {
		routing: readRouting(ctx, i),
		includePii: options.includePii === true,
		shop: options.shop || null,
		now,
	};
	const caseId = ctx.getNodeParameter('caseId', i) as unknown;
	if (operation === 'updateException') {
		const change = ctx.getNodeParameter('change', i, 'auto') as CaseChange;
		const actor = ((ctx.getNodeParameter('actor', i, '') as string) || '').trim() || null;
		return (await updateException(ledger, target, caseId, change, actor, { ...settings, threadReply: options.threadReply !== false })) as unknown as IDataObject;
	}
	return (await postException(ledger, target, caseId, settings)) as unknown as IDataObject;
}

function readRouting(ctx: IExecuteFunctions, i: number): Routing {
	const defaultChannel = ctx.getNodeParameter('defaultChannel', i, '', { extractValue: true }) as string;
	const routes = ctx.getNodeParameter('channelRoutes.route', i, []) as Array<{ exceptionType: ExceptionType; channel: { value?: string } | string }>;
	const byType: Partial<Record<ExceptionType, string>> = {};
	for (const r of routes) {
		const channel = typeof r.channel === 'string' ? r.channel : r.channel?.value;
		if (channel) byType[r.exceptionType] = channel;
	}
	return { defaultChannel, byType };
}
