/**
 * Issue 17: the record keeps where the newest carrier scan was (and its zone), so the customer's page can say
 * "Ontario, CA at 12:00" without the scan list, which the record does not keep.
 */
import { defaultPolicy, reconcile, type Observation } from '../../../nodes/lib/order';
import { at, obs } from './arbitraries';

const order = obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
	name: '#1001',
	createdAt: at(0),
	financialStatus: 'PAID',
	fulfillmentStatus: 'FULFILLED',
});
const ship = obs('shopify', 'shipment', 'f-1', 5, { shipmentId: 'f-1', trackingNumber: '1Z1', carrier: 'UPS' });
const read = (h: number, events: Array<Record<string, unknown>>) =>
	obs('ups', 'tracking', '1Z1', h, {
		trackingNumber: '1Z1',
		carrier: 'UPS',
		status: 'in_transit',
		rawStatus: 'I',
		events: events as never,
	});
const shipmentOf = (list: Observation[]) => reconcile(null, list, defaultPolicy(), at(40)).record.shipments[0];

describe('the newest scan keeps its place', () => {
	it("is the newest physical scan's place and zone, not a label event's", () => {
		const s = shipmentOf([
			order,
			ship,
			read(30, [
				{ at: at(31), status: 'pre_transit', location: 'Label printed, Memphis', physicalScan: false },
				{ at: at(30), status: 'in_transit', location: 'Ontario, CA, US', timeZone: 'America/Los_Angeles' },
				{ at: at(20), status: 'in_transit', location: 'Memphis, TN, US', timeZone: 'America/Chicago' },
			]),
		]);
		expect(s).toMatchObject({
			lastScanAt: at(30),
			lastScanPlace: 'Ontario, CA, US',
			lastScanTimeZone: 'America/Los_Angeles',
		});
	});

	it('comes from whichever read saw the newer scan, in any order', () => {
		const early = read(21, [{ at: at(20), status: 'in_transit', location: 'Memphis, TN, US' }]);
		const late = read(31, [{ at: at(30), status: 'in_transit', location: 'Ontario, CA, US' }]);
		const a = reconcile(null, [order, ship, early, late], defaultPolicy(), at(40)).record;
		const b = reconcile(
			reconcile(null, [late, ship], defaultPolicy(), at(40)).record,
			[early, order],
			defaultPolicy(),
			at(40),
		).record;
		expect(a.shipments[0].lastScanPlace).toBe('Ontario, CA, US');
		expect(b.shipments).toEqual(a.shipments);
		expect(b.facts).toEqual(a.facts);
	});

	it('is absent when the newest scan named no place (an older place would mislead)', () => {
		const s = shipmentOf([
			order,
			ship,
			read(31, [
				{ at: at(30), status: 'in_transit', location: null },
				{ at: at(20), status: 'in_transit', location: 'Memphis, TN, US' },
			]),
		]);
		expect(s.lastScanAt).toBe(at(30));
		expect(s.lastScanPlace).toBeUndefined();
	});
});
