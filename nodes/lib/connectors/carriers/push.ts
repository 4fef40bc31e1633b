import { createHash, timingSafeEqual } from 'node:crypto';
import type { Observation, TrackingData } from '../../order/types';
import { toTrackingObservation } from './tracking';
import type { CarrierCode, TrackResult } from './types';

/**
 * What the Carrier Tracking Trigger shares between carriers: the verdict of a push's verification, the
 * normalised outcome of a push, and the constant-time compare. Each carrier's own rules live beside its
 * read normaliser (ups/trackAlert.ts, usps/subscription.ts), so a push and a read of the same parcel end
 * in the same TrackResult and the same kind of observation.
 */

/** 401: not proven to come from the carrier. 400: proven (or unverifiable) but unreadable; names the field. */
export type PushVerdict = { ok: true } | { ok: false; status: 400 | 401; reason: string; field?: string };

/** A push body the carrier's contract does not allow: the field and what is wrong with it. */
export class PushPayloadError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'PushPayloadError';
	}
}

export interface PushOutcome {
	carrier: CarrierCode;
	/** Idempotency key of this delivery: a carrier retrying the same push gets the same key. */
	deliveryKey: string;
	trackingNumber: string;
	result: TrackResult;
	observation: Observation<'tracking'>;
	/** Reference numbers the carrier attached to the parcel (USPS customerReferenceNumber), verbatim. */
	references: string[];
	/** Carrier facts about the delivery itself (subscription id, message timestamp, auth scheme). */
	meta: Record<string, unknown>;
	/** The body as received, parsed; large binary fields are replaced by a note (see warnings). */
	body: Record<string, unknown>;
	warnings: string[];
}

/**
 * Equality that takes the same time wherever the strings differ. Both sides are hashed first so the
 * compare never leaks the expected length either.
 */
export function safeEqual(presented: string, expected: string): boolean {
	const a = createHash('sha256').update(presented, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** A short stable digest of what the carrier signed or sent, for delivery keys. */
export function digestOf(content: string | Buffer): string {
	return createHash('sha256').update(content).digest('hex').slice(0, 24);
}

/** Lower-cased header lookup that accepts n8n's header object (string | string[] values). */
export function headerOf(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
		return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/**
 * The push as the same observation a read produces (toTrackingObservation). The carrier names a parcel,
 * not an order, so orderKey is empty: whoever stores it links it to its order by tracking number.
 */
export function pushObservation(
	result: TrackResult,
	receivedAt: string,
	extra: Partial<TrackingData> = {},
): Observation<'tracking'> {
	const observation = toTrackingObservation(result, { orderKey: '', receivedAt });
	// Only what the read normaliser left empty: where both speak, the read's reading wins.
	const data = observation.data as unknown as Record<string, unknown>;
	for (const [field, value] of Object.entries(extra)) {
		if (value !== undefined && value !== null && (data[field] === undefined || data[field] === null))
			data[field] = value;
	}
	return observation;
}

/** JSON body from the raw bytes the carrier sent (never n8n's re-serialised copy). */
export function parseJsonObject(raw: Buffer, what: string): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw.toString('utf8'));
	} catch {
		throw new PushPayloadError('body', `the ${what} body is not valid JSON`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
		throw new PushPayloadError('body', `the ${what} body must be a JSON object`);
	return parsed as Record<string, unknown>;
}
