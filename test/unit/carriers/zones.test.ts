/**
 * Which zone a carrier's place is in, and how wall times and promises are read. Expected zones are the
 * IANA zone.tab facts (one zone for Germany; Tennessee split Eastern/Central; the Canary Islands an hour
 * behind Madrid); expected instants are plain offset arithmetic on those zones.
 */
import {
	canonicalZone,
	countryCodeOf,
	parseLocality,
	placeWallTime,
	stateOfPostalCode,
	zoneOfPlace,
	zoneOfScan,
} from '../../../nodes/lib/connectors/carriers/zones';
import { readPromise, wallTimeAt } from '../../../nodes/lib/connectors/carriers/times';

const YEAR = { year: 2026 };

describe('zoneOfPlace', () => {
	it('a single-zone country resolves from the country alone (code, DHL name, or alias)', () => {
		expect(zoneOfPlace({ countryCode: 'DE' }, YEAR).zone).toBe('Europe/Berlin');
		expect(zoneOfPlace({ locality: 'LEIPZIG - GERMANY' }, YEAR).zone).toBe('Europe/Berlin');
		expect(zoneOfPlace({ locality: 'EAST MIDLANDS - UK' }, YEAR).zone).toBe('Europe/London');
		expect(zoneOfPlace({ locality: 'HONG KONG - HONG KONG SAR, CHINA' }, YEAR).zone).toBe('Asia/Hong_Kong');
		expect(zoneOfPlace({ countryCode: 'IN' }, YEAR)).toMatchObject({ zone: 'Asia/Kolkata', via: 'country' });
	});

	it('a multi-zone country needs the state or the city', () => {
		expect(zoneOfPlace({ countryCode: 'US', state: 'OH' }, YEAR)).toMatchObject({
			zone: 'America/New_York',
			via: 'state',
		});
		expect(zoneOfPlace({ countryCode: 'US', state: 'TN', city: 'Nashville' }, YEAR)).toMatchObject({
			zone: 'America/Chicago',
			via: 'city',
		});
		expect(zoneOfPlace({ countryCode: 'US', state: 'TN', city: 'Knoxville' }, YEAR)).toMatchObject({
			zone: 'America/New_York',
			via: 'city',
		});
		expect(zoneOfPlace({ countryCode: 'US', locality: 'MEMPHIS - USA' }, YEAR).zone).toBe('America/Chicago');
		expect(zoneOfPlace({ countryCode: 'US', locality: 'CINCINNATI HUB - USA' }, YEAR).zone).toBe('America/New_York');
		expect(zoneOfPlace({ countryCode: 'US', locality: 'BOULDER, CO - USA' }, YEAR).zone).toBe('America/Denver');
		expect(zoneOfPlace({ countryCode: 'ES', locality: 'Las Palmas' }, YEAR).zone).toBe('Atlantic/Canary');
		expect(zoneOfPlace({ countryCode: 'CA', state: 'ON', city: 'Toronto' }, YEAR).zone).toBe('America/Toronto');
		expect(zoneOfPlace({ countryCode: 'US', state: 'KY', city: 'Louisville' }, YEAR).zone).toBe(
			'America/Kentucky/Louisville',
		);
	});

	it('a postal code names the state when nothing else does (US ZIP prefix, Canadian first letter)', () => {
		expect(stateOfPostalCode('US', '43215')).toBe('OH');
		expect(stateOfPostalCode('US', '80302-1234')).toBe('CO');
		expect(stateOfPostalCode('US', '37203')).toBe('TN');
		expect(stateOfPostalCode('CA', 'M5V 3L9')).toBe('ON');
		expect(stateOfPostalCode('DE', '04435')).toBeNull();
		expect(zoneOfPlace({ countryCode: 'US', postalCode: '43215' }, YEAR)).toMatchObject({
			zone: 'America/New_York',
			via: 'state',
		});
		expect(zoneOfPlace({ countryCode: 'US', postalCode: '80302' }, YEAR).zone).toBe('America/Denver');
		// Tennessee has two clocks: the ZIP alone does not decide.
		expect(zoneOfPlace({ countryCode: 'US', postalCode: '37203' }, YEAR).zone).toBeNull();
	});

	it('is honest when the place leaves zones with different clocks: no zone, the candidates listed', () => {
		const usOnly = zoneOfPlace({ countryCode: 'US' }, YEAR);
		expect(usOnly.zone).toBeNull();
		expect(usOnly.candidates).toEqual(
			expect.arrayContaining(['America/New_York', 'America/Chicago', 'America/Los_Angeles']),
		);
		expect(zoneOfPlace({ countryCode: 'US', state: 'TN', city: 'Smallville' }, YEAR)).toMatchObject({
			zone: null,
			candidates: ['America/Chicago', 'America/New_York'],
		});
		expect(zoneOfPlace({ countryCode: 'ES', locality: 'Nowhere' }, YEAR).zone).toBeNull();
		expect(zoneOfPlace({ locality: 'SOMEWHERE' }, YEAR)).toEqual({ zone: null, candidates: [], via: 'none' });
	});

	it('zones that keep the same clock all year count as one (Berlin and Busingen)', () => {
		expect(zoneOfPlace({ countryCode: 'DE' }, YEAR).candidates).toEqual(
			expect.arrayContaining(['Europe/Berlin', 'Europe/Busingen']),
		);
	});
});

