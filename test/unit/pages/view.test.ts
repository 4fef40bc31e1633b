/**
 * statusViewOf: what the customer may see of a record. Records are written by hand from types.ts, and one
 * story goes through reconcile (whose record keeps no scan list: the scans come from the observations).
 */
import { defaultPolicy, EXCEPTION_TYPES, reconcile } from '../../../nodes/lib/order';
import type { ExceptionCase, ExceptionType, OrderRecord, TrackingData } from '../../../nodes/lib/order';
import {
	MAX_MILESTONES,
	maskEmail,
	maskPostcode,
	renderStatusPage,
	statusViewOf,
	translator,
} from '../../../nodes/lib/pages';
import { at, obs } from '../order/arbitraries';
import { BRANDING, LANG_LINKS, NOW, recordOf, shipmentOf, STORE_ZONE, trackingFactOf } from './fixtures';

const view = (record: OrderRecord, observations?: unknown[]) =>
	statusViewOf(record, { now: NOW, storeTimeZone: STORE_ZONE, observations });

const page = (record: OrderRecord, locale = 'en', observations?: unknown[]) =>
	renderStatusPage(view(record, observations), {
		t: translator(locale),
		branding: BRANDING,
		lookupUrl: '/status',
		langLinks: LANG_LINKS,
	});

function caseOf(type: ExceptionType, resolvedAt: string | null = null): ExceptionCase {
	return {
		id: `1001:${type}:2026-03-05T00:00:00.000Z`,
		orderKey: '1001',
		type,
		severity: 'high',
		openedAt: '2026-03-05T00:00:00.000Z',
		evidence: { note: `INTERNAL-EVIDENCE ${type}`, warehouse: 'ShipStation', slackTs: '1700000000.0001' },
		owner: 'ops-lead@acme.example',
		resolvedAt,
		resolution: resolvedAt ? 'INTERNAL-RESOLUTION' : null,
	};
}

describe('notices: one per open exception that has customer words', () => {
	const internal: ExceptionType[] = ['status_mismatch', 'tracking_missing', 'notification_late', 'edit_after_cutoff'];

	it('internal exceptions never show, in the view or on the page', () => {
		const record = recordOf({
			stage: 'in_fulfillment',
			exceptions: internal.map((type) => caseOf(type)),
			openExceptionTypes: internal,
		});
		expect(view(record).notices).toEqual([]);
		const html = page(record);
		expect(html).not.toContain('INTERNAL');
		expect(html).not.toMatch(/ShipStation|slack|ops-lead|mismatch|cutoff/i);
		expect(html).not.toContain('id="notices-heading"');
	});

	it('every customer-facing type has its notice; both "stuck" types share "taking longer"', () => {
		const record = recordOf({
			stage: 'in_transit',
			exceptions: EXCEPTION_TYPES.map((type) => caseOf(type)),
			openExceptionTypes: [...EXCEPTION_TYPES],
		});
		expect(view(record).notices.map((n) => n.kind)).toEqual([
			'delivery_failed',
			'returned_to_sender',
			'address_invalid',
			'delivery_late',
			'tracking_stalled',
			'backordered',
			'taking_longer',
		]);
		const html = page(record);
		expect(html).toContain('Your delivery is running late');
		expect(html).toContain('This is taking longer than usual');
		expect(html).toContain('Please check your shipping address');
		expect(html.match(/This is taking longer than usual/g)).toHaveLength(1);
		expect(html).toContain('Updates on your order');
		expect(html).not.toContain('INTERNAL');
	});

	it.each([
		['not_sent_to_fulfillment', 'This is taking longer than usual'],
		['fulfillment_stuck', 'This is taking longer than usual'],
		['backordered', 'An item is back-ordered'],
		['tracking_stalled', 'No tracking updates for a while'],
		['delivery_failed', 'The carrier couldn’t deliver your package'],
		['returned_to_sender', 'Your package is coming back to us'],
	] as Array<[ExceptionType, string]>)('%s reads "%s"', (type, words) => {
		const html = page(recordOf({ stage: 'in_transit', exceptions: [caseOf(type)], openExceptionTypes: [type] }));
		expect(html).toContain(`<h3>${words}</h3>`);
		expect(html).toContain('An update on your order');
	});

	it('a resolved case shows nothing; a settled order shows no leftover delay', () => {
		expect(view(recordOf({ exceptions: [caseOf('delivery_late', NOW)] })).notices).toEqual([]);
		const delivered = recordOf({ stage: 'delivered', exceptions: [caseOf('delivery_late')] });
		expect(view(delivered).notices).toEqual([]);
	});
});

