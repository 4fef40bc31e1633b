/**
 * ShipStation writes exactly once when ShipStation acts but its answer is lost: the simulator marks the
 * order shipped (changes its ship-to, subscribes the webhook), then the transport loses the answer.
 */
import { shipStationTransport, ShipStationV1Client } from '../../../nodes/lib/connectors/shipstation';
import { createShipStationSim, inProcessTransport } from '../../sandbox/vendors/shipstation';
import { acceptThenFail, AMBIGUOUS_MODES, callTo, type AmbiguousMode } from '../../helpers/ambiguous';
import { createVirtualClock } from '../../helpers/virtualClock';

function setup(mode: AmbiguousMode, path: string, times: number) {
	const clock = createVirtualClock(Date.UTC(2026, 2, 10, 12));
	const sim = createShipStationSim({ seed: 5, orders: 6, now: clock.now, record: true });
	const flaky = acceptThenFail(inProcessTransport(sim), { match: callTo('POST', path), mode, times });
	const transport = shipStationTransport(flaky, { clock, retry: { random: () => 0.5 } });
	const client = new ShipStationV1Client({
		transport,
		baseUrl: sim.baseUrl,
		auth: { apiKey: 'ss-key', apiSecret: 'ss-secret' },
		clock,
	});
	const accepted = () => sim.requests.filter((r) => r.path.endsWith(path) && r.status < 300).length;
	return { sim, client, flaky, accepted };
}

describe('ShipStation writes under lost answers', () => {
	it.each(AMBIGUOUS_MODES.flatMap((m) => [1, 5].map((n) => [m, n] as const)))(
		'markasshipped, %s on up to %i sends: marked once, the order adopted',
		async (mode, times) => {
			const { sim, client, flaky, accepted } = setup(mode, '/orders/markasshipped', times);
			const order = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
			const result = await client.markAsShipped({ orderId: order.orderId, carrierCode: 'ups', trackingNumber: '1Z1' });
			expect(result).toEqual({ orderId: order.orderId, orderNumber: order.orderNumber });
			expect(accepted()).toBe(1);
			expect(flaky.injected).toBe(1);
			expect(sim.orders.find((o) => o.orderId === order.orderId)!.orderStatus).toBe('shipped');
		},
	);

	it.each(AMBIGUOUS_MODES.flatMap((m) => [1, 5].map((n) => [m, n] as const)))(
		'createorder with a new ship-to, %s on up to %i sends: updated once, the address adopted',
		async (mode, times) => {
			const { sim, client, flaky, accepted } = setup(mode, '/orders/createorder', times);
			const order = sim.orders.find((o) => o.orderStatus === 'awaiting_shipment')!;
			const result = await client.updateShippingAddress(order, { street1: '1 NEW ST', city: 'CHICAGO' });
			expect(accepted()).toBe(1);
			expect(flaky.injected).toBe(1);
			expect(result.shipTo).toMatchObject({ street1: '1 NEW ST', city: 'CHICAGO' });
			expect(sim.orders.find((o) => o.orderId === order.orderId)!.shipTo.street1).toBe('1 NEW ST');
		},
	);

	it.each(AMBIGUOUS_MODES)('webhooks/subscribe, %s: one webhook, its real id adopted', async (mode) => {
		const { client, accepted } = setup(mode, '/webhooks/subscribe', 5);
		const request = {
			target_url: 'https://n8n.example.com/webhook/ss',
			event: 'SHIP_NOTIFY' as const,
			store_id: null,
			friendly_name: 'n8n',
		};
		const result = await client.subscribeWebhook(request);
		const hooks = await client.listWebhooks();
		expect(accepted()).toBe(1);
		expect(hooks).toHaveLength(1);
		expect(result.id).toBe(hooks[0].WebHookID);
	});
});