describe('reading the carrier words for a place', () => {
	it('parses DHL and USPS locality text', () => {
		expect(parseLocality('CINCINNATI HUB, OH - USA')).toMatchObject({ state: 'OH', country: 'USA' });
		expect(parseLocality('CINCINNATI HUB, OH - USA').names).toContain('CINCINNATI');
		expect(parseLocality('RENO NV DISTRIBUTION CENTER')).toMatchObject({ state: 'NV' });
		expect(parseLocality('RENO NV DISTRIBUTION CENTER').names).toContain('RENO');
		expect(parseLocality('Oderweg 2, AMSTERDAM').names).toContain('AMSTERDAM');
	});

	it('names countries from codes, English names and carrier aliases', () => {
		expect(countryCodeOf('de')).toBe('DE');
		expect(countryCodeOf('GERMANY')).toBe('DE');
		expect(countryCodeOf('USA')).toBe('US');
		expect(countryCodeOf('CHINA MAINLAND')).toBe('CN');
		expect(countryCodeOf('Atlantis')).toBeNull();
	});

	it('writes the canonical IANA names, not ICU aliases', () => {
		expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
		expect(canonicalZone('America/Indianapolis')).toBe('America/Indiana/Indianapolis');
		expect(canonicalZone('Europe/Paris')).toBe('Europe/Paris');
	});
});

describe('placeWallTime (a wall time without offset)', () => {
	it('places it in the zone of its place', () => {
		expect(placeWallTime('2026-11-30T14:05:00', { countryCode: 'DE', locality: 'LEIPZIG - GERMANY' })).toEqual({
			at: '2026-11-30T14:05:00+01:00',
			timeZone: 'Europe/Berlin',
			atUncertain: false,
		});
		expect(placeWallTime('2026-07-01T14:05:00', { locality: 'LEIPZIG - GERMANY' })!.at).toBe(
			'2026-07-01T14:05:00+02:00',
		);
	});

	it('with the zone unknown keeps it at the LATEST instant it can mean (UTC-12), flagged', () => {
		const placed = placeWallTime('2026-12-01T07:15:00', { countryCode: 'US' })!;
		expect(placed).toEqual({ at: '2026-12-01T07:15:00-12:00', timeZone: null, atUncertain: true });
		expect(new Date(placed.at).toISOString()).toBe('2026-12-01T19:15:00.000Z');
	});

	it('a place whose candidate zones agree at that very time gives a certain instant (Arizona in winter)', () => {
		expect(placeWallTime('2026-12-01T10:00:00', { countryCode: 'US', state: 'AZ', city: 'Kayenta' })).toMatchObject({
			at: '2026-12-01T10:00:00-07:00',
			atUncertain: false,
		});
		expect(placeWallTime('2026-07-01T10:00:00', { countryCode: 'US', state: 'AZ', city: 'Kayenta' })).toMatchObject({
			timeZone: null,
			atUncertain: true,
		});
	});

	it('refuses what is not a wall time', () => {
		expect(placeWallTime('2026-02-30T10:00:00', { countryCode: 'DE' })).toBeNull();
		expect(placeWallTime('yesterday', { countryCode: 'DE' })).toBeNull();
	});
});

describe('zoneOfScan (instant and offset known)', () => {
	it('the place zone when its clock shows that offset', () => {
		expect(
			zoneOfScan({ countryCode: 'US', state: 'AZ', city: 'Phoenix' }, Date.parse('2026-12-07T21:12:07Z'), -420),
		).toBe('America/Phoenix');
	});

	it('a US scan with only the country: the zones showing that offset then, if they keep one clock all year', () => {
		expect(zoneOfScan({ countryCode: 'US' }, Date.parse('2026-12-01T21:05:12Z'), -300)).toBe('America/New_York');
		// -07:00 in July is both Pacific daylight time and Arizona: no single zone.
		expect(zoneOfScan({ countryCode: 'US' }, Date.parse('2026-07-01T21:05:12Z'), -420)).toBeNull();
	});
});

describe('readPromise (estimates, commitments, window edges)', () => {
	it('a value at midnight in its own clock is the date (FedEx, DHL)', () => {
		expect(readPromise('2026-12-03T00:00:00-06:00', null)).toEqual({
			value: '2026-12-03',
			uncertain: false,
			invalid: false,
		});
		expect(readPromise('2018-08-03T00:00:00Z', null).value).toBe('2018-08-03');
		expect(readPromise('2026-12-02T00:00:00', null).value).toBe('2026-12-02');
		expect(readPromise('2026-12-02', null).value).toBe('2026-12-02');
		expect(readPromise('20261202', null).value).toBe('2026-12-02');
	});

	it('a time of day is an instant: with its offset, or placed at the destination', () => {
		expect(readPromise('2026-12-04T13:00:00-06:00', null).value).toBe('2026-12-04T13:00:00-06:00');
		expect(readPromise('2026-12-04T13:00:00', 'America/Chicago').value).toBe('2026-12-04T13:00:00-06:00');
	});

	it('a local time with the destination unknown is read at UTC-12 and flagged', () => {
		expect(readPromise('2026-12-04T13:00:00', null)).toEqual({
			value: '2026-12-04T13:00:00-12:00',
			uncertain: true,
			invalid: false,
		});
	});

	it('absent is null, garbage is invalid (the caller warns)', () => {
		expect(readPromise(undefined, null)).toEqual({ value: null, uncertain: false, invalid: false });
		expect(readPromise('', null).invalid).toBe(false);
		expect(readPromise('soon', null)).toEqual({ value: null, uncertain: false, invalid: true });
		expect(readPromise(42, null).invalid).toBe(true);
	});

	it('wallTimeAt places a destination-local time, or reads it at UTC-12', () => {
		expect(wallTimeAt('2026-12-07T12:30:00', 'America/Phoenix')).toEqual({
			at: '2026-12-07T12:30:00-07:00',
			uncertain: false,
		});
		expect(wallTimeAt('2026-12-07T12:30:00', null)).toEqual({ at: '2026-12-07T12:30:00-12:00', uncertain: true });
	});
});
