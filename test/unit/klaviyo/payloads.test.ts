import { ValidationError } from '../../../nodes/lib/http';
import {
	buildBulkCreateBody,
	buildCreateEventBody,
	buildPostPurchaseEvent,
	buildProfileUpsertBody,
	deriveUniqueId,
	normaliseLocale,
	POST_PURCHASE_PRESET_KEYS,
	postPurchaseUniqueId,
	readOrderRecord,
	toNotificationObservation,
} from '../../../nodes/lib/connectors/klaviyo';
import { shippedOrder } from './fixtures';

describe('Create Event body', () => {
	const base = { metric: 'Order Shipped', profile: { email: 'a@example.com' }, properties: { OrderKey: '1001' } };

	it('always carries a unique_id, derived from the content when none is given', () => {
		const body = buildCreateEventBody(base);
		expect(body.data.attributes.unique_id).toMatch(/^evt_[0-9a-f]{40}$/);
		// the same event built again (a retried execution) has the same id: Klaviyo dedupes it
		expect(buildCreateEventBody({ ...base }).data.attributes.unique_id).toBe(body.data.attributes.unique_id);
		expect(buildCreateEventBody({ ...base, properties: { OrderKey: '1002' } }).data.attributes.unique_id).not.toBe(
			body.data.attributes.unique_id,
		);
	});

	it('the derived id ignores property order and email case', () => {
		expect(deriveUniqueId({ metric: 'X', profile: { email: 'A@Example.com' }, properties: { a: 1, b: 2 } })).toBe(
			deriveUniqueId({ metric: 'X', profile: { email: 'a@example.com' }, properties: { b: 2, a: 1 } }),
		);
	});

	it('keeps a given unique_id, time, value and profile identifiers', () => {
		const body = buildCreateEventBody({
			...base,
			uniqueId: 'mine-1',
			time: '2026-11-20T10:00:00+01:00',
			value: 49.95,
			valueCurrency: 'EUR',
			profile: { email: 'a@example.com', phoneNumber: '+15005550006', externalId: 'c-9', locale: 'pt_BR' },
		});
		expect(body.data.attributes).toMatchObject({
			unique_id: 'mine-1',
			time: '2026-11-20T10:00:00+01:00',
			value: 49.95,
			value_currency: 'EUR',
		});
		expect(body.data.attributes.profile).toEqual({
			data: {
				type: 'profile',
				attributes: { email: 'a@example.com', phone_number: '+15005550006', external_id: 'c-9', locale: 'pt-BR' },
			},
		});
	});

	it.each([
		[{ ...base, profile: {} }, 'profile.email', /No profile identifier/],
		[{ ...base, profile: { email: 'not-an-email' } }, 'profile.email', /not an email/],
		[{ ...base, profile: { phoneNumber: '514 555 0100' } }, 'profile.phoneNumber', /E\.164/],
		[{ ...base, metric: ' ' }, 'event.metric', /metric name is empty/],
		[{ ...base, time: 'yesterday' }, 'event.time', /not an ISO 8601/],
		[{ ...base, value: Number.NaN }, 'event.value', /not a number/],
	])('bad input is refused before sending, naming the field (%#)', (input, field, message) => {
		let error: ValidationError | undefined;
		try {
			buildCreateEventBody(input as never);
		} catch (e) {
			error = e as ValidationError;
		}
		expect(error).toBeInstanceOf(ValidationError);
		expect(error!.field).toBe(field);
		expect(error!.message).toMatch(message);
		expect(error!.hint).toEqual(expect.any(String));
	});
});

