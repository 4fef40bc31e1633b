/**
 * How each carrier's time values are read, rule by rule, on small bodies shaped like the carriers'
 * published descriptions (vendor-specs: dhl/utapi-traking-api-1.4.1.yaml, fedex/TrackingNumbers-Resource.json,
 * ups/Tracking.yaml, usps/tracking-v3r2_4.yaml). Expected instants are offset arithmetic done by hand.
 */
import { normaliseDhlShipments, type DhlShipment } from '../../../nodes/lib/connectors/dhl/normalise';
import { normaliseFedExResult, type FedExTrackResult } from '../../../nodes/lib/connectors/fedex/normalise';
import { normaliseUpsResponse, type UpsPackage } from '../../../nodes/lib/connectors/ups/normalise';
import { normaliseUspsDetail, type UspsTrackingDetail } from '../../../nodes/lib/connectors/usps/normalise';
import { toTrackingObservation } from '../../../nodes/lib/connectors/carriers/tracking';
import { validateObservation } from '../../../nodes/lib/order/validate';

const iso = (at: string | null | undefined) => (at ? new Date(at).toISOString().replace('.000', '') : null);

describe('DHL Express: scan times are local to the scan location, without offset', () => {
	const shipment = (events: DhlShipment['events'], extra: Partial<DhlShipment> = {}): { shipments: DhlShipment[] } => ({
		shipments: [{ id: '4829301756', service: 'express', status: events?.[0], events, ...extra }],
	});

	it('places each scan in its location zone and keeps the wall time verbatim', () => {
		const result = normaliseDhlShipments(
			'4829301756',
			shipment([
				{
					timestamp: '2026-12-01T04:41:00',
					statusCode: 'transit',
					description: 'Arrived at DHL Sort Facility CINCINNATI HUB - USA',
					location: { address: { addressLocality: 'CINCINNATI HUB - USA', countryCode: 'US' } },
				},
				{
					timestamp: '2026-11-30T14:05:00',
					statusCode: 'transit',
					description: 'Shipment picked up',
					location: { address: { addressLocality: 'LEIPZIG - GERMANY', countryCode: 'DE' } },
				},
			]),
		);
		expect(result.warnings).toEqual([]);
		expect(result.events.every((e) => e.physicalScan === true)).toBe(true);
		expect(result.events.map((e) => [iso(e.at), e.localTime, e.timeZone, e.atUncertain])).toEqual([
			['2026-12-01T09:41:00Z', '2026-12-01T04:41:00', 'America/New_York', false],
			['2026-11-30T13:05:00Z', '2026-11-30T14:05:00', 'Europe/Berlin', false],
		]);
	});

	it('keeps a scan whose zone cannot be known, at the latest instant it can mean, and says so', () => {
		const result = normaliseDhlShipments(
			'4829301756',
			shipment([
				{
					timestamp: '2026-12-01T07:15:00',
					statusCode: 'transit',
					description: 'Customs clearance status updated',
					location: { address: { countryCode: 'US' } },
				},
			]),
		);
		expect(result.events).toHaveLength(1);
		expect(result.events[0]).toMatchObject({ localTime: '2026-12-01T07:15:00', timeZone: null, atUncertain: true });
		expect(iso(result.events[0].at)).toBe('2026-12-01T19:15:00Z');
		expect(result.warnings.join(' ')).toMatch(/events\[0\]\.timestamp "2026-12-01T07:15:00".*latest instant/);
		// A customs status update is paperwork, not a scan: it must not feed a stall clock.
		expect(result.events[0].physicalScan).toBe(false);
	});

	it('a timestamp that is a date alone (the spec allows Date) is kept at the end of that day, flagged', () => {
		const result = normaliseDhlShipments(
			'1',
			shipment([
				{
					timestamp: '2026-11-30',
					statusCode: 'transit',
					description: 'Processed',
					location: { address: { addressLocality: 'LEIPZIG - GERMANY', countryCode: 'DE' } },
				},
			]),
		);
		expect(result.events[0]).toMatchObject({
			at: '2026-11-30T23:59:59+01:00',
			localTime: '2026-11-30',
			timeZone: 'Europe/Berlin',
			atUncertain: true,
		});
	});

	it('honours an offset or Z when DHL gives one', () => {
		const result = normaliseDhlShipments(
			'1',
			shipment([
				{ timestamp: '2018-03-02T07:53:47Z', statusCode: 'transit', location: { address: { countryCode: 'US' } } },
			]),
		);
		expect(result.events[0].at).toBe('2018-03-02T07:53:47Z');
		expect(result.events[0].atUncertain).toBeUndefined();
	});

	it('the estimate at local midnight is the date, the destination zone comes from the destination address', () => {
		const result = normaliseDhlShipments(
			'1',
			shipment(
				[
					{
						timestamp: '2026-12-01T09:32:00',
						statusCode: 'transit',
						location: { address: { addressLocality: 'CINCINNATI HUB - USA', countryCode: 'US' } },
					},
				],
				{
					estimatedTimeOfDelivery: '2026-12-02T00:00:00',
					estimatedDeliveryTimeFrame: { estimatedFrom: '2026-12-02T00:00:00', estimatedThrough: '2026-12-02T23:59:00' },
					destination: {
						address: { addressLocality: 'BOULDER, CO - USA', countryCode: 'US', postalCode: '80302' },
					} as never,
				},
			),
		);
		expect(result.estimatedDelivery).toBe('2026-12-02');
		expect(result.destinationTimeZone).toBe('America/Denver');
		expect(result.estimatedWindow).toEqual({ from: '2026-12-02', to: '2026-12-02T23:59:00-07:00' });
	});

	it('a local proof-of-delivery time is placed at the destination', () => {
		const result = normaliseDhlShipments(
			'1',
			shipment(
				[
					{
						timestamp: '2026-12-02T13:44:00',
						statusCode: 'delivered',
						status: 'delivered',
						description: 'Delivered',
						location: { address: { addressLocality: 'BOULDER - USA', countryCode: 'US' } },
					},
				],
				{
					destination: { address: { addressLocality: 'BOULDER, CO - USA', countryCode: 'US' } },
					details: { proofOfDelivery: { timestamp: '2026-12-02T13:44:00' } },
				},
			),
		);
		expect(result.status).toBe('delivered');
		expect(iso(result.deliveredAt)).toBe('2026-12-02T20:44:00Z');
	});

	it.each([
		['Shipment information received', 'transit', 'pre_transit'],
		['Delivery attempted; recipient not available. Notice card left', 'failure', 'failed_attempt'],
		['Shipment is available for pickup at the DHL Service Point', 'transit', 'available_for_pickup'],
	])('"%s" (%s) is %s', (description, statusCode, status) => {
		const result = normaliseDhlShipments(
			'1',
			shipment([
				{ timestamp: '2026-11-30T10:00:00', statusCode, description, location: { address: { countryCode: 'DE' } } },
			]),
		);
		expect(result.events[0].status).toBe(status);
		expect(result.status).toBe(status);
	});

	it('its observation validates, uncertain scans included', () => {
		const result = normaliseDhlShipments(
			'1',
			shipment([
				{ timestamp: '2026-12-01T07:15:00', statusCode: 'transit', location: { address: { countryCode: 'US' } } },
			]),
		);
		const observation = toTrackingObservation(result, { orderKey: '1082', receivedAt: '2026-12-01T20:00:00Z' });
		expect(validateObservation(observation)).toMatchObject({ ok: true });
		expect(observation.data.events![0]).toMatchObject({ timeZone: null, atUncertain: true });
		// Read at 12:00Z, the scan's latest possible instant (19:15Z) is later than the read: the read bounds it.
		const early = toTrackingObservation(result, { orderKey: '1082', receivedAt: '2026-12-01T12:00:00Z' });
		expect(early.occurredAt).toBe('2026-12-01T12:00:00Z');
	});
});

