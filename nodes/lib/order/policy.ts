/**
 * Policy: the thresholds and calendar a store operates by. Plain data, so a non-engineer can edit it
 * in the Order State node's parameters and it can be stored next to a workflow.
 */
import { DateTime, IANAZone } from 'luxon';
import type { ExceptionType, Severity } from './types';
import { EXCEPTION_TYPES } from './types';

/** Milestones a customer notification can belong to (notification_late). */
export type NotificationMilestone = 'shipped' | 'out_for_delivery' | 'delivered';

export interface Policy {
	/** IANA zone the store works in; business hours and holidays are in this zone. */
	timeZone: string;
	/** ISO weekdays that are working days: 1 = Monday ... 7 = Sunday. */
	businessDays: number[];
	/** Working hours of a business day, 24h "HH:mm" in the store's zone. */
	businessHours: { start: string; end: string };
	/** Days off, "YYYY-MM-DD" in the store's zone. */
	holidays: string[];
	/** SLA thresholds, in BUSINESS hours. */
	thresholds: {
		/** Paid order not handed to a warehouse within this many business hours. */
		notSentToFulfillmentHours: number;
		/** Warehouse has the order but has not shipped it within this many business hours. */
		fulfillmentStuckHours: number;
		/** No carrier scan for this many business hours (carriers without their own limit). */
		trackingStalledHours: number;
		/** A stage was reached but its customer notification was not sent within this many business hours. */
		notificationLateHours: number;
	};
	/** Per-carrier stall limits in business hours, keyed by lower-case carrier ("ups", "usps", ...). */
	carrierStallHours: Record<string, number>;
	/** Grace windows in wall-clock minutes: systems sync with some lag, so disagreement is tolerated this long. */
	graceMinutes: { statusMismatch: number; trackingMissing: number; deliveryLate: number };
	/**
	 * Edits requested later than this many minutes after the order was placed (or once it is at the warehouse)
	 * are past the cutoff.
	 */
	editCutoffMinutes: number;
	/**
	 * Customer notification event names per milestone (matched ignoring case, spaces, '-' and '_').
	 * Empty list = not checked.
	 */
	notificationEvents: Partial<Record<NotificationMilestone, string[]>>;
	/** Observations whose payload is larger than this (bytes, approximately) are rejected. */
	maxObservationBytes: number;
	/** How many resolved cases a record keeps (the newest ones) besides the open ones. */
	keepResolvedCases: number;
	/** Severity overrides per exception type. */
	severity: Partial<Record<ExceptionType, Severity>>;
	/**
	 * Added (issue 12): when the fulfillment_stuck clock starts. 'warehouse_received' (default): when the
	 * warehouse first had the order (its own import time, else when we first saw it there); 'order_created':
	 * when the order was placed; 'order_paid': when it was paid.
	 */
	fulfillmentClockStart: FulfillmentClockStart;
	/**
	 * Added (issue 12): what delivery_late is judged against. 'first_promise' (default): the first estimate or
	 * commitment the customer could see; 'newest_estimate': the newest one the carrier gave.
	 */
	lateAgainst: LateAgainst;
	/**
	 * Added (issue 12): IANA zone of the warehouse, for date-only ship dates (ShipStation shipDate).
	 * Default: timeZone.
	 */
	warehouseTimeZone: string;
	/**
	 * Added (issue 12): a tracking_stalled or not_sent_to_fulfillment case opens only when a read made after
	 * its due instant still shows the problem; until then it is listed in toConfirm (default true).
	 */
	confirmBeforeOpening: boolean;
}

export const FULFILLMENT_CLOCK_STARTS = ['warehouse_received', 'order_created', 'order_paid'] as const;
export type FulfillmentClockStart = (typeof FULFILLMENT_CLOCK_STARTS)[number];
export const LATE_AGAINST = ['first_promise', 'newest_estimate'] as const;
export type LateAgainst = (typeof LATE_AGAINST)[number];

export function defaultPolicy(): Policy {
	return {
		timeZone: 'America/New_York',
		businessDays: [1, 2, 3, 4, 5],
		businessHours: { start: '09:00', end: '17:00' },
		holidays: [],
		thresholds: {
			notSentToFulfillmentHours: 4,
			fulfillmentStuckHours: 16,
			trackingStalledHours: 24,
			notificationLateHours: 2,
		},
		carrierStallHours: { ups: 24, fedex: 24, usps: 32, dhl: 32 },
		graceMinutes: { statusMismatch: 60, trackingMissing: 120, deliveryLate: 0 },
		editCutoffMinutes: 60,
		notificationEvents: {
			shipped: ['order_shipped'],
			delivered: ['order_delivered'],
		},
		maxObservationBytes: 256 * 1024,
		keepResolvedCases: 20,
		severity: {},
		fulfillmentClockStart: 'warehouse_received',
		lateAgainst: 'first_promise',
		warehouseTimeZone: 'America/New_York',
		confirmBeforeOpening: true,
	};
}

