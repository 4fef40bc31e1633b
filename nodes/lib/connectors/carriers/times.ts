import { DateTime } from 'luxon';
import type { TrackingEvent } from '../../order/types';
import { parseDateOnly, parseOffsetDateTime } from './dates';
import { isLocalDateTime, latestReading, placeWallTime, wallTimeIn, zoneOfPlace, type Place } from './zones';

/**
 * How a carrier's time values are read, shared by the four normalisers. An instant keeps its offset; a
 * wall time without one is placed in the zone of its place (or read at UTC-12 and flagged when that zone
 * cannot be known); a promise at local midnight is a day, not an instant.
 */

export interface PromiseReading {
	/** 'YYYY-MM-DD' for a day, ISO with offset for an instant, null when absent or unreadable. */
	value: string | null;
	/** True when a wall time had to be read at UTC-12 because the destination's zone is unknown. */
	uncertain: boolean;
	/** True when a value was given but could not be read (the caller warns, naming the field). */
	invalid: boolean;
}

function isMidnight(dt: DateTime): boolean {
	return dt.hour === 0 && dt.minute === 0 && dt.second === 0 && dt.millisecond === 0;
}

/**
 * An estimate, commitment or window edge as the carrier states it. FedEx writes "some time on the 15th"
 * as '2021-10-15T00:00:00-06:00' and DHL as '2018-08-03T00:00:00Z': midnight in the value's own clock
 * carries no time of day, so it is the date, which rules read as the end of that day at the destination.
 */
export function readPromise(raw: unknown, destinationZone: string | null): PromiseReading {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return { value: null, uncertain: false, invalid: false };
	if (typeof raw !== 'string') return { value: null, uncertain: false, invalid: true };
	const text = raw.trim();
	const date = parseDateOnly(text);
	if (date) return { value: date, uncertain: false, invalid: false };
	const withOffset = parseOffsetDateTime(text);
	if (withOffset) {
		const dt = DateTime.fromISO(withOffset, { setZone: true });
		return { value: isMidnight(dt) ? withOffset.slice(0, 10) : withOffset, uncertain: false, invalid: false };
	}
	if (isLocalDateTime(text)) {
		const dt = DateTime.fromISO(text, { zone: 'utc' });
		if (isMidnight(dt)) return { value: text.slice(0, 10), uncertain: false, invalid: false };
		const placed = destinationZone ? wallTimeIn(text, destinationZone) : null;
		if (placed) return { value: placed, uncertain: false, invalid: false };
		return { value: latestReading(text), uncertain: true, invalid: false };
	}
	return { value: null, uncertain: false, invalid: true };
}

/**
 * readPromise for one tracking answer: each unreadable or zone-less value becomes a warning naming the
 * field (prefixed as the carrier names it), so every carrier says the same thing the same way.
 */
export function promiseReader(
	destinationZone: string | null,
	warnings: string[],
	fieldPrefix = '',
): (field: string, raw: string | undefined) => string | null {
	return (field, raw) => {
		const reading = readPromise(raw, destinationZone);
		const name = `${fieldPrefix}${field}`;
		if (reading.invalid) warnings.push(`${name} "${raw}" is not a date; it is not reported.`);
		if (reading.uncertain)
			warnings.push(
				`${name} "${raw}" has no offset and the destination's zone is unknown; it is read at the latest instant ` +
					`it can mean.`,
			);
		return reading.value;
	};
}

/** A wall time (no offset) that the carrier documents as local to `zone`: an instant with offset, or null. */
export function wallTimeAt(local: string | null, zone: string | null): { at: string; uncertain: boolean } | null {
	if (!local) return null;
	if (zone) {
		const at = wallTimeIn(local, zone);
		if (at) return { at, uncertain: false };
	}
	const latest = latestReading(local);
	return latest ? { at: latest, uncertain: true } : null;
}

/** The destination's IANA zone, with a sentence for the warnings when it cannot be pinned to one zone. */
export function destinationZoneOf(place: Place | null, year?: number): { zone: string | null; warning: string | null } {
	if (!place || Object.values(place).every((v) => v === undefined || v === null || String(v).trim() === ''))
		return { zone: null, warning: null };
	const answer = zoneOfPlace(place, { year });
	if (answer.zone) return { zone: answer.zone, warning: null };
	const where = [place.city, place.locality, place.state, place.postalCode, place.countryCode ?? place.country]
		.filter((v) => v)
		.join(', ');
	const why =
		answer.candidates.length > 1
			? `it could be any of ${answer.candidates.slice(0, 6).join(', ')}${answer.candidates.length > 6 ? ', ...' : ''}`
			: 'the place is not one we can name';
	return {
		zone: null,
		warning:
			`destination "${where}": no single time zone (${why}); a date-only estimate is read without a destination ` +
			`zone.`,
	};
}

/**
 * A scan whose carrier wrote its wall time without offset (DHL Express), placed at its location. The
 * scan is always kept: with the zone unknown, `at` is the latest instant the wall time can mean.
 */
export function placedScan(
	raw: string,
	place: Place,
	event: Omit<TrackingEvent, 'at' | 'localTime' | 'timeZone' | 'atUncertain'>,
): { event: TrackingEvent; uncertain: boolean } | null {
	const placed = placeWallTime(raw, place);
	if (!placed) return null;
	return {
		event: {
			...event,
			at: placed.at,
			localTime: raw.trim(),
			timeZone: placed.timeZone,
			atUncertain: placed.atUncertain,
		},
		uncertain: placed.atUncertain,
	};
}

/** A scan known only by its date: kept at the end of that day where it happened (or at UTC-12), and flagged. */
export function endOfDayScan(
	date: string,
	place: Place,
	scan: Omit<TrackingEvent, 'at'>,
): { event: TrackingEvent; uncertain: boolean } | null {
	const zone = zoneOfPlace(place).zone;
	const end = DateTime.fromISO(`${date}T23:59:59`, { zone: zone ?? 'UTC-12' });
	if (!end.isValid) return null;
	return {
		event: {
			...scan,
			at: end.toISO({ suppressMilliseconds: true })!,
			localTime: date,
			timeZone: zone,
			atUncertain: true,
		},
		uncertain: true,
	};
}
