import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { KlaviyoClient } from '../../../lib/connectors/klaviyo';
import { readEvent } from './common';

/** Create Event's fields are the event fields it shares with Bulk Create Events (v1/actions/common.ts). */
export const description: INodeProperties[] = [];

/** One event per item, sent with its unique_id so a retried execution never sends it twice. */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	_item: INodeExecutionData,
	i: number,
): Promise<IDataObject> {
	const event = readEvent(this, i);
	const sent = await client.createEvent(event);
	return { metric: event.metric, uniqueId: sent.uniqueId, status: 'accepted' };
}
