import {
	carrierFromCompany,
	cleanTrackingNumber,
	detectCarrier,
	detectFromNumber,
	hasValidMod10,
	hasValidS10,
} from '../../../nodes/lib/connectors/carriers/detect';

describe('detectFromNumber', () => {
	it.each([
		['1Z999AA10123456784', 'ups', 'high'],
		['1z 999 aa1 01234 5678 4', 'ups', 'high'],
		['9400111899223197428497', 'usps', 'high'],
		['EA123456785US', 'usps', 'high'],
		['RR123456785DE', 'dhl', 'high'],
		['JJD0099999999', 'dhl', 'high'],
		['GM2951173225174494', 'dhl', 'high'],
		['00340434292135100186', 'dhl', 'high'],
		['9612345678901234567890', 'fedex', 'high'],
		['794843185271', 'fedex', 'medium'],
		['123456789012345', 'fedex', 'medium'],
		['1234567890', 'dhl', 'medium'],
	])('%s -> %s (%s)', (number, carrier, confidence) => {
		const detection = detectFromNumber(number);
		expect(detection.carrier).toBe(carrier);
		expect(detection.confidence).toBe(confidence);
		expect(detection.basis).toBe('format');
	});

	it('a USPS-shaped number with a wrong check digit is low confidence, not high', () => {
		expect(hasValidMod10('9400111899223197428497')).toBe(true);
		expect(hasValidMod10('9400111899223197428490')).toBe(false);
		expect(detectFromNumber('9400111899223197428490').confidence).toBe('low');
	});

	it('S10 check digits are verified', () => {
		expect(hasValidS10('EA123456785US')).toBe(true);
		expect(hasValidS10('EA123456784US')).toBe(false);
		expect(detectFromNumber('EA123456784US').carrier).toBeNull();
	});

	it('an unrecognisable number names itself in the reason', () => {
		const detection = detectFromNumber('hello-world');
		expect(detection.carrier).toBeNull();
		expect(detection.candidates).toEqual([]);
		expect(detection.reason).toContain('HELLOWORLD');
	});

	it('cleans spaces and dashes', () => {
		expect(cleanTrackingNumber(' 1z-999 aa1 ')).toBe('1Z999AA1');
	});
});

describe("carrierFromCompany (Shopify's tracking company)", () => {
	it.each([
		['UPS', 'ups'],
		['USPS', 'usps'],
		['United States Postal Service', 'usps'],
		['FedEx', 'fedex'],
		['Fedex SmartPost', 'fedex'],
		['Federal Express', 'fedex'],
		['DHL Express', 'dhl'],
		['DHL eCommerce Asia', 'dhl'],
		['Canada Post', null],
		['', null],
		[null, null],
	])('%s -> %s', (company, carrier) => {
		expect(carrierFromCompany(company as string | null)).toBe(carrier);
	});

	it('does not read "usps" as UPS', () => {
		expect(carrierFromCompany('usps')).toBe('usps');
	});
});

describe('detectCarrier combines both', () => {
	it('the company decides when the number is ambiguous', () => {
		const detection = detectCarrier({ trackingNumber: '794843185271', company: 'DHL Express' });
		expect(detection).toMatchObject({ carrier: 'dhl', basis: 'company', confidence: 'high' });
		expect(detection.candidates).toEqual(['dhl', 'fedex']);
	});

	it('an unmistakable number overrides a contradicting company (typo in the company field)', () => {
		const detection = detectCarrier({ trackingNumber: '1Z999AA10123456784', company: 'FedEx' });
		expect(detection.carrier).toBe('ups');
		expect(detection.basis).toBe('format');
		expect(detection.reason).toContain('contradicts');
	});

	it('an unknown company falls back to the number', () => {
		expect(detectCarrier({ trackingNumber: '1Z999AA10123456784', company: 'Other' }).carrier).toBe('ups');
	});

	it('nothing to go on gives a null carrier with a reason', () => {
		const detection = detectCarrier({});
		expect(detection.carrier).toBeNull();
		expect(detection.reason).toMatch(/neither/);
	});
});
