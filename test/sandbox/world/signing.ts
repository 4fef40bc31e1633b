/**
 * How the simulated vendors prove a push is theirs, written from the vendors' own documentation and NOT
 * from the product's verifiers (nodes/lib): a sandbox that signs with the code it is meant to test would
 * agree with any mistake that code makes. This module imports node:crypto only (test/unit/sandbox/
 * boundaries.test.ts fails if anything under test/sandbox imports a signer or verifier from nodes/lib).
 *
 * - Shopify ("Verify webhooks",
 *   shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook):
 *   X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw request body, keyed with the app's
 *   client secret (the webhook secret).
 * - ShipBob (Standard Webhooks, standardwebhooks.com, which ShipBob's webhook docs follow): the signed
 *   content is `${webhook-id}.${webhook-timestamp}.${body}`, the key is the base64 part of the
 *   `whsec_` secret decoded, and webhook-signature is a space-separated list of `v1,<base64 HMAC-SHA256>`.
 * - ShipHero (developer.shiphero.com/webhooks, registering with webhook_create): x-shiphero-hmac-sha256 is the
 *   base64 HMAC-SHA256 of the raw JSON body, keyed with the shared_signature_secret webhook_create returned.
 * - ShipMonk (apidocs.shipmonk.com, its OpenAPI `info.description`, "Security" and "Data Integrity";
 *   vendor-specs/shipmonk/shipmonk-openapi.json): every webhook may carry HTTP Basic credentials you set,
 *   and X-Sm-Signature, an HMAC-SHA512 of the raw payload keyed with the secret you gave ShipMonk. The page
 *   does not name the digest's encoding, so the sandbox can send either (hex by default).
 * - USPS (Subscriptions - Tracking v3.2, vendor-specs/usps/subscriptions-tracking-v3r2_1.yaml, POST
 *   /notifications, header X-HMAC): "concatenate the value of the timestamp field and the value of the
 *   payload field, hash the concatenated string using the shared secret and the SHA256 hash function, and
 *   encode the output in Base64"; `hmac-header` carries the same value and is marked deprecated.
 * - UPS Track Alert (vendor-specs/ups/UPSTrackAlert.yaml, webhooks.TrackingEvent): v2 pushes are secured by
 *   the customer's own OAuth token URL (clientCredentials, x-tokenEndpointAuthMethod client_secret_basic):
 *   UPS asks it for a token with Basic client id:secret (each form-urlencoded first, RFC 6749 section
 *   2.3.1) and grant_type=client_credentials, then sends `Authorization: Bearer <token>` and `x-api-key`,
 *   which "holds the clientID of the OAUTH token". v1 pushes carry the subscription's opaque `credential`
 *   header, "Shared in Subscription request".
 * - Slack ("Verifying requests from Slack", api.slack.com/authentication/verifying-requests-from-slack):
 *   X-Slack-Signature is `v0=` + hex HMAC-SHA256 of `v0:${X-Slack-Request-Timestamp}:${raw body}`, keyed
 *   with the app's signing secret.
 */
import { createHmac } from 'node:crypto';

/** A raw body as sent: text (UTF-8 on the wire) or the exact bytes. */
export type RawBody = string | Buffer;

/** HMAC over the parts in order, each as its bytes (text as UTF-8): signatures are over bytes, not text. */
function hmac(algorithm: 'sha256' | 'sha512', key: string | Buffer, ...parts: RawBody[]): Buffer {
	const h = createHmac(algorithm, key);
	for (const part of parts) h.update(typeof part === 'string' ? Buffer.from(part, 'utf8') : part);
	return h.digest();
}

export function shopifyHmacHeader(rawBody: RawBody, secret: string): string {
	return hmac('sha256', Buffer.from(secret, 'utf8'), rawBody).toString('base64');
}

/** The Standard Webhooks key: the secret after its "whsec_" prefix, base64-decoded. */
function standardWebhooksKey(secret: string): Buffer {
	const prefix = 'whsec_';
	if (!secret.startsWith(prefix))
		throw new Error(`secret: a Standard Webhooks secret starts with "${prefix}" (got "${secret.slice(0, 6)}...")`);
	return Buffer.from(secret.slice(prefix.length), 'base64');
}

