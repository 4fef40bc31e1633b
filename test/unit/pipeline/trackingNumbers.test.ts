/** Which tracking numbers to ask the carriers about: each rule of trackingNumbersToRead and parcelsStillMoving. */
import { parcelsStillMoving, trackingNumbersToRead } from '../../../nodes/lib/pipeline';
import { observation, parcel, record } from './fixtures';

const tracked = (trackingNumber: unknown) => observation('shipstation', 'shipment', { trackingNumber });

describe('trackingNumbersToRead', () => {
	it('every number from the facts in hand, trimmed, each once, in the order first seen', () => {
		const numbers = trackingNumbersToRead([tracked(' 1ZB '), tracked('1ZA'), tracked('1ZB')], null);
		expect(numbers).toEqual(['1ZB', '1ZA']);
	});

	it('ignores blanks and values that are not text', () => {
		expect(trackingNumbersToRead([tracked(''), tracked('  '), tracked(42), tracked(null)], null)).toEqual([]);
	});

	it("adds the stored parcels still on their way, after the facts' numbers", () => {
		const stored = record({
			shipments: [
				parcel('1ZC', { trackingStatus: 'in_transit' }),
				parcel('1ZD'),
				parcel('1ZE', { trackingStatus: 'delivered' }),
				parcel('1ZF', { trackingStatus: 'returned_to_sender' }),
				parcel('ss:9', { trackingNumber: null }),
				parcel('1ZA', { trackingStatus: 'exception' }),
			],
		});
		expect(trackingNumbersToRead([tracked('1ZA')], stored)).toEqual(['1ZA', '1ZC', '1ZD']);
	});

	it('skips a fact or parcel that is not an object instead of failing the run (the Code node threw)', () => {
		const stored = record({ shipments: [null as never, parcel('1ZC')] });
		expect(trackingNumbersToRead([null as never, tracked('1ZA')], stored)).toEqual(['1ZA', '1ZC']);
	});
});

describe('parcelsStillMoving', () => {
	it('each parcel with a number not delivered or returned, with its order and carrier, as stored', () => {
		const stored = record({
			orderKey: '1002',
			shipments: [
				parcel('1ZC', { trackingStatus: 'in_transit', carrier: 'UPS' }),
				parcel('1ZD', { carrier: null }),
				parcel('1ZE', { trackingStatus: 'delivered', carrier: 'UPS' }),
				parcel('1ZF', { trackingStatus: 'returned_to_sender' }),
				parcel('ss:9', { trackingNumber: null }),
			],
		});
		expect(parcelsStillMoving(stored)).toEqual([
			{ orderKey: '1002', trackingNumber: '1ZC', trackingCompany: 'UPS' },
			{ orderKey: '1002', trackingNumber: '1ZD', trackingCompany: '' },
		]);
	});

	it('skips a parcel that is not an object, and shipments not a list (difference 7: the Code node threw)', () => {
		expect(parcelsStillMoving(record({ shipments: [null as never, parcel('1ZC')] }))).toHaveLength(1);
		expect(parcelsStillMoving(record({ shipments: {} as never }))).toEqual([]);
	});
});
