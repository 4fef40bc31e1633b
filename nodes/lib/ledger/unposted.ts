import type { LedgerException } from './types';

/**
 * The cases a catch-up may hand back: no Slack message yet, and unchanged for `quietMinutes`. A case saved
 * moments ago is normally being posted by the run that saved it (the event processor posts right after Save
 * Order). Past the quiet time, that run has finished or lost its lease, so the case was left unposted (Slack
 * down, a run stopped).
 */
export function casesLeftUnposted(
	cases: readonly LedgerException[],
	now: string,
	quietMinutes: number,
): LedgerException[] {
	const settledBefore = Date.parse(now) - quietMinutes * 60_000;
	// A case whose change time cannot be read (an empty Airtable cell) counts as settled: listed, never hidden.
	return cases.filter((c) => !c.slack && !(Date.parse(c.updatedAt) > settledBefore));
}
