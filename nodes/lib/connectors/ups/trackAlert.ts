import { createHmac } from 'node:crypto';
import { parseDateOnly } from '../carriers/dates';
import {
	digestOf,
	headerOf,
	parseJsonObject,
	pushObservation,
	PushPayloadError,
	safeEqual,
	type PushOutcome,
	type PushVerdict,
} from '../carriers/push';
import { normaliseUpsResponse, type UpsPackage } from './normalise';

/**
 * UPS Track Alert pushes (vendor-specs/ups/UPSTrackAlert.yaml, `webhooks.TrackingEvent`): verification
 * and the pushed TrackingEventRequest -> the same TrackResult a Track API read gives.
 *
 * How UPS proves a push is its own, as UPS documents it:
 * - v2 (the current spec): the webhook is secured by `clientOauth2`, "Oauth Token generator provide by
 *   the customer" (clientCredentials flow, `x-tokenEndpointAuthMethod: client_secret_basic`, a token URL
 *   the customer owns). UPS fetches a token from the customer's token URL with the client id and secret
 *   registered in "Manage Webhook Credentials", and sends it as a bearer token, with header `x-api-key`
 *   that "holds the clientID of the OAUTH token used for authentication" (required for OAuth clients).
 *   The trigger can be that token URL itself (scheme 'oauth': it issues short-lived signed tokens and
 *   checks them statelessly), or accept the one token the customer's own token server hands out ('bearer').
 * - v1 (earlier spec revisions, still supported by UPS): the subscription's `destination` carried
 *   `credentialType` and an opaque `credential`, and each push carries header `credential` with that
 *   string ("It is an opaque string meant for client authentication. Shared in Subscription request.").
 * Every compare is constant-time.
 */

export type UpsPushAuth =
	| { scheme: 'oauth'; clientId: string; clientSecret: string; tokenLifetimeSeconds?: number }
	| { scheme: 'bearer'; accessToken: string; clientId?: string }
	| { scheme: 'credential'; credential: string };

export const UPS_TOKEN_LIFETIME_SECONDS = 3600;
/** Clocks of UPS and of n8n may disagree a little; a token is accepted this long past its expiry. */
const CLOCK_SKEW_SECONDS = 60;
const TOKEN_PREFIX = 'ppta';

/** Tracking numbers Track Alert serves (TrackingNumber schema pattern). */
const UPS_TRACKING_NUMBER = /(^1Z[0-9A-Z]{16}$)|(^1R[0-9A-Z]{14}$)|(^1R[0-9A-Z]{26}$)/;
const TRACK_ALERT_TYPES = new Set(['D', 'I', 'M', 'MV', 'U', 'X']);

function tokenSignature(clientId: string, clientSecret: string, exp: number): string {
	return createHmac('sha256', clientSecret).update(`${TOKEN_PREFIX}.${clientId}.${exp}`).digest('base64url');
}

/** A bearer token the trigger hands UPS: expiry and an HMAC under the client secret, so any worker can check it. */
export function issueUpsToken(
	clientId: string,
	clientSecret: string,
	nowMs: number,
	lifetimeSeconds = UPS_TOKEN_LIFETIME_SECONDS,
) {
	const exp = Math.floor(nowMs / 1000) + lifetimeSeconds;
	return {
		access_token: `${TOKEN_PREFIX}.${exp}.${tokenSignature(clientId, clientSecret, exp)}`,
		token_type: 'Bearer',
		expires_in: lifetimeSeconds,
	};
}

function checkIssuedToken(
	token: string,
	auth: Extract<UpsPushAuth, { scheme: 'oauth' }>,
	nowMs: number,
): string | null {
	const [prefix, expText, signature, ...rest] = token.split('.');
	if (prefix !== TOKEN_PREFIX || !expText || !signature || rest.length || !/^\d{1,12}$/.test(expText))
		return 'the bearer token was not issued by this trigger';
	const exp = Number(expText);
	const lifetime = auth.tokenLifetimeSeconds ?? UPS_TOKEN_LIFETIME_SECONDS;
	const now = Math.floor(nowMs / 1000);
	if (!safeEqual(signature, tokenSignature(auth.clientId, auth.clientSecret, exp)))
		return 'the bearer token was not issued by this trigger';
	if (exp + CLOCK_SKEW_SECONDS < now) return 'the bearer token has expired';
	if (exp - now > lifetime + CLOCK_SKEW_SECONDS)
		return 'the bearer token claims a lifetime longer than this trigger issues';
	return null;
}