describe('FedEx Track: dateAndTimes and time windows', () => {
	const track = (extra: Partial<FedExTrackResult>) => ({
		trackingNumber: '394807125563',
		trackResults: [
			{
				latestStatusDetail: { code: 'IT', derivedCode: 'IT', statusByLocale: 'In transit' },
				recipientInformation: { address: { city: 'AUSTIN', stateOrProvinceCode: 'TX', countryCode: 'US' } },
				scanEvents: [
					{
						date: '2026-12-02T09:31:00-07:00',
						eventType: 'IT',
						derivedStatusCode: 'IT',
						eventDescription: 'On the way',
						scanLocation: { city: 'ALBUQUERQUE', stateOrProvinceCode: 'NM', countryCode: 'US' },
					},
				],
				...extra,
			},
		],
	});

	it(
		'ESTIMATED_DELIVERY and COMMITMENT at local midnight are dates; ' + 'the destination zone is the recipient city',
		() => {
			const result = normaliseFedExResult(
				'394807125563',
				track({
					dateAndTimes: [
						{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-12-03T00:00:00-06:00' },
						{ type: 'COMMITMENT', dateTime: '2026-12-03T00:00:00-06:00' },
					],
				}),
			);
			expect(result).toMatchObject({
				estimatedDelivery: '2026-12-03',
				commitment: '2026-12-03',
				destinationTimeZone: 'America/Chicago',
				status: 'in_transit',
			});
			// The scan keeps its own offset; its zone is the scan place's (Albuquerque, Mountain time).
			expect(result.events[0]).toMatchObject({
				at: '2026-12-02T09:31:00-07:00',
				timeZone: 'America/Denver',
				physicalScan: true,
			});
		},
	);

	it(
		'a real estimated window stays instants; the standard transit window is the commitment when COMMITMENT is ' +
			'absent',
		() => {
			const result = normaliseFedExResult(
				'394807125563',
				track({
					dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-12-04T00:00:00-06:00' }],
					estimatedDeliveryTimeWindow: {
						window: { begins: '2026-12-04T13:00:00-06:00', ends: '2026-12-04T17:00:00-06:00' },
					},
					standardTransitTimeWindow: { window: { ends: '2026-12-03T00:00:00-06:00' } },
				}),
			);
			expect(result.estimatedDelivery).toBe('2026-12-04');
			expect(result.estimatedWindow).toEqual({ from: '2026-12-04T13:00:00-06:00', to: '2026-12-04T17:00:00-06:00' });
			expect(result.commitment).toBe('2026-12-03');
		},
	);

	it('an estimate that disappears is not a delivery', () => {
		const result = normaliseFedExResult(
			'394807125563',
			track({
				dateAndTimes: [{ type: 'COMMITMENT', dateTime: '2026-12-03T00:00:00-06:00' }],
				estimatedDeliveryTimeWindow: { window: {} },
			}),
		);
		expect(result).toMatchObject({
			status: 'in_transit',
			estimatedDelivery: null,
			deliveredAt: null,
			commitment: '2026-12-03',
		});
	});

	it('ACTUAL_DELIVERY is the delivery instant', () => {
		const result = normaliseFedExResult(
			'394807125563',
			track({
				latestStatusDetail: { code: 'DL', derivedCode: 'DL' },
				dateAndTimes: [{ type: 'ACTUAL_DELIVERY', dateTime: '2026-12-04T16:05:00-06:00' }],
			}),
		);
		expect(iso(result.deliveredAt)).toBe('2026-12-04T22:05:00Z');
	});

	it.each([
		['OC', 'IN', 'pre_transit'],
		['DE', 'DE', 'failed_attempt'],
		['HL', 'HL', 'available_for_pickup'],
	])('a %s scan (derived %s) is %s', (eventType, derivedStatusCode, status) => {
		const result = normaliseFedExResult(
			'1',
			track({ scanEvents: [{ date: '2026-11-30T10:14:00-08:00', eventType, derivedStatusCode }] }),
		);
		expect(result.events[0].status).toBe(status);
	});
});

describe('UPS Track: local date/time with GMT fields, SDD / RDD / DEL and deliveryTime', () => {
	const pkg = (extra: Partial<UpsPackage>): { trackResponse: { shipment: Array<{ package: UpsPackage[] }> } } => ({
		trackResponse: {
			shipment: [
				{
					package: [
						{
							trackingNumber: '1ZA8V2690348150728',
							currentStatus: { description: 'On the Way', code: '005' },
							packageAddress: [
								{ type: 'DESTINATION', address: { city: 'PHOENIX', stateProvince: 'AZ', countryCode: 'US' } },
							],
							activity: [
								{
									date: '20261202',
									time: '201200',
									gmtDate: '20261203',
									gmtTime: '02:12:00',
									gmtOffset: '-06:00',
									status: { type: 'I', description: 'Arrived at Facility' },
									location: { address: { city: 'HODGKINS', stateProvince: 'IL', countryCode: 'US' } },
								},
							],
							...extra,
						},
					],
				},
			],
		},
	});

	it('the GMT fields give the instant (HH:MM:SS accepted), the local pair is kept, the zone is the scan place', () => {
		const result = normaliseUpsResponse('1ZA8V2690348150728', pkg({}));
		expect(result.events[0]).toMatchObject({
			at: '2026-12-02T20:12:00-06:00',
			localTime: '2026-12-02T20:12:00',
			timeZone: 'America/Chicago',
		});
		// Without a currentStatus type the newest activity says where the parcel is.
		expect(result.status).toBe('in_transit');
	});

	it('a logical activity (logicalScan true) is not a physical scan', () => {
		const result = normaliseUpsResponse(
			'1',
			pkg({
				activity: [
					{
						date: '20261202',
						time: '201200',
						gmtDate: '20261203',
						gmtTime: '021200',
						gmtOffset: '-06:00',
						logicalScan: true,
						status: { type: 'I', description: 'Order Processed' },
					},
				],
			}),
		);
		expect(result.events[0]).toMatchObject({ status: 'in_transit', physicalScan: false });
		expect(normaliseUpsResponse('1', pkg({})).events[0].physicalScan).toBe(true);
	});

	it('the GMT fields win when the local pair and its offset disagree with them', () => {
		const result = normaliseUpsResponse(
			'1',
			pkg({
				activity: [
					{
						date: '20261202',
						time: '201200',
						gmtDate: '20261203',
						gmtTime: '031200',
						gmtOffset: '-06:00',
						status: { type: 'I' },
					},
				],
			}),
		);
		expect(iso(result.events[0].at)).toBe('2026-12-03T03:12:00Z');
		expect(result.events[0].localTime).toBe('2026-12-02T20:12:00');
	});

	it(
		'SDD is the estimate and the commitment; ' + 'RDD supersedes the estimate only; an EDW window is on the RDD day',
		() => {
			expect(
				normaliseUpsResponse(
					'1',
					pkg({ deliveryDate: [{ type: 'SDD', date: '20261204' }], deliveryTime: { type: 'EOD' } }),
				),
			).toMatchObject({
				estimatedDelivery: '2026-12-04',
				commitment: '2026-12-04',
				destinationTimeZone: 'America/Phoenix',
				estimatedWindow: null,
			});
			const rescheduled = normaliseUpsResponse(
				'1',
				pkg({
					deliveryDate: [
						{ type: 'SDD', date: '20261204' },
						{ type: 'RDD', date: '20261207' },
					],
					deliveryTime: { type: 'EDW', startTime: '123000', endTime: '163000' },
				}),
			);
			expect(rescheduled).toMatchObject({ estimatedDelivery: '2026-12-07', commitment: '2026-12-04' });
			expect(rescheduled.estimatedWindow).toEqual({
				from: '2026-12-07T12:30:00-07:00',
				to: '2026-12-07T16:30:00-07:00',
			});
		},
	);

	it('a CMT commit time makes the commitment an instant at the destination', () => {
		const result = normaliseUpsResponse(
			'1',
			pkg({ deliveryDate: [{ type: 'SDD', date: '20261204' }], deliveryTime: { type: 'CMT', endTime: '103000' } }),
		);
		expect(result.commitment).toBe('2026-12-04T10:30:00-07:00');
		expect(result.estimatedDelivery).toBe('2026-12-04');
	});

	it('once delivered (DEL) the SDD is no estimate, it stays the commitment', () => {
		const result = normaliseUpsResponse(
			'1',
			pkg({
				currentStatus: { type: 'D', description: 'Delivered' },
				deliveryDate: [
					{ type: 'SDD', date: '20261204' },
					{ type: 'DEL', date: '20261207' },
				],
				deliveryTime: { type: 'DEL', endTime: '141207' },
				activity: [
					{
						date: '20261207',
						time: '141207',
						gmtDate: '20261207',
						gmtTime: '211207',
						gmtOffset: '-07:00',
						status: { type: 'D', description: 'DELIVERED' },
					},
				],
			}),
		);
		expect(result).toMatchObject({ status: 'delivered', estimatedDelivery: null, commitment: '2026-12-04' });
		expect(iso(result.deliveredAt)).toBe('2026-12-07T21:12:07Z');
	});

	it.each([
		['M', 'Shipper created a label, UPS has not received the package yet.', 'pre_transit'],
		[
			'X',
			'The receiver was not available for delivery. A UPS InfoNotice® was left. The package will be taken to a ' +
				'UPS Access Point™ location for pickup.',
			'failed_attempt',
		],
		['I', 'Delivered to UPS Access Point™ Awaiting Customer Pickup', 'available_for_pickup'],
	])('activity type %s "%s" is %s', (type, description, status) => {
		const result = normaliseUpsResponse(
			'1',
			pkg({
				activity: [
					{
						date: '20261203',
						time: '164200',
						gmtDate: '20261204',
						gmtTime: '004200',
						gmtOffset: '-08:00',
						status: { type, description },
					},
				],
			}),
		);
		expect(result.events[0].status).toBe(status);
	});
});

describe('USPS Tracking: eventTimestamp local, GMTTimestamp the instant, expected delivery a date', () => {
	const detail = (extra: Partial<UspsTrackingDetail>): UspsTrackingDetail => ({
		trackingNumber: '9400111899561234587128',
		statusCategory: 'In Transit',
		destinationCity: 'COLUMBUS',
		destinationState: 'OH',
		destinationZIPCode: '43215',
		trackingEvents: [
			{
				eventType: 'Arrived at USPS Regional Destination Facility',
				eventCode: '10',
				eventTimestamp: '2026-12-03T06:41:00',
				GMTTimestamp: '2026-12-03T11:41:00Z',
				GMTOffset: '-05:00',
				eventCity: 'COLUMBUS OH DISTRIBUTION CENTER',
				eventCountry: 'US',
			},
		],
		...extra,
	});

	it('GMTTimestamp is the instant, eventTimestamp the local time, the facility name gives the zone', () => {
		const result = normaliseUspsDetail('9400111899561234587128', detail({}));
		expect(result.events[0]).toMatchObject({
			at: '2026-12-03T06:41:00-05:00',
			localTime: '2026-12-03T06:41:00',
			timeZone: 'America/New_York',
		});
	});

	it(
		'an event without GMT fields is placed at its city; ' + 'a date-only event is kept at the end of that day, flagged',
		() => {
			const result = normaliseUspsDetail(
				'1',
				detail({
					trackingEvents: [
						{ eventType: 'In Transit to Next Facility', eventCode: 'NT', eventTimestamp: '2026-12-02' },
						{
							eventType: 'Shipping Label Created, USPS Awaiting Item',
							eventCode: 'GX',
							eventTimestamp: '2026-11-30T13:05:00',
							eventCity: 'RENO',
							eventState: 'NV',
							eventZIPCode: '89502',
						},
					],
				}),
			);
			const label = result.events.find((e) => e.status === 'pre_transit')!;
			expect(label).toMatchObject({
				localTime: '2026-11-30T13:05:00',
				timeZone: 'America/Los_Angeles',
				atUncertain: false,
			});
			expect(iso(label.at)).toBe('2026-11-30T21:05:00Z');
			const dateOnly = result.events.find((e) => e.localTime === '2026-12-02')!;
			expect(dateOnly).toMatchObject({ timeZone: null, atUncertain: true, status: 'in_transit', physicalScan: false });
			expect(label.physicalScan).toBe(false);
			expect(iso(dateOnly.at)).toBe('2026-12-03T11:59:59Z');
		},
	);

	it('expectedDeliveryDate is a date at the destination; a dated guarantee is the commitment, words are not', () => {
		expect(
			normaliseUspsDetail(
				'1',
				detail({
					deliveryDateExpectation: { expectedDeliveryDate: '2026-12-04', guaranteedDeliveryDate: '2026-12-05' },
				}),
			),
		).toMatchObject({
			estimatedDelivery: '2026-12-04',
			commitment: '2026-12-05',
			destinationTimeZone: 'America/New_York',
		});
		expect(
			normaliseUspsDetail(
				'1',
				detail({
					deliveryDateExpectation: { expectedDeliveryDate: '2026-12-04', guaranteedDeliveryDate: '2 Business Days' },
				}),
			).commitment,
		).toBeNull();
	});

	it('a predicted window is read on the predicted date at the destination', () => {
		const result = normaliseUspsDetail(
			'1',
			detail({
				deliveryDateExpectation: {
					predictedDeliveryDate: '2026-12-04',
					predictedDeliveryWindowStartTime: '10:00',
					predictedDeliveryWindowEndTime: '2:00 PM',
				},
			}),
		);
		expect(result.estimatedWindow).toEqual({ from: '2026-12-04T10:00:00-05:00', to: '2026-12-04T14:00:00-05:00' });
	});

	it('the broad category "Alert" gives way to the newest event when that says more (a notice left)', () => {
		const result = normaliseUspsDetail(
			'1',
			detail({
				statusCategory: 'Alert',
				trackingEvents: [
					{
						eventCode: '02',
						eventType: 'Notice Left (No Authorized Recipient Available)',
						eventTimestamp: '2026-12-04T13:58:00',
						GMTTimestamp: '2026-12-04T18:58:00Z',
						GMTOffset: '-05:00',
						eventCity: 'CAMBRIDGE',
						eventState: 'MA',
					},
				],
			}),
		);
		expect(result.status).toBe('failed_attempt');
		expect(
			normaliseUspsDetail(
				'1',
				detail({
					statusCategory: 'Alert',
					trackingEvents: [{ eventCode: '21', eventType: 'No Such Number', GMTTimestamp: '2026-12-04T18:58:00Z' }],
				}),
			).status,
		).toBe('exception');
	});

	it.each([
		['GX', 'Shipping Label Created, USPS Awaiting Item', 'pre_transit'],
		['02', 'Notice Left (No Authorized Recipient Available)', 'failed_attempt'],
		['14', 'Available for Pickup', 'available_for_pickup'],
	])('event %s "%s" is %s', (eventCode, eventType, status) => {
		const result = normaliseUspsDetail(
			'1',
			detail({
				trackingEvents: [
					{
						eventCode,
						eventType,
						GMTTimestamp: '2026-12-03T21:37:00Z',
						GMTOffset: '-07:00',
						eventCity: 'DENVER',
						eventState: 'CO',
					},
				],
			}),
		);
		expect(result.events[0].status).toBe(status);
	});
});
