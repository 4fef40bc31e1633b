/**
 * "Trace this order end to end" from what the ledger stored: the engine's timeline over every stored
 * event whose payload is an Observation (and over the stored record's own case verdicts), plus what
 * only the ledger knows: deliveries that are not observations, dead/failed processing, and who
 * acknowledged or resolved a case.
 */
import { timeline as engineTimeline, validateObservation } from '../order';
import type { OrderRecord } from '../order/types';
import type { LedgerEvent, LedgerException, TimelineEntry } from './types';

export function buildTimeline(
	record: OrderRecord | null,
	events: LedgerEvent[],
	cases: LedgerException[],
): TimelineEntry[] {
	const eventByKey = new Map<string, LedgerEvent>();
	const observations: unknown[] = [];
	const entries: TimelineEntry[] = [];
	for (const e of events) {
		if (validateObservation(e.payload).ok) {
			observations.push(e.payload);
			eventByKey.set((e.payload as { key: string }).key, e);
		} else {
			entries.push({
				at: e.receivedAt,
				source: 'ledger',
				kind: e.topic ?? 'event',
				summary: `${e.source} ${e.topic ?? 'event'} received`,
				ref: e.key,
				eventId: e.id,
			});
		}
		if (e.status === 'dead' || e.status === 'failed') {
			entries.push({
				at: e.updatedAt,
				source: 'ledger',
				kind: `event_${e.status}`,
				summary: `Processing ${e.status} after ${e.attempts} attempt(s): ${e.lastError ?? 'no error recorded'}`,
				ref: e.key,
				eventId: e.id,
			});
		}
	}
	for (const entry of engineTimeline(record, observations)) {
		entries.push({ ...entry, eventId: eventByKey.get(entry.ref)?.id });
	}
	const engineLines = new Set(entries.filter((e) => e.source === 'engine').map((e) => `${e.kind}|${e.ref}`));
	for (const c of cases) {
		if (!engineLines.has(`exception_opened|${c.id}`))
			entries.push({
				at: c.openedAt,
				source: 'ledger',
				kind: 'exception_opened',
				summary: `Case opened: ${c.type} (${c.severity})`,
				ref: c.id,
			});
		if (c.ackedAt)
			entries.push({
				at: c.ackedAt,
				source: 'ledger',
				kind: 'exception_acknowledged',
				summary: `Case acknowledged: ${c.type}${c.owner ? ` (owner ${c.owner})` : ''}`,
				ref: c.id,
			});
		if (c.resolvedAt && !engineLines.has(`exception_resolved|${c.id}`))
			entries.push({
				at: c.resolvedAt,
				source: 'ledger',
				kind: 'exception_resolved',
				summary: `Case resolved: ${c.type}: ${c.resolution ?? ''}`,
				ref: c.id,
			});
	}
	// Stable order: by time, then as collected.
	return entries
		.map((e, i) => ({ e, i }))
		.sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i)
		.map(({ e }) => e);
}
