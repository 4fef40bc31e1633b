/**
 * A step failed for one order (the processor's "Events of the failed order" Code node): it failed for every
 * event of that order, so each is recorded as failed with the error (retried after a growing wait, dead
 * after maxAttempts, and then shown in Dead-letter review with this message).
 */
import type { OrderWorkItem } from './workItem';

export interface FailedEvent {
	eventId: string;
	leaseToken: string;
	error: string;
}

/**
 * @param error what the failed step gave: n8n's error output carries a message string; an Error or an
 * `{ message }` object are read the same way.
 */
export function failedEvents(item: Pick<OrderWorkItem, 'events'>, error: unknown): FailedEvent[] {
	const message = typeof error === 'string' ? error : (error as { message?: unknown } | null | undefined)?.message;
	// A failure with nothing to say still fails the events: an unexplained failure beats a silent retry loop.
	const text = message ? String(message) : 'processing failed';
	return item.events.map((e) => ({ eventId: e.id, leaseToken: e.leaseToken, error: text }));
}
