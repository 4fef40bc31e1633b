/**
 * Business-hours arithmetic in the store's time zone: weekends, holidays and DST-correct.
 *
 * luxon is only asked for each calendar day's opening and closing instant (cached), because it is far
 * too slow for the reconcile hot path; everything else is integer arithmetic on epoch milliseconds.
 */
import { DateTime } from 'luxon';
import type { Policy } from './policy';

const DAY_MS = 86_400_000;
/** Local dates are cached per quarter hour: no zone has an offset finer than 15 minutes. */
const BUCKET_MS = 900_000;
const MAX_DAYS_WALKED = 3_700;
const MAX_CACHE = 50_000;

interface DayWindow {
	open: number;
	close: number;
}

/** Days since 1970-01-01 for a local calendar date: pure calendar arithmetic, no zone needed. */
function dayNumber(year: number, month: number, day: number): number {
	return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

function isoDateOfDayNumber(n: number): string {
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export class BusinessCalendar {
	private readonly businessDays: Set<number>;
	private readonly holidays: Set<string>;
	private readonly startHour: number;
	private readonly startMinute: number;
	private readonly endHour: number;
	private readonly endMinute: number;
	private readonly localDayCache = new Map<number, number>();
	private readonly windowCache = new Map<number, DayWindow | null>();

	constructor(private readonly policy: Pick<Policy, 'timeZone' | 'businessDays' | 'businessHours' | 'holidays'>) {
		this.businessDays = new Set(policy.businessDays);
		this.holidays = new Set(policy.holidays);
		[this.startHour, this.startMinute] = policy.businessHours.start.split(':').map(Number);
		[this.endHour, this.endMinute] = policy.businessHours.end.split(':').map(Number);
		if (this.businessDays.size === 0) throw new Error('businessDays: at least one working day is needed');
	}

	/** The store-local calendar day (as a day number) that contains the instant ms. */
	localDay(ms: number): number {
		const bucket = Math.floor(ms / BUCKET_MS);
		let day = this.localDayCache.get(bucket);
		if (day === undefined) {
			const local = DateTime.fromMillis(bucket * BUCKET_MS, { zone: this.policy.timeZone });
			day = dayNumber(local.year, local.month, local.day);
			if (this.localDayCache.size > MAX_CACHE) this.localDayCache.clear();
			this.localDayCache.set(bucket, day);
		}
		return day;
	}

	/** Opening and closing instant of a local day, or null when it is a weekend day or holiday. */
	window(day: number): DayWindow | null {
		let w = this.windowCache.get(day);
		if (w === undefined) {
			const iso = isoDateOfDayNumber(day);
			// 1970-01-01 (day 0) was a Thursday, ISO weekday 4.
			const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
			if (!this.businessDays.has(weekday) || this.holidays.has(iso)) w = null;
			else {
				const [y, m, d] = iso.split('-').map(Number);
				const zone = { zone: this.policy.timeZone };
				const open = DateTime.fromObject(
					{ year: y, month: m, day: d, hour: this.startHour, minute: this.startMinute },
					zone,
				);
				// 24:00 means the end of the day, i.e. next midnight (luxon would reject hour 24).
				const close =
					this.endHour === 24
						? DateTime.fromObject({ year: y, month: m, day: d }, zone).plus({ days: 1 })
						: DateTime.fromObject({ year: y, month: m, day: d, hour: this.endHour, minute: this.endMinute }, zone);
				w = { open: open.toMillis(), close: close.toMillis() };
			}
			if (this.windowCache.size > MAX_CACHE) this.windowCache.clear();
			this.windowCache.set(day, w);
		}
		return w;
	}

	/** The instant when `hours` business hours have passed after startMs. */
	addBusinessHours(startMs: number, hours: number): number {
		if (!Number.isFinite(startMs) || !Number.isFinite(hours) || hours < 0) return Number.POSITIVE_INFINITY;
		let remaining = hours * 3_600_000;
		let day = this.localDay(startMs);
		for (let i = 0; i < MAX_DAYS_WALKED; i++, day++) {
			const w = this.window(day);
			if (w !== null) {
				const from = Math.max(startMs, w.open);
				if (from <= w.close) {
					if (remaining <= w.close - from) return from + remaining;
					remaining -= w.close - from;
				}
			}
		}
		return Number.POSITIVE_INFINITY;
	}

	/** Business milliseconds between two instants (0 when to <= from). */
	businessMsBetween(fromMs: number, toMs: number): number {
		if (toMs <= fromMs) return 0;
		let total = 0;
		const lastDay = this.localDay(toMs);
		for (let day = this.localDay(fromMs), i = 0; day <= lastDay && i < MAX_DAYS_WALKED; day++, i++) {
			const w = this.window(day);
			if (w === null) continue;
			const a = Math.max(fromMs, w.open);
			const b = Math.min(toMs, w.close);
			if (b > a) total += b - a;
		}
		return total;
	}

	/** The end of a store-local calendar day given as "YYYY-MM-DD" (for date-only promises). */
	endOfLocalDate(isoDate: string): number {
		return DateTime.fromISO(isoDate, { zone: this.policy.timeZone }).endOf('day').toMillis();
	}
}

/**
 * Has `hours` business hours passed between startMs and nowMs? Returns the instant it became due, or
 * null. Business time never runs faster than the wall clock, so most healthy orders skip the calendar.
 */
export function dueAfterBusinessHours(
	cal: BusinessCalendar,
	startMs: number,
	hours: number,
	nowMs: number,
): number | null {
	if (nowMs - startMs < hours * 3_600_000) return null;
	const due = cal.addBusinessHours(startMs, hours);
	return due <= nowMs ? due : null;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const endOfDayCache = new Map<string, number>();

/** True for a calendar date without time ("2026-03-04"): a day, not an instant. */
export function isDateOnly(value: string | null | undefined): value is string {
	return typeof value === 'string' && DATE_ONLY.test(value);
}

/**
 * The last millisecond of a calendar day in a zone: a date-only ship date, estimate or commitment means
 * "by the end of that day there", never UTC midnight (NaN when the date or zone is not valid).
 */
export function endOfDayIn(isoDate: string, zone: string): number {
	const key = `${isoDate}|${zone}`;
	let value = endOfDayCache.get(key);
	if (value === undefined) {
		const dt = DateTime.fromISO(isoDate, { zone });
		value = dt.isValid ? dt.endOf('day').toMillis() : Number.NaN;
		if (endOfDayCache.size > MAX_CACHE) endOfDayCache.clear();
		endOfDayCache.set(key, value);
	}
	return value;
}
