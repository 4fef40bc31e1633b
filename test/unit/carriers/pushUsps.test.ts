/**
 * USPS tracking-subscription notifications (subscriptions-tracking-v3r2_1.yaml, POST /notifications):
 * X-HMAC is "an HMAC hash encoded in Base64 ... concatenate the value of the timestamp field and the value
 * of the payload field, hash the concatenated string using the shared secret and the SHA256 hash
 * function"; `hmac-header` is the deprecated twin; `payload` is the tracking detail as a JSON string.
 */
import { PushPayloadError } from '../../../nodes/lib/connectors/carriers/push';
import { normaliseUspsNotification, verifyUspsNotification } from '../../../nodes/lib/connectors/usps/subscription';
import { describeIfSpec, loadOpenApi } from '../../helpers/specs';
import { signUspsNotification } from '../../helpers/webhookSigners';

// The spec's own example secret (components.examples.Subscription: 32 characters).
const SECRET = 'MySecretKeyPhraseIs32BytesLength';
const TIMESTAMP = '2026-12-03T11:43:17.412Z';
const NOW = Date.parse(TIMESTAMP) + 2_000;
const DETAIL = {
	trackingNumber: '9400111899561234587128',
	destinationCity: 'COLUMBUS',
	destinationState: 'OH',
	destinationZIPCode: '43215',
	statusCategory: 'In Transit',
	status: 'Arrived at USPS Regional Destination Facility',
	deliveryDateExpectation: { expectedDeliveryDate: '2026-12-04' },
	trackingEvents: [
		{
			eventType: 'Arrived at USPS Regional Destination Facility',
			eventTimestamp: '2026-12-03T06:41:00-05:00',
			GMTTimestamp: '2026-12-03T11:41:00Z',
			GMTOffset: '-5:00',
			eventCity: 'COLUMBUS',
			eventState: 'OH',
			eventCode: '10',
		},
	],
};

function notification(detail: unknown = DETAIL, timestamp = TIMESTAMP, extra: Record<string, unknown> = {}) {
	const payload = typeof detail === 'string' ? detail : JSON.stringify(detail);
	const raw = Buffer.from(
		JSON.stringify({ subscriptionId: 'sub-1', subscriptionType: 'TRACKING', timestamp, payload, ...extra }),
	);
	return { raw, payload, headers: { 'X-HMAC': signUspsNotification(SECRET, timestamp, payload) } };
}

