import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clockFrom, type Clock } from '../lib/http/types';

const STAMP_TIME_DESCRIPTION =
	'The time the facts read are stamped with. Leave empty for the current time; set it (or an expression) ' +
	'only to replay a past day, the same time Order State judges against.';

/**
 * "Now" for nodes that stamp what they read with the time of reading (a warehouse lookup says "not there"
 * at that instant only). Empty: the real clock. Set (e.g. to a test clock) to replay a
 * past day, so the facts read carry that day's time and Order State judges them as it would have then.
 */
export function readTimeProperty(
	show: Record<string, string[]>,
	/** What "Now" decides on this node, when it is not the time facts are stamped with. */
	description = STAMP_TIME_DESCRIPTION,
): INodeProperties {
	return {
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-03-02T14:00:00Z',
		description,
		displayOptions: { show },
	};
}

/**
 * The "Now" parameter of item i, as every node that has one reads it: null when empty (the real clock),
 * else the time given; anything that is not a time stops with what to write instead.
 */
export function readNowParameter(ctx: IExecuteFunctions, i: number): Date | null {
	const raw = ctx.getNodeParameter('now', i, '') as unknown;
	if (raw === '' || raw === null || raw === undefined) return null;
	const value = raw instanceof Date ? raw : new Date(typeof raw === 'number' ? raw : String(raw).trim());
	if (Number.isNaN(value.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `"Now" is not a time: ${JSON.stringify(raw)}`, {
			itemIndex: i,
			description: 'Leave "Now" empty to use the current time, or write an ISO 8601 time such as 2026-03-02T14:00:00Z.',
		});
	}
	return value;
}

/** The clock of item i: the real clock when "Now" is empty, else one running from "Now". */
export function readClock(ctx: IExecuteFunctions, i: number): Clock {
	return clockFrom(readNowParameter(ctx, i)?.toISOString() ?? null);
}

export const isoNow = (clock: Clock): string => new Date(clock.now()).toISOString();