export class PolicyError extends Error {
	constructor(readonly errors: string[]) {
		super(`Invalid policy: ${errors.join('; ')}`);
		this.name = 'PolicyError';
	}
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function nonNegativeNumber(value: unknown, field: string, errors: string[], fallback: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	const n = typeof value === 'string' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
		errors.push(`${field}: must be a number of 0 or more (got ${JSON.stringify(value)})`);
		return fallback;
	}
	return n;
}

/** "1,2,3" or [1,2,3] or ["mon","tue"] -> [1,2,3]. */
const WEEKDAY_NAMES: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
function parseBusinessDays(value: unknown, errors: string[], fallback: number[]): number[] {
	if (value === undefined || value === null || value === '') return fallback;
	const parts = Array.isArray(value) ? value : String(value).split(',');
	const days = new Set<number>();
	for (const raw of parts) {
		const text = String(raw).trim().toLowerCase();
		if (text === '') continue;
		const n = WEEKDAY_NAMES[text.slice(0, 3)] ?? Number(text);
		if (!Number.isInteger(n) || n < 1 || n > 7) {
			errors.push(`businessDays: "${String(raw)}" is not a weekday (use 1=Monday ... 7=Sunday or mon..sun)`);
			continue;
		}
		days.add(n);
	}
	if (days.size === 0) errors.push('businessDays: at least one working day is needed');
	return [...days].sort((a, b) => a - b);
}

function parseHolidays(value: unknown, errors: string[], fallback: string[]): string[] {
	if (value === undefined || value === null || value === '') return fallback;
	const parts = Array.isArray(value) ? value : String(value).split(/[\s,;]+/);
	const out: string[] = [];
	for (const raw of parts) {
		const text = String(raw).trim();
		if (text === '') continue;
		if (!ISO_DATE.test(text) || !DateTime.fromISO(text).isValid) {
			errors.push(`holidays: "${text}" is not a date (use YYYY-MM-DD)`);
			continue;
		}
		out.push(text);
	}
	return [...new Set(out)].sort();
}

function parseStringList(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	const parts = Array.isArray(value) ? value : String(value).split(',');
	return parts.map((p) => String(p).trim()).filter((p) => p !== '');
}

