import { DateTime } from 'luxon';

import { ValidationError } from '../../../nodes/lib/http/errors';
import {
	mapOrderStatus,
	mapTrackingCode,
	orderKeyFromOrderNumber,
	orderToObservation,
	shipStationTimeToIso,
	shipmentToObservation,
	trackingToObservation,
} from '../../../nodes/lib/connectors/shipstation/normalise';
import { FULFILLMENT_STATUSES, TRACKING_STATUSES } from '../../../nodes/lib/order/types';
import { createShipStationSim } from '../../sandbox/vendors/shipstation';
import { orderFixture, shipmentFixture } from './fixtures';

const RECEIVED = '2026-03-05T12:00:00.000Z';

describe('ShipStation order -> fulfillment observation', () => {
	it.each([
		['awaiting_payment', 'on_hold', 'payment'],
		['awaiting_shipment', 'received', null],
		['pending_fulfillment', 'processing', null],
		['shipped', 'shipped', null],
		['on_hold', 'on_hold', 'other'],
		['cancelled', 'cancelled', null],
	])('maps %s to %s (hold reason %s) and keeps the raw status', (raw, status, holdReason) => {
		const observation = orderToObservation(orderFixture({ orderStatus: raw }), RECEIVED);
		expect(observation.data.status).toBe(status);
		expect(observation.data.holdReason).toBe(holdReason);
		expect(observation.data.rawStatus).toBe(raw);
	});

	it('maps an unknown status to unknown, keeps the raw value and says so, never drops it', () => {
		const observation = orderToObservation(orderFixture({ orderStatus: 'awaiting_pickup_v9' }), RECEIVED);
		expect(observation.data.status).toBe('unknown');
		expect(observation.data.rawStatus).toBe('awaiting_pickup_v9');
		expect(observation.data.holdDetail).toContain('awaiting_pickup_v9');
		expect(observation.kind).toBe('fulfillment');
	});

	it('a non-string status is unknown too, with its text kept', () => {
		const observation = orderToObservation(orderFixture({ orderStatus: 7 as unknown as string }), RECEIVED);
		expect(observation.data).toMatchObject({ status: 'unknown', rawStatus: '7' });
	});

	it('every mapped status is a canonical fulfillment status', () => {
		for (const raw of [
			'awaiting_payment',
			'awaiting_shipment',
			'pending_fulfillment',
			'shipped',
			'on_hold',
			'cancelled',
			'x',
		]) {
			expect(FULFILLMENT_STATUSES).toContain(mapOrderStatus(raw).status);
		}
	});

	it('keys the order by its number without "#", carries orderId and the hold-until date', () => {
		const observation = orderToObservation(
			orderFixture({ orderNumber: '#1001', orderStatus: 'on_hold', holdUntilDate: '2026-12-01' }),
			RECEIVED,
		);
		expect(observation.orderKey).toBe('1001');
		expect(observation.sourceId).toBe('21533895');
		expect(observation.data.externalId).toBe('21533895');
		expect(observation.data.holdUntil).toBe('2026-12-01');
		expect(observation.data.holdDetail).toBe('Held in ShipStation until 2026-12-01');
	});

	it('leaves discount/adjustment lines out of the quantities and counts shipped lines only when shipped', () => {
		const awaiting = orderToObservation(orderFixture({ orderStatus: 'awaiting_shipment' }), RECEIVED);
		expect(awaiting.data.lines).toEqual([{ sku: 'ABC123', ordered: 2, shipped: 0 }]);
		const shipped = orderToObservation(orderFixture({ orderStatus: 'shipped' }), RECEIVED);
		expect(shipped.data.lines).toEqual([{ sku: 'ABC123', ordered: 2, shipped: 2 }]);
	});

	it('reads ShipStation times as US Pacific (PST in winter, PDT in summer)', () => {
		expect(shipStationTimeToIso('2021-01-23T09:19:48.6130000')).toBe('2021-01-23T17:19:48.613Z');
		expect(shipStationTimeToIso('2026-07-01T09:00:00.0000000')).toBe('2026-07-01T16:00:00.000Z');
		expect(shipStationTimeToIso('2026-07-01T09:00:00Z')).toBe('2026-07-01T09:00:00.000Z');
		expect(shipStationTimeToIso('not a date')).toBeNull();
		const observation = orderToObservation(orderFixture({ modifyDate: '2021-01-23T09:19:48.6130000' }), RECEIVED);
		expect(observation.occurredAt).toBe('2021-01-23T17:19:48.613Z');
	});

	it('places Pacific wall times across the DST changes (offset-less v1 timestamps)', () => {
		// Spring forward, 2026-03-08: 01:59 PST is 09:59Z; 03:00 PDT is 10:00Z; 02:30 does not exist on the
		// wall clock and is read as 03:30 PDT (luxon's rule), never as an hour earlier than a real time.
		expect(shipStationTimeToIso('2026-03-08T01:59:00.0000000')).toBe('2026-03-08T09:59:00.000Z');
		expect(shipStationTimeToIso('2026-03-08T03:00:00.0000000')).toBe('2026-03-08T10:00:00.000Z');
		expect(shipStationTimeToIso('2026-03-08T02:30:00.0000000')).toBe('2026-03-08T10:30:00.000Z');
		// Fall back, 2026-11-01: 00:59 PDT is 07:59Z; 02:00 PST is 10:00Z; 01:30 happens twice and is read
		// as its later occurrence (PST, 09:30Z), the project's rule for a wall time that can mean two
		// instants (types.ts TrackingEvent.atUncertain): a clock never starts early on a guess.
		expect(shipStationTimeToIso('2026-11-01T00:59:00.0000000')).toBe('2026-11-01T07:59:00.000Z');
		expect(shipStationTimeToIso('2026-11-01T02:00:00.0000000')).toBe('2026-11-01T10:00:00.000Z');
		expect(shipStationTimeToIso('2026-11-01T01:30:00.0000000')).toBe('2026-11-01T09:30:00.000Z');
		// The per-hour cache gives the same answer the second time.
		expect(shipStationTimeToIso('2026-03-08T02:45:00.0000000')).toBe('2026-03-08T10:45:00.000Z');
	});

	it('keeps the import time (createDate, Pacific) as importedAt, apart from the store order time', () => {
		const observation = orderToObservation(
			orderFixture({ orderDate: '2026-11-30T07:02:11.0000000', createDate: '2026-11-30T07:04:02.8270000' }),
			RECEIVED,
		);
		expect(observation.data.importedAt).toBe('2026-11-30T15:04:02.827Z');
	});

	it('gives the same key for the same version and a new key when the order changes', () => {
		const a = orderToObservation(orderFixture(), RECEIVED);
		const b = orderToObservation(orderFixture(), '2026-03-06T00:00:00.000Z');
		const c = orderToObservation(orderFixture({ modifyDate: '2026-03-06T01:00:00.0000000' }), RECEIVED);
		expect(a.key).toBe(b.key);
		expect(c.key).not.toBe(a.key);
	});

	it('maps the ship-to address into the canonical address', () => {
		const observation = orderToObservation(orderFixture(), RECEIVED);
		expect(observation.data.shippingAddress).toEqual({
			name: 'The President',
			company: 'US GOVT',
			address1: '1600 PENNSYLVANIA AVE NW',
			address2: 'OVAL OFFICE',
			city: 'WASHINGTON',
			provinceCode: 'DC',
			zip: '20500-0005',
			countryCode: 'US',
			phone: '555-555-5555',
		});
	});

	it('refuses a record without orderNumber or orderId, naming the field', () => {
		const noNumber = orderFixture();
		delete (noNumber as Partial<typeof noNumber>).orderNumber;
		expect(() => orderToObservation(noNumber, RECEIVED)).toThrow(
			expect.objectContaining({ name: 'ValidationError', field: 'orderNumber' }),
		);
		expect(() => orderToObservation(orderFixture({ orderId: 'x' as unknown as number }), RECEIVED)).toThrow(
			expect.objectContaining({ field: 'orderId' }),
		);
		expect(() => orderToObservation(null as never, RECEIVED)).toThrow(ValidationError);
		expect(() => orderKeyFromOrderNumber('  #  ')).toThrow(expect.objectContaining({ field: 'orderNumber' }));
	});

	it('normalises every generated order without throwing and with a canonical status', () => {
		const sim = createShipStationSim({ seed: 11, orders: 200 });
		for (const order of sim.orders) {
			const observation = orderToObservation(order, RECEIVED);
			expect(FULFILLMENT_STATUSES).toContain(observation.data.status);
			expect(observation.orderKey).toBe(order.orderNumber.replace('#', ''));
		}
	});
});

