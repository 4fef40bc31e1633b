/**
 * Two reads of the same order at the same instant (Shopify's updatedAt) where one is leaner: the sweep's
 * Get Many summary carries no line items, Get and the webhooks carry them. Whichever wins the tie, the
 * joined fact keeps the line items, so "line items differ from the warehouse" can still be judged
 * (found through the whole scenario in real n8n: the summary won the tie and the quantity edit was missed).
 */
import { joinFact, toFact } from '../../../nodes/lib/order/facts';
import type { Observation, OrderSnapshotData } from '../../../nodes/lib/order/types';

const AT = '2026-04-15T15:16:25.000Z';
const summary = {
	name: '#1113',
	createdAt: '2026-04-15T14:36:25.000Z',
	financialStatus: 'PAID',
	fulfillmentStatus: 'UNFULFILLED',
};
const detail = {
	...summary,
	lineItems: [
		{ sku: 'SOCK-3PK', quantity: 3 },
		{ sku: 'BOTTLE-750', quantity: 2 },
	],
};

function order(key: string, data: Record<string, unknown>, occurredAt = AT): Observation {
	return {
		source: 'shopify',
		sourceId: 'gid://shopify/Order/1113',
		orderKey: '1113',
		kind: 'order',
		occurredAt,
		receivedAt: occurredAt,
		key,
		data,
	} as unknown as Observation;
}
const lines = (data: unknown) => (data as OrderSnapshotData).lineItems;

describe('joinFact: reads of the same instant', () => {
	it.each([
		['the summary has the larger key', 'shopify:order:zzz-summary', 'shopify:order:aaa-detail'],
		['the detail has the larger key', 'shopify:order:aaa-summary', 'shopify:order:zzz-detail'],
	])('keeps the line items only the detailed read has (%s), in either join order', (_, summaryKey, detailKey) => {
		const lean = toFact(order(summaryKey, summary));
		const full = toFact(order(detailKey, detail));
		for (const joined of [joinFact(lean, full), joinFact(full, lean)]) {
			expect(lines(joined.data)).toEqual(detail.lineItems);
			expect(joined.at).toBe(AT);
		}
		expect(joinFact(lean, full)).toEqual(joinFact(full, lean));
	});

	it('a newer read still replaces the whole snapshot (an older read fills nothing in)', () => {
		const older = toFact(order('shopify:order:a', detail, '2026-04-15T14:36:25.000Z'));
		const newer = toFact(order('shopify:order:b', summary));
		expect(lines(joinFact(older, newer).data)).toBeUndefined();
		expect(lines(joinFact(newer, older).data)).toBeUndefined();
	});

	it('at the same instant the winner keeps its own values where both reads have a field', () => {
		const a = toFact(order('shopify:order:a', { ...detail, fulfillmentStatus: 'UNFULFILLED' }));
		const b = toFact(order('shopify:order:b', { ...summary, fulfillmentStatus: 'PARTIALLY_FULFILLED' }));
		const joined = joinFact(a, b);
		expect((joined.data as OrderSnapshotData).fulfillmentStatus).toBe('PARTIALLY_FULFILLED');
		expect(lines(joined.data)).toEqual(detail.lineItems);
	});
});