describe('masking: only what the customer gave us at lookup is shown in full', () => {
	it('masks the email, shows city, region, country and the start of the postcode', () => {
		const v = view(recordOf());
		expect(v.email).toBe('j***@example.com');
		expect(v.destination).toEqual({
			city: 'Springfield',
			region: 'IL',
			postcode: '627**',
			countryCode: 'US',
			country: null,
		});
		const text = JSON.stringify(v) + page(recordOf());
		for (const secret of ['123 North Main', 'Apt 4', '555 0100', 'Jane Doe', 'jane.doe', '62704'])
			expect(text).not.toContain(secret);
		expect(page(recordOf())).toContain('Springfield, IL 627**, United States');
		expect(page(recordOf(), 'de')).toContain('Springfield, IL 627**, Vereinigte Staaten');
	});

	it.each([
		['jane.doe@example.com', 'j***@example.com'],
		['  Ünal@beispiel.de ', 'Ü***@beispiel.de'],
		['no-at-sign', null],
		['@example.com', null],
		['x@', null],
		[null, null],
	])('maskEmail(%j) = %j', (email, masked) => {
		expect(maskEmail(email)).toBe(masked);
	});

	it.each([
		['62704', '627**'],
		['62704-1234', '627******'],
		['SW1A 1AA', 'SW1****'],
		['1010', '10**'],
		['K1A 0B1', 'K1A***'],
		['', null],
		[undefined, null],
	])('maskPostcode(%j) = %j', (zip, masked) => {
		expect(maskPostcode(zip)).toBe(masked);
	});

	it('a country given by name only is shown as written; no address at all, no address line', () => {
		const byName = view(recordOf({ shippingAddress: { city: 'Lyon', country: 'France', zip: '69001' } }));
		expect(byName.destination).toMatchObject({ countryCode: null, country: 'France', postcode: '690**' });
		expect(view(recordOf({ shippingAddress: null })).destination).toBeNull();
	});
});

