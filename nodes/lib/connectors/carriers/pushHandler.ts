import {
	answerUpsTokenRequest,
	normaliseUpsTrackAlert,
	verifyUpsTrackAlert,
	type TokenAnswer,
	type UpsPushAuth,
} from '../ups/trackAlert';
import {
	normaliseUspsNotification,
	USPS_DEFAULT_TOLERANCE_SECONDS,
	verifyUspsNotification,
} from '../usps/subscription';
import { PushPayloadError, type PushOutcome } from './push';

/**
 * One carrier push, from the bytes on the wire to what the Carrier Tracking Trigger answers and emits.
 * The node and the replay of recorded traffic both call this, so a recorded push takes exactly the path
 * a live one takes.
 */

export type PushCarrier = 'ups' | 'usps';

export type PushConfig =
	| { carrier: 'ups'; auth: UpsPushAuth }
	| { carrier: 'usps'; secret: string; toleranceSeconds?: number };

export interface PushRequest {
	rawBody: Buffer;
	headers: Record<string, unknown>;
	/** The clock the push is judged by (token expiry, USPS timestamp tolerance). */
	nowMs: number;
}

/** The item the trigger emits: ready for Order Ledger > Append Event and for Order State. */
export interface PushItem {
	carrier: PushCarrier;
	source: PushCarrier;
	kind: 'tracking';
	key: string;
	orderKey: string;
	trackingNumber: string;
	status: string;
	rawStatus: string;
	statusDescription: string | null;
	estimatedDelivery: string | null;
	deliveredAt: string | null;
	lastEventAt: string | null;
	trackingUrl: string;
	references: string[];
	receivedAt: string;
	observation: PushOutcome['observation'];
	observations: Array<PushOutcome['observation']>;
	push: Record<string, unknown>;
	warnings: string[];
	body: Record<string, unknown>;
}

/** 200 with `item` to emit; 400/401 with the reason (and field) and nothing to emit. */
export interface PushAnswer {
	status: number;
	body: Record<string, unknown>;
	item?: PushItem;
}

/**
 * A carrier names a parcel, not an order: orderKey is empty and the parcel is matched to its order by
 * tracking number downstream.
 */
export function pushItem(outcome: PushOutcome, receivedAt: string): PushItem {
	const { result, observation } = outcome;
	return {
		carrier: outcome.carrier as PushCarrier,
		source: outcome.carrier as PushCarrier,
		kind: 'tracking',
		key: outcome.deliveryKey,
		orderKey: '',
		trackingNumber: outcome.trackingNumber,
		status: result.status,
		rawStatus: result.rawStatus,
		statusDescription: result.statusDescription ?? null,
		estimatedDelivery: result.estimatedDelivery ?? null,
		deliveredAt: result.deliveredAt ?? null,
		lastEventAt: result.lastEventAt ?? null,
		trackingUrl: result.trackingUrl,
		references: outcome.references,
		receivedAt,
		observation,
		observations: [observation],
		push: outcome.meta,
		warnings: outcome.warnings,
		body: outcome.body,
	};
}

export function handleCarrierPush(config: PushConfig, request: PushRequest): PushAnswer {
	const verdict =
		config.carrier === 'ups'
			? verifyUpsTrackAlert(request.headers, config.auth, request.nowMs)
			: verifyUspsNotification(
					request.rawBody,
					request.headers,
					config.secret,
					request.nowMs,
					config.toleranceSeconds ?? USPS_DEFAULT_TOLERANCE_SECONDS,
				);
	if (!verdict.ok)
		return {
			status: verdict.status,
			body: { error: verdict.reason, ...(verdict.field ? { field: verdict.field } : {}) },
		};

	const receivedAt = new Date(request.nowMs).toISOString();
	try {
		const outcome =
			config.carrier === 'ups'
				? normaliseUpsTrackAlert(request.rawBody, receivedAt)
				: normaliseUspsNotification(request.rawBody, receivedAt);
		return { status: 200, body: { received: true }, item: pushItem(outcome, receivedAt) };
	} catch (error) {
		if (error instanceof PushPayloadError) return { status: 400, body: { error: error.message, field: error.field } };
		throw error;
	}
}

/** The trigger's second webhook: UPS Track Alert's token URL (only with issued tokens). */
export function handlePushTokenRequest(config: PushConfig, request: PushRequest): TokenAnswer {
	if (config.carrier !== 'ups')
		return {
			status: 404,
			body: { error: 'not_found', error_description: 'only UPS Track Alert uses a token URL' },
			headers: {},
		};
	return answerUpsTokenRequest(request.headers, request.rawBody, config.auth, request.nowMs);
}
