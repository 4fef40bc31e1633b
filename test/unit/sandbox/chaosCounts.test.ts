/**
 * The chaos run's counts (test/e2e/chaosCounts.ts): an effect done twice is seen by its identity, whatever made
 * it twice; what is one effect is never counted as two.
 */
import { createHash } from 'node:crypto';

import {
	deliveryKey,
	extraCopies,
	klaviyoEvents,
	repeatAndShuffle,
	shopifyWrites,
	slackCasePosts,
} from '../../e2e/chaosCounts';
import { createRandom } from '../../sandbox/world/random';

const caseMessage = (caseId: string, extra: Partial<{ threadTs: string; deleted: boolean }> = {}) => ({
	threadTs: extra.threadTs ?? null,
	deleted: extra.deleted ?? false,
	metadata: { event_type: 'pp_case', event_payload: { case_id: caseId } },
});

describe('chaos counts', () => {
	it('a case posted twice is one repeat, deleted copy included; replies and other messages are not posts', () => {
		const seen = slackCasePosts([
			caseMessage('c1'),
			caseMessage('c2'),
			caseMessage('c1', { deleted: true }),
			caseMessage('c2', { threadTs: '1.0' }),
			{ threadTs: null, deleted: false, metadata: { event_type: 'pp_weekly_report', event_payload: {} } },
			{ threadTs: null, deleted: false, metadata: null },
		]);
		expect(seen.posts).toBe(3);
		expect(seen.repeats).toEqual([{ identity: 'c1', times: 2 }]);
		expect(extraCopies(seen.repeats)).toBe(1);
		expect(extraCopies([{ identity: 'x', times: 3 }, ...seen.repeats])).toBe(3);
	});

	it('the same Shopify mutation with the same input twice is a repeat; reads, throttled, other inputs are not', () => {
		const write = (operationName: string, variables: Record<string, unknown>, more = {}) => ({
			operationName,
			variables,
			status: 200,
			throttled: false,
			...more,
		});
		const seen = shopifyWrites([
			write('FulfillmentCreate', { tracking: '1Z1' }),
			write('FulfillmentCreate', { tracking: '1Z2' }),
			write('FulfillmentCreate', { tracking: '1Z1' }),
			write('FulfillmentCreate', { tracking: '1Z2' }, { throttled: true }),
			write('OrdersForWorkItems', { ids: [1] }),
			write('OrdersForWorkItems', { ids: [1] }),
		]);
		expect(seen.writes).toBe(3);
		expect(seen.repeats).toEqual([{ identity: 'FulfillmentCreate {"tracking":"1Z1"}', times: 2 }]);
	});

	it('a customer told the same thing about the same moment twice is a repeat, even under another unique id', () => {
		const event = (uniqueId: string, email: string, time: string, metric = 'Order Shipped') => ({
			metric,
			profile: { email },
			time,
			uniqueId,
		});
		const seen = klaviyoEvents([
			event('pp:1001:order_shipped:a', 'A@example.com', '2026-01-01T00:00:00Z'),
			event('pp:1001:order_shipped:b', 'a@example.com', '2026-01-01T00:00:00Z'),
			event('pp:1001:order_shipped:c', 'a@example.com', '2026-01-02T00:00:00Z'),
			event('pp:1001:order_delivered', 'a@example.com', '2026-01-01T00:00:00Z', 'Order Delivered'),
		]);
		expect(seen.accepted).toBe(4);
		expect(seen.repeats).toEqual([{ identity: 'Order Shipped a@example.com 2026-01-01T00:00:00Z', times: 2 }]);
	});

	it('keys a delivery as the intake does, and sends every delivery the asked number of times, reordered', () => {
		const body = '{"id":1}';
		expect(deliveryKey({ topic: 'orders/updated', body })).toBe(
			`shopify:orders/updated:${createHash('sha256').update(body).digest('hex')}`,
		);
		const list = ['a', 'b', 'c', 'd', 'e'];
		const sent = repeatAndShuffle(list, 3, createRandom(4));
		expect([...sent].sort()).toEqual(list.flatMap((x) => [x, x, x]));
		expect(sent).not.toEqual(list.flatMap((x) => [x, x, x]));
		expect(repeatAndShuffle(list, 3, createRandom(4))).toEqual(sent);
	});
});
