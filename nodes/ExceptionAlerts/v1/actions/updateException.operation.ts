import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { updateException, type CaseChange } from '../../../lib/connectors/slack';
import { approversOf } from '../../../lib/order/storeProfile';
import { caseLane, caseProperties, readCaseSettings, readOptions, type AlertExecute } from './common';

const displayOptions = { show: { operation: ['updateException'] } };

export const laneOf = caseLane;

export const description: INodeProperties[] = [
	...caseProperties('updateException'),
	{
		displayName: 'Change',
		name: 'change',
		type: 'options',
		options: [
			{ name: 'Acknowledged', value: 'acknowledged' },
			{ name: 'Assigned', value: 'assigned' },
			{
				name: 'Automatic (From the Ledger)',
				value: 'auto',
				description: 'Say what the ledger shows: acknowledged, resolved or cleared',
			},
			{ name: 'Cleared by the Engine', value: 'cleared' },
			{
				name: 'Press Refused (Not an Approver)',
				value: 'press_refused',
				description:
					"Say that the person who pressed Approve, Reject or Resolve on a customer's request is not among the Store " +
					"Profile's Approvers, and who is",
			},
			{ name: 'Resolved by a Person', value: 'resolved' },
		],
		default: 'auto',
		description: 'What the thread reply says happened',
		displayOptions,
	},
	{
		displayName: 'Person',
		name: 'actor',
		type: 'string',
		default: '={{ $json.user?.id ?? "" }}',
		description: 'Slack user ID (U...) or name of who acted; the Slack Interaction Trigger outputs it as user.ID',
		displayOptions,
	},
];

/** Shows an acknowledged, resolved or cleared case in place, and says so in the message's thread. */
export const execute: AlertExecute = async function ({ ledger, target, settings: store }, i) {
	const caseId = this.getNodeParameter('caseId', i) as unknown;
	const change = this.getNodeParameter('change', i, 'auto') as CaseChange;
	const actor = ((this.getNodeParameter('actor', i, '') as string) || '').trim() || null;
	const settings = {
		...readCaseSettings(this, store, i, new Date().toISOString()),
		threadReply: readOptions(this, i).threadReply !== false,
		approvers: approversOf(store.profile?.approvers ?? '').ids,
	};
	return (await updateException(ledger, target, caseId, change, actor, settings)) as unknown as IDataObject;
};
