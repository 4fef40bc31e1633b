import type { CarrierCode } from './types';

/** Public, customer-facing tracking pages: what a Klaviyo email links to. */
export function trackingUrlFor(carrier: CarrierCode, trackingNumber: string): string {
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
