import { OutcomeUnknownError } from './outcome';
import { systemClock, type Clock } from './types';

export interface SendOnceOptions<T> {
	/** Sends the call once; throws OutcomeUnknownError when the vendor may have acted without saying so. */
	send: () => Promise<T>;
	/**
	 * Looks at the vendor for the effect of an earlier send and returns it (the real message ts, the real
	 * fulfillment id), or undefined when the vendor holds no trace of it. Must only read.
	 */
	find: () => Promise<T | undefined>;
	/** What is being done, for messages ("the Slack post of case 12"). */
	what: string;
	/** Sends in all, the first included (default 3). */
	maxSends?: number;
	/**
	 * Wait before looking, so that a vendor which acts a moment after it failed to answer has done so
	 * (default 1,000 ms). Waits use the clock, so tests take no time.
	 */
	settleMs?: number;
	clock?: Clock;
}

export interface SentOnce<T> {
	value: T;
	/** 'sent': the vendor answered our send; 'found': a send's answer was lost and its effect was found. */
	how: 'sent' | 'found';
	/** Sends whose outcome was unknown until we looked. */
	ambiguousSends: number;
}

/**
 * Does a side effect exactly once under lost answers: send; if the outcome is unknown, look at the
 * vendor; adopt what is there; send again only when the vendor shows no trace of it. Never repeats
 * blindly: when the look itself fails, the outcome stays unknown and is reported as such.
 */
export async function sendOnce<T>(options: SendOnceOptions<T>): Promise<SentOnce<T>> {
	const clock = options.clock ?? systemClock;
	const maxSends = Math.max(1, options.maxSends ?? 3);
	let ambiguousSends = 0;
	let last: OutcomeUnknownError | undefined;
	for (let send = 1; send <= maxSends; send++) {
		try {
			return { value: await options.send(), how: 'sent', ambiguousSends };
		} catch (error) {
			if (!(error instanceof OutcomeUnknownError)) throw error;
			last = error;
			ambiguousSends++;
		}
		await clock.sleep(options.settleMs ?? 1000);
		let found: T | undefined;
		try {
			found = await options.find();
		} catch (error) {
			throw new OutcomeUnknownError(
				last.request,
				{},
				{
					message:
						`${options.what}: the vendor's answer was lost (${describe(last)}) and looking for the result failed ` +
						`too (${(error as Error).message}), so it is unknown whether it happened; it was not repeated`,
					hint: lookFailedHint(error, last),
				},
			);
		}
		if (found !== undefined) return { value: found, how: 'found', ambiguousSends };
	}
	throw new OutcomeUnknownError(
		last!.request,
		{},
		{
			message:
				`${options.what}: the vendor's answer was lost ${ambiguousSends} times (last: ${describe(last!)}) and no ` +
				`trace of it was found, so it was not sent again`,
			hint:
				'The vendor is failing right now. Check at the vendor whether it happened, then run this step again if it ' +
				'did not.',
		},
	);
}

function describe(error: OutcomeUnknownError): string {
	return error.status !== undefined ? `HTTP ${error.status}` : (error.code ?? 'no answer');
}

function lookFailedHint(error: unknown, ambiguous: OutcomeUnknownError): string {
	const own = (error as { hint?: unknown }).hint;
	return `${typeof own === 'string' ? `${own} ` : ''}${ambiguous.hint}`;
}