describe('ShipStation shipment -> shipment observation', () => {
	it('carries tracking number, carrier, ship date, voided flag and lines, keyed by shipment id', () => {
		const observation = shipmentToObservation(shipmentFixture(), RECEIVED);
		expect(observation).toMatchObject({
			source: 'shipstation',
			kind: 'shipment',
			sourceId: '72513480',
			orderKey: '1001',
			key: 'shipstation:shipment:72513480:created:items',
			occurredAt: '2026-03-02T17:15:00.123Z',
		});
		expect(observation.data).toEqual({
			shipmentId: '72513480',
			trackingNumber: '9400111899223197428490',
			carrier: 'stamps_com',
			// shipDate is a date without time or zone: kept as the warehouse's date, never UTC midnight.
			shippedAt: null,
			shippedOn: '2026-03-02',
			voided: false,
			lines: [{ sku: 'ABC123', lineId: 'vd08-MSLbtx', title: 'Test item #1', quantity: 2 }],
			rawStatus: 'label_created',
			direction: 'outbound',
		});
	});

	it('SHIP_NOTIFY (no items) and ITEM_SHIP_NOTIFY (items) of one label are two facts: their keys differ', () => {
		// ShipStation webhook model: ITEM_SHIP_NOTIFY's resource_url is scoped to the shipped items; SHIP_NOTIFY's lists
		// the shipment with shipmentItems null (fixture ship-notify-resource-1001). The ledger keeps the first event of a
		// key, so one key for both made the arrival order decide whether the lines were known.
		const withItems = shipmentToObservation(shipmentFixture(), RECEIVED);
		const without = shipmentToObservation(shipmentFixture({ shipmentItems: null }), RECEIVED);
		expect(without.data.lines).toBeUndefined();
		expect(without.key).toBe('shipstation:shipment:72513480:created');
		expect(withItems.key).not.toBe(without.key);
	});

	it('a return label (isReturnLabel) is a parcel coming back', () => {
		expect(shipmentToObservation(shipmentFixture({ isReturnLabel: true }), RECEIVED).data.direction).toBe('return');
	});

	it('a ship date is never an instant, whatever form it comes in', () => {
		for (const shipDate of ['2026-11-30', '2026-11-30T00:00:00.0000000']) {
			const data = shipmentToObservation(shipmentFixture({ shipDate }), RECEIVED).data;
			expect(data.shippedOn).toBe('2026-11-30');
			expect(data.shippedAt).toBeNull();
		}
	});

	it('a voided label is a different fact (new key) dated by its void date', () => {
		const voided = shipmentToObservation(
			shipmentFixture({ voided: true, voidDate: '2026-03-03T10:00:00.0000000' }),
			RECEIVED,
		);
		expect(voided.key).toBe('shipstation:shipment:72513480:voided:items');
		expect(voided.data.voided).toBe(true);
		expect(voided.occurredAt).toBe('2026-03-03T18:00:00.000Z');
	});

	it('no shipment items (includeShipmentItems=false) leaves lines undefined rather than empty', () => {
		expect(shipmentToObservation(shipmentFixture({ shipmentItems: null }), RECEIVED).data.lines).toBeUndefined();
		expect(shipmentToObservation(shipmentFixture({ trackingNumber: '' }), RECEIVED).data.trackingNumber).toBeNull();
	});

	it('refuses a shipment without shipmentId, naming the field', () => {
		expect(() =>
			shipmentToObservation(shipmentFixture({ shipmentId: undefined as unknown as number }), RECEIVED),
		).toThrow(expect.objectContaining({ field: 'shipmentId' }));
	});
});

