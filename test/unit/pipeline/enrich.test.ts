import { hasError, orderKeysOf, shouldRead, withObservations } from '../../../nodes/lib/pipeline';
import type { Observation } from '../../../nodes/lib/order/types';

const fact = (key: string) => ({ key, source: 'shopify', kind: 'order', orderKey: '1001' }) as unknown as Observation;

describe('a read node over work items', () => {
	it('reads only when Read When says so and the item has not failed already', () => {
		expect(shouldRead({ orderKey: '1001' }, true)).toBe(true);
		expect(shouldRead({ orderKey: '1001' }, 'true')).toBe(true);
		expect(shouldRead({ orderKey: '1001' }, false)).toBe(false);
		expect(shouldRead({ orderKey: '1001' }, undefined)).toBe(false);
		expect(shouldRead({ orderKey: '1001', error: 'Shopify order: 503' }, true)).toBe(false);
		expect(shouldRead({ orderKey: '1001', error: null }, true)).toBe(true);
		expect(hasError({ error: '' })).toBe(false);
	});

	it("appends the new facts after the item's own, leaving the input item as it was", () => {
		const item = { orderKey: '1001', observations: [fact('a')], events: [{ id: '1' }] };
		const out = withObservations(item, [fact('b'), fact('c')]);
		expect((out.observations as Observation[]).map((o) => o.key)).toEqual(['a', 'b', 'c']);
		expect(out.events).toBe(item.events);
		expect(item.observations).toHaveLength(1);
		expect(withObservations({ orderKey: '1002' }, [fact('x')]).observations).toHaveLength(1);
	});

	it('finds every key the order may be filed under: the plan first, else the stored order', () => {
		expect(
			orderKeysOf({ orderKey: '1001', reads: { orderName: '#1001', shopifyOrderId: 'gid://shopify/Order/9' } }),
		).toEqual({ orderKey: '1001', orderName: '#1001', shopifyOrderId: 'gid://shopify/Order/9' });
		expect(
			orderKeysOf({ orderKey: '1001', reads: { orderName: '' }, previous: { name: '#1001', shopifyId: 'gid://x/1' } }),
		).toEqual({ orderKey: '1001', orderName: '#1001', shopifyOrderId: 'gid://x/1' });
		expect(orderKeysOf({})).toEqual({ orderKey: '', orderName: '', shopifyOrderId: '' });
	});
});
