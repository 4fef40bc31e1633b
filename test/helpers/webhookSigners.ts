/**
 * Webhook and request SIGNERS, for tests only: they play the vendor's side. The product only ever
 * verifies, so none of this ships in the package (test/unit/package/tarball.test.ts checks that).
 *
 * The signing itself is the sandbox's (test/sandbox/world/signing.ts), written from each vendor's own
 * description of its signature and not from the product's verifiers in nodes/lib, so a mistake in a
 * verifier is not repeated here and cannot pass unnoticed. These are the argument orders the node and
 * unit tests use, over raw bytes or text (signed as bytes).
 */
import {
	shipHeroHmacHeader,
	shipMonkSignature,
	shopifyHmacHeader,
	slackSignature,
	standardWebhooksSignature,
	uspsNotificationHmac,
} from '../sandbox/world/signing';

export const signShopifyWebhook = (rawBody: Buffer | string, secret: string): string =>
	shopifyHmacHeader(rawBody, secret);

export const signShipBob = (secret: string, id: string, timestamp: string, rawBody: Buffer | string): string =>
	standardWebhooksSignature(secret, id, timestamp, rawBody);

export const signShipHero = (secret: string, rawBody: Buffer | string): string => shipHeroHmacHeader(rawBody, secret);

export const signShipMonk = (secret: string, rawBody: Buffer | string, encoding: 'hex' | 'base64' = 'hex'): string =>
	shipMonkSignature(rawBody, secret, encoding);

export const computeSlackSignature = (signingSecret: string, timestamp: string, rawBody: Buffer | string): string =>
	slackSignature(signingSecret, timestamp, rawBody);

export const signUspsNotification = (secret: string, timestamp: string, payload: string): string =>
	uspsNotificationHmac(timestamp, payload, secret);
