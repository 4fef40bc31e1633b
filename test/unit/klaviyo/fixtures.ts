import type { OrderRecord } from '../../../nodes/lib/order/types';

/** An enriched order as Order State emits it: shipped by UPS, one parcel, French-Canadian customer. */
export function shippedOrder(overrides: Partial<OrderRecord> = {}): OrderRecord {
	return {
		orderKey: '1001',
		name: '#1001',
		shopifyId: 'gid://shopify/Order/1001',
		stage: 'in_transit',
		stageChangedAt: '2026-11-19T10:00:00Z',
		sourceStatus: {},
		dates: {
			placedAt: '2026-11-17T09:00:00Z',
			shippedAt: '2026-11-18T16:00:00Z',
			estimatedDelivery: '2026-11-21',
			promisedBy: '2026-11-22',
		},
		shipments: [
			{
				key: '1Z999AA10123456784',
				trackingNumber: '1Z999AA10123456784',
				carrier: 'UPS',
				trackingUrl: null,
				shippedAt: '2026-11-18T16:00:00Z',
				seenBy: ['shopify', 'ups'],
				trackingStatus: 'in_transit',
				lastEventAt: '2026-11-19T08:12:00-05:00',
				estimatedDelivery: '2026-11-21',
				deliveredAt: null,
			},
		],
		customer: { email: 'marie@example.com', phone: '+15145550100', name: 'Marie Tremblay', locale: 'fr_CA' },
		shippingAddress: { city: 'Montréal', provinceCode: 'QC', countryCode: 'CA', zip: 'H2X 1Y4' },
		lineItems: [
			{ sku: 'MUG-01', title: 'Enamel Mug', quantity: 2 },
			{ sku: 'TEE-M', title: 'Logo Tee (M)', quantity: 1 },
		],
		exceptions: [],
		openExceptionTypes: [],
		notifications: [],
		lastSeen: {},
		version: 3,
		updatedAt: '2026-11-19T10:00:00Z',
		...overrides,
	};
}
