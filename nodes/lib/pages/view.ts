/**
 * What a customer may see of their order, decided once, before any language or markup: the stage, each
 * parcel (carrier, tracking, last scan, estimate), customer-facing milestones, a notice for each open
 * problem that has customer words, and where it is going (masked). Nothing else leaves the record: no case
 * text, evidence, owners, Slack, or the names of the systems behind the store other than the carrier.
 */
import { normaliseCarrier, normaliseTrackingNumber } from '../order/derive';
import { NOT_PHYSICAL, toIso } from '../order/facts';
import { calendarDayOf } from '../order/rules';
import type {
	Address,
	ExceptionType,
	OrderFact,
	OrderRecord,
	ReturnData,
	ShipmentState,
	Stage,
	TrackingData,
	TrackingEvent,
	TrackingStatus,
} from '../order/types';
import { TRACKING_STATUSES } from '../order/types';
import { safeHttpUrl } from './html';
import { usableTimeZone } from './messages';

/** A moment to show, and how: as a calendar date, or as a date and time, in the zone of the place it is about. */
export interface Moment {
	/** UTC ISO instant, or "YYYY-MM-DD" for a date the source gave without a time. */
	iso: string;
	timeZone: string;
	precision: 'date' | 'time';
}

/** A parcel's state in customer words: the carrier's status, or 'shipped' before the carrier says anything. */
export type ParcelStatus = Exclude<TrackingStatus, 'unknown'> | 'shipped';

export interface ParcelView {
	/** 1-based position on the page ("Parcel 2"). */
	index: number;
	/** 'return' for a parcel on its way back to the store. */
	direction: 'outbound' | 'return';
	/** The carrier's name as customers know it ("UPS", "FedEx"), else as the store wrote it. */
	carrier: string | null;
	trackingNumber: string | null;
	/** The store's tracking link when it is http(s), else the carrier's public tracking page when known. */
	trackingUrl: string | null;
	status: ParcelStatus;
	shippedAt: Moment | null;
	/** The newest physical carrier scan: where (as the carrier names the place) and when, in that place's zone. */
	lastScan: { at: Moment; place: string | null } | null;
	/** The carrier's current estimate, window and commitment, as dates in the destination's zone (undelivered only). */
	estimate: Moment | null;
	window: { from: Moment | null; to: Moment | null } | null;
	commitment: Moment | null;
	deliveredAt: Moment | null;
}