function bearerOf(headers: Record<string, unknown>): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(headers, 'authorization') ?? '');
	return match?.[1];
}

/** Is this push UPS's? 401 with the reason when not; the secrets never appear in a reason. */
export function verifyUpsTrackAlert(headers: Record<string, unknown>, auth: UpsPushAuth, nowMs: number): PushVerdict {
	const fail = (reason: string): PushVerdict => ({ ok: false, status: 401, reason });
	if (auth.scheme === 'credential') {
		if (!auth.credential) return fail('no Track Alert credential is configured in the UPS Track Alert credential');
		const presented = headerOf(headers, 'credential');
		if (presented === undefined)
			return fail('missing header "credential" (UPS sends the subscription\'s credential in it)');
		return safeEqual(presented, auth.credential)
			? { ok: true }
			: fail('header "credential" does not match the subscription\'s credential');
	}
	const expectedClientId = auth.clientId;
	if (auth.scheme === 'oauth' && (!auth.clientId || !auth.clientSecret))
		return fail('no Client ID / Client Secret is configured in the UPS Track Alert credential');
	if (auth.scheme === 'bearer' && !auth.accessToken)
		return fail('no access token is configured in the UPS Track Alert credential');
	const token = bearerOf(headers);
	if (!token) return fail('missing "Authorization: Bearer <token>" (UPS sends the token it got from your token URL)');
	if (expectedClientId) {
		const apiKey = headerOf(headers, 'x-api-key');
		if (apiKey === undefined) return fail('missing header "x-api-key" (UPS sends the OAuth client id in it)');
		if (!safeEqual(apiKey, expectedClientId)) return fail('header "x-api-key" is not the configured client id');
	}
	if (auth.scheme === 'bearer')
		return safeEqual(token, auth.accessToken)
			? { ok: true }
			: fail('the bearer token is not the configured access token');
	const problem = checkIssuedToken(token, auth, nowMs);
	return problem ? fail(problem) : { ok: true };
}

export interface TokenAnswer {
	status: number;
	body: Record<string, unknown>;
	headers: Record<string, string>;
}

/**
 * The token URL UPS calls (RFC 6749 client credentials, client_secret_basic as the spec's
 * clientOauth2 scheme says): Basic auth with the client id and secret, grant_type=client_credentials.
 */
export function answerUpsTokenRequest(
	headers: Record<string, unknown>,
	rawBody: Buffer,
	auth: UpsPushAuth,
	nowMs: number,
): TokenAnswer {
	const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
	if (auth.scheme !== 'oauth') {
		return {
			status: 404,
			body: {
				error: 'not_found',
				error_description:
					'this trigger issues tokens only when its UPS Track Alert credential uses "This Trigger Issues Tokens"',
			},
			headers: noStore,
		};
	}
	const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headerOf(headers, 'authorization') ?? '');
	const decoded = basic ? Buffer.from(basic[1], 'base64').toString('utf8') : '';
	const colon = decoded.indexOf(':');
	// RFC 6749 2.3.1: client id and secret are form-urlencoded before Basic encoding.
	const decode = (s: string) => {
		try {
			return decodeURIComponent(s.replace(/\+/g, ' '));
		} catch {
			return s;
		}
	};
	const clientId = colon >= 0 ? decode(decoded.slice(0, colon)) : '';
	const clientSecret = colon >= 0 ? decode(decoded.slice(colon + 1)) : '';
	const idOk = safeEqual(clientId, auth.clientId);
	const secretOk = safeEqual(clientSecret, auth.clientSecret);
	if (!basic || colon < 0 || !idOk || !secretOk || !auth.clientId || !auth.clientSecret) {
		return {
			status: 401,
			body: { error: 'invalid_client' },
			headers: { ...noStore, 'www-authenticate': 'Basic realm="UPS Track Alert"' },
		};
	}
	const form = new URLSearchParams(rawBody.toString('utf8'));
	const grant = form.get('grant_type');
	if (!grant)
		return {
			status: 400,
			body: {
				error: 'invalid_request',
				error_description: 'grant_type is missing: send grant_type=client_credentials',
			},
			headers: noStore,
		};
	if (grant !== 'client_credentials')
		return {
			status: 400,
			body: {
				error: 'unsupported_grant_type',
				error_description: `grant_type "${grant}" is not supported: send client_credentials`,
			},
			headers: noStore,
		};
	return {
		status: 200,
		body: issueUpsToken(auth.clientId, auth.clientSecret, nowMs, auth.tokenLifetimeSeconds),
		headers: noStore,
	};
}

