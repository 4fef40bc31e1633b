/**
 * Records and views for the customer page tests, written by hand from nodes/lib/order/types.ts, and the
 * views that together use every message a page can show.
 */
import type { OrderFact, OrderRecord, ShipmentState, Stage, TrackingData } from '../../../nodes/lib/order';
import { STAGES } from '../../../nodes/lib/order';
import type { Branding, Milestone, Moment, ParcelView, StatusView } from '../../../nodes/lib/pages';
import { MILESTONE_KINDS, NOTICE_KINDS } from '../../../nodes/lib/pages';

export const NOW = '2026-03-10T18:00:00.000Z';
export const STORE_ZONE = 'America/Chicago';

export const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)'];

export function recordOf(overrides: Partial<OrderRecord> = {}): OrderRecord {
	return {
		orderKey: '1001',
		name: '#1001',
		stage: 'awaiting_fulfillment',
		stageChangedAt: '2026-03-02T14:00:00.000Z',
		sourceStatus: {},
		dates: { placedAt: '2026-03-02T14:00:00.000Z' },
		shipments: [],
		customer: { email: 'jane.doe@example.com', phone: '+1 555 0100', name: 'Jane Doe', locale: 'en-US' },
		shippingAddress: {
			name: 'Jane Doe',
			address1: '123 North Main Street',
			address2: 'Apt 4',
			city: 'Springfield',
			provinceCode: 'IL',
			zip: '62704',
			countryCode: 'US',
			phone: '+1 555 0100',
		},
		exceptions: [],
		openExceptionTypes: [],
		notifications: [],
		lastSeen: {},
		version: 1,
		updatedAt: NOW,
		facts: [],
		...overrides,
	};
}

export function shipmentOf(overrides: Partial<ShipmentState> = {}): ShipmentState {
	return {
		key: '1Z999AA10123456784',
		trackingNumber: '1Z999AA10123456784',
		carrier: 'UPS',
		shippedAt: '2026-03-03T21:00:00.000Z',
		seenBy: ['shopify', 'shipstation'],
		trackingStatus: 'in_transit',
		...overrides,
	};
}

/** A carrier's tracking fact as reconcile stores it (scan list dropped unless given). */
export function trackingFactOf(data: Partial<TrackingData> & { trackingNumber: string }, at = NOW): OrderFact {
	return {
		slot: `ups|tracking|${data.trackingNumber}`,
		source: 'ups',
		kind: 'tracking',
		sourceId: data.trackingNumber,
		at,
		key: `ups:${data.trackingNumber}:${at}`,
		firstAt: at,
		data: { carrier: 'UPS', status: 'in_transit', rawStatus: 'I', ...data } as TrackingData,
	};
}

export const BRANDING: Branding = {
	storeName: 'Acme Mugs',
	logoUrl: 'https://cdn.example.com/logo.png',
	accentColor: '#0b5394',
	supportEmail: 'help@acme.example',
	supportUrl: 'https://acme.example/help',
};

export const LANG_LINKS = ['de', 'en', 'es', 'fr'].map((locale) => ({ locale, href: `?lang=${locale}` }));

const at = (iso: string, timeZone = 'America/New_York'): Moment => ({ iso, timeZone, precision: 'time' });
const day = (iso: string, timeZone = 'America/New_York'): Moment => ({ iso, timeZone, precision: 'date' });

function parcel(overrides: Partial<ParcelView>): ParcelView {
	return {
		index: 1,
		direction: 'outbound',
		carrier: 'UPS',
		trackingNumber: '1Z999AA10123456784',
		trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
		status: 'in_transit',
		shippedAt: at('2026-03-03T21:00:00.000Z'),
		lastScan: { at: at('2026-03-05T14:10:00.000Z'), place: 'Louisville, KY' },
		estimate: day('2026-03-11'),
		window: null,
		commitment: null,
		deliveredAt: null,
		...overrides,
	};
}

export function viewOf(overrides: Partial<StatusView> = {}): StatusView {
	return {
		orderName: '#1001',
		placedAt: '2026-03-02T14:00:00.000Z',
		stage: 'in_transit',
		timeZone: 'America/New_York',
		promisedBy: null,
		parcels: [parcel({})],
		timeline: [],
		notices: [],
		destination: { city: 'Springfield', region: 'IL', postcode: '627**', countryCode: 'US', country: null },
		email: 'j***@example.com',
		...overrides,
	};
}

/** Views that between them show every stage, notice, parcel status, delivery line and timeline step. */
export function everyVariantView(): StatusView[] {
	const statuses: ParcelView['status'][] = [
		'shipped',
		'pre_transit',
		'in_transit',
		'out_for_delivery',
		'available_for_pickup',
		'delivered',
		'failed_attempt',
		'exception',
		'returned_to_sender',
	];
	const parcels = statuses.map((status, i) =>
		parcel({
			index: i + 1,
			status,
			carrier: i === 1 ? null : 'UPS',
			deliveredAt: status === 'delivered' ? at('2026-03-06T16:00:00.000Z') : null,
			commitment: i === 2 ? day('2026-03-08') : null,
			window:
				i === 3
					? { from: day('2026-03-07'), to: day('2026-03-09') }
					: i === 4
						? { from: day('2026-03-07'), to: null }
						: i === 6
							? { from: null, to: day('2026-03-09') }
							: null,
			estimate: i === 4 || i === 6 ? null : day('2026-03-11'),
			direction: i === 8 ? 'return' : 'outbound',
		}),
	);
	const timeline: Milestone[] = MILESTONE_KINDS.map((kind, i) => ({
		kind,
		at: at(`2026-03-0${(i % 9) + 1}T12:00:00.000Z`),
		parcel: i % 2 === 0 ? 2 : null,
		carrier: null,
		place: i % 3 === 0 ? 'Memphis, TN' : null,
	}));
	timeline.push({ ...timeline[2], kind: 'shipped', carrier: 'FedEx' });
	return STAGES.map((stage: Stage, i) =>
		viewOf({
			stage,
			parcels: i === 0 ? parcels : i === 1 ? [parcels[0]] : [],
			timeline: i === 0 ? timeline : [],
			notices: i === 0 ? NOTICE_KINDS.map((kind) => ({ kind })) : i === 1 ? [{ kind: 'delivery_late' }] : [],
			promisedBy: i === 2 ? day('2026-03-12') : null,
			destination: i === 3 ? null : viewOf().destination,
			email: i === 3 ? null : viewOf().email,
		}),
	);
}