describe('parcels', () => {
	it('shows the last scan in the zone of its place (a Los Angeles evening scan is March 9, 7:30 PM)', () => {
		const tn = '1Z999AA10123456784';
		const record = recordOf({
			stage: 'in_transit',
			shipments: [shipmentOf({ lastScanAt: '2026-03-10T02:30:00.000Z' })],
			facts: [
				trackingFactOf({
					trackingNumber: tn,
					destinationTimeZone: 'America/New_York',
					events: [
						{ at: '2026-03-09T20:00:00Z', status: 'pre_transit', location: 'Shipper' },
						{
							at: '2026-03-10T02:30:00Z',
							status: 'in_transit',
							location: 'Los Angeles, CA',
							timeZone: 'America/Los_Angeles',
						},
					],
				}),
			],
		});
		const parcel = view(record).parcels[0];
		expect(parcel.lastScan).toEqual({
			at: { iso: '2026-03-10T02:30:00.000Z', timeZone: 'America/Los_Angeles', precision: 'time' },
			place: 'Los Angeles, CA',
		});
		expect(page(record)).toContain('<time datetime="2026-03-10T02:30:00.000Z">Mar 9, 2026, 7:30 PM PDT</time>');
		expect(page(record, 'de')).toMatch(/Los Angeles, CA<\/span><br><time[^>]*>9\. März 2026, 19:30/);
	});

	it('without the scan’s zone: the destination’s; without that: the store’s', () => {
		const tn = '1Z999AA10123456784';
		const scan = { at: '2026-03-10T02:30:00Z', status: 'in_transit' as const, location: 'Somewhere' };
		const withDestination = recordOf({
			shipments: [shipmentOf()],
			facts: [trackingFactOf({ trackingNumber: tn, destinationTimeZone: 'America/Denver', events: [scan] })],
		});
		expect(view(withDestination).parcels[0].lastScan?.at.timeZone).toBe('America/Denver');
		const withNothing = recordOf({
			shipments: [shipmentOf()],
			facts: [trackingFactOf({ trackingNumber: tn, events: [scan] })],
		});
		expect(view(withNothing).parcels[0].lastScan?.at.timeZone).toBe(STORE_ZONE);
		expect(view(withNothing).timeZone).toBe(STORE_ZONE);
	});

	it('a scan whose zone could not be resolved shows the carrier’s own calendar day, not a guessed time', () => {
		const record = recordOf({
			shipments: [shipmentOf({ carrier: 'DHL Express', trackingNumber: 'JD0001', key: 'JD0001' })],
			facts: [
				trackingFactOf({
					trackingNumber: 'JD0001',
					events: [
						{
							at: '2026-03-10T07:30:00Z',
							status: 'in_transit',
							location: 'Hub',
							localTime: '2026-03-09T19:30:00',
							atUncertain: true,
						},
					],
				}),
			],
		});
		expect(view(record).parcels[0].lastScan?.at).toEqual({
			iso: '2026-03-09',
			timeZone: STORE_ZONE,
			precision: 'date',
		});
		expect(view(record).parcels[0].carrier).toBe('DHL');
	});

	it('estimates, windows and commitments are days in the destination’s zone, and go once delivered', () => {
		const tn = '1Z999AA10123456784';
		const fact = {
			...trackingFactOf({
				trackingNumber: tn,
				destinationTimeZone: 'America/Los_Angeles',
				estimatedWindow: { from: '2026-03-11', to: '2026-03-12T03:00:00Z' },
				commitment: '2026-03-13',
			}),
			newestEstimate: ['2026-03-05T00:00:00.000Z', '2026-03-12T03:00:00Z'] as [string, string],
		};
		const p = view(recordOf({ shipments: [shipmentOf()], facts: [fact] })).parcels[0];
		expect(p.estimate).toEqual({ iso: '2026-03-12T03:00:00.000Z', timeZone: 'America/Los_Angeles', precision: 'date' });
		expect(p.window?.from).toEqual({ iso: '2026-03-11', timeZone: 'America/Los_Angeles', precision: 'date' });
		expect(p.commitment?.iso).toBe('2026-03-13');
		// 03:00 UTC on the 12th is still the 11th in Los Angeles: a window of one day is that day.
		const render = (data: Partial<TrackingData>) =>
			renderStatusPage(
				view(
					recordOf({
						shipments: [shipmentOf()],
						facts: [{ ...fact, data: { ...fact.data, ...data } as TrackingData }],
					}),
				),
				{ t: translator('en'), branding: BRANDING, lookupUrl: '/', langLinks: [] },
			);
		expect(render({ commitment: null })).toContain(
			'<dt>Estimated delivery</dt><dd><time datetime="2026-03-11">Wednesday, March 11, 2026</time></dd>',
		);
		expect(render({ commitment: null, estimatedWindow: { from: '2026-03-10', to: '2026-03-12T03:00:00Z' } })).toContain(
			'<dt>Delivery window</dt><dd><time datetime="2026-03-10">Tuesday, March 10, 2026</time> to ' +
				'<time datetime="2026-03-11">Wednesday, March 11, 2026</time></dd>',
		);
		expect(render({})).toContain(
			'<dt>Scheduled delivery</dt><dd><time datetime="2026-03-13">Friday, March 13, 2026</time>',
		);
		const delivered = view(
			recordOf({ stage: 'delivered', shipments: [shipmentOf({ deliveredAt: '2026-03-09T18:00:00Z' })], facts: [fact] }),
		).parcels[0];
		expect(delivered).toMatchObject({ status: 'delivered', estimate: null, window: null, commitment: null });
		expect(delivered.deliveredAt).toEqual({
			iso: '2026-03-09T18:00:00.000Z',
			timeZone: 'America/Los_Angeles',
			precision: 'time',
		});
	});

	it('only http(s) tracking links; the carrier’s own page otherwise; none for an unknown carrier', () => {
		const withLink = (trackingUrl: string, carrier = 'FedEx') =>
			view(recordOf({ shipments: [shipmentOf({ carrier, trackingUrl, trackingNumber: '7712 3456' })] })).parcels[0]
				.trackingUrl;
		expect(withLink('https://track.acme.example/p?id=1')).toBe('https://track.acme.example/p?id=1');
		expect(withLink('javascript:alert(1)')).toBe('https://www.fedex.com/fedextrack/?trknbr=7712%203456');
		expect(withLink('data:text/html,<script>alert(1)</script>', 'Acme Courier')).toBeNull();
	});

	it('a carrier or exception type named like an object property finds nothing', () => {
		for (const name of ['__proto__', 'constructor', 'toString']) {
			const v = view(
				recordOf({
					shipments: [shipmentOf({ carrier: name, trackingUrl: null })],
					openExceptionTypes: [name as ExceptionType],
				}),
			);
			expect(v.parcels[0]).toMatchObject({ carrier: name, trackingUrl: null });
			expect(v.notices).toEqual([]);
		}
	});

	it('voided parcels are not shown; a return parcel says it is one; a parcel without carrier news is "shipped"', () => {
		const v = view(
			recordOf({
				stage: 'return_requested',
				shipments: [
					shipmentOf({ voided: true, key: 'void' }),
					shipmentOf({ trackingStatus: null, key: 'a' }),
					shipmentOf({ direction: 'return', trackingStatus: 'in_transit', key: 'b', trackingNumber: 'RET1' }),
				],
			}),
		);
		expect(v.parcels.map((p) => [p.index, p.direction, p.status])).toEqual([
			[1, 'outbound', 'shipped'],
			[2, 'return', 'in_transit'],
		]);
	});
});