describe('Bulk Create body', () => {
	it('groups events by profile and keeps a unique_id on each', () => {
		const body = buildBulkCreateBody([
			{ metric: 'A', profile: { email: 'x@example.com' }, properties: { n: 1 } },
			{ metric: 'B', profile: { email: 'X@example.com' }, properties: { n: 2 } },
			{ metric: 'A', profile: { email: 'y@example.com' }, properties: { n: 3 } },
		]);
		const groups = body.data.attributes['events-bulk-create'].data;
		expect(groups).toHaveLength(2);
		expect(groups[0].attributes.events.data).toHaveLength(2);
		for (const g of groups)
			for (const e of g.attributes.events.data) expect(e.attributes.unique_id).toEqual(expect.any(String));
	});

	it('refuses more than 1,000 events and names the bad event by index', () => {
		const many = Array.from({ length: 1001 }, (_, i) => ({
			metric: 'A',
			profile: { email: `u${i}@example.com` },
			properties: {},
		}));
		expect(() => buildBulkCreateBody(many)).toThrow(/at most 1000/);
		let error: ValidationError | undefined;
		try {
			buildBulkCreateBody([many[0], { metric: 'A', profile: {}, properties: {} }]);
		} catch (e) {
			error = e as ValidationError;
		}
		expect(error!.field).toBe('events[1].profile.email');
	});
});

describe('Create or Update Profile body', () => {
	it('carries locale (normalised to an IETF tag) for multilingual flows', () => {
		expect(buildProfileUpsertBody({ email: 'a@example.com', firstName: 'Ana', locale: 'pt_br' })).toEqual({
			data: { type: 'profile', attributes: { email: 'a@example.com', first_name: 'Ana', locale: 'pt-BR' } },
		});
		expect(normaliseLocale('FR')).toBe('fr');
		expect(normaliseLocale('')).toBeUndefined();
	});
});

