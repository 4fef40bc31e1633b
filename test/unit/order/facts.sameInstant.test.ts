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

	it('at the same instant a field both reads give differently is decided by content, in either join order', () => {
		// Issue 15: the first read to arrive used to win a tie of instant and key.
		for (const [ka, kb] of [
			['shopify:order:a', 'shopify:order:b'],
			['shopify:order:same', 'shopify:order:same'],
		]) {
			const a = toFact(order(ka, { ...detail, fulfillmentStatus: 'UNFULFILLED' }));
			const b = toFact(order(kb, { ...summary, fulfillmentStatus: 'PARTIALLY_FULFILLED' }));
			const ab = joinFact(a, b);
			expect(JSON.stringify(ab)).toBe(JSON.stringify(joinFact(b, a)));
			// "UNFULFILLED" > "PARTIALLY_FULFILLED" as canonical JSON; the keys did not decide.
			expect((ab.data as OrderSnapshotData).fulfillmentStatus).toBe('UNFULFILLED');
			expect(lines(ab.data)).toEqual(detail.lineItems);
		}
	});

	it('a read that says something beats one that says nothing (null) or an empty value, at the same instant', () => {
		const lean = toFact(order('shopify:order:zzz', { ...summary, email: null, tags: [] }));
		const full = toFact(order('shopify:order:aaa', { ...summary, email: 'emily.carter@example.com', tags: ['vip'] }));
		for (const joined of [joinFact(lean, full), joinFact(full, lean)]) {
			expect((joined.data as OrderSnapshotData).email).toBe('emily.carter@example.com');
			expect((joined.data as OrderSnapshotData).tags).toEqual(['vip']);
		}
	});

	it('joins three same-instant reads to the same bytes in every grouping and order', () => {
		const reads = [
			toFact(order('k2', { ...summary })),
			toFact(order('k1', { ...detail, fulfillmentStatus: 'PARTIALLY_FULFILLED' })),
			toFact(order('k1', { ...detail, fulfillmentStatus: 'FULFILLED', financialStatus: 'REFUNDED' })),
		];
		const orders = [
			[0, 1, 2],
			[0, 2, 1],
			[1, 0, 2],
			[1, 2, 0],
			[2, 0, 1],
			[2, 1, 0],
		];
		const results = orders.flatMap(([i, j, k]) => [
			JSON.stringify(joinFact(joinFact(reads[i], reads[j]), reads[k])),
			JSON.stringify(joinFact(reads[i], joinFact(reads[j], reads[k]))),
		]);
		expect(new Set(results).size).toBe(1);
	});
});