describe('ShipStation v2 tracking -> tracking observation', () => {
	const sim = createShipStationSim({ seed: 2, orders: 4, shipments: 8 });

	it('uses the newest scan, maps detail codes, keeps the raw code', () => {
		const delivered = sim.shipments.find((s) => s.shipmentId % 4 === 3)!;
		const observation = trackingToObservation(
			sim.trackingFor(delivered),
			{ orderKey: '1001', labelId: `se-${delivered.shipmentId}`, carrier: 'usps' },
			RECEIVED,
		);
		expect(observation.data.status).toBe('delivered');
		expect(observation.data.rawStatus).toBe('DELIVERED');
		expect(observation.data.deliveredAt).toBe(observation.data.lastEventAt);
		expect(observation.data.events).toHaveLength(4);
		expect(observation.occurredAt).toBe(observation.data.lastEventAt);
		const accepted = sim.shipments.find((s) => s.shipmentId % 4 === 0)!;
		expect(
			trackingToObservation(sim.trackingFor(accepted), { orderKey: '1', labelId: 'se-1' }, RECEIVED).data.status,
		).toBe('pre_transit');
	});

	it('unknown codes map to unknown, every mapping is canonical', () => {
		expect(mapTrackingCode('SOMETHING_NEW')).toBe('unknown');
		expect(mapTrackingCode(undefined)).toBe('unknown');
		for (const code of ['DE', 'IT', 'AC', 'EX', 'AT', 'OUT_FOR_DELIVERY', 'RETURN_TO_SENDER', 'ATTEMPTED_DELIVERY']) {
			expect(TRACKING_STATUSES).toContain(mapTrackingCode(code));
		}
		expect(mapTrackingCode('RETURN_TO_SENDER')).toBe('returned_to_sender');
	});
});

describe('Pacific time conversion matches luxon around daylight-saving changes', () => {
	it('agrees with a full luxon conversion for every 20 minutes across both 2026 transitions', () => {
		for (const day of ['2026-03-07', '2026-03-08', '2026-03-09', '2026-10-31', '2026-11-01', '2026-11-02']) {
			for (let minute = 0; minute < 24 * 60; minute += 20) {
				const hh = String(Math.floor(minute / 60)).padStart(2, '0');
				const mm = String(minute % 60).padStart(2, '0');
				const local = `${day}T${hh}:${mm}:07.1234567`;
				const expected = DateTime.fromISO(local.slice(0, 23), { zone: 'America/Los_Angeles' }).toUTC().toISO();
				expect({ local, iso: shipStationTimeToIso(local) }).toEqual({ local, iso: expected });
			}
		}
	});
});