/** The TrackingEventRequest fields we read (UPSTrackAlert.yaml components.schemas.TrackingEventRequest). */
export interface UpsTrackingEvent {
	trackingNumber?: unknown;
	localActivityDate?: unknown;
	localActivityTime?: unknown;
	activityLocation?: { city?: unknown; stateProvince?: unknown; postalCode?: unknown; country?: unknown };
	activityStatus?: { type?: unknown; code?: unknown; description?: unknown; descriptionCode?: unknown };
	scheduledDeliveryDate?: unknown;
	actualDeliveryDate?: unknown;
	actualDeliveryTime?: unknown;
	gmtActivityDate?: unknown;
	gmtActivityTime?: unknown;
	gmtOffset?: unknown;
	deliveryStartTime?: unknown;
	deliveryEndTime?: unknown;
	deliveryTimeDescription?: unknown;
	deliveryPhoto?: unknown;
	alternateTrackingNumber?: unknown;
	receivedBy?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * Track Alert's activity types are not the Track API's: D is "delivery information (loaded on delivery
 * vehicle, out for delivery, delivered)" (spec FAQ), so a D is a delivery only when it says delivered or
 * carries the actual delivery date; otherwise it is read like an in-progress scan and its wording decides.
 */
export function trackAlertStatusType(
	type: string,
	description: string | undefined,
	actualDeliveryDate: string | undefined,
): string {
	if (type !== 'D') return type;
	// "Delivered to UPS Access Point, awaiting customer pickup" is not a delivery to the customer.
	if (/(access point|pick ?up|out for delivery|delivery vehicle)/i.test(description ?? '')) return 'I';
	if (actualDeliveryDate || /^\s*delivered\b/i.test(description ?? '')) return 'D';
	return 'I';
}

/**
 * A push -> the Track API's Package shape, so the read normaliser (status map, GMT-offset handling,
 * warnings) decides exactly as it does for a read.
 */
function asPackage(event: UpsTrackingEvent, trackingNumber: string, warnings: string[]): UpsPackage {
	const status = event.activityStatus ?? {};
	const rawType = str(status.type)?.toUpperCase() ?? '';
	const description = str(status.description);
	const type = trackAlertStatusType(rawType, description, str(event.actualDeliveryDate));
	const mappedStatus = { type, code: str(status.code), description };
	// gmtOffset is "(-/+)HH.MM" in Track Alert; the Track API and our date helpers use HH:MM.
	const gmtOffset = str(event.gmtOffset)?.replace('.', ':');
	const location = event.activityLocation ?? {};
	const pkg: UpsPackage = {
		trackingNumber,
		currentStatus: mappedStatus,
		deliveryDate: str(event.scheduledDeliveryDate) ? [{ type: 'SDD', date: str(event.scheduledDeliveryDate) }] : [],
	};
	if (rawType === 'U') {
		// "U = update ... normally the scheduled delivery has been updated": news about the schedule, not a
		// scan, so it does not enter the scan timeline (a stall clock must not restart on it).
		pkg.currentStatus = { type: 'I', code: str(status.code), description };
		pkg.activity = [];
		return pkg;
	}
	if (rawType && !TRACK_ALERT_TYPES.has(rawType))
		warnings.push(`activityStatus.type "${rawType}" is not one UPS documents for Track Alert (D, I, M, MV, U, X).`);
	pkg.activity = [
		{
			date: str(event.localActivityDate),
			time: str(event.localActivityTime),
			gmtDate: str(event.gmtActivityDate),
			gmtTime: str(event.gmtActivityTime),
			gmtOffset,
			status: mappedStatus,
			location: {
				address: {
					city: str(location.city),
					stateProvince: str(location.stateProvince),
					postalCode: str(location.postalCode),
					countryCode: str(location.country),
				},
			},
		},
	];
	return pkg;
}

