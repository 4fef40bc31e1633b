import type { LedgerException } from './types';

/**
 * The cases a catch-up post may take: no Slack message yet, and unchanged for `quietMinutes`. A case saved
 * moments ago is normally being posted by the run that saved it (the event processor posts right after Save
 * Order); taking it too would race that run to the same message. Past the quiet time, that run has finished or
 * lost its lease, so the case was left unposted (Slack down, a run stopped) and is ours to post.
 */
export function casesLeftUnposted(
	cases: readonly LedgerException[],
	now: string,
	quietMinutes: number,
): LedgerException[] {
	const settledBefore = Date.parse(now) - quietMinutes * 60_000;
	return cases.filter((c) => !c.slack && Date.parse(c.updatedAt) <= settledBefore);
}
