/** Minimal OrderRecords for the self-service tests, typed from the canonical model. */
import type { OrderRecord, ShipmentState } from '../../../nodes/lib/order';

export const PLACED = '2026-03-02T14:00:00.000Z';
export const MINUTE = 60_000;

/** The instant `minutes` after the order was placed (fractions allowed: 1/60 is one second). */
export function after(minutes: number): string {
	return new Date(Date.parse(PLACED) + Math.round(minutes * MINUTE)).toISOString();
}

export function record(overrides: Partial<OrderRecord> = {}): OrderRecord {
	return {
		orderKey: '1001',
		name: '#1001',
		stage: 'awaiting_fulfillment',
		stageChangedAt: PLACED,
		sourceStatus: {
			shopify: {
				financialStatus: 'PAID',
				fulfillmentStatus: 'UNFULFILLED',
				fulfillmentOrders: [{ id: 'fo1', status: 'OPEN' }],
				observedAt: PLACED,
			},
		},
		dates: { placedAt: PLACED },
		shipments: [],
		customer: { email: 'a@example.com' },
		shippingAddress: {
			name: 'Ada Lovelace',
			address1: '123 North Main Street',
			city: 'Springfield',
			provinceCode: 'IL',
			zip: '62704',
			countryCode: 'US',
		},
		exceptions: [],
		openExceptionTypes: [],
		notifications: [],
		lastSeen: {},
		version: 1,
		updatedAt: PLACED,
		...overrides,
	};
}

export function shipment(overrides: Partial<ShipmentState> = {}): ShipmentState {
	return { key: '1Z999', trackingNumber: '1Z999', carrier: 'UPS', seenBy: ['shipstation'], ...overrides };
}
