import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { postWeeklyReport } from '../../../lib/connectors/slack';
import { onlyWithParameters, readReportTarget } from '../../../shared/storeProfile';
import { channelLocator, type AlertExecute } from './common';

const displayOptions = { show: { operation: ['postWeeklyReport'] } };

export const description: INodeProperties[] = [
	{
		...channelLocator('Channel', 'reportChannel', 'Where the weekly report goes'),
		// A Store Profile names the report's channel (slackReportChannel).
		displayOptions: onlyWithParameters(displayOptions.show),
	},
	{
		displayName: 'Weeks to Compare',
		name: 'weeks',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 52 },
		default: 4,
		description: 'How many weeks the trend and the chart cover (this week included)',
		displayOptions,
	},
	{
		displayName: 'Stuck After (Hours)',
		name: 'stuckHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 48,
		description: 'An order counts as stuck when its stage has not moved for this long',
		displayOptions,
	},
	{
		displayName: 'Include Chart',
		name: 'includeChart',
		type: 'boolean',
		default: true,
		description: 'Whether to upload a PNG chart of the weekly trend (needs a bot token with files:write)',
		displayOptions,
	},
];

/** Counts by type, trend, time to resolve, open cases and a chart, posted to one channel. */
export const execute: AlertExecute = async function ({ ledger, target, settings }, i) {
	const { channel, storeName } = readReportTarget(this, settings, i);
	const result = await postWeeklyReport(ledger, target, {
		channel,
		weeks: this.getNodeParameter('weeks', i, 4) as number,
		stuckOlderThanSeconds: (this.getNodeParameter('stuckHours', i, 48) as number) * 3600,
		includeChart: this.getNodeParameter('includeChart', i, true) as boolean,
		storeName,
		now: new Date().toISOString(),
	});
	return result as unknown as IDataObject;
};
