/**
 * sameShipTo / shipToDifferences: whether a warehouse already holds the ship-to a write would set (the test
 * an address change uses to adopt an earlier write instead of repeating it, and to confirm its own).
 */
import { sameShipTo, shipToDifferences } from '../../../nodes/lib/order/address';
import type { Address } from '../../../nodes/lib/order/types';

const wanted: Address = {
	name: 'Ann Lee',
	company: null,
	address1: '1 New St',
	address2: 'Apt 4',
	city: 'Chicago',
	province: null,
	provinceCode: 'IL',
	zip: '60607',
	country: null,
	countryCode: 'US',
	phone: '555-0101',
};

describe('sameShipTo', () => {
	it('is the same address after trimming, with codes in any case and postcodes in any spacing', () => {
		const held: Address = {
			...wanted,
			name: '  Ann   Lee ',
			address1: '1 New St ',
			provinceCode: 'il',
			countryCode: ' us',
			zip: '606 07',
		};
		expect(sameShipTo(held, wanted)).toBe(true);
		expect(sameShipTo({ ...wanted, zip: 'sw1a 1aa' }, { ...wanted, zip: 'SW1A1AA' })).toBe(true);
	});

	it('is not the same address when a street, city, name or phone differs (case counts outside codes)', () => {
		expect(shipToDifferences({ ...wanted, address1: '1 NEW ST' }, wanted)).toEqual(['address1']);
		expect(shipToDifferences({ ...wanted, city: 'Evanston', phone: '555-0199' }, wanted)).toEqual(['city', 'phone']);
		expect(shipToDifferences({ ...wanted, name: 'Ann Li' }, wanted)).toEqual(['name']);
	});

	it('treats an empty field and a missing one alike, and a leftover apartment line as a difference', () => {
		expect(sameShipTo({ ...wanted, company: '' }, wanted)).toBe(true);
		expect(sameShipTo({ ...wanted, company: undefined }, wanted)).toBe(true);
		expect(shipToDifferences(wanted, { ...wanted, address2: null })).toEqual(['address2']);
	});

	it('takes a province or country as name or code, whichever each side keeps', () => {
		// ShipBob keeps only `state`; ShipHero keeps the name beside the code.
		expect(sameShipTo({ ...wanted, province: 'IL', provinceCode: null }, wanted)).toBe(true);
		expect(sameShipTo({ ...wanted, province: 'Illinois', provinceCode: 'IL' }, wanted)).toBe(true);
		expect(sameShipTo({ ...wanted, country: 'US', countryCode: null }, wanted)).toBe(true);
		expect(shipToDifferences({ ...wanted, province: null, provinceCode: 'WI' }, wanted)).toEqual(['province']);
		expect(shipToDifferences({ ...wanted, province: null, provinceCode: null }, wanted)).toEqual(['province']);
	});

	it('compares only the fields the wanted address gives (undefined is "not set by this write")', () => {
		const held: Address = { ...wanted, phone: '555-0199', company: 'Acme' };
		expect(sameShipTo(held, { address1: '1 New St', city: 'Chicago', provinceCode: 'IL' })).toBe(true);
		expect(sameShipTo(held, { address1: '1 New St', phone: null })).toBe(false);
	});

	it('a warehouse that holds no address does not hold this one', () => {
		expect(sameShipTo(null, wanted)).toBe(false);
		expect(sameShipTo(undefined, wanted)).toBe(false);
		expect(shipToDifferences(null, wanted)).toEqual([
			'name',
			'address1',
			'address2',
			'city',
			'province',
			'zip',
			'country',
			'phone',
		]);
	});
});
