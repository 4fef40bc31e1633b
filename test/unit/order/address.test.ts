/**
 * Address comparison (nodes/lib/order/address.ts). ShipStation hands addresses back USPS-normalised:
 * upper case, ZIP+4, USPS Publication 28 street-suffix (appendix C1), directional (appendix B) and
 * secondary-unit (appendix C2) abbreviations. That alone is never a difference.
 */
import { addressDifferences, addressKey, normaliseAddress } from '../../../nodes/lib/order';
import { normaliseCity, normaliseStreet, normaliseZip } from '../../../nodes/lib/order/address';

const typed = {
	address1: '123 North Main Street',
	address2: 'Suite 4',
	city: 'Springfield',
	province: 'Illinois',
	provinceCode: 'IL',
	zip: '62704',
	country: 'United States',
	countryCode: 'US',
};
// What ShipStation v1 returns for the same address after USPS
// validation (shipTo: street1/street2/city/state/postalCode/country).
const uspsCopy = {
	address1: '123 N MAIN ST',
	address2: 'STE 4',
	city: 'SPRINGFIELD',
	province: 'IL',
	zip: '62704-1234',
	country: 'US',
};

describe('normalised addresses', () => {
	test('a USPS-normalised upper-case ZIP+4 copy is the same address', () => {
		expect(addressDifferences(typed, uspsCopy)).toEqual([]);
		expect(addressKey(typed)).toBe(addressKey(uspsCopy));
		expect(normaliseAddress(uspsCopy)).toEqual({
			street: '123 N MAIN ST # 4',
			city: 'SPRINGFIELD',
			province: 'IL',
			zip: '62704',
			country: 'US',
		});
	});

	test.each([
		['Avenue', '500 Fifth Avenue', '500 FIFTH AVE'],
		['Boulevard, directional', '12 Northwest Sunset Boulevard', '12 NW SUNSET BLVD'],
		['punctuation and case', '55 w. 3rd Ave., Apt. #12', '55 W 3RD AVE # 12'],
		['apartment, suite and # are one unit', '9 Elm St Apt 2', '9 ELM ST # 2'],
		['Saint', '1 Saint James Place', '1 ST JAMES PL'],
		['accents', '7 Rue Générale', '7 RUE GENERALE'],
	])('street: %s', (_name, input, expected) => {
		expect(normaliseStreet(input)).toBe(expected);
	});

	test('city and ZIP', () => {
		expect(normaliseCity('St. Louis')).toBe(normaliseCity('SAINT LOUIS'));
		expect(normaliseZip('62704-1234', 'US')).toBe('62704');
		expect(normaliseZip('627041234', 'US')).toBe('62704');
		expect(normaliseZip('sw1a 1aa', 'GB')).toBe('SW1A1AA');
	});

	test('state and country names equal their codes', () => {
		expect(
			addressDifferences({ ...typed, provinceCode: null, province: 'California' }, { ...typed, provinceCode: 'CA' }),
		).toEqual([]);
		expect(
			addressDifferences({ ...typed, countryCode: null, country: 'United States' }, { ...typed, countryCode: 'US' }),
		).toEqual([]);
	});

	test('a real change is named by field', () => {
		expect(addressDifferences(typed, { ...uspsCopy, address1: '125 N MAIN ST' })).toEqual(['street']);
		expect(addressDifferences(typed, { ...uspsCopy, zip: '62711-0001' })).toEqual(['zip']);
		expect(
			addressDifferences(typed, { address1: '9 Elm Avenue', city: 'Chicago', zip: '60601', countryCode: 'US' }),
		).toEqual(['street', 'city', 'zip']);
	});

	test('a field one side leaves out is not a difference; nothing to compare gives no verdict', () => {
		expect(addressDifferences(typed, { ...uspsCopy, country: null, province: null })).toEqual([]);
		expect(addressDifferences(typed, null)).toEqual([]);
		expect(normaliseAddress({ name: 'Only a name' })).toBeNull();
	});
});
