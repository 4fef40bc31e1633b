import { ValidationError } from '../../http';
import { cleanTrackingNumber, detectCarrier } from './detect';
import { CARRIER_NAMES, SUPPORTED_CARRIERS, type CarrierCode } from './types';

/**
 * "One or many numbers" as people paste them: an array, or text separated by commas, semicolons,
 * whitespace or new lines. Returned cleaned and without duplicates, in the order given.
 */
export function splitTrackingNumbers(value: unknown, field = 'trackingNumbers'): string[] {
	const parts: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[,;\n\r\t]+/)
			: value === undefined || value === null
				? []
				: [value];
	const numbers: string[] = [];
	for (const part of parts) {
		if (typeof part !== 'string' && typeof part !== 'number')
			throw new ValidationError(
				`${field} contains a ${typeof part}, not a tracking number`,
				field,
				'Map a text field (or a list of texts) holding the tracking numbers.',
			);
		// a number with inner spaces ("1Z 999 AA1 ...") stays one number; only separators split
		const cleaned = cleanTrackingNumber(String(part));
		if (cleaned && !numbers.includes(cleaned)) numbers.push(cleaned);
	}
	return numbers;
}

export type CarrierChoice = CarrierCode | 'auto';

/**
 * Every carrier's numbers are 4 to 35 letters and digits (USPS: 4-34, UPS: 7-34). Anything else is
 * refused here, per number, so one pasted sentence cannot make a carrier reject a whole batch of 30.
 */
export function assertPlausibleTrackingNumber(trackingNumber: string): void {
	if (!/^[A-Z0-9]{4,35}$/.test(trackingNumber))
		throw new ValidationError(
			`"${trackingNumber.length > 60 ? `${trackingNumber.slice(0, 60)}…` : trackingNumber}" is not a tracking ` +
				`number (4 to 35 letters and digits)`,
			'trackingNumbers',
			'Map only the tracking number itself; separate several numbers with commas or new lines.',
		);
}

/** Which carrier to ask about one number; a clear error when nobody can tell. */
export function resolveCarrier(trackingNumber: string, choice: CarrierChoice, company?: string | null): CarrierCode {
	assertPlausibleTrackingNumber(trackingNumber);
	if (choice !== 'auto') {
		if (!(SUPPORTED_CARRIERS as readonly string[]).includes(choice))
			throw new ValidationError(
				`Unknown carrier "${choice}"`,
				'carrier',
				`Pick one of ${SUPPORTED_CARRIERS.map((c) => CARRIER_NAMES[c]).join(', ')} or Auto.`,
			);
		return choice;
	}
	const detection = detectCarrier({ trackingNumber, company });
	if (!detection.carrier)
		throw new ValidationError(
			`Cannot tell the carrier of "${trackingNumber}": ${detection.reason}`,
			'trackingNumbers',
			'Choose the carrier in the node instead of Auto, or map the Tracking Company from Shopify so the node knows it.',
		);
	return detection.carrier;
}

/** The item gave nothing to look up. */
export function noTrackingInputError(detect: boolean): ValidationError {
	return detect
		? new ValidationError(
				'No tracking number and no tracking company given',
				'trackingNumbers',
				"Map the tracking number (and, if you have it, Shopify's tracking company) into the node.",
			)
		: new ValidationError(
				'No tracking number given',
				'trackingNumbers',
				'Map the tracking number(s) of this item into "Tracking Numbers".',
			);
}

/** The display names of the carriers' credentials (credentials/*PostPurchaseApi), as a person finds them in n8n. */
const CREDENTIAL_NAMES: Record<CarrierCode, string> = {
	ups: 'UPS Tracking (Post-Purchase) API',
	fedex: 'FedEx Tracking (Post-Purchase) API',
	usps: 'USPS Tracking (Post-Purchase) API',
	dhl: 'DHL Shipment Tracking (Post-Purchase) API',
};

/** A number resolved to a carrier whose credential is not on the node. */
export function missingCarrierCredentialError(carrier: CarrierCode): ValidationError {
	return new ValidationError(
		`No ${CARRIER_NAMES[carrier]} credential is set on this node`,
		'credentials',
		`Add a "${CREDENTIAL_NAMES[carrier]}" credential to the node, or choose another carrier.`,
	);
}

/**
 * The carrier each fact names for a parcel, by cleaned tracking number: a Shopify fulfillment's tracking
 * company, a warehouse shipment's carrier, a carrier read's code, else the stored order's parcel. Given to
 * detectCarrier as the tracking company, so a number whose format two carriers share (12 digits: FedEx or
 * DHL) goes to the carrier the shop or the warehouse says it shipped with. The first name wins: the facts in
 * hand before the stored order's parcels.
 */
export function carrierNamesByNumber(
	observations: readonly unknown[],
	shipments: readonly unknown[],
): Map<string, string> {
	const names = new Map<string, string>();
	const note = (parcel: unknown) => {
		if (typeof parcel !== 'object' || parcel === null) return;
		const { trackingNumber, carrier } = parcel as { trackingNumber?: unknown; carrier?: unknown };
		if (typeof trackingNumber !== 'string' || typeof carrier !== 'string' || !carrier.trim()) return;
		const number = cleanTrackingNumber(trackingNumber);
		if (number && !names.has(number)) names.set(number, carrier.trim());
	};
	for (const o of observations) if (typeof o === 'object' && o !== null) note((o as { data?: unknown }).data);
	for (const s of shipments) note(s);
	return names;
}
