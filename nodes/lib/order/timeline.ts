/**
 * timeline: "trace this order end to end". One readable, time-ordered history across every system:
 * the observations themselves (carrier scans expanded), plus the engine's own verdicts (cases opened
 * and resolved) from the record.
 */
import type {
	AddressCheckData,
	EditRequestData,
	FulfillmentOrderData,
	FulfillmentStatusData,
	LookupData,
	NotificationData,
	Observation,
	OrderRecord,
	OrderSnapshotData,
	ReturnData,
	ShipmentData,
	Source,
	TrackingData,
} from './types';
import { EXCEPTION_CATALOGUE } from './catalogue';
import { toIso } from './facts';
import { validateObservation } from './validate';

export interface TimelineEntry {
	/** UTC ISO time of what happened. */
	at: string;
	source: Source | 'engine';
	kind: string;
	/** One line a person can read: "UPS 1Z999AA1: out for delivery (Louisville, KY)". */
	summary: string;
	/** Observation key (or case id) it came from, so it can be traced further. */
	ref: string;
}

const SOURCE_NAMES: Record<string, string> = {
	shopify: 'Shopify',
	shipstation: 'ShipStation',
	shipbob: 'ShipBob',
	shiphero: 'ShipHero',
	shipmonk: 'ShipMonk',
	extensiv: 'Extensiv',
	ups: 'UPS',
	fedex: 'FedEx',
	usps: 'USPS',
	dhl: 'DHL',
	easypost: 'EasyPost',
	klaviyo: 'Klaviyo',
	slack: 'Slack',
	manual: 'Manual',
	customer: 'Customer',
	engine: 'Order State',
};

function words(s: string): string {
	return s.replace(/_/g, ' ');
}

function describe(o: Observation): string {
	const who = SOURCE_NAMES[o.source] ?? o.source;
	switch (o.kind) {
		case 'order': {
			const d = o.data as OrderSnapshotData;
			if (d.cancelledAt) return `${who}: order ${d.name} cancelled${d.cancelReason ? ` (${d.cancelReason})` : ''}`;
			return `${who}: order ${d.name} ${[d.financialStatus, d.fulfillmentStatus].filter(Boolean).join(', ') || 'seen'}`;
		}
		case 'fulfillment_order': {
			const d = o.data as FulfillmentOrderData;
			const hold = d.holdReasons && d.holdReasons.length > 0 ? ` (hold: ${d.holdReasons.join(', ')})` : '';
			return (
				`${who}: fulfillment order ${d.id} ` +
				`${d.status}${d.requestStatus ? `, request ${d.requestStatus}` : ''}${hold}`
			);
		}
		case 'fulfillment': {
			const d = o.data as FulfillmentStatusData;
			const hold = d.holdReason ? ` (hold: ${d.holdReason}${d.holdDetail ? `, ${d.holdDetail}` : ''})` : '';
			return `${who}: warehouse status ${words(d.status)} ("${d.rawStatus}")${hold}`;
		}
		case 'shipment': {
			const d = o.data as ShipmentData;
			const parcel = d.trackingNumber ? `${d.carrier ?? 'parcel'} ${d.trackingNumber}` : `shipment ${d.shipmentId}`;
			if (d.direction === 'return')
				return (
					`${who}: return parcel ` +
					`${parcel}${d.returnId ? ` for return ${d.returnId}` : ''}${d.voided ? ' (voided)' : ''}`
				);
			// A date-only ship date is the warehouse's local day: said as such, never as an instant.
			const day = d.shippedOn && !d.shippedAt ? ` on ${d.shippedOn} (warehouse date)` : '';
			return `${who}: ${d.voided ? 'voided' : 'shipped'} ${parcel}${day}`;
		}
		case 'tracking': {
			const d = o.data as TrackingData;
			const relayed = d.relayedBy ? ` (${d.carrier}, relayed by ${SOURCE_NAMES[d.relayedBy] ?? d.relayedBy})` : '';
			const estimated = d.estimatedDelivery ? `, estimated ${d.estimatedDelivery}` : '';
			const committed = d.commitment ? `, committed ${d.commitment}` : '';
			return (
				`${SOURCE_NAMES[o.source] ?? d.carrier} ${d.trackingNumber}${relayed}: ${words(d.status)} ` +
				`("${d.rawStatus}")${estimated}${committed}`
			);
		}
		case 'notification': {
			const d = o.data as NotificationData;
			return `${who}: customer notified "${d.event}"`;
		}
		case 'return': {
			const d = o.data as ReturnData;
			return `${who}: return ${d.returnId} ${words(d.status)}`;
		}
		case 'edit_request':
			return describeEdit(who, o as Observation<'edit_request'>);
		case 'address_check': {
			const d = o.data as AddressCheckData;
			return (
				`${who}: address ` +
				`${d.valid ? 'valid' : `invalid${d.messages && d.messages.length > 0 ? `: ${d.messages.join('; ')}` : ''}`}`
			);
		}
		case 'lookup': {
			const d = o.data as LookupData;
			return (
				`${who}: asked for the ${d.subject === 'order' ? 'order' : 'parcel'} by ${d.keys.join(', ')}: ` +
				`${d.found ? 'found' : 'not found'}`
			);
		}
		default:
			return `${who}: ${String((o as Observation).kind)}`;
	}
}

const EDIT_WANTS: Record<EditRequestData['field'], string> = {
	shipping_address: 'change the shipping address',
	line_items: 'change the items',
	cancel: 'cancel the order',
};

