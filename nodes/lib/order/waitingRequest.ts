/**
 * Which customer's request a case waits on a person for, read from the case's evidence (what its Slack message
 * shows): the Slack message's Approve / Reject buttons name it, and only the store's approvers may end it.
 */
import type { ExceptionCase } from './types';

/**
 * The newest request on this case whose newest outcome is approval (waiting) or failed (stopped midway); null for
 * a case of another type or one whose requests are all settled.
 */
export function waitingRequestIdOf(c: Pick<ExceptionCase, 'type' | 'evidence'>): string | null {
	if (c.type !== 'edit_after_cutoff') return null;
	const edits = Array.isArray(c.evidence?.edits) ? (c.evidence.edits as unknown[]) : [];
	// The newest waiting request: its buttons name it, so the press decides exactly the request shown.
	const waiting = edits
		.map((e) => e as Record<string, unknown> | null)
		.filter((e): e is Record<string, unknown> => !!e && typeof e.requestId === 'string')
		.filter((e) => e.outcome === 'approval' || e.outcome === 'failed')
		.sort((a, b) => String(b.requestedAt ?? '').localeCompare(String(a.requestedAt ?? '')));
	return waiting.length > 0 ? String(waiting[0].requestId) : null;
}