describe('timeline', () => {
	it('newest first, steps from the scans, a repeated step at one place once, future steps left out', () => {
		const tn = '1Z999AA10123456784';
		const record = recordOf({
			stage: 'out_for_delivery',
			dates: { placedAt: '2026-03-02T14:00:00Z', sentToFulfillmentAt: '2026-03-02T15:00:00Z' },
			shipments: [shipmentOf({ shippedAt: '2026-03-03T21:00:00Z' })],
			facts: [
				trackingFactOf({
					trackingNumber: tn,
					events: [
						{ at: '2026-03-04T01:00:00Z', status: 'in_transit', location: 'Louisville, KY' },
						{ at: '2026-03-04T03:00:00Z', status: 'in_transit', location: 'Louisville, KY' },
						{ at: '2026-03-05T10:00:00Z', status: 'in_transit', location: 'Memphis, TN' },
						{ at: '2026-03-10T12:00:00Z', status: 'out_for_delivery', location: 'Springfield, IL' },
						{ at: '2026-03-11T12:00:00Z', status: 'delivered', location: 'Springfield, IL' },
					],
				}),
			],
		});
		const steps = view(record).timeline.map((m) => [m.kind, m.place, m.parcel]);
		expect(steps).toEqual([
			['out_for_delivery', 'Springfield, IL', null],
			['in_transit', 'Memphis, TN', null],
			['in_transit', 'Louisville, KY', null],
			['shipped', null, null],
			['processing', null, null],
			['placed', null, null],
		]);
	});

	it('names the parcel when there are several, and stays bounded', () => {
		const events = Array.from({ length: 30 }, (_, i) => ({
			at: new Date(Date.parse('2026-03-04T00:00:00Z') + i * 3_600_000).toISOString(),
			status: 'in_transit' as const,
			location: `Hub ${i}`,
		}));
		const record = recordOf({
			shipments: [shipmentOf(), shipmentOf({ key: 'B2', trackingNumber: 'B2', carrier: 'USPS' })],
			facts: [trackingFactOf({ trackingNumber: '1Z999AA10123456784', events })],
		});
		const timeline = view(record).timeline;
		expect(timeline).toHaveLength(MAX_MILESTONES);
		expect(timeline[0]).toMatchObject({ kind: 'in_transit', place: 'Hub 29', parcel: 1 });
		const all = view(recordOf({ shipments: record.shipments })).timeline;
		expect(all.filter((m) => m.kind === 'shipped').map((m) => [m.parcel, m.carrier])).toEqual([
			[2, 'USPS'],
			[1, 'UPS'],
		]);
		expect(page(recordOf({ shipments: record.shipments }))).toContain(
			'<span class="parcel-ref">Package 2</span><span class="step">Shipped with USPS</span>',
		);
	});

	it('a cancelled order ends with its cancellation; a return shows its request and its arrival', () => {
		const cancelled = view(
			recordOf({
				stage: 'cancelled',
				dates: { placedAt: '2026-03-02T14:00:00Z', cancelledAt: '2026-03-03T09:00:00Z' },
			}),
		);
		expect(cancelled.timeline.map((m) => m.kind)).toEqual(['cancelled', 'placed']);
		const returned = view(
			recordOf({
				stage: 'returned',
				facts: [
					{
						slot: 'shopify|return|R1',
						source: 'shopify',
						kind: 'return',
						sourceId: 'R1',
						at: '2026-03-09T10:00:00.000Z',
						key: 'r1',
						firstAt: '2026-03-06T10:00:00.000Z',
						data: { returnId: 'R1', status: 'received' },
					},
				],
			}),
		);
		expect(returned.timeline.map((m) => m.kind)).toEqual(['returned', 'return_requested', 'placed']);
	});
});

