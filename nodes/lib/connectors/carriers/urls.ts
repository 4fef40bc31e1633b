import { ValidationError } from '../../http/errors';
import type { CarrierCode } from './types';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Public, customer-facing tracking pages: what a Klaviyo email links to. */
export function trackingUrlFor(carrier: CarrierCode, trackingNumber: string): string {
	// encodeURIComponent throws a bare URIError on a broken character: name the field instead.
	if (LONE_SURROGATE.test(trackingNumber))
		throw new ValidationError(
			'trackingNumber contains a broken character (an unpaired UTF-16 surrogate); it is not a tracking number',
			'trackingNumber',
		);
	const n = encodeURIComponent(trackingNumber);
	switch (carrier) {
		case 'ups':
			return `https://www.ups.com/track?tracknum=${n}`;
		case 'fedex':
			return `https://www.fedex.com/fedextrack/?trknbr=${n}`;
		case 'usps':
			return `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`;
		case 'dhl':
			return `https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=${n}`;
	}
}
