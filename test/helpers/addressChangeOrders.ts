/**
 * Orders for the address change tests (issue 17), built as the product builds them: Shopify's observations
 * reconciled by the engine. Each is at a point that decides the request differently at CHANGE_NOW under the
 * default rules (window: until picking, and the Store Profile's 60-minute edit cut-off).
 */
import { defaultPolicy, reconcile, type Observation, type OrderRecord } from '../../nodes/lib/order';

/** The moment the customers ask: Thursday 2026-03-05 15:00 in New York. */
export const CHANGE_NOW = '2026-03-05T20:00:00.000Z';
const NOW_MS = Date.parse(CHANGE_NOW);
const minutesAgo = (m: number) => new Date(NOW_MS - m * 60_000).toISOString();

export const OLD_ADDRESS = {
	name: 'Ana García',
	address1: '1200 Sunset Blvd',
	address2: 'Apt 4',
	city: 'Los Angeles',
	provinceCode: 'CA',
	zip: '90026',
	countryCode: 'US',
	phone: '+1 213 555 0100',
};

export interface ChangeOrder {
	orderKey: string;
	name: string;
	email: string;
	locale: string;
	shopifyId: string;
	placedMinutesAgo: number;
	/** What the default rules decide for an ordinary new address in the same country. */
	expect: 'apply' | 'approval' | 'refuse';
	record: OrderRecord;
	observations: Observation[];
}

function order(
	orderKey: string,
	email: string,
	locale: string,
	placedMinutesAgo: number,
	expect: ChangeOrder['expect'],
	extra: Record<string, unknown> = {},
): ChangeOrder {
	const shopifyId = `gid://shopify/Order/77${orderKey}`;
	const observation = {
		source: 'shopify',
		kind: 'order',
		sourceId: shopifyId,
		orderKey,
		occurredAt: minutesAgo(placedMinutesAgo),
		receivedAt: minutesAgo(placedMinutesAgo - 0.5),
		key: `shopify:order:${orderKey}`,
		data: {
			name: `#${orderKey}`,
			createdAt: minutesAgo(placedMinutesAgo),
			financialStatus: 'PAID',
			fulfillmentStatus: 'UNFULFILLED',
			email,
			locale,
			customerName: OLD_ADDRESS.name,
			shippingAddress: OLD_ADDRESS,
			lineItems: [{ sku: 'TENT-2P', title: 'Trail tent, 2 people', quantity: 1 }],
			...extra,
		},
	} as Observation;
	const result = reconcile(null, [observation], defaultPolicy(), CHANGE_NOW);
	if (result.rejected.length) throw new Error(`fixture rejected: ${JSON.stringify(result.rejected)}`);
	return {
		orderKey,
		name: `#${orderKey}`,
		email,
		locale,
		shopifyId,
		placedMinutesAgo,
		expect,
		record: result.record,
		observations: [observation],
	};
}

export function addressChangeOrders(): ChangeOrder[] {
	return [
		order('2001', 'ana@example.com', 'en', 20, 'apply'),
		order('2002', 'lucia@example.com', 'es-MX', 15, 'apply'),
		order('2003', 'claire@example.fr', 'fr', 10, 'apply'),
		order('2004', 'jonas@example.de', 'de-DE', 25, 'apply'),
		// Three hours ago: the 60-minute window has passed; a person may still change it.
		order('2005', 'sam@example.com', 'en', 180, 'approval'),
		order('2006', 'kim@example.com', 'en', 30, 'refuse', { cancelledAt: minutesAgo(5), cancelReason: 'CUSTOMER' }),
	];
}