describe('through reconcile: the stored record and the stored scans', () => {
	const story = [
		obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
			name: '#1001',
			createdAt: at(0),
			financialStatus: 'PAID',
			fulfillmentStatus: 'FULFILLED',
			email: 'sam@example.org',
			shippingAddress: {
				address1: '9 Elm Avenue',
				city: 'Springfield',
				provinceCode: 'IL',
				zip: '62701',
				countryCode: 'US',
			},
		}),
		obs('shopify', 'shipment', 'f-1', 6, {
			shipmentId: 'f-1',
			trackingNumber: '1Z999',
			carrier: 'UPS',
			shippedAt: at(6),
		}),
		obs('ups', 'tracking', '1Z999', 30, {
			trackingNumber: '1Z999',
			carrier: 'UPS',
			status: 'in_transit',
			rawStatus: 'I',
			destinationTimeZone: 'America/Chicago',
			estimatedDelivery: '2026-03-05',
			events: [
				{ at: at(8), status: 'in_transit', location: 'Louisville, KY', timeZone: 'America/Kentucky/Louisville' },
				{ at: at(30), status: 'in_transit', location: 'Chicago, IL', timeZone: 'America/Chicago' },
			],
		}),
	];
	const { record } = reconcile(null, story, defaultPolicy(), at(31));

	it('the record alone gives the stage, the estimate and the last scan with its place (kept by the engine)', () => {
		const v = statusViewOf(record, { now: at(31), storeTimeZone: 'America/New_York' });
		expect(v.stage).toBe('in_transit');
		expect(v.orderName).toBe('#1001');
		expect(v.email).toBe('s***@example.org');
		expect(v.timeZone).toBe('America/Chicago');
		expect(v.parcels[0]).toMatchObject({
			carrier: 'UPS',
			status: 'in_transit',
			estimate: { iso: '2026-03-05', precision: 'date' },
			lastScan: { at: { iso: at(30), timeZone: 'America/Chicago' }, place: 'Chicago, IL' },
		});
	});

	it('with the stored observations, the last scan has its place and the timeline its steps', () => {
		const v = statusViewOf(record, { now: at(31), storeTimeZone: 'America/New_York', observations: story });
		expect(v.parcels[0].lastScan).toEqual({
			at: { iso: at(30), timeZone: 'America/Chicago', precision: 'time' },
			place: 'Chicago, IL',
		});
		expect(v.timeline.map((m) => m.kind)).toEqual(['in_transit', 'in_transit', 'shipped', 'placed']);
		// Another order's scans of a number that happens to match are not this order's: its newer scan elsewhere
		// does not replace the one the record has.
		const foreign = {
			...story[2],
			orderKey: '2002',
			key: 'other',
			data: { ...story[2].data, events: [{ at: at(30.5), status: 'in_transit', location: 'Reno, NV' }] },
		};
		const v2 = statusViewOf(record, { now: at(31), storeTimeZone: 'America/New_York', observations: [foreign] });
		expect(v2.parcels[0].lastScan?.place).toBe('Chicago, IL');
	});
});

describe('review fixes', () => {
	const order = obs('shopify', 'order', 'gid://shopify/Order/1001', 0, {
		name: '#1001',
		createdAt: at(0),
		financialStatus: 'PAID',
		fulfillmentStatus: 'FULFILLED',
	});
	const ship = obs('shopify', 'shipment', 'f-1', 6, { shipmentId: 'f-1', trackingNumber: '1Z9', carrier: 'UPS' });
	const read = (h: number, estimate: string, events: Array<Record<string, unknown>>) =>
		obs('ups', 'tracking', '1Z9', h, {
			trackingNumber: '1Z9',
			carrier: 'UPS',
			status: 'in_transit',
			rawStatus: 'I',
			destinationTimeZone: 'America/Los_Angeles',
			estimatedDelivery: estimate,
			events: events as never,
		});

	it('an estimate at midnight is that day, not the evening before in a western zone', () => {
		const { record } = reconcile(null, [order, ship, read(30, '2026-03-07T00:00:00Z', [])], defaultPolicy(), at(31));
		const v = statusViewOf(record, { now: at(31), storeTimeZone: 'America/New_York' });
		expect(v.parcels[0].estimate).toEqual({ iso: '2026-03-07', timeZone: 'America/Los_Angeles', precision: 'date' });
	});

	it("a stored scan list older than the record's newest scan does not speak for the parcel", () => {
		const older = read(21, '2026-03-07', [{ at: at(20), status: 'in_transit', location: 'Memphis, TN' }]);
		const newer = read(31, '2026-03-07', [{ at: at(30), status: 'in_transit', location: 'Reno, NV' }]);
		const { record } = reconcile(null, [order, ship, older, newer], defaultPolicy(), at(32));
		const v = statusViewOf(record, { now: at(32), storeTimeZone: 'America/New_York', observations: [older] });
		expect(v.parcels[0].lastScan).toMatchObject({ at: { iso: at(30) }, place: 'Reno, NV' });
	});
});