/** Checks the parts of a push we cannot do without; each failure names its field. */
function requireEvent(body: Record<string, unknown>): UpsTrackingEvent & { trackingNumber: string } {
	const tn = body.trackingNumber;
	if (tn === undefined || tn === null || tn === '')
		throw new PushPayloadError(
			'trackingNumber',
			"trackingNumber is missing: UPS always sends the package's tracking number",
		);
	if (typeof tn !== 'string')
		throw new PushPayloadError('trackingNumber', `trackingNumber must be a string (got ${typeof tn})`);
	const status = body.activityStatus;
	if (status === undefined || status === null)
		throw new PushPayloadError('activityStatus', "activityStatus is missing: UPS always sends the activity's status");
	if (typeof status !== 'object' || Array.isArray(status))
		throw new PushPayloadError('activityStatus', 'activityStatus must be an object with type, code and description');
	const type = (status as Record<string, unknown>).type;
	if (typeof type !== 'string' || type.trim() === '')
		throw new PushPayloadError('activityStatus.type', 'activityStatus.type is missing (D, I, M, MV, U or X)');
	const location = body.activityLocation;
	if (location !== undefined && location !== null && (typeof location !== 'object' || Array.isArray(location)))
		throw new PushPayloadError('activityLocation', 'activityLocation must be an object');
	return body as unknown as UpsTrackingEvent & { trackingNumber: string };
}

/** A verified Track Alert body -> the observation a read of the same parcel would give. */
export function normaliseUpsTrackAlert(rawBody: Buffer, receivedAt: string): PushOutcome {
	const body = parseJsonObject(rawBody, 'UPS Track Alert');
	const event = requireEvent(body);
	const trackingNumber = event.trackingNumber.trim().toUpperCase();
	const warnings: string[] = [];
	if (!UPS_TRACKING_NUMBER.test(trackingNumber))
		warnings.push(`trackingNumber "${trackingNumber}" is not a 1Z or 1R number as Track Alert documents.`);

	const result = normaliseUpsResponse(trackingNumber, {
		trackResponse: {
			shipment: [{ inquiryNumber: trackingNumber, package: [asPackage(event, trackingNumber, warnings)] }],
		},
	});
	result.warnings.push(...warnings);
	const scheduled = parseDateOnly(str(event.scheduledDeliveryDate));
	const observation = pushObservation(result, receivedAt, {
		commitment: result.status === 'delivered' ? undefined : (scheduled ?? undefined),
	});

	const stored: Record<string, unknown> = { ...body };
	if (typeof body.deliveryPhoto === 'string' && body.deliveryPhoto.length > 0) {
		// A photo is hundreds of kilobytes of base64: the ledger keeps the fact that there is one.
		stored.deliveryPhoto = `[${body.deliveryPhoto.length} base64 characters, not kept]`;
		result.warnings.push(
			'deliveryPhoto is not kept in the output (only its size); read it from UPS if you need the image.',
		);
	}
	const rawType = String(event.activityStatus?.type ?? '')
		.trim()
		.toUpperCase();
	return {
		carrier: 'ups',
		deliveryKey: `ups:push:${digestOf(rawBody)}`,
		trackingNumber,
		result,
		observation,
		references: [],
		meta: {
			activityType: rawType,
			scheduleUpdateOnly: rawType === 'U',
			alternateTrackingNumber: str(event.alternateTrackingNumber) ?? null,
			deliveryWindow:
				str(event.deliveryStartTime) || str(event.deliveryEndTime) || str(event.deliveryTimeDescription)
					? {
							date: scheduled,
							start: str(event.deliveryStartTime) ?? null,
							end: str(event.deliveryEndTime) ?? null,
							description: str(event.deliveryTimeDescription) ?? null,
						}
					: null,
		},
		body: stored,
		warnings: result.warnings,
	};
}
