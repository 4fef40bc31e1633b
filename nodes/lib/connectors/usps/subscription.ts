import { createHmac } from 'node:crypto';
import { decodeMac, macMatches } from '../../http/signatures';
import { parseEstimate } from '../carriers/dates';
import {
	digestOf,
	headerOf,
	parseJsonObject,
	pushObservation,
	PushPayloadError,
	type PushOutcome,
	type PushVerdict,
} from '../carriers/push';
import { normaliseUspsDetail, type UspsTrackingDetail } from './normalise';

/**
 * USPS tracking subscriptions (vendor-specs/usps/subscriptions-tracking-v3r2_1.yaml, `POST /notifications`,
 * the listener the subscriber implements): verification and the notification -> the TrackResult a
 * Tracking API read gives.
 *
 * The spec, header `X-HMAC`: "If a secret was provided with the subscription, this field will contain an
 * HMAC hash encoded in Base64. To compute the same hash for comparison, concatenate the value of the
 * timestamp field and the value of the payload field, hash the concatenated string using the shared secret
 * and the SHA256 hash function, and encode the output in Base64." `hmac-header` carries the same value and
 * is marked deprecated. The signed text is two fields of the body, so both are read from the raw bytes USPS
 * sent (JSON string values decode to one exact text), never from a re-serialised copy.
 * `timestamp` is "Timestamp message was generated, in ISO-8601 format": a notification older (or newer)
 * than the tolerance is refused, so a captured notification cannot be replayed later.
 */

export const USPS_DEFAULT_TOLERANCE_SECONDS = 300;

function expectedUspsHmac(secret: string, timestamp: string, payload: string): Buffer {
	return createHmac('sha256', secret).update(`${timestamp}${payload}`, 'utf8').digest();
}

interface SignedFields {
	body: Record<string, unknown>;
	timestamp: string;
	payload: string;
}

function signedFields(rawBody: Buffer): SignedFields {
	const body = parseJsonObject(rawBody, 'USPS notification');
	const { timestamp, payload } = body;
	if (timestamp === undefined || timestamp === null || timestamp === '')
		throw new PushPayloadError('timestamp', 'timestamp is missing: USPS signs the timestamp and the payload together');
	if (typeof timestamp !== 'string')
		throw new PushPayloadError('timestamp', `timestamp must be an ISO-8601 string (got ${typeof timestamp})`);
	if (payload === undefined || payload === null || payload === '')
		throw new PushPayloadError(
			'payload',
			'payload is missing: USPS sends the tracking details as a JSON string in "payload"',
		);
	if (typeof payload !== 'string')
		throw new PushPayloadError(
			'payload',
			`payload must be a string holding JSON, as USPS sends it (got ` +
				`${Array.isArray(payload) ? 'array' : typeof payload})`,
		);
	return { body, timestamp, payload };
}

/**
 * Is this notification USPS's, and fresh? 401 when the secret is missing, the signature is absent or
 * wrong, or the timestamp is outside the tolerance; 400 (naming the field) when the body lacks what the
 * signature covers. toleranceSeconds 0 turns the freshness check off (replaying recorded traffic).
 */
export function verifyUspsNotification(
	rawBody: Buffer,
	headers: Record<string, unknown>,
	secret: string,
	nowMs: number,
	toleranceSeconds = USPS_DEFAULT_TOLERANCE_SECONDS,
): PushVerdict {
	const fail = (reason: string): PushVerdict => ({ ok: false, status: 401, reason });
	if (!secret) return fail('no subscription secret is configured in the USPS Tracking Subscription credential');
	const presented = (headerOf(headers, 'x-hmac') ?? headerOf(headers, 'hmac-header'))?.trim();
	if (!presented)
		return fail('missing header "X-HMAC" (USPS signs every notification of a subscription that has a secret)');
	let fields: SignedFields;
	try {
		fields = signedFields(rawBody);
	} catch (error) {
		const e = error as PushPayloadError;
		return { ok: false, status: 400, reason: e.message, field: e.field };
	}
	// The decoded MAC bytes are compared (base64, strictly decoded), not the header's text.
	if (!macMatches(decodeMac(presented, 'base64'), expectedUspsHmac(secret, fields.timestamp, fields.payload)))
		return fail('X-HMAC does not match the timestamp and payload signed with the subscription secret');
	const at = Date.parse(fields.timestamp);
	if (!/^\d{4}-\d{2}-\d{2}T/.test(fields.timestamp) || !Number.isFinite(at))
		return {
			ok: false,
			status: 400,
			reason: `timestamp "${fields.timestamp}" is not an ISO-8601 date-time`,
			field: 'timestamp',
		};
	if (toleranceSeconds > 0) {
		const skew = Math.round((nowMs - at) / 1000);
		if (Math.abs(skew) > toleranceSeconds)
			return fail(
				`timestamp ${fields.timestamp} is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}, outside the ` +
					`${toleranceSeconds} s tolerance`,
			);
	}
	return { ok: true };
}

