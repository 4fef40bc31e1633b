import type { CarrierCode } from './types';

export type Confidence = 'high' | 'medium' | 'low';

export interface Detection {
	carrier: CarrierCode | null;
	confidence: Confidence | null;
	/** Every carrier the evidence allows, most likely first: the node shows them when unsure. */
	candidates: CarrierCode[];
	/** Which evidence decided: 'company' (Shopify's tracking company), 'format' (the number), or 'none'. */
	basis: 'company' | 'format' | 'none';
	reason: string;
}

/** Tracking numbers are printed with spaces and dashes; carriers want them without. */
export function cleanTrackingNumber(raw: string): string {
	return raw.replace(/[\s-]+/g, '').toUpperCase();
}

/** GS1 mod-10 (weights 3,1 from the right): the IMpb check digit on USPS barcodes. */
export function hasValidMod10(digits: string): boolean {
	if (!/^\d+$/.test(digits) || digits.length < 2) return false;
	const body = digits.slice(0, -1);
	let sum = 0;
	for (let i = 0; i < body.length; i++) {
		const digit = Number(body[body.length - 1 - i]);
		sum += i % 2 === 0 ? digit * 3 : digit;
	}
	return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/** UPU S10 ('EA123456789US'): 8 digits weighted 8,6,4,2,3,5,9,7, then a mod-11 check digit. */
export function hasValidS10(number: string): boolean {
	const match = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(number);
	if (!match) return false;
	const weights = [8, 6, 4, 2, 3, 5, 9, 7];
	const sum = [...match[1]].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
	let check = 11 - (sum % 11);
	if (check === 10) check = 0;
	if (check === 11) check = 5;
	return check === Number(match[2]);
}

interface FormatRule {
	test: (n: string) => boolean;
	candidates: CarrierCode[];
	confidence: Confidence;
	reason: string;
}

// Order matters: the most specific shapes first.
const FORMAT_RULES: FormatRule[] = [
	{ test: (n) => /^1Z[0-9A-Z]{16}$/.test(n), candidates: ['ups'], confidence: 'high', reason: 'UPS 1Z number' },
	{
		test: (n) => /^(JJD\d{10,}|JVGL\d{6,}|GM\d{16,18}|00340434\d{12})$/.test(n),
		candidates: ['dhl'],
		confidence: 'high',
		reason: 'DHL eCommerce / Parcel / Express piece number',
	},
	{
		test: (n) => /^[A-Z]{2}\d{9}US$/.test(n) && hasValidS10(n),
		candidates: ['usps'],
		confidence: 'high',
		reason: 'UPU S10 number issued by the US (USPS)',
	},
	{
		test: (n) => /^[A-Z]{2}\d{9}DE$/.test(n) && hasValidS10(n),
		candidates: ['dhl'],
		confidence: 'high',
		reason: 'UPU S10 number issued by Germany (Deutsche Post DHL)',
	},
	{
		test: (n) => /^96\d{20}$/.test(n),
		candidates: ['fedex'],
		confidence: 'high',
		reason: 'FedEx Ground 96 barcode (22 digits)',
	},
	{
		test: (n) =>
			/^(420\d{5}(\d{4})?)?9[1-5]\d{18,20}$/.test(n) && hasValidMod10(n.replace(/^420\d{5}(\d{4})?(?=9)/, '')),
		candidates: ['usps', 'fedex'],
		confidence: 'high',
		reason: 'USPS IMpb barcode with a valid check digit (FedEx Ground Economy also hands these to USPS)',
	},
	{
		test: (n) => /^9[1-5]\d{18,20}$/.test(n),
		candidates: ['usps', 'fedex'],
		confidence: 'low',
		reason: 'looks like a USPS IMpb barcode but the check digit does not match',
	},
	{
		test: (n) => /^\d{12}$/.test(n),
		candidates: ['fedex', 'dhl'],
		confidence: 'medium',
		reason: '12 digits: FedEx Express',
	},
	{ test: (n) => /^\d{15}$/.test(n), candidates: ['fedex'], confidence: 'medium', reason: '15 digits: FedEx Ground' },
	{
		test: (n) => /^\d{10}$/.test(n),
		candidates: ['dhl'],
		confidence: 'medium',
		reason: '10 digits: DHL Express waybill',
	},
	{
		test: (n) => /^\d{20}$/.test(n),
		candidates: ['fedex', 'dhl'],
		confidence: 'low',
		reason: '20 digits: FedEx or DHL',
	},
];

export function detectFromNumber(rawNumber: string): Detection {
	const number = cleanTrackingNumber(rawNumber);
	for (const rule of FORMAT_RULES) {
		if (rule.test(number))
			return {
				carrier: rule.candidates[0],
				confidence: rule.confidence,
				candidates: rule.candidates,
				basis: 'format',
				reason: rule.reason,
			};
	}
	return {
		carrier: null,
		confidence: null,
		candidates: [],
		basis: 'none',
		reason: `no supported carrier uses the format of "${number}"`,
	};
}

/**
 * Shopify's fulfillment `trackingCompany` is free text ("UPS", "FedEx", "USPS", "DHL Express",
 * "DHL eCommerce Asia", "United States Postal Service", ...). USPS is tested before UPS because
 * "usps" contains "ups".
 */
export function carrierFromCompany(company: string | null | undefined): CarrierCode | null {
	if (!company) return null;
	const text = company
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
	if (/\b(usps|us postal|united states postal|u s postal)\b/.test(text)) return 'usps';
	if (/\b(ups|united parcel)\b/.test(text)) return 'ups';
	if (/\b(fedex|fed ex|federal express)\b/.test(text)) return 'fedex';
	if (/\bdhl\b/.test(text)) return 'dhl';
	return null;
}

/**
 * Company first when it names a carrier we support (the merchant chose it), unless the number is
 * unmistakably another carrier's (a 1Z number labelled "FedEx" is a typo in the company field).
 */
export function detectCarrier(input: { trackingNumber?: string | null; company?: string | null }): Detection {
	const byNumber = input.trackingNumber ? detectFromNumber(input.trackingNumber) : undefined;
	const byCompany = carrierFromCompany(input.company);
	if (byCompany) {
		const contradicted = byNumber?.confidence === 'high' && !byNumber.candidates.includes(byCompany);
		if (!contradicted) {
			const others = (byNumber?.candidates ?? []).filter((c) => c !== byCompany);
			return {
				carrier: byCompany,
				confidence: 'high',
				candidates: [byCompany, ...others],
				basis: 'company',
				reason: `tracking company "${input.company}"`,
			};
		}
		return {
			...byNumber!,
			reason: `${byNumber!.reason}; tracking company "${input.company}" contradicts the number and was ignored`,
		};
	}
	if (byNumber) return byNumber;
	return {
		carrier: null,
		confidence: null,
		candidates: [],
		basis: 'none',
		reason: 'neither a tracking number nor a known tracking company was given',
	};
}
