import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	KLAVIYO_BULK_MAX_EVENTS,
	uniqueIdOf,
	type EventInput,
	type KlaviyoClient,
} from '../../../lib/connectors/klaviyo';
import { readEvent, type ItemResults } from './common';

/** Bulk Create Events' fields are the event fields it shares with Create Event (v1/actions/common.ts). */
export const description: INodeProperties[] = [];

/**
 * Every item is read first (a bad item stops the run before anything is sent), then the events go in
 * requests of up to 1,000; each item reports the job its event went in.
 */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	items: INodeExecutionData[],
	results: ItemResults,
): Promise<void> {
	const events: Array<{ itemIndex: number; event: EventInput }> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			events.push({ itemIndex: i, event: readEvent(this, i) });
		} catch (error) {
			results.fail(i, error);
		}
	}
	for (let start = 0; start < events.length; start += KLAVIYO_BULK_MAX_EVENTS) {
		const slice = events.slice(start, start + KLAVIYO_BULK_MAX_EVENTS);
		try {
			const [job] = await client.bulkCreateEvents(slice.map((e) => e.event));
			for (const { itemIndex, event } of slice)
				results.ok(itemIndex, {
					metric: event.metric,
					uniqueId: uniqueIdOf(event),
					jobId: job?.jobId ?? null,
					eventsInRequest: slice.length,
					status: 'accepted',
				});
		} catch (error) {
			for (const { itemIndex } of slice) results.fail(itemIndex, error);
		}
	}
}