function codes(reasons: string[] | undefined): string {
	return reasons && reasons.length > 0 ? ` (${reasons.map(words).join(', ')})` : '';
}

/** What became of a request, in words: "applied automatically before any parcel shipped". */
function editOutcomeWords(d: EditRequestData): string {
	const shipped = d.beforeShipping ? ' before any parcel shipped' : '';
	const by = d.decidedBy && d.decidedBy !== 'self_service' ? ` by ${d.decidedBy}` : '';
	switch (d.outcome) {
		case 'applied':
			return `applied ${by ? `after review${by}` : 'automatically'}${shipped}`;
		case 'approval':
			return `sent to a person for approval${codes(d.reasons)}`;
		case 'refused':
			return `refused${codes(d.reasons)}`;
		case 'failed':
			return d.held
				? 'failed midway: the order is on hold in Shopify for a person'
				: 'failed midway: a person must finish it';
		case 'approved':
			return `approved${by}${d.applied ? ` and applied${shipped}` : ''}`;
		case 'rejected':
			return `rejected${by}`;
		default:
			return d.applied ? 'applied' : 'not applied';
	}
}

/**
 * "Customer: asked to cancel the order: sent to a person for approval (warehouse picking)"; a request recorded
 * by another source reads "Manual: customer asked to ...". Requests recorded before outcomes existed keep their
 * "(applied)" / "(not applied)".
 */
function describeEdit(who: string, o: Observation<'edit_request'>): string {
	const d = o.data;
	const asker = o.source === 'customer' ? `${who}: asked` : `${who}: customer asked`;
	if (d.outcome === undefined) return `${asker} to change ${words(d.field)} (${d.applied ? 'applied' : 'not applied'})`;
	return `${asker} to ${EDIT_WANTS[d.field] ?? `change ${words(d.field)}`}: ${editOutcomeWords(d)}`;
}

/**
 * Build the history of one order. Invalid observations are skipped (reconcile reports them);
 * duplicates (same key) appear once; carrier scans appear one line each.
 */
export function timeline(record: OrderRecord | null, observations: readonly unknown[]): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	const seenKeys = new Set<string>();
	const seenScans = new Set<string>();
	for (const x of observations) {
		const v = validateObservation(x);
		if (!v.ok) continue;
		const o = v.value;
		if (record && o.orderKey !== record.orderKey) continue;
		if (seenKeys.has(o.key)) continue;
		seenKeys.add(o.key);
		const at = toIso(o.occurredAt) as string;
		if (o.kind === 'tracking' && (o.data as TrackingData).events?.length) {
			const d = o.data as TrackingData;
			for (const ev of d.events ?? []) {
				const evAt = toIso(ev.at);
				if (evAt === null) continue;
				const scanKey = `${d.trackingNumber}|${evAt}|${ev.status}|${ev.code ?? ''}`;
				if (seenScans.has(scanKey)) continue;
				seenScans.add(scanKey);
				const where = ev.location ? ` (${ev.location})` : '';
				// The carrier's own wall time stays visible; an unresolved zone is said, not hidden.
				const zone = ev.timeZone ? ` ${ev.timeZone}` : ev.atUncertain ? ', zone unknown: latest possible instant' : '';
				const local = ev.localTime ? ` [local ${ev.localTime}${zone}]` : '';
				const what = ev.description ? `${words(ev.status)}: ${ev.description}` : words(ev.status);
				entries.push({
					at: evAt,
					source: o.source,
					kind: 'tracking_event',
					summary: `${SOURCE_NAMES[o.source] ?? d.carrier} ${d.trackingNumber}: ${what}${where}${local}`,
					ref: o.key,
				});
			}
			continue;
		}
		entries.push({ at, source: o.source, kind: o.kind, summary: describe(o), ref: o.key });
	}
	for (const c of record?.exceptions ?? []) {
		const title = EXCEPTION_CATALOGUE[c.type]?.title ?? c.type;
		entries.push({
			at: c.openedAt,
			source: 'engine',
			kind: 'exception_opened',
			summary: `Order State: exception opened: ${title} (${c.severity})`,
			ref: c.id,
		});
		if (c.resolvedAt)
			entries.push({
				at: c.resolvedAt,
				source: 'engine',
				kind: 'exception_resolved',
				summary: `Order State: exception resolved: ${title} (${c.resolution ?? 'resolved'})`,
				ref: c.id,
			});
	}
	return entries.sort(byTimeThenSource);
}

/** Time first; at the same instant the systems' facts come before the engine's verdict on them. */
function byTimeThenSource(a: TimelineEntry, b: TimelineEntry): number {
	if (a.at !== b.at) return a.at < b.at ? -1 : 1;
	const ea = a.source === 'engine' ? 1 : 0;
	const eb = b.source === 'engine' ? 1 : 0;
	if (ea !== eb) return ea - eb;
	if (a.source !== b.source) return a.source < b.source ? -1 : 1;
	if (a.ref !== b.ref) return a.ref < b.ref ? -1 : 1;
	return a.summary < b.summary ? -1 : a.summary > b.summary ? 1 : 0;
}

/** The timeline as plain text, one line per entry, for Slack or an AI agent. */
export function formatTimeline(entries: TimelineEntry[]): string {
	return entries.map((e) => `${e.at}  ${e.summary}`).join('\n');
}