describe('Post-Purchase Event presets', () => {
	const DECIDED = {
		requestId: 'req-1',
		kind: 'address_change',
		outcome: 'approved',
		decidedAt: '2026-11-19T15:00:00.000Z',
		reasons: [],
	};
	it.each(POST_PURCHASE_PRESET_KEYS)('%s carries the enriched order state', (preset) => {
		const event = buildPostPurchaseEvent(shippedOrder(), { preset, request: DECIDED });
		expect(event.properties).toMatchObject({
			OrderKey: '1001',
			OrderName: '#1001',
			EventType: preset,
			Stage: 'in_transit',
			Locale: 'fr_CA',
			Carrier: 'UPS',
			CarrierCode: 'ups',
			TrackingNumber: '1Z999AA10123456784',
			TrackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
			EstimatedDelivery: '2026-11-21',
			ItemNames: ['Enamel Mug', 'Logo Tee (M)'],
			ItemCount: 3,
			Items: [
				{ ProductName: 'Enamel Mug', SKU: 'MUG-01', Quantity: 2 },
				{ ProductName: 'Logo Tee (M)', SKU: 'TEE-M', Quantity: 1 },
			],
		});
		expect(event.profile).toEqual({ email: 'marie@example.com', phoneNumber: '+15145550100', locale: 'fr_CA' });
		expect(buildCreateEventBody(event).data.attributes.profile.data.attributes.locale).toBe('fr-CA');
	});

	it('Request Decided: one per request, at the decision, with how it ended; only for a decided request', () => {
		const event = buildPostPurchaseEvent(shippedOrder(), { preset: 'request_decided', request: DECIDED });
		expect(event.metric).toBe('Request Decided');
		expect(event.uniqueId).toBe('pp:1001:request_decided:req-1');
		expect(event.time).toBe(DECIDED.decidedAt);
		expect(event.properties).toMatchObject({
			RequestId: 'req-1',
			RequestKind: 'address_change',
			RequestOutcome: 'approved',
			RequestReasons: [],
		});
		expect(() => buildPostPurchaseEvent(shippedOrder(), { preset: 'request_decided' })).toThrow(
			expect.objectContaining({ field: 'requestId' }),
		);
		expect(() =>
			buildPostPurchaseEvent(shippedOrder(), { preset: 'request_decided', request: { ...DECIDED, outcome: 'failed' } }),
		).toThrow(expect.objectContaining({ field: 'outcome' }));
		// Any other moment ignores a request it is given.
		expect(
			buildPostPurchaseEvent(shippedOrder(), { preset: 'order_shipped', request: DECIDED }).properties,
		).not.toHaveProperty('RequestId');
	});

	it('unique_id derives from order + event + shipment, so re-runs never send twice', () => {
		const a = buildPostPurchaseEvent(shippedOrder(), { preset: 'order_shipped' });
		const b = buildPostPurchaseEvent(shippedOrder({ version: 9, updatedAt: '2026-11-20T00:00:00Z' }), {
			preset: 'order_shipped',
		});
		expect(a.uniqueId).toBe('pp:1001:order_shipped:1Z999AA10123456784');
		expect(b.uniqueId).toBe(a.uniqueId);
		expect(buildCreateEventBody(a).data.attributes.unique_id).toBe(a.uniqueId);
		expect(postPurchaseUniqueId('1001', 'order_confirmed', 'X')).toBe('pp:1001:order_confirmed:order');
	});

	it('a second parcel gets its own Order Shipped', () => {
		const record = shippedOrder();
		record.shipments.push({
			...record.shipments[0],
			key: '9400111899223197428497',
			trackingNumber: '9400111899223197428497',
			carrier: 'USPS',
			shippedAt: '2026-11-19T12:00:00Z',
		});
		const newest = buildPostPurchaseEvent(record, { preset: 'order_shipped' });
		expect(newest.properties!.CarrierCode).toBe('usps');
		expect(newest.uniqueId).toBe('pp:1001:order_shipped:9400111899223197428497');
		const first = buildPostPurchaseEvent(record, { preset: 'order_shipped', shipment: '1Z999AA10123456784' });
		expect(first.uniqueId).not.toBe(newest.uniqueId);
	});

	it('delivery exception names the delivery problem', () => {
		const event = buildPostPurchaseEvent(
			shippedOrder({ openExceptionTypes: ['notification_late', 'delivery_failed'] }),
			{ preset: 'delivery_exception' },
		);
		expect(event.properties).toMatchObject({
			DeliveryProblem: 'delivery_failed',
			OpenExceptions: ['notification_late', 'delivery_failed'],
		});
	});

	it('uses the moment it happened as the event time', () => {
		expect(buildPostPurchaseEvent(shippedOrder(), { preset: 'order_shipped' }).time).toBe('2026-11-18T16:00:00Z');
		expect(buildPostPurchaseEvent(shippedOrder(), { preset: 'order_confirmed' }).time).toBe('2026-11-17T09:00:00Z');
	});

	it.each([
		[shippedOrder({ shipments: [] }), 'order_shipped', 'shipments'],
		[shippedOrder({ customer: { email: null, phone: null } }), 'order_confirmed', 'customer.email'],
	] as const)('refuses what it cannot send, naming the field (%#)', (record, preset, field) => {
		expect(() => buildPostPurchaseEvent(record, { preset })).toThrow(ValidationError);
		try {
			buildPostPurchaseEvent(record, { preset });
		} catch (e) {
			expect((e as ValidationError).field).toBe(field);
		}
	});

	it('reads the record from Order State items and refuses anything else', () => {
		expect(readOrderRecord({ record: shippedOrder() }).orderKey).toBe('1001');
		expect(readOrderRecord(shippedOrder() as never).orderKey).toBe('1001');
		expect(() => readOrderRecord({ foo: 1 })).toThrow(/not an order record/);
	});

	it('turns a send into a notification observation for Order State', () => {
		const obs = toNotificationObservation(shippedOrder(), 'order_shipped', {
			uniqueId: 'pp:1001:order_shipped:1Z',
			shipmentKey: '1Z',
			sentAt: '2026-11-20T10:00:00Z',
		});
		expect(obs).toMatchObject({
			source: 'klaviyo',
			kind: 'notification',
			orderKey: '1001',
			key: 'klaviyo:pp:1001:order_shipped:1Z',
			data: { event: 'order_shipped', uniqueId: 'pp:1001:order_shipped:1Z', shipmentKey: '1Z' },
		});
	});
});
