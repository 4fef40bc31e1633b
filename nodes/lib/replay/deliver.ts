/**
 * Pushes from a capture, delivered to the code the trigger nodes run (same verification, same
 * normalisers, same follow-up reads), at the entry's startedDateTime instead of the wall clock.
 *
 *   Shopify      ShopifyOrdersTrigger: verifyShopifyWebhook, normaliseWebhook, and for topics that only
 *                name a resource (orders/edited, fulfillment_orders/*, returns/*, refunds/*) the order read
 *                through the Shopify client (getOrder / orderIdOf...) over the capture.
 *   ShipStation  ShipStationTrigger: handleNotification (follows resource_url through the v1 client).
 *                The URL token is the recording n8n's own and is not checked in a replay.
 *   ShipBob, ShipHero, ShipMonk  ThreePlFulfillmentTrigger: verifyWebhook, parseWebhookEvent, the order
 *                read when the payload does not carry it (snapshotByOrderId / getShipments).
 *   UPS Track Alert, USPS subscriptions  the Carrier Tracking Trigger's handler (carriers/pushHandler.ts:
 *                handleCarrierPush); the parcel is linked to its order by tracking number.
 * A signature is checked when the replay config holds the signing secret; a failing one is answered
 * 401 and nothing is stored, exactly as the trigger does. Without a secret the push is delivered and
 * marked "not verified" in the report.
 */
import type { ShipBobClient } from '../connectors/shipbob/client';
import { handleNotification, type ShipStationV1Client } from '../connectors/shipstation';
import {
	getOrder,
	normaliseWebhook,
	observationsFromOrder,
	orderIdOfFulfillmentOrder,
	orderIdOfReturn,
	shopifyHeader,
	verifyShopifyWebhook,
	type ShopifyClient,
} from '../connectors/shopify';
import {
	parseJsonBody,
	parseWebhookEvent,
	verifyWebhook,
	webhookObservations,
	type FulfillmentSnapshot,
	type ThreePlClient,
} from '../connectors/threepl';
import { handleCarrierPush, type PushConfig } from '../connectors/carriers/pushHandler';
import { normaliseUpsTrackAlert } from '../connectors/ups/trackAlert';
import { normaliseUspsNotification } from '../connectors/usps/subscription';
import type { Observation } from '../order/types';
import type { ReplayVendor } from './classify';
import type { Exchange } from './har';

export interface PushClients {
	shopify(): ShopifyClient;
	shipstation(): ShipStationV1Client;
	threepl(provider: 'shipbob' | 'shiphero' | 'shipmonk'): ThreePlClient;
}

export interface Delivery {
	index: number;
	at: string;
	vendor: ReplayVendor;
	/** Topic / event as the vendor named it. */
	topic: string;
	/** What the trigger would have answered the vendor. */
	status: number;
	verified: boolean | null;
	observations: Observation[];
	/** Why nothing (or not everything) was stored: the trigger's own error text. */
	problem?: string;
}

/** Signing secrets per vendor; several when a store rotated a secret or has two subscriptions. */
export type ReplaySecrets = Partial<Record<ReplayVendor, string | string[]>>;

/** The first verdict that passes with any of the secrets, else the last failure. */
function anySecret<T extends { ok: boolean } | { valid: boolean }>(secrets: string[], check: (secret: string) => T): T {
	let last: T | undefined;
	for (const secret of secrets) {
		last = check(secret);
		if (('ok' in last && last.ok) || ('valid' in last && last.valid)) return last;
	}
	return last as T;
}