/**
 * The payload text as JSON. The spec's own examples show it with escaped quotes ({\"trackingNumber\"...}),
 * how a JSON string looks when printed inside JSON; when the text only parses after that unescaping we
 * accept it and say so in a warning.
 */
function parsePayload(payload: string, warnings: string[]): Record<string, unknown> {
	const asObject = (v: unknown) =>
		typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
	try {
		const direct = asObject(JSON.parse(payload));
		if (direct) return direct;
	} catch {
		// fall through to the escaped form
	}
	try {
		const unescaped = asObject(JSON.parse(JSON.parse(`"${payload.trim()}"`) as string));
		if (unescaped) {
			warnings.push('payload held JSON with escaped quotes (\\"); it was unescaped once before reading.');
			return unescaped;
		}
	} catch {
		// reported below
	}
	throw new PushPayloadError(
		'payload',
		'payload is not a JSON object in a string (USPS: "a JavaScript object that has been converted into a JSON ' +
			'formatted string")',
	);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** A verified notification -> the observation a Tracking API read of the same item would give. */
export function normaliseUspsNotification(rawBody: Buffer, receivedAt: string): PushOutcome {
	const { body, timestamp, payload } = signedFields(rawBody);
	const warnings: string[] = [];
	const detail = parsePayload(payload, warnings);
	const tn = detail.trackingNumber;
	if (tn === undefined || tn === null || tn === '')
		throw new PushPayloadError(
			'payload.trackingNumber',
			'payload.trackingNumber is missing: the notification does not say which item it is about',
		);
	if (typeof tn !== 'string')
		throw new PushPayloadError('payload.trackingNumber', `payload.trackingNumber must be a string (got ${typeof tn})`);
	if (detail.trackingEvents !== undefined && !Array.isArray(detail.trackingEvents))
		throw new PushPayloadError('payload.trackingEvents', 'payload.trackingEvents must be an array of events');
	const single = detail.trackingEvent;
	if (single !== undefined && (typeof single !== 'object' || single === null || Array.isArray(single)))
		throw new PushPayloadError('payload.trackingEvent', 'payload.trackingEvent must be one event object');

	// Detailed Scan (SCAN_EVENT_EXTRACT) notifications carry one `trackingEvent`; tracking ones a list.
	const events = [...((detail.trackingEvents as UspsTrackingDetail['trackingEvents']) ?? [])];
	if (single) {
		const e = single as Record<string, unknown>;
		events.unshift({ ...(e as object), eventType: str(e.eventType) ?? str(e.scanEventExtractEventName) } as NonNullable<
			UspsTrackingDetail['trackingEvents']
		>[number]);
	}
	const trackingNumber = tn.trim();
	const result = normaliseUspsDetail(trackingNumber, { ...(detail as UspsTrackingDetail), trackingEvents: events });
	result.warnings.push(...warnings);

	const expectation = (detail.deliveryDateExpectation ?? {}) as Record<string, unknown>;
	const guaranteed = parseEstimate(str(expectation.guaranteedDeliveryDate));
	const observation = pushObservation(result, receivedAt, {
		commitment: result.status === 'delivered' ? undefined : (guaranteed ?? undefined),
	});
	const references = Array.isArray(detail.customerReferenceNumber)
		? detail.customerReferenceNumber.filter((r): r is string => typeof r === 'string' && r.trim() !== '')
		: [];
	return {
		carrier: 'usps',
		deliveryKey: `usps:push:${digestOf(payload)}`,
		trackingNumber,
		result,
		observation,
		references,
		meta: {
			subscriptionId: str(body.subscriptionId) ?? null,
			subscriptionType: str(body.subscriptionType) ?? null,
			timestamp,
			deliveryWindow:
				str(expectation.predictedDeliveryWindowStartTime) || str(expectation.predictedDeliveryWindowEndTime)
					? {
							date: str(expectation.predictedDeliveryDate) ?? null,
							start: str(expectation.predictedDeliveryWindowStartTime) ?? null,
							end: str(expectation.predictedDeliveryWindowEndTime) ?? null,
						}
					: null,
		},
		body: { ...body, payload: detail },
		warnings: result.warnings,
	};
}
