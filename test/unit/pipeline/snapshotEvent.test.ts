/** The sweep's snapshot events (snapshotEvent): the key, what it covers, and why an item is not stored. */
import { fnv1a32, snapshotEvent } from '../../../nodes/lib/pipeline';

const fact = (key: unknown, occurredAt?: unknown, orderKey?: unknown) => ({ key, occurredAt, orderKey });

describe('fnv1a32', () => {
	it('is FNV-1a over UTF-16 code units, unpadded lowercase hex', () => {
		// The published FNV-1a 32-bit vectors: "" and "a" and "foobar".
		expect(fnv1a32('')).toBe('811c9dc5');
		expect(fnv1a32('a')).toBe('e40c292c');
		expect(fnv1a32('foobar')).toBe('bf9cf968');
	});
});

describe('snapshotEvent', () => {
	it('keys the event by source, order and the sorted facts, whatever order the vendor listed them in', () => {
		const a = snapshotEvent({ orderKey: '1001', observations: [fact('x', 't1'), fact('y', 't2')] }, 'shopify');
		const b = snapshotEvent({ orderKey: '1001', observations: [fact('y', 't2'), fact('x', 't1')] }, 'shopify');
		expect(a).toEqual({
			event: {
				key: `sweep:shopify:1001:${fnv1a32('x@t1|y@t2')}`,
				source: 'shopify',
				topic: 'sweep',
				orderKey: '1001',
				payload: {
					key: `sweep:shopify:1001:${fnv1a32('x@t1|y@t2')}`,
					source: 'shopify',
					kind: 'sweep',
					orderKey: '1001',
					observations: [fact('x', 't1'), fact('y', 't2')],
				},
			},
		});
		expect('event' in b && b.event.key).toBe('event' in a && a.event.key);
	});

	it('a changed fact or another source is another event', () => {
		const key = (json: unknown, source = 'carrier') => {
			const outcome = snapshotEvent(json, source);
			return 'event' in outcome ? outcome.event.key : outcome.nothingToStore;
		};
		const base = key({ orderKey: '1001', observation: fact('ups:1ZA', 't1') });
		expect(key({ orderKey: '1001', observation: fact('ups:1ZA', 't2') })).not.toBe(base);
		expect(key({ orderKey: '1001', observation: fact('ups:1ZA', 't1') }, '3pl')).not.toBe(base);
		expect(base).toMatch(/^sweep:carrier:1001:[0-9a-f]{1,8}$/);
	});

	it('takes the order from the first fact when the item names none, and stores it as text', () => {
		const outcome = snapshotEvent({ observations: [fact('k', 't', 1004), fact('l', 't', '1005')] }, '3pl');
		expect(outcome).toMatchObject({ event: { orderKey: '1004', payload: { orderKey: '1004' } } });
	});

	it.each([
		[{ orderKey: '1001' }, 'Nothing to store: it carries no observations', '1001'],
		[{ orderKey: '1001', observations: [] }, 'Nothing to store: it carries no observations', '1001'],
		[
			{ observations: [fact('k')] },
			'Nothing to store: it names no order (no orderKey, nor one on its first observation)',
			null,
		],
		[
			{ orderKey: '', observation: fact('k', 't', '1001') },
			'Nothing to store: it names no order (no orderKey, nor one on its first observation)',
			null,
		],
		// Both failed the Code node's whole run (a TypeError).
		[{ orderKey: '1001', observations: [fact('k'), null] }, 'Nothing to store: observation 2 is empty (null)', '1001'],
		[{ orderKey: 1001, observations: { k: 1 } }, 'Nothing to store: its "observations" is not a list', '1001'],
	])('%j is not stored: %s', (json, reason, orderKey: string | null) => {
		expect(snapshotEvent(json, 'shopify')).toEqual(
			orderKey ? { nothingToStore: reason, orderKey } : { nothingToStore: reason },
		);
	});
});