export async function deliverPush(
	exchange: Exchange,
	vendor: ReplayVendor,
	secrets: ReplaySecrets,
	clients: PushClients,
): Promise<Delivery> {
	const raw = Buffer.from(exchange.request.bodyText ?? '', 'utf8');
	const headers = exchange.request.headers;
	const base = { index: exchange.index, at: exchange.at, vendor };
	const given = secrets[vendor];
	const secretList = (Array.isArray(given) ? given : given ? [given] : []).filter(Boolean);
	const secret = secretList.length ? secretList : undefined;
	try {
		switch (vendor) {
			case 'shopify': {
				const topic = shopifyHeader(headers, 'topic') ?? '';
				let verified: boolean | null = null;
				if (secret) {
					const verdict = anySecret(secret, (x) => verifyShopifyWebhook(raw, headers, x));
					if (!verdict.valid)
						return {
							...base,
							topic,
							status: 401,
							verified: false,
							observations: [],
							problem: `invalid webhook signature (${verdict.reason})`,
						};
					verified = true;
				}
				const eventId = shopifyHeader(headers, 'event-id') ?? shopifyHeader(headers, 'webhook-id') ?? '';
				let payload: unknown;
				try {
					payload = JSON.parse(raw.toString('utf8'));
				} catch {
					return {
						...base,
						topic,
						status: 400,
						verified,
						observations: [],
						problem: `the ${topic || 'webhook'} body is not valid JSON`,
					};
				}
				const normalised = normaliseWebhook(topic, payload, { receivedAt: exchange.at, eventId });
				let observations = normalised.observations;
				if (normalised.lookup) {
					const client = clients.shopify();
					const lookup = normalised.lookup;
					const orderId =
						lookup.type === 'order'
							? lookup.id
							: lookup.type === 'return'
								? await orderIdOfReturn(client, lookup.id)
								: await orderIdOfFulfillmentOrder(client, lookup.id);
					const order = await getOrder(client, { by: 'id', value: orderId });
					const primaryKind =
						lookup.type === 'fulfillment_order' ? 'fulfillment_order' : lookup.type === 'return' ? 'return' : 'order';
					observations = observationsFromOrder(order, { receivedAt: exchange.at, eventId, primaryKind });
				}
				return { ...base, topic, status: 200, verified, observations };
			}
			case 'shipstation': {
				const outcome = await handleNotification(raw, clients.shipstation(), exchange.at);
				if (outcome.kind === 'invalid')
					return { ...base, topic: 'unknown', status: 400, verified: null, observations: [], problem: outcome.error };
				if (outcome.kind === 'refused')
					return {
						...base,
						topic: outcome.resourceType,
						status: 400,
						verified: null,
						observations: [],
						problem: `resource_url refused: ${outcome.reason}`,
					};
				const observations = outcome.records.flatMap((r) => (r.observation ? [r.observation] : []));
				const problems = [
					...outcome.records.filter((r) => r.error).map((r) => r.error as string),
					...(outcome.fetchError ? [outcome.fetchError.message] : []),
				];
				return {
					...base,
					topic: outcome.resourceType,
					status: 200,
					verified: null,
					observations,
					problem: problems.length ? problems.join('; ') : undefined,
				};
			}
			case 'shipbob':
			case 'shiphero':
			case 'shipmonk': {
				let verified: boolean | null = null;
				if (secret) {
					const verdict = anySecret(secret, (x) => verifyWebhook(vendor, raw, headers, x, exchange.atMs));
					if (!verdict.ok)
						return {
							...base,
							topic: 'unknown',
							status: 401,
							verified: false,
							observations: [],
							problem: `Signature check failed: ${verdict.reason}`,
						};
					verified = true;
				}
				const event = parseWebhookEvent(vendor, parseJsonBody(raw), headers, exchange.at);
				let snapshot: FulfillmentSnapshot | undefined = event.snapshot;
				let problem: string | undefined;
				if (!snapshot && !event.test && (event.orderKey || event.externalId)) {
					try {
						const client = clients.threepl(vendor);
						if (vendor === 'shipbob' && event.externalId)
							snapshot = await (client as ShipBobClient).snapshotByOrderId(event.externalId);
						else snapshot = await client.getShipments(event.orderKey ?? String(event.externalId));
					} catch (error) {
						problem = `the order read after the push failed: ${(error as Error).message}`;
					}
				}
				return {
					...base,
					topic: event.topic,
					status: 200,
					verified,
					observations: webhookObservations(event, snapshot, exchange.at),
					problem,
				};
			}
			case 'ups':
			case 'usps': {
				if (!secret) {
					const outcome =
						vendor === 'usps' ? normaliseUspsNotification(raw, exchange.at) : normaliseUpsTrackAlert(raw, exchange.at);
					return { ...base, topic: 'tracking', status: 200, verified: null, observations: [outcome.observation] };
				}
				// The Carrier Tracking Trigger's own handler. UPS: the v1 "credential" header or the bearer token UPS
				// presents (the config holds that token or credential as the secret); USPS: X-HMAC over timestamp +
				// payload within its freshness window.
				const request = { rawBody: raw, headers, nowMs: exchange.atMs };
				const answer = anySecret(secret, (x) => {
					const config: PushConfig =
						vendor === 'usps'
							? { carrier: 'usps', secret: x }
							: {
									carrier: 'ups',
									auth:
										headers.credential !== undefined
											? { scheme: 'credential', credential: x }
											: { scheme: 'bearer', accessToken: x },
								};
					const a = handleCarrierPush(config, request);
					return { ...a, ok: a.status === 200 };
				});
				if (!answer.item)
					return {
						...base,
						topic: 'tracking',
						status: answer.status,
						verified: answer.status === 401 ? false : null,
						observations: [],
						problem: String(answer.body.error ?? ''),
					};
				return { ...base, topic: 'tracking', status: 200, verified: true, observations: answer.item.observations };
			}
			default:
				return {
					...base,
					topic: 'unknown',
					status: 404,
					verified: null,
					observations: [],
					problem: `the product has no trigger for ${vendor} pushes yet`,
				};
		}
	} catch (error) {
		// The trigger passes a genuine delivery on with its error (so the ledger keeps it for a retry).
		return {
			...base,
			topic: 'unknown',
			status: 200,
			verified: null,
			observations: [],
			problem: (error as Error).message,
		};
	}
}