describe('USPS notification signature', () => {
	it('matches an HMAC-SHA256 computed outside this code (openssl dgst -sha256 -hmac ... | base64)', () => {
		// printf '%s' '2024-12-27T19:05:42.747Z{"trackingNumber":"12345678"}' \
		//   | openssl dgst -sha256 -hmac 'MySecretKeyPhraseIs32BytesLength' -binary | base64
		expect(signUspsNotification(SECRET, '2024-12-27T19:05:42.747Z', '{"trackingNumber":"12345678"}')).toBe(
			'X+n+V25islyb1Tzn40u/zBHXbq2jp1qrpoPTEtKg5v0=',
		);
		// the verifier accepts that outside value too (the test signer above is not the product's code)
		const raw = Buffer.from(
			JSON.stringify({ timestamp: '2024-12-27T19:05:42.747Z', payload: '{"trackingNumber":"12345678"}' }),
		);
		expect(
			verifyUspsNotification(
				raw,
				{ 'X-HMAC': 'X+n+V25islyb1Tzn40u/zBHXbq2jp1qrpoPTEtKg5v0=' },
				SECRET,
				Date.parse('2024-12-27T19:05:43Z'),
			),
		).toEqual({ ok: true });
	});

	it('accepts a notification signed with the subscription secret, also under the deprecated hmac-header', () => {
		const { raw, headers } = notification();
		expect(verifyUspsNotification(raw, headers, SECRET, NOW)).toEqual({ ok: true });
		expect(verifyUspsNotification(raw, { 'hmac-header': headers['X-HMAC'] }, SECRET, NOW)).toEqual({ ok: true });
	});

	it('refuses another secret, a changed payload, a changed timestamp and a missing header (401)', () => {
		const { raw, headers, payload } = notification();
		expect(verifyUspsNotification(raw, headers, 'AnotherSecretOf32CharactersLong!', NOW)).toMatchObject({
			ok: false,
			status: 401,
		});
		const tampered = Buffer.from(raw.toString('utf8').replace('In Transit', 'Delivered'));
		expect(verifyUspsNotification(tampered, headers, SECRET, NOW)).toMatchObject({ ok: false, status: 401 });
		const retimed = Buffer.from(
			JSON.stringify({ subscriptionId: 'sub-1', timestamp: '2026-12-03T11:43:18.412Z', payload }),
		);
		expect(verifyUspsNotification(retimed, headers, SECRET, NOW)).toMatchObject({ ok: false, status: 401 });
		expect(verifyUspsNotification(raw, {}, SECRET, NOW)).toMatchObject({
			ok: false,
			status: 401,
			reason: expect.stringMatching(/X-HMAC/),
		});
		expect(verifyUspsNotification(raw, headers, '', NOW)).toMatchObject({
			ok: false,
			status: 401,
			reason: expect.stringMatching(/secret/),
		});
	});

	it('the signature covers the field values, not the JSON around them: re-spaced JSON still verifies', () => {
		const { payload, headers } = notification();
		const spaced = Buffer.from(`{\n  "payload" : ${JSON.stringify(payload)},\n  "timestamp" : "${TIMESTAMP}"\n}`);
		expect(verifyUspsNotification(spaced, headers, SECRET, NOW)).toEqual({ ok: true });
	});

	it('refuses a stale or future timestamp outside the tolerance; 0 turns the check off', () => {
		const { raw, headers } = notification();
		expect(verifyUspsNotification(raw, headers, SECRET, Date.parse(TIMESTAMP) + 299_000, 300)).toEqual({ ok: true });
		const stale = verifyUspsNotification(raw, headers, SECRET, Date.parse(TIMESTAMP) + 301_000, 300);
		expect(stale).toMatchObject({ ok: false, status: 401 });
		expect(stale.ok ? '' : stale.reason).toMatch(/301 s old, outside the 300 s tolerance/);
		expect(verifyUspsNotification(raw, headers, SECRET, Date.parse(TIMESTAMP) - 600_000, 300)).toMatchObject({
			ok: false,
			status: 401,
			reason: expect.stringMatching(/future/),
		});
		expect(verifyUspsNotification(raw, headers, SECRET, Date.parse(TIMESTAMP) + 86_400_000, 0)).toEqual({ ok: true });
	});

	it('a body without the signed fields is a 400 naming the field', () => {
		const headers = { 'X-HMAC': 'AAAA' };
		expect(verifyUspsNotification(Buffer.from('not json'), headers, SECRET, NOW)).toMatchObject({
			status: 400,
			field: 'body',
		});
		expect(verifyUspsNotification(Buffer.from(JSON.stringify({ payload: '{}' })), headers, SECRET, NOW)).toMatchObject({
			status: 400,
			field: 'timestamp',
		});
		expect(
			verifyUspsNotification(Buffer.from(JSON.stringify({ timestamp: TIMESTAMP })), headers, SECRET, NOW),
		).toMatchObject({ status: 400, field: 'payload' });
		expect(
			verifyUspsNotification(
				Buffer.from(JSON.stringify({ timestamp: TIMESTAMP, payload: DETAIL })),
				headers,
				SECRET,
				NOW,
			),
		).toMatchObject({ status: 400, field: 'payload' });
	});
});

