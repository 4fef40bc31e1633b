import { DateTime } from 'luxon';

/**
 * Carrier dates arrive in four shapes (ISO with offset, local ISO plus a separate offset, YYYYMMDD +
 * HHMMSS, date only) and are sometimes malformed. These helpers return null instead of throwing, so
 * one bad scan never fails a whole batch; callers turn a null into a warning naming the field.
 */

const OFFSET_AT_END = /(Z|[+-]\d{2}:?\d{2})$/i;

/** ISO 8601 date-time that carries its own zone offset, normalised to `yyyy-MM-ddTHH:mm:ss±HH:MM`. */
export function parseOffsetDateTime(raw: unknown): string | null {
	if (typeof raw !== 'string') return null;
	const text = raw.trim();
	if (!text.includes('T') || !OFFSET_AT_END.test(text)) return null;
	const parsed = DateTime.fromISO(text, { setZone: true });
	if (!parsed.isValid) return null;
	return parsed.toISO({ suppressMilliseconds: true });
}

/** '-7:00', '-0700', '+05:30', 'Z' -> '-07:00', '-07:00', '+05:30', '+00:00'; null when not an offset. */
export function normaliseOffset(raw: unknown): string | null {
	if (typeof raw !== 'string') return null;
	const text = raw.trim();
	if (/^z$/i.test(text)) return '+00:00';
	const match = /^([+-])(\d{1,2}):?(\d{2})$/.exec(text);
	if (!match) return null;
	const hours = Number(match[2]);
	const minutes = Number(match[3]);
	if (hours > 14 || minutes > 59) return null;
	return `${match[1]}${String(hours).padStart(2, '0')}:${match[3]}`;
}

/** A local date-time without offset ('2024-04-04T14:03:12') placed at an explicit offset. */
export function withOffset(localIso: unknown, offset: unknown): string | null {
	if (typeof localIso !== 'string') return null;
	const zone = normaliseOffset(offset);
	if (!zone) return null;
	const local = localIso.trim().replace(OFFSET_AT_END, '');
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(local)) return null;
	return parseOffsetDateTime(`${local}${zone}`);
}

/** UPS style: date 'YYYYMMDD', time 'HHMMSS' (sometimes without its leading zero: '74700'). */
export function compactToLocalIso(date: unknown, time: unknown): string | null {
	if (typeof date !== 'string' || !/^\d{8}$/.test(date.trim())) return null;
	const d = date.trim();
	let t = typeof time === 'string' && time.trim() !== '' ? time.trim() : '000000';
	// UPS answers carry 'HH:MM:SS' where Tracking.yaml documents 'HHMMSS' (and its example drops the leading zero).
	if (/^\d{1,2}:\d{2}(:\d{2})?$/.test(t))
		t = t
			.split(':')
			.map((part, i) => (i === 0 ? part.padStart(2, '0') : part))
			.join('')
			.padEnd(6, '0');
	if (!/^\d{3,6}$/.test(t)) return null;
	t = t.padStart(6, '0');
	const iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
	return DateTime.fromISO(iso).isValid ? iso : null;
}

/** 'YYYY-MM-DD' or 'YYYYMMDD' -> 'YYYY-MM-DD', validated (no 30 February). */
export function parseDateOnly(raw: unknown): string | null {
	if (typeof raw !== 'string') return null;
	const text = raw.trim();
	const iso = /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : text;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
	return DateTime.fromISO(iso).isValid ? iso : null;
}

/**
 * An estimated delivery as the carrier states it: with offset when it has one, a date when it is a
 * date, a local date-time otherwise (FedEx sends '2021-10-15T00:00:00' for "some time that day").
 */
export function parseEstimate(raw: unknown): string | null {
	if (typeof raw !== 'string' || raw.trim() === '') return null;
	const withZone = parseOffsetDateTime(raw);
	if (withZone) return withZone;
	const dateOnly = parseDateOnly(raw);
	if (dateOnly) return dateOnly;
	const text = raw.trim();
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) && DateTime.fromISO(text).isValid) {
		// Midnight local means "that day": a date says it without pretending to know the hour.
		return text.endsWith('T00:00:00') || text.endsWith('T00:00') ? text.slice(0, 10) : text;
	}
	return null;
}

/** Sort key for ISO strings with different offsets. */
export function instantOf(iso: string): number {
	return DateTime.fromISO(iso, { setZone: true }).toMillis();
}