export const MILESTONE_KINDS = [
	'placed',
	'processing',
	'shipped',
	'in_transit',
	'out_for_delivery',
	'failed_attempt',
	'available_for_pickup',
	'exception',
	'returned_to_sender',
	'delivered',
	'return_requested',
	'returned',
	'cancelled',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export interface Milestone {
	kind: MilestoneKind;
	at: Moment;
	/** The parcel's index when the order has more than one parcel (null: the whole order, or its only parcel). */
	parcel: number | null;
	carrier: string | null;
	place: string | null;
}

/** One customer wording per kind; fulfillment_stuck and not_sent_to_fulfillment share "taking longer". */
export const NOTICE_KINDS = [
	'delivery_failed',
	'returned_to_sender',
	'address_invalid',
	'delivery_late',
	'tracking_stalled',
	'backordered',
	'taking_longer',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
	kind: NoticeKind;
}

/** Where the order goes, as much as the customer may be shown without having given it to us. */
export interface Destination {
	city: string | null;
	region: string | null;
	/** The first characters only ("627**"). */
	postcode: string | null;
	/** ISO 3166 code when the record has one (the page names the country in the reader's language). */
	countryCode: string | null;
	country: string | null;
}

export interface StatusView {
	orderName: string;
	placedAt: string | null;
	stage: Stage;
	/** The zone order-level times are shown in: the destination's when a carrier gave it, else the store's. */
	timeZone: string;
	/** The store's promised delivery date, while the order is not delivered. */
	promisedBy: Moment | null;
	parcels: ParcelView[];
	/** Newest first, at most MAX_MILESTONES. */
	timeline: Milestone[];
	notices: Notice[];
	destination: Destination | null;
	/** The order's email, masked ("j***@example.com"). */
	email: string | null;
}

export const MAX_MILESTONES = 12;

/** Which exceptions the customer is told about, and in which words; the rest are the team's business. */
const NOTICE_OF: Readonly<Record<ExceptionType, NoticeKind | null>> = {
	not_sent_to_fulfillment: 'taking_longer',
	fulfillment_stuck: 'taking_longer',
	backordered: 'backordered',
	address_invalid: 'address_invalid',
	status_mismatch: null,
	tracking_missing: null,
	tracking_stalled: 'tracking_stalled',
	delivery_late: 'delivery_late',
	delivery_failed: 'delivery_failed',
	returned_to_sender: 'returned_to_sender',
	notification_late: null,
	edit_after_cutoff: null,
};

/** Stages whose headline already says how it ended: a leftover delivery notice would contradict it. */
const SETTLED_STAGES = new Set<Stage>(['delivered', 'cancelled', 'return_requested', 'returned']);

/*
 * Lookups keyed by text from a record are Maps: a carrier named "__proto__" or "constructor" must find
 * nothing, not an object's own machinery.
 */
const CARRIER_DISPLAY_NAMES = new Map([
	['ups', 'UPS'],
	['fedex', 'FedEx'],
	['usps', 'USPS'],
	['dhl', 'DHL'],
]);

/** The carriers' own public tracking pages, for a parcel whose record has no usable link. */
const CARRIER_TRACKING_PAGES = new Map<string, (trackingNumber: string) => string>([
	['ups', (tn) => `https://www.ups.com/track?tracknum=${encodeURIComponent(tn)}`],
	['fedex', (tn) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(tn)}`],
	['usps', (tn) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(tn)}`],
	['dhl', (tn) => `https://www.dhl.com/global-en/home/tracking.html?tracking-id=${encodeURIComponent(tn)}`],
]);

const TRACKING_STATUS_SET = new Set<string>(TRACKING_STATUSES);
/** Carrier statuses that are a step of their own on the customer's timeline. */
const MILESTONE_OF_SCAN: Partial<Record<TrackingStatus, MilestoneKind>> = {
	in_transit: 'in_transit',
	out_for_delivery: 'out_for_delivery',
	failed_attempt: 'failed_attempt',
	available_for_pickup: 'available_for_pickup',
	exception: 'exception',
	returned_to_sender: 'returned_to_sender',
	delivered: 'delivered',
};
const RECEIVED_RETURN_STATUSES = new Set(['received', 'closed']);
const OPEN_RETURN_STATUSES = new Set(['requested', 'open', 'in_transit', 'received', 'closed']);
/** Longest text taken from a record into the page (a place, a carrier name); longer is cut, not refused. */
const MAX_TEXT = 120;

/**
 * The customer's view of one order. `observations` (optional) are stored tracking observations of the
 * order: the record keeps each carrier's newest status but not its scan list, and the scan list is where
 * the last scan's place and the carrier's steps come from.
 */
export function statusViewOf(
	record: OrderRecord,
	opts: { now: string; storeTimeZone: string; observations?: readonly unknown[] },
): StatusView {
	const storeZone = usableTimeZone(opts.storeTimeZone);
	const nowMs = Date.parse(opts.now);
	const trackingFacts = (record.facts ?? []).filter((f) => f.kind === 'tracking');
	const orderZone = destinationZoneOf(trackingFacts) ?? storeZone;
	const scans = scansByTrackingNumber(record, trackingFacts, opts.observations ?? []);
	const shown = (record.shipments ?? []).filter((s) => !s.voided);
	const parcels = shown.map((s, i) => parcelViewOf(s, i + 1, trackingFacts, scans, orderZone));
	return {
		orderName: orderNameOf(record),
		placedAt: toIso(record.dates?.placedAt),
		stage: record.stage,
		timeZone: orderZone,
		promisedBy: SETTLED_STAGES.has(record.stage) ? null : dateMoment(record.dates?.promisedBy, orderZone),
		parcels,
		timeline: timelineOf(record, parcels, shown, scans, orderZone, nowMs),
		notices: noticesOf(record),
		destination: destinationOf(record.shippingAddress),
		email: maskEmail(record.customer?.email),
	};
}

