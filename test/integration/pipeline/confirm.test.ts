/**
 * No crying wolf (issue 12), the processor's step on its own: a not_sent_to_fulfillment finding drawn from
 * Shopify's facts alone is held back (toConfirm); the re-read asks each warehouse for the order by every
 * key it has, live; the case opens only when no warehouse has the order under any key. ShipBob files
 * orders under the Shopify order's numeric id, so a lookup by the order number alone would miss them.
 */
import { normaliseWebhook } from '../../../nodes/lib/connectors/shopify/normalise';
import { defaultPolicy } from '../../../nodes/lib/order/policy';
import { reconcile } from '../../../nodes/lib/order/reconcile';
import type { Observation } from '../../../nodes/lib/order/types';
import { DAY } from '../../sandbox/world/generate';
import type { WorldOrder } from '../../sandbox/world/model';
import { projectShopifyOrder } from '../../sandbox/world/projectShopify';
import { restOrderPayload } from '../../sandbox/world/webhooks';
import { startWorldSandbox, type WorldSandbox } from '../../sandbox/world/worldSandbox';
import { rereadHeld, toConfirmOf } from './runPipeline';

jest.setTimeout(120_000);

describe('the re-read before a not-sent case opens (seed 42, 120 orders)', () => {
	let sandbox: WorldSandbox;
	// Two days after the end: every order waiting anywhere is past the 4 business hour limit by then.
	let now: string;
	beforeAll(async () => {
		sandbox = await startWorldSandbox({ seed: 42, orders: 120, injectFailures: false });
		sandbox.setNow(sandbox.world.endMs + 2 * DAY);
		now = new Date(sandbox.nowMs()).toISOString();
	});
	afterAll(() => sandbox?.close());

	/** What the processor has when only Shopify's webhook came: the order, unfulfilled, nobody's warehouse record. */
	const shopifyOnly = (order: WorldOrder): Observation[] =>
		normaliseWebhook('orders/create', restOrderPayload(projectShopifyOrder(order, order.placedAtMs)), {
			receivedAt: new Date(order.placedAtMs).toISOString(),
			eventId: `evt-${order.key}`,
		}).observations;

	async function confirm(order: WorldOrder) {
		const policy = defaultPolicy();
		const first = reconcile(null, shopifyOnly(order), policy, now);
		const held = toConfirmOf(first);
		const { observations, calls } = await rereadHeld(sandbox.baseUrl, now, held, new Map([[order.key, first.record]]));
		const second = reconcile(null, [...shopifyOnly(order), ...observations], policy, now);
		return { first, held, observations, calls, second };
	}

	it('an order ShipBob has under the Shopify order id: held back, re-read, found, no case', async () => {
		const order = sandbox.world.orders.find((o) => o.fulfiller === 'shipbob' && o.story === 'at_warehouse')!;
		const { first, held, observations, calls, second } = await confirm(order);
		expect(first.opened.map((c) => c.type)).not.toContain('not_sent_to_fulfillment');
		expect(held.map((h) => h.type)).toEqual(['not_sent_to_fulfillment']);
		expect(calls.shipbob).toBeGreaterThan(0);
		const lookups = observations.filter((o) => o.kind === 'lookup' && o.source === 'shipbob');
		expect(lookups.map((o) => (o.data as { found: boolean }).found)).toEqual([true]);
		expect((lookups[0].data as { keys: string[] }).keys).toContain(
			`reference_id:${projectShopifyOrder(order, sandbox.nowMs()).legacyResourceId}`,
		);
		expect(second.record.openExceptionTypes).not.toContain('not_sent_to_fulfillment');
		expect(toConfirmOf(second)).toEqual([]);
	});

	it(
		'an order no warehouse has under any key: ' + 'held back, re-read, confirmed, the case opens with the keys asked',
		async () => {
			const order = sandbox.world.orders.find((o) => o.plant === 'not_sent_to_fulfillment')!;
			const { held, observations, second } = await confirm(order);
			expect(held.map((h) => h.type)).toEqual(['not_sent_to_fulfillment']);
			const misses = observations.filter((o) => o.kind === 'lookup' && !(o.data as { found: boolean }).found);
			expect(new Set(misses.map((o) => o.source))).toEqual(new Set(['shipstation', 'shipbob', 'shipmonk']));
			expect(second.opened.map((c) => c.type)).toContain('not_sent_to_fulfillment');
			expect(toConfirmOf(second)).toEqual([]);
		},
	);
});