describe('USPS notification -> the observation a Tracking API read gives', () => {
	it('reads the payload string: item, event instant, status, estimate', () => {
		const outcome = normaliseUspsNotification(notification().raw, '2026-12-03T11:43:19Z');
		expect(outcome.trackingNumber).toBe('9400111899561234587128');
		expect(outcome.result.status).toBe('in_transit');
		expect(Date.parse(outcome.result.events[0].at)).toBe(Date.parse('2026-12-03T11:41:00Z'));
		expect(outcome.result.estimatedDelivery).toBe('2026-12-04');
		expect(outcome.observation).toMatchObject({
			source: 'usps',
			kind: 'tracking',
			sourceId: '9400111899561234587128',
			orderKey: '',
			receivedAt: '2026-12-03T11:43:19Z',
		});
		expect(outcome.meta).toMatchObject({ subscriptionId: 'sub-1', subscriptionType: 'TRACKING', timestamp: TIMESTAMP });
	});

	it('the delivery key follows the signed payload: a resend with a new timestamp is the same delivery', () => {
		const a = normaliseUspsNotification(notification().raw, '2026-12-03T11:43:19Z');
		const b = normaliseUspsNotification(notification(DETAIL, '2026-12-03T11:53:17.000Z').raw, '2026-12-03T11:53:19Z');
		const c = normaliseUspsNotification(
			notification({ ...DETAIL, statusCategory: 'Out for Delivery' }).raw,
			'2026-12-03T11:43:19Z',
		);
		expect(a.deliveryKey).toBe(b.deliveryKey);
		expect(a.deliveryKey).not.toBe(c.deliveryKey);
	});

	it('Detailed Scan notifications carry one trackingEvent; customer reference numbers are passed on', () => {
		const { trackingEvents, ...rest } = DETAIL;
		const detail = {
			...rest,
			customerReferenceNumber: ['1071'],
			trackingEvent: { ...trackingEvents[0], eventType: undefined, scanEventExtractEventName: 'ARRIVAL AT UNIT' },
		};
		const outcome = normaliseUspsNotification(notification(detail).raw, '2026-12-03T11:43:19Z');
		expect(outcome.result.events).toHaveLength(1);
		expect(outcome.result.events[0].description).toBe('ARRIVAL AT UNIT');
		expect(outcome.references).toEqual(['1071']);
	});

	it('a payload that is not JSON, or names no item, is refused naming the field', () => {
		const fieldOf = (detail: unknown) => {
			try {
				normaliseUspsNotification(notification(detail).raw, '2026-12-03T11:43:19Z');
			} catch (error) {
				expect(error).toBeInstanceOf(PushPayloadError);
				return (error as PushPayloadError).field;
			}
			return 'accepted';
		};
		expect(fieldOf('{"trackingNumber":')).toBe('payload');
		expect(fieldOf('[]')).toBe('payload');
		expect(fieldOf({ ...DETAIL, trackingNumber: undefined })).toBe('payload.trackingNumber');
		expect(fieldOf({ ...DETAIL, trackingEvents: 'none' })).toBe('payload.trackingEvents');
	});
});

describeIfSpec('usps/subscriptions-tracking-v3r2_1.yaml')("USPS notification: the spec's example", () => {
	it('the "Tracking Subscription Event" example (payload printed with escaped quotes) is read, with a warning', () => {
		const example = loadOpenApi('usps/subscriptions-tracking-v3r2_1.yaml').components!.examples!.scanEvent
			.value as Record<string, string>;
		const raw = Buffer.from(JSON.stringify(example));
		const signed = { 'X-HMAC': signUspsNotification(SECRET, example.timestamp, example.payload) };
		expect(verifyUspsNotification(raw, signed, SECRET, Date.parse(example.timestamp))).toEqual({ ok: true });
		const outcome = normaliseUspsNotification(raw, example.timestamp);
		expect(outcome.trackingNumber).toBe('12345678');
		expect(outcome.warnings.join(' ')).toMatch(/escaped quotes/);
		// Event code 01 is Delivered (Pub 199); the example's GMTTimestamp is 2025-02-07T17:55:12Z.
		expect(outcome.result.events[0]).toMatchObject({ status: 'delivered', code: '01' });
		expect(Date.parse(outcome.result.events[0].at)).toBe(Date.parse('2025-02-07T17:55:12Z'));
		expect(outcome.meta.subscriptionId).toBe('123456789');
	});
});