function orderNameOf(record: OrderRecord): string {
	const name = cleanText(record.name);
	return name ?? `#${record.orderKey}`;
}

/** Text from a record as one line, cut to MAX_TEXT characters; null when empty. */
function cleanText(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	// Control characters and line breaks would only break the page's layout; runs of space are one space.
	const text = value.replace(/[\p{Cc}\s]+/gu, ' ').trim();
	if (text === '') return null;
	return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/* ---------- zones and moments ---------- */

/** The first destination zone a carrier gave (facts are sorted by slot, so the choice is stable). */
function destinationZoneOf(trackingFacts: OrderFact[]): string | null {
	for (const f of trackingFacts) {
		const zone = (f.data as TrackingData).destinationTimeZone;
		if (zone && usableTimeZone(zone) === zone) return zone;
	}
	return null;
}

function timeMoment(value: string | null | undefined, timeZone: string): Moment | null {
	if (isDateOnly(value)) return { iso: value, timeZone, precision: 'date' };
	const iso = toIso(value);
	return iso === null ? null : { iso, timeZone, precision: 'time' };
}

/**
 * A promise or estimate: always a day, never a time of day the carrier did not mean. A value at midnight is
 * that day (calendarDayOf, as the delivery_late rule reads it), not the evening before in a western zone.
 */
function dateMoment(value: string | null | undefined, timeZone: string): Moment | null {
	const day = typeof value === 'string' ? calendarDayOf(value) : null;
	if (day !== null && isDateOnly(day)) return { iso: day, timeZone, precision: 'date' };
	const moment = timeMoment(value, timeZone);
	return moment === null ? null : { ...moment, precision: 'date' };
}

function isDateOnly(value: unknown): value is string {
	return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** Epoch ms to sort by: a calendar date counts as its noon (UTC), between the day's scans. */
function sortMs(moment: Moment): number {
	return moment.precision === 'date' && isDateOnly(moment.iso)
		? Date.parse(`${moment.iso}T12:00:00Z`)
		: Date.parse(moment.iso);
}

/* ---------- scans ---------- */

interface Scan {
	at: string;
	status: TrackingStatus;
	place: string | null;
	timeZone: string | null;
	/**
	 * The carrier's own calendar day of the scan, kept when its zone could not be resolved: `at` is then only
	 * the latest instant the wall time can mean, and a time shown from it would be a guess.
	 */
	localDate: string | null;
	physical: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function scanOf(ev: unknown): Scan | null {
	if (!isObj(ev)) return null;
	const e = ev as Partial<TrackingEvent>;
	const at = typeof e.at === 'string' ? toIso(e.at) : null;
	if (at === null || typeof e.status !== 'string' || !TRACKING_STATUS_SET.has(e.status)) return null;
	const zone = typeof e.timeZone === 'string' && usableTimeZone(e.timeZone) === e.timeZone ? e.timeZone : null;
	const local = typeof e.localTime === 'string' ? e.localTime.slice(0, 10) : '';
	return {
		at,
		status: e.status,
		place: cleanText(e.location),
		timeZone: zone,
		localDate: e.atUncertain === true && zone === null && isDateOnly(local) ? local : null,
		physical: e.physicalScan === true || (e.physicalScan !== false && !NOT_PHYSICAL.has(e.status)),
	};
}

/**
 * Every carrier event known for each parcel (by normalised tracking number), oldest first, each once: from
 * tracking facts that still carry their events (a record written by hand or by an older engine) and from
 * the given observations (those naming another order are skipped).
 */
function scansByTrackingNumber(
	record: OrderRecord,
	trackingFacts: OrderFact[],
	observations: readonly unknown[],
): Map<string, Scan[]> {
	const byNumber = new Map<string, Map<string, Scan>>();
	const add = (data: unknown): void => {
		if (!isObj(data) || !Array.isArray(data.events)) return;
		const tn = normaliseTrackingNumber(typeof data.trackingNumber === 'string' ? data.trackingNumber : null);
		if (tn === null) return;
		const scans = byNumber.get(tn) ?? new Map<string, Scan>();
		byNumber.set(tn, scans);
		for (const ev of data.events) {
			const scan = scanOf(ev);
			if (scan !== null) scans.set(`${scan.at}|${scan.status}|${scan.place ?? ''}`, scan);
		}
	};
	for (const f of trackingFacts) add(f.data);
	for (const o of observations) {
		if (!isObj(o) || o.kind !== 'tracking') continue;
		if (typeof o.orderKey === 'string' && o.orderKey !== '' && o.orderKey !== record.orderKey) continue;
		add(o.data);
	}
	const out = new Map<string, Scan[]>();
	for (const [tn, scans] of byNumber) out.set(tn, [...scans.values()].sort(oldestFirst));
	return out;
}

function oldestFirst(a: Scan, b: Scan): number {
	return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
}

function scanMoment(scan: Scan, fallbackZone: string): Moment {
	if (scan.localDate !== null) return { iso: scan.localDate, timeZone: fallbackZone, precision: 'date' };
	return { iso: scan.at, timeZone: scan.timeZone ?? fallbackZone, precision: 'time' };
}

/* ---------- parcels ---------- */

function carrierDisplayName(carrier: string | null | undefined): string | null {
	return CARRIER_DISPLAY_NAMES.get(normaliseCarrier(carrier) ?? '') ?? cleanText(carrier);
}

function trackingUrlOf(s: ShipmentState): string | null {
	const own = safeHttpUrl(s.trackingUrl);
	if (own !== null) return own;
	const page = CARRIER_TRACKING_PAGES.get(normaliseCarrier(s.carrier) ?? '');
	const trackingNumber = cleanText(s.trackingNumber);
	return page && trackingNumber ? page(trackingNumber) : null;
}

/** The carrier's own read of a parcel: a carrier's direct answer before one relayed by the store, then newest. */
function trackingFactOf(s: ShipmentState, trackingFacts: OrderFact[]): OrderFact | null {
	const tn = normaliseTrackingNumber(s.trackingNumber);
	if (tn === null) return null;
	let best: OrderFact | null = null;
	for (const f of trackingFacts) {
		const d = f.data as TrackingData;
		if (normaliseTrackingNumber(d.trackingNumber) !== tn) continue;
		if (best === null || rankOfTrackingFact(f) > rankOfTrackingFact(best)) best = f;
	}
	return best;
}

function rankOfTrackingFact(f: OrderFact): string {
	return `${(f.data as TrackingData).relayedBy ? 0 : 1}|${f.at}|${f.key}`;
}

function parcelStatusOf(s: ShipmentState): ParcelStatus {
	if (s.deliveredAt) return 'delivered';
	const status = s.trackingStatus;
	return !status || status === 'unknown' ? 'shipped' : status;
}

function parcelViewOf(
	s: ShipmentState,
	index: number,
	trackingFacts: OrderFact[],
	scans: Map<string, Scan[]>,
	orderZone: string,
): ParcelView {
	const fact = trackingFactOf(s, trackingFacts);
	const data = fact ? (fact.data as TrackingData) : null;
	const destinationZone =
		data?.destinationTimeZone && usableTimeZone(data.destinationTimeZone) === data.destinationTimeZone
			? data.destinationTimeZone
			: orderZone;
	const parcelScans = scans.get(normaliseTrackingNumber(s.trackingNumber) ?? '') ?? [];
	const status = parcelStatusOf(s);
	const open = status !== 'delivered';
	const window = data?.estimatedWindow;
	const windowView =
		open && window
			? { from: dateMoment(window.from, destinationZone), to: dateMoment(window.to, destinationZone) }
			: null;
	return {
		index,
		direction: s.direction === 'return' ? 'return' : 'outbound',
		carrier: carrierDisplayName(s.carrier ?? data?.carrier),
		trackingNumber: cleanText(s.trackingNumber),
		trackingUrl: trackingUrlOf(s),
		status,
		shippedAt: timeMoment(s.shippedAt, orderZone) ?? dateMoment(s.shippedOn, orderZone),
		lastScan: lastScanOf(s, parcelScans, destinationZone),
		estimate: open
			? dateMoment(fact?.newestEstimate?.[1] ?? data?.estimatedDelivery ?? s.estimatedDelivery, destinationZone)
			: null,
		window: windowView && (windowView.from || windowView.to) ? windowView : null,
		commitment: open ? dateMoment(fact?.newestCommitment?.[1] ?? data?.commitment, destinationZone) : null,
		deliveredAt: s.deliveredAt ? deliveredMoment(s.deliveredAt, parcelScans, destinationZone) : null,
	};
}

/**
 * The newest physical scan with its place; without a scan list (the record keeps none), the record's newest
 * scan: its time, and the place and zone the engine kept for it.
 */
function lastScanOf(s: ShipmentState, scans: Scan[], zone: string): ParcelView['lastScan'] {
	// The stored scans are a bounded read: they speak for the parcel only when they reach its newest scan.
	const newest = toIso(s.lastScanAt ?? null);
	for (let i = scans.length - 1; i >= 0; i--)
		if (scans[i].physical) {
			if (newest !== null && scans[i].at < newest) break;
			return { at: scanMoment(scans[i], zone), place: scans[i].place };
		}
	const scanZone =
		s.lastScanTimeZone && usableTimeZone(s.lastScanTimeZone) === s.lastScanTimeZone ? s.lastScanTimeZone : zone;
	const at = timeMoment(s.lastScanAt ?? null, scanZone);
	return at === null ? null : { at, place: cleanText(s.lastScanPlace) };
}

/** Delivery time in the zone of the delivery scan when the carrier named it, else the destination's. */
function deliveredMoment(deliveredAt: string, scans: Scan[], zone: string): Moment | null {
	const scan = [...scans].reverse().find((x) => x.status === 'delivered');
	return timeMoment(deliveredAt, scan?.timeZone ?? zone);
}

/* ---------- timeline ---------- */

function timelineOf(
	record: OrderRecord,
	parcels: ParcelView[],
	shipments: ShipmentState[],
	scans: Map<string, Scan[]>,
	orderZone: string,
	nowMs: number,
): Milestone[] {
	const out: Milestone[] = [];
	const push = (
		kind: MilestoneKind,
		at: Moment | null,
		parcel: ParcelView | null = null,
		place: string | null = null,
	) => {
		if (at === null) return;
		// Several parcels: each step says which one.
		const index = parcel !== null && parcels.length > 1 ? parcel.index : null;
		out.push({ kind, at, parcel: index, carrier: parcel?.carrier ?? null, place });
	};
	push('placed', timeMoment(record.dates?.placedAt, orderZone));
	push('processing', timeMoment(record.dates?.sentToFulfillmentAt, orderZone));
	parcels.forEach((parcel, i) => {
		if (parcel.direction === 'outbound') push('shipped', parcel.shippedAt, parcel);
		const parcelScans = scans.get(normaliseTrackingNumber(shipments[i].trackingNumber) ?? '') ?? [];
		let previous = '';
		let deliveredSeen = false;
		for (const scan of parcelScans) {
			// scan.status is one of TRACKING_STATUSES (scanOf checked it), never an arbitrary key.
			const kind = MILESTONE_OF_SCAN[scan.status];
			// A run of scans with the same status at the same place is one step for the customer.
			const step = `${scan.status}|${scan.place ?? ''}`;
			if (kind === undefined || step === previous) continue;
			previous = step;
			deliveredSeen ||= kind === 'delivered';
			push(kind, scanMoment(scan, orderZone), parcel, scan.place);
		}
		if (!deliveredSeen && parcel.deliveredAt !== null) push('delivered', parcel.deliveredAt, parcel);
	});
	for (const f of record.facts ?? []) {
		if (f.kind !== 'return') continue;
		const status = String((f.data as ReturnData).status ?? '');
		if (OPEN_RETURN_STATUSES.has(status)) push('return_requested', timeMoment(f.firstAt, orderZone));
		if (RECEIVED_RETURN_STATUSES.has(status)) push('returned', timeMoment(f.at, orderZone));
	}
	push('cancelled', timeMoment(record.dates?.cancelledAt, orderZone));
	// A step dated after now is a clock error at its source, not news for the customer.
	const known = Number.isNaN(nowMs) ? out : out.filter((m) => !(sortMs(m.at) > nowMs));
	return known.sort(newestFirst).slice(0, MAX_MILESTONES);
}

/** Newest first; at the same moment the later step of the journey first. */
function newestFirst(a: Milestone, b: Milestone): number {
	return (
		sortMs(b.at) - sortMs(a.at) ||
		MILESTONE_KINDS.indexOf(b.kind) - MILESTONE_KINDS.indexOf(a.kind) ||
		(b.parcel ?? 0) - (a.parcel ?? 0)
	);
}

/* ---------- notices ---------- */

function noticesOf(record: OrderRecord): Notice[] {
	if (SETTLED_STAGES.has(record.stage)) return [];
	const open = new Set<ExceptionType>(record.openExceptionTypes ?? []);
	for (const c of record.exceptions ?? []) if (!c.resolvedAt) open.add(c.type);
	const kinds = new Set<NoticeKind>();
	for (const type of open) {
		const kind = Object.prototype.hasOwnProperty.call(NOTICE_OF, type) ? NOTICE_OF[type] : null;
		if (kind) kinds.add(kind);
	}
	return NOTICE_KINDS.filter((kind) => kinds.has(kind)).map((kind) => ({ kind }));
}

/* ---------- masking ---------- */

/** "jane.doe@example.com" -> "j***@example.com"; null when it is not an address. */
export function maskEmail(email: unknown): string | null {
	if (typeof email !== 'string') return null;
	const text = email.trim();
	const at = text.lastIndexOf('@');
	if (at < 1 || at === text.length - 1) return null;
	const domain = cleanText(text.slice(at + 1));
	return domain === null || /\s/.test(domain) ? null : `${[...text][0]}***@${domain}`;
}

/** The first characters of a postcode ("62704" -> "627**", "SW1A 1AA" -> "SW1****"): the area, not the street. */
export function maskPostcode(postcode: unknown): string | null {
	if (typeof postcode !== 'string') return null;
	const chars = [...postcode.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase()].slice(0, 12);
	if (chars.length === 0) return null;
	const visible = chars.length <= 4 ? 2 : 3;
	if (chars.length <= visible) return `${chars.slice(0, 1).join('')}${'*'.repeat(chars.length - 1)}`;
	return `${chars.slice(0, visible).join('')}${'*'.repeat(chars.length - visible)}`;
}

/** City, region, country and the start of the postcode; never the street lines, the name or the phone. */
export function destinationOf(address: Address | null | undefined): Destination | null {
	if (!isObj(address)) return null;
	const code = [address.countryCode, address.country].find(
		(c): c is string => typeof c === 'string' && /^[A-Za-z]{2}$/.test(c.trim()),
	);
	const destination: Destination = {
		city: cleanText(address.city),
		region: cleanText(address.provinceCode) ?? cleanText(address.province),
		postcode: maskPostcode(address.zip),
		countryCode: code ? code.trim().toUpperCase() : null,
		country: code ? null : cleanText(address.country),
	};
	return Object.values(destination).some((v) => v !== null) ? destination : null;
}
