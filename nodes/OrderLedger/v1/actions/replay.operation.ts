import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readNow, show, type ItemExecute } from './common';

const op = ['replay'];

export const description: INodeProperties[] = [
	{
		displayName: 'Replay',
		name: 'replayScope',
		type: 'options',
		options: [
			{ name: 'These Event IDs', value: 'ids' },
			{ name: 'All Dead Events', value: 'allDead' },
		],
		default: 'ids',
		displayOptions: show(op),
	},
	{
		displayName: 'Event IDs',
		name: 'replayIds',
		type: 'string',
		default: '={{ $json.id }}',
		description: 'Comma-separated IDs of dead events',
		displayOptions: { show: { operation: op, replayScope: ['ids'] } },
	},
	{
		displayName: 'Replayed By',
		name: 'replayedBy',
		type: 'string',
		default: 'n8n',
		required: true,
		description: 'Who replays them (recorded with the time)',
		displayOptions: show(op),
	},
];

export const execute: ItemExecute = async function (store, i) {
	let ids: string[];
	if (this.getNodeParameter('replayScope', i) === 'allDead') {
		ids = (await store.listEvents({ status: ['dead'], limit: 10_000 })).map((e) => e.id);
	} else {
		ids = String(this.getNodeParameter('replayIds', i, ''))
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (ids.length === 0)
			throw new NodeOperationError(this.getNode(), 'No event ids to replay', {
				itemIndex: i,
				description: 'Put the ids of dead events in "Event IDs" (comma-separated), or choose "All Dead Events".',
			});
	}
	const results = await store.replay(ids, this.getNodeParameter('replayedBy', i) as string, readNow(this, i));
	return results.map((r) => ({ id: r.id, outcome: r.outcome, event: r.event as unknown as IDataObject }));
};