function oneOf<T extends string>(
	value: unknown,
	field: string,
	allowed: readonly T[],
	fallback: T,
	errors: string[],
): T {
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	errors.push(`${field}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
	return fallback;
}

function parseBoolean(value: unknown, field: string, fallback: boolean, errors: string[]): boolean {
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	errors.push(`${field}: must be true or false (got ${JSON.stringify(value)})`);
	return fallback;
}

/**
 * Fill a partial policy (from node parameters or JSON) with defaults and check every field.
 * Throws PolicyError listing each bad field and what to write instead.
 */
export function parsePolicy(partial: unknown): Policy {
	const base = defaultPolicy();
	if (partial === undefined || partial === null) return base;
	if (!isRecord(partial)) throw new PolicyError(['policy: must be an object']);
	const errors: string[] = [];
	const p = partial;

	let timeZone = base.timeZone;
	if (p.timeZone !== undefined && p.timeZone !== '') {
		if (typeof p.timeZone !== 'string' || !IANAZone.isValidZone(p.timeZone)) {
			errors.push(`timeZone: "${String(p.timeZone)}" is not a time zone (use an IANA name such as America/New_York)`);
		} else timeZone = p.timeZone;
	}

	const hours = isRecord(p.businessHours) ? p.businessHours : {};
	const start = hours.start === undefined || hours.start === '' ? base.businessHours.start : String(hours.start);
	const end = hours.end === undefined || hours.end === '' ? base.businessHours.end : String(hours.end);
	if (!HHMM.test(start)) errors.push(`businessHours.start: "${start}" is not a time (use HH:mm, e.g. 09:00)`);
	if (!HHMM.test(end)) errors.push(`businessHours.end: "${end}" is not a time (use HH:mm, e.g. 17:00)`);
	if (HHMM.test(start) && HHMM.test(end) && start >= end)
		errors.push(`businessHours: start (${start}) must be before end (${end})`);

	const t = isRecord(p.thresholds) ? p.thresholds : {};
	const thresholds = {
		notSentToFulfillmentHours: nonNegativeNumber(
			t.notSentToFulfillmentHours,
			'thresholds.notSentToFulfillmentHours',
			errors,
			base.thresholds.notSentToFulfillmentHours,
		),
		fulfillmentStuckHours: nonNegativeNumber(
			t.fulfillmentStuckHours,
			'thresholds.fulfillmentStuckHours',
			errors,
			base.thresholds.fulfillmentStuckHours,
		),
		trackingStalledHours: nonNegativeNumber(
			t.trackingStalledHours,
			'thresholds.trackingStalledHours',
			errors,
			base.thresholds.trackingStalledHours,
		),
		notificationLateHours: nonNegativeNumber(
			t.notificationLateHours,
			'thresholds.notificationLateHours',
			errors,
			base.thresholds.notificationLateHours,
		),
	};

	const g = isRecord(p.graceMinutes) ? p.graceMinutes : {};
	const graceMinutes = {
		statusMismatch: nonNegativeNumber(
			g.statusMismatch,
			'graceMinutes.statusMismatch',
			errors,
			base.graceMinutes.statusMismatch,
		),
		trackingMissing: nonNegativeNumber(
			g.trackingMissing,
			'graceMinutes.trackingMissing',
			errors,
			base.graceMinutes.trackingMissing,
		),
		deliveryLate: nonNegativeNumber(
			g.deliveryLate,
			'graceMinutes.deliveryLate',
			errors,
			base.graceMinutes.deliveryLate,
		),
	};

	const carrierStallHours: Record<string, number> = { ...base.carrierStallHours };
	if (p.carrierStallHours !== undefined && p.carrierStallHours !== null) {
		if (!isRecord(p.carrierStallHours)) errors.push('carrierStallHours: must be an object like {"ups": 24}');
		else
			for (const [carrier, hoursValue] of Object.entries(p.carrierStallHours)) {
				if (
					!/^[a-z0-9][a-z0-9 _-]{0,40}$/i.test(carrier) ||
					['__proto__', 'constructor', 'prototype'].includes(carrier.toLowerCase())
				) {
					errors.push(
						`carrierStallHours: "${carrier.slice(0, 40)}" is not a carrier name (use e.g. ups, fedex, usps, dhl)`,
					);
					continue;
				}
				carrierStallHours[carrier.toLowerCase()] = nonNegativeNumber(
					hoursValue,
					`carrierStallHours.${carrier}`,
					errors,
					base.thresholds.trackingStalledHours,
				);
			}
	}

	const notificationEvents: Policy['notificationEvents'] = { ...base.notificationEvents };
	if (p.notificationEvents !== undefined && p.notificationEvents !== null) {
		if (!isRecord(p.notificationEvents))
			errors.push('notificationEvents: must be an object like {"shipped": ["order_shipped"]}');
		else
			for (const [milestone, names] of Object.entries(p.notificationEvents)) {
				if (milestone !== 'shipped' && milestone !== 'out_for_delivery' && milestone !== 'delivered') {
					errors.push(
						`notificationEvents.${milestone}: unknown milestone (use shipped, out_for_delivery or delivered)`,
					);
					continue;
				}
				notificationEvents[milestone] = parseStringList(names);
			}
	}

	const severity: Policy['severity'] = {};
	if (p.severity !== undefined && p.severity !== null) {
		if (!isRecord(p.severity)) errors.push('severity: must be an object like {"delivery_late": "high"}');
		else
			for (const [type, level] of Object.entries(p.severity)) {
				if (!(EXCEPTION_TYPES as readonly string[]).includes(type))
					errors.push(`severity.${type}: unknown exception type`);
				else if (!SEVERITIES.includes(level as Severity))
					errors.push(`severity.${type}: use one of ${SEVERITIES.join(', ')}`);
				else severity[type as ExceptionType] = level as Severity;
			}
	}

	let warehouseTimeZone = timeZone;
	if (p.warehouseTimeZone !== undefined && p.warehouseTimeZone !== null && p.warehouseTimeZone !== '') {
		if (typeof p.warehouseTimeZone !== 'string' || !IANAZone.isValidZone(p.warehouseTimeZone)) {
			errors.push(
				`warehouseTimeZone: "${String(p.warehouseTimeZone)}" is not a time zone (use an IANA name such as ` +
					`America/Los_Angeles, or leave it empty for the store's zone)`,
			);
		} else warehouseTimeZone = p.warehouseTimeZone;
	}

	const policy: Policy = {
		timeZone,
		businessDays: parseBusinessDays(p.businessDays, errors, base.businessDays),
		businessHours: { start, end },
		holidays: parseHolidays(p.holidays, errors, base.holidays),
		thresholds,
		carrierStallHours,
		graceMinutes,
		editCutoffMinutes: nonNegativeNumber(p.editCutoffMinutes, 'editCutoffMinutes', errors, base.editCutoffMinutes),
		notificationEvents,
		maxObservationBytes: nonNegativeNumber(
			p.maxObservationBytes,
			'maxObservationBytes',
			errors,
			base.maxObservationBytes,
		),
		keepResolvedCases: Math.floor(
			nonNegativeNumber(p.keepResolvedCases, 'keepResolvedCases', errors, base.keepResolvedCases),
		),
		severity,
		fulfillmentClockStart: oneOf(
			p.fulfillmentClockStart,
			'fulfillmentClockStart',
			FULFILLMENT_CLOCK_STARTS,
			base.fulfillmentClockStart,
			errors,
		),
		lateAgainst: oneOf(p.lateAgainst, 'lateAgainst', LATE_AGAINST, base.lateAgainst, errors),
		warehouseTimeZone,
		confirmBeforeOpening: parseBoolean(
			p.confirmBeforeOpening,
			'confirmBeforeOpening',
			base.confirmBeforeOpening,
			errors,
		),
	};
	if (errors.length > 0) throw new PolicyError(errors);
	return policy;
}
