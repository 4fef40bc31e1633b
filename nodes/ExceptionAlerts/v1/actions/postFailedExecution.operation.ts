import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { buildFailedExecutionMessage } from '../../../lib/connectors/slack';
import { credentialSecrets } from '../../../shared/secrets';
import { onlyWithParameters } from '../../../shared/storeProfile';
import { channelLocator, readOptions, type SlackExecute } from './common';

const displayOptions = { show: { operation: ['postFailedExecution'] } };

export const description: INodeProperties[] = [
	{
		...channelLocator('Channel', 'failureChannel', 'Where failed executions are posted'),
		// A Store Profile names it: failures go to the profile's default channel (slackChannelDefault).
		displayOptions: onlyWithParameters(displayOptions.show),
	},
];

/** Touches no ledger: an error workflow must still report when the ledger is what failed. */
export const usesLedger = false;

/**
 * Posts one message for the Error Trigger's item: which workflow, which node, the error (masked and cut,
 * never the stack), when, and a button to the execution. Not idempotent by design: n8n runs the error
 * workflow once per failed execution, and a retry of the error workflow is itself worth seeing.
 */
export const execute: SlackExecute = async function ({ target, settings }, i) {
	const item = this.getInputData()[i]?.json;
	const profile = settings.profile;
	const built = buildFailedExecutionMessage(item, {
		now: new Date().toISOString(),
		storeName: profile ? profile.storeName || null : readOptions(this, i).storeName || null,
		// An error quoting our own Slack token or webhook URL is masked by value too.
		secrets: await credentialSecrets(this),
	});
	const summary: IDataObject = {
		workflow: built.failure.workflow as unknown as IDataObject,
		node: built.failure.node,
		executionId: built.failure.executionId,
		executionUrl: built.failure.executionUrl,
		errorMessage: built.failure.errorMessage,
		redactions: built.redactions,
		errorTruncated: built.errorTruncated,
	};
	if (target.kind === 'webhook') {
		await target.post(built.message);
		return { action: 'posted', channel: null, ts: null, ...summary };
	}
	const wanted = profile
		? profile.slackChannelDefault
		: (this.getNodeParameter('failureChannel', i, '', { extractValue: true }) as string);
	const channel = (wanted ?? '').trim();
	if (!channel)
		throw new NodeOperationError(this.getNode(), 'No Slack channel is set for failed executions', {
			itemIndex: i,
			description: profile
				? 'Field: slackChannelDefault. Fill in "Default Slack Channel" in the Post-Purchase Store Profile credential.'
				: 'Field: failureChannel. Choose the channel on the node.',
		});
	const posted = await target.client.postMessage({ channel, text: built.message.text, blocks: built.message.blocks });
	return { action: 'posted', channel: posted.channel, ts: posted.ts, ...summary };
};
