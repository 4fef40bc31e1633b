/** The observations Carrier Tracking and Klaviyo emit are accepted by Order State's engine as they are. */
import { defaultPolicy } from '../../../nodes/lib/order/policy';
import { reconcile } from '../../../nodes/lib/order/reconcile';
import { validateObservation } from '../../../nodes/lib/order/validate';
import {
	createTracker,
	toTrackingObservation,
	trackAll,
	type CarrierCode,
} from '../../../nodes/lib/connectors/carriers';
import { toNotificationObservation } from '../../../nodes/lib/connectors/klaviyo';
import { createFedExSim } from '../../sandbox/vendors/fedex';
import { createUpsSim } from '../../sandbox/vendors/ups';
import { createUspsSim } from '../../sandbox/vendors/usps';
import { createDhlSim } from '../../sandbox/vendors/dhl';
import { SCENARIOS } from '../../sandbox/vendors/carrierScenarios';
import { shippedOrder } from '../klaviyo/fixtures';
import { simTransport } from './simTransport';

const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const sims = { ups: createUpsSim, fedex: createFedExSim, usps: createUspsSim, dhl: createDhlSim };
const numberFor: Record<CarrierCode, (i: number) => string> = {
	ups: (i) => `1Z999AA1012345${6780 + i}`,
	fedex: (i) => `79484318${5270 + i}`,
	usps: (i) => `94001118992231974${28400 + i}`,
	dhl: (i) => `123456${7800 + i}`,
};

describe.each(Object.keys(sims) as CarrierCode[])('%s tracking observations', (carrier) => {
	it('every scenario yields an observation validateObservation accepts', async () => {
		const numbers = SCENARIOS.map((_, i) => numberFor[carrier](i));
		const sim = sims[carrier]({
			now: () => NOW,
			quota: { limit: 100, windowMs: 1000 },
			scenarios: Object.fromEntries(numbers.map((n, i) => [n, SCENARIOS[i]])),
		});
		const credentials =
			carrier === 'dhl'
				? { apiKey: 'dhl-key', baseUrl: `https://sim.test/${carrier}` }
				: { clientId: `${carrier}-client`, clientSecret: `${carrier}-secret`, baseUrl: `https://sim.test/${carrier}` };
		const outcomes = await trackAll(createTracker(carrier, simTransport(sim), credentials), numbers);
		for (const number of numbers) {
			const observation = toTrackingObservation(outcomes.get(number)!.result!, {
				orderKey: '1001',
				receivedAt: new Date(NOW).toISOString(),
			});
			expect(validateObservation(observation)).toMatchObject({ ok: true });
		}
	});
});

describe('Order State folds them in', () => {
	it('a delivered FedEx scan moves the order to delivered', async () => {
		const number = '794843185271';
		const sim = createFedExSim({ now: () => NOW, scenarios: { [number]: 'delivered' } });
		const tracker = createTracker('fedex', simTransport(sim), {
			clientId: 'fedex-client',
			clientSecret: 'fedex-secret',
			baseUrl: 'https://sim.test/fedex',
		});
		const result = (await trackAll(tracker, [number])).get(number)!.result!;
		const receivedAt = new Date(NOW).toISOString();
		const observations = [
			{
				source: 'shopify',
				sourceId: 'gid://shopify/Order/1',
				orderKey: '1001',
				kind: 'order',
				occurredAt: '2026-11-15T10:00:00Z',
				receivedAt,
				key: 'o1',
				data: {
					name: '#1001',
					createdAt: '2026-11-15T10:00:00Z',
					financialStatus: 'PAID',
					fulfillmentStatus: 'FULFILLED',
					email: 'a@example.com',
				},
			},
			{
				source: 'shopify',
				sourceId: 'f1',
				orderKey: '1001',
				kind: 'shipment',
				occurredAt: '2026-11-16T10:00:00Z',
				receivedAt,
				key: 's1',
				data: { shipmentId: 'f1', trackingNumber: number, carrier: 'FedEx', shippedAt: '2026-11-16T10:00:00Z' },
			},
			toTrackingObservation(result, { orderKey: '1001', receivedAt }),
		];
		const { record, rejected } = reconcile(null, observations, defaultPolicy(), NOW);
		expect(rejected).toEqual([]);
		expect(record.stage).toBe('delivered');
		const shipment = record.shipments.find((s) => s.trackingNumber === number)!;
		expect(shipment.trackingStatus).toBe('delivered');
		// the engine stores instants in UTC; same instant as the carrier's local time with offset
		expect(Date.parse(shipment.deliveredAt!)).toBe(Date.parse(result.deliveredAt!));
	});

	it('a Klaviyo notification observation is accepted too', () => {
		const observation = toNotificationObservation(shippedOrder(), 'order_shipped', {
			uniqueId: 'pp:1001:order_shipped:1Z',
			shipmentKey: '1Z',
			sentAt: '2026-11-20T10:00:00.000Z',
		});
		expect(validateObservation(observation)).toMatchObject({ ok: true });
	});
});