export function standardWebhooksSignature(
	secret: string,
	messageId: string,
	timestampSeconds: string,
	rawBody: RawBody,
): string {
	const mac = hmac('sha256', standardWebhooksKey(secret), `${messageId}.${timestampSeconds}.`, rawBody);
	return `v1,${mac.toString('base64')}`;
}

export function shipHeroHmacHeader(rawBody: RawBody, sharedSignatureSecret: string): string {
	return hmac('sha256', Buffer.from(sharedSignatureSecret, 'utf8'), rawBody).toString('base64');
}

/** X-Sm-Signature: HMAC-SHA512 of the raw payload (the encoding is ShipMonk's unstated choice: hex or base64). */
export function shipMonkSignature(rawBody: RawBody, secret: string, encoding: 'hex' | 'base64' = 'hex'): string {
	return hmac('sha512', Buffer.from(secret, 'utf8'), rawBody).toString(encoding);
}

/** The Authorization header ShipMonk sends when the webhook has a username and password. */
export function basicAuthorization(username: string, password: string): string {
	return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** X-HMAC of a USPS tracking notification: over the body's `timestamp` and `payload` field values, as sent. */
export function uspsNotificationHmac(timestamp: string, payload: string, secret: string): string {
	return hmac('sha256', Buffer.from(secret, 'utf8'), `${timestamp}${payload}`).toString('base64');
}

/**
 * A USPS notification as USPS posts it: the JSON body (payload is the tracking detail as a JSON string)
 * and X-HMAC with its deprecated twin hmac-header.
 */
export function uspsNotification(
	fields: { subscriptionId: string; timestamp: string; detail: unknown },
	secret: string,
): { body: string; headers: Record<string, string> } {
	const payload = JSON.stringify(fields.detail);
	const body = JSON.stringify({
		subscriptionId: fields.subscriptionId,
		subscriptionType: 'TRACKING',
		timestamp: fields.timestamp,
		payload,
	});
	const signature = uspsNotificationHmac(fields.timestamp, payload, secret);
	return { body, headers: { 'content-type': 'application/json', 'x-hmac': signature, 'hmac-header': signature } };
}

/** The token request UPS sends to the customer's token URL (client_secret_basic, RFC 6749 2.3.1 and 4.4.2). */
export function upsTokenRequest(
	clientId: string,
	clientSecret: string,
): { headers: Record<string, string>; body: string } {
	const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
	return {
		headers: {
			authorization: basicAuthorization(formEncode(clientId), formEncode(clientSecret)),
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: 'grant_type=client_credentials',
	};
}

/**
 * The headers of a Track Alert push: v2 with the token UPS got from
 * the customer's token URL, v1 with the subscription's credential.
 */
export function upsTrackAlertHeaders(
	auth: { accessToken: string; clientId: string } | { credential: string },
): Record<string, string> {
	if ('credential' in auth) return { 'content-type': 'application/json', credential: auth.credential };
	return {
		'content-type': 'application/json',
		authorization: `Bearer ${auth.accessToken}`,
		'x-api-key': auth.clientId,
	};
}

export function slackSignature(signingSecret: string, timestampSeconds: string, rawBody: RawBody): string {
	return `v0=${hmac('sha256', Buffer.from(signingSecret, 'utf8'), `v0:${timestampSeconds}:`, rawBody).toString('hex')}`;
}

/** The two headers Slack adds to every request it sends an app (interactivity, slash commands, events). */
export function slackRequestHeaders(
	signingSecret: string,
	timestampSeconds: number,
	rawBody: string,
	contentType = 'application/x-www-form-urlencoded',
): Record<string, string> {
	const timestamp = String(timestampSeconds);
	return {
		'content-type': contentType,
		'x-slack-request-timestamp': timestamp,
		'x-slack-signature': slackSignature(signingSecret, timestamp, rawBody),
	};
}
