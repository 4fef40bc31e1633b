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

/** A number resolved to a carrier whose credential is not on the node. */
export function missingCarrierCredentialError(carrier: CarrierCode): ValidationError {
	return new ValidationError(
		`No ${CARRIER_NAMES[carrier]} credential is set on this node`,
		'credentials',
		`Add a "${CARRIER_NAMES[carrier]} Tracking (Post-Purchase) API" credential to the node, or choose another carrier.`,
	);
}
