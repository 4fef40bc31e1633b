/**
 * Orders for the status page tests, each at a different point of its life, built the way the product builds
 * them: observations (Shopify, the warehouse, the carrier) reconciled by the engine. The unit tests answer
 * requests against them in memory; the browser test stores them in a real ledger behind a real n8n.
 */
import {
	defaultPolicy,
	reconcile,
	type Observation,
	type ObservationKind,
	type OrderRecord,
} from '../../nodes/lib/order';

/** The time the pages are looked at: Thursday 2026-03-05 15:00 in New York. */
export const PAGE_NOW = '2026-03-05T20:00:00.000Z';
const BASE_MS = Date.parse('2026-03-02T14:00:00.000Z');
const at = (hours: number) => new Date(BASE_MS + hours * 3_600_000).toISOString();

function obs<K extends ObservationKind>(
	orderKey: string,
	source: Observation['source'],
	kind: K,
	sourceId: string,
	hours: number,
	data: Observation<K>['data'],
): Observation<K> {
	return {
		source,
		kind,
		sourceId,
		orderKey,
		occurredAt: at(hours),
		receivedAt: at(hours + 0.05),
		key: `${source}:${kind}:${sourceId}:${hours}`,
		data,
	} as Observation<K>;
}

export interface PageOrder {
	orderKey: string;
	name: string;
	email: string;
	locale: string;
	/** What the page must say about it, for the tests to look for. */
	expect: { stage: OrderRecord['stage']; carrier?: string; trackingNumber?: string; notice?: string };
}

const ADDRESS = {
	name: 'Ana García',
	address1: '1200 Sunset Blvd',
	address2: 'Apt 4',
	city: 'Los Angeles',
	provinceCode: 'CA',
	zip: '90026',
	countryCode: 'US',
	phone: '+1 213 555 0100',
};

function orderObs(orderKey: string, email: string, locale: string, extra: Record<string, unknown> = {}) {
	return obs(orderKey, 'shopify', 'order', `gid://shopify/Order/9${orderKey}`, 0, {
		name: `#${orderKey}`,
		createdAt: at(0),
		financialStatus: 'PAID',
		fulfillmentStatus: 'UNFULFILLED',
		email,
		locale,
		customerName: 'Ana García',
		shippingAddress: ADDRESS,
		lineItems: [{ sku: 'TENT-2P', title: 'Trail tent, 2 people', quantity: 1 }],
		...extra,
	});
}

function shipped(orderKey: string, tn: string, carrier: string, hours: number) {
	return obs(orderKey, 'shipstation', 'shipment', `ss-${tn}`, hours, {
		shipmentId: `ss-${tn}`,
		trackingNumber: tn,
		carrier,
		shippedAt: at(hours),
	});
}

function tracking(orderKey: string, tn: string, hours: number, data: Record<string, unknown>) {
	return obs(orderKey, 'ups', 'tracking', tn, hours, {
		trackingNumber: tn,
		carrier: 'UPS',
		rawStatus: String(data.status),
		...data,
	} as Observation<'tracking'>['data']);
}

/** The orders and their records as of PAGE_NOW. */
export function statusPageOrders(): Array<PageOrder & { record: OrderRecord; observations: Observation[] }> {
	const policy = defaultPolicy();
	const built = new Map<OrderRecord, Observation[]>();
	const build = (list: Observation[]) => {
		const result = reconcile(null, list, policy, PAGE_NOW);
		if (result.rejected.length) throw new Error(`fixture rejected: ${JSON.stringify(result.rejected)}`);
		built.set(result.record, list);
		return result.record;
	};
	const scans = (tn: string) =>
		[
			{
				at: at(30),
				status: 'in_transit',
				description: 'Departed from facility',
				location: 'Ontario, CA, US',
				timeZone: 'America/Los_Angeles',
				physicalScan: true,
			},
			{
				at: at(28),
				status: 'in_transit',
				description: 'Arrived at facility',
				location: 'Ontario, CA, US',
				timeZone: 'America/Los_Angeles',
				physicalScan: true,
			},
			{
				at: at(26),
				status: 'pre_transit',
				description: 'Shipper created a label',
				location: null,
				physicalScan: false,
			},
		].map((e) => ({ ...e, code: null, trackingNumber: tn }));

	const orders: Array<PageOrder & { record: OrderRecord }> = [
		{
			orderKey: '1001',
			name: '#1001',
			email: 'ana@example.com',
			locale: 'en',
			expect: { stage: 'awaiting_fulfillment' },
			record: build([orderObs('1001', 'ana@example.com', 'en')]),
		},
		{
			orderKey: '1002',
			name: '#1002',
			email: 'lucia@example.com',
			locale: 'es-MX',
			expect: { stage: 'in_transit', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' },
			record: build([
				orderObs('1002', 'lucia@example.com', 'es-MX', { fulfillmentStatus: 'FULFILLED' }),
				shipped('1002', '1Z999AA10123456784', 'UPS', 25),
				tracking('1002', '1Z999AA10123456784', 30, {
					status: 'in_transit',
					lastEventAt: at(30),
					estimatedDelivery: '2026-03-07',
					destinationTimeZone: 'America/Los_Angeles',
					events: scans('1Z999AA10123456784'),
				}),
			]),
		},
		{
			orderKey: '1003',
			name: '#1003',
			email: 'claire@example.fr',
			locale: 'fr',
			expect: { stage: 'delivered', carrier: 'UPS', trackingNumber: '1Z999AA10123456785' },
			record: build([
				orderObs('1003', 'claire@example.fr', 'fr', { fulfillmentStatus: 'FULFILLED' }),
				shipped('1003', '1Z999AA10123456785', 'UPS', 5),
				tracking('1003', '1Z999AA10123456785', 50, {
					status: 'delivered',
					lastEventAt: at(50),
					deliveredAt: at(50),
					destinationTimeZone: 'America/Los_Angeles',
					events: [
						{
							at: at(50),
							status: 'delivered',
							description: 'Delivered, front door',
							location: 'Los Angeles, CA, US',
							timeZone: 'America/Los_Angeles',
							physicalScan: true,
						},
						...scans('1Z999AA10123456785'),
					],
				}),
			]),
		},
		{
			orderKey: '1004',
			name: '#1004',
			email: 'jonas@example.de',
			locale: 'de-DE',
			expect: { stage: 'in_transit', carrier: 'UPS', trackingNumber: '1Z999AA10123456786', notice: 'delivery_late' },
			record: build([
				orderObs('1004', 'jonas@example.de', 'de-DE', { fulfillmentStatus: 'FULFILLED' }),
				shipped('1004', '1Z999AA10123456786', 'UPS', 2),
				tracking('1004', '1Z999AA10123456786', 30, {
					status: 'in_transit',
					lastEventAt: at(30),
					estimatedDelivery: '2026-03-03',
					destinationTimeZone: 'America/Los_Angeles',
					events: scans('1Z999AA10123456786'),
				}),
			]),
		},
		{
			orderKey: '1005',
			name: '#1005',
			email: 'sam@example.com',
			locale: 'en',
			expect: { stage: 'cancelled' },
			record: build([orderObs('1005', 'sam@example.com', 'en', { cancelledAt: at(3), cancelReason: 'CUSTOMER' })]),
		},
	];
	return orders.map((o) => ({ ...o, observations: built.get(o.record) ?? [] }));
}
