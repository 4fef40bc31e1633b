/**
 * Orders for the real-n8n Order State tests. Each case is a set of observations (shapes of
 * nodes/lib/order/types.ts) built RELATIVE TO NOW inside the workflow's Code node, so the business-hour
 * rules see the same ages whenever the test runs, and the expected outcome follows from the domain:
 *
 *  - delivered:        Shopify fulfilled it, UPS says delivered a week ago            -> stage delivered
 *  - trackingMissing:  ShipStation shipped a parcel with tracking 2 days ago that never reached
 *                      Shopify (the partial-shipment case), far past the 120-minute grace
 *                                                                                  -> tracking_missing open
 *  - cancelled:        Shopify cancelled it yesterday                                   -> stage cancelled
 */
import type { WorkflowNode } from './harness';
import { nodeTypeName } from './harness';

export type CaseName = 'delivered' | 'trackingMissing' | 'cancelled';
export const ORDER_CASES: CaseName[] = ['delivered', 'trackingMissing', 'cancelled'];

/**
 * JavaScript for a Code node: `build(caseName, orderKey)` returns the observations of one case.
 * Kept as source text because it runs inside n8n's task runner, not in jest.
 */
const BUILD_OBSERVATIONS_JS = String.raw`
const DAY = 24 * 3600 * 1000;
const ago = (ms) => new Date(Date.now() - ms).toISOString();
function build(caseName, orderKey) {
  const receivedAt = new Date().toISOString();
  const obs = (source, kind, sourceId, occurredAt, data, key) => ({
    source, kind, sourceId, orderKey, occurredAt, receivedAt,
    key: key || (source + ':' + kind + ':' + sourceId + ':' + occurredAt), data,
  });
  const order = (overrides) => obs('shopify', 'order', 'gid://shopify/Order/' + orderKey, overrides.updatedAt || ago(3 * DAY), {
    name: '#' + orderKey,
    shopifyId: 'gid://shopify/Order/' + orderKey,
    createdAt: overrides.createdAt || ago(3 * DAY),
    financialStatus: 'PAID',
    fulfillmentStatus: overrides.fulfillmentStatus || 'UNFULFILLED',
    cancelledAt: overrides.cancelledAt || null,
    email: 'customer-' + orderKey + '@example.com',
    lineItems: [{ sku: 'MUG-1', quantity: 1 }],
  });
  const tracking = '1Z999AA1' + String(orderKey).replace(/[^0-9]/g, '').padStart(10, '0');
  if (caseName === 'delivered') {
    return [
      order({ createdAt: ago(10 * DAY), updatedAt: ago(7 * DAY), fulfillmentStatus: 'FULFILLED' }),
      obs('shopify', 'shipment', 'gid://shopify/Fulfillment/' + orderKey, ago(9 * DAY), {
        shipmentId: 'gid://shopify/Fulfillment/' + orderKey, trackingNumber: tracking, carrier: 'UPS', shippedAt: ago(9 * DAY), rawStatus: 'SUCCESS',
      }),
      obs('ups', 'tracking', tracking, ago(7 * DAY), {
        trackingNumber: tracking, carrier: 'ups', status: 'delivered', rawStatus: 'D',
        deliveredAt: ago(7 * DAY), lastEventAt: ago(7 * DAY),
        events: [{ at: ago(7 * DAY), status: 'delivered', code: 'D', description: 'DELIVERED' }],
      }),
      obs('klaviyo', 'notification', 'shipped-' + orderKey, ago(9 * DAY), {
        event: 'order_shipped', uniqueId: 'shipped-' + orderKey, sentAt: ago(9 * DAY),
      }),
      obs('klaviyo', 'notification', 'delivered-' + orderKey, ago(7 * DAY), {
        event: 'order_delivered', uniqueId: 'delivered-' + orderKey, sentAt: ago(7 * DAY),
      }),
    ];
  }
  if (caseName === 'trackingMissing') {
    return [
      order({ createdAt: ago(3 * DAY), updatedAt: ago(3 * DAY) }),
      obs('shipstation', 'fulfillment', 'ss-' + orderKey, ago(2 * DAY), {
        status: 'shipped', rawStatus: 'shipped', externalId: 'ss-' + orderKey, updatedAt: ago(2 * DAY),
        lines: [{ sku: 'MUG-1', ordered: 1, shipped: 1 }],
      }),
      obs('shipstation', 'shipment', 'ssship-' + orderKey, ago(2 * DAY), {
        shipmentId: 'ssship-' + orderKey, trackingNumber: tracking, carrier: 'ups', shippedAt: ago(2 * DAY),
        lines: [{ sku: 'MUG-1', quantity: 1 }],
      }),
    ];
  }
  if (caseName === 'cancelled') {
    return [order({ createdAt: ago(2 * DAY), updatedAt: ago(1 * DAY), cancelledAt: ago(1 * DAY) })];
  }
  throw new Error('unknown case ' + caseName);
}
`;

/** What each case must reconcile to (checked on the Order State node's output record). */
export const EXPECTED: Record<CaseName, { stage: string; open: string[]; notOpen: string[] }> = {
	delivered: {
		stage: 'delivered',
		open: [],
		notOpen: ['tracking_missing', 'delivery_late', 'tracking_stalled', 'notification_late'],
	},
	trackingMissing: { stage: 'shipped', open: ['tracking_missing'], notOpen: ['not_sent_to_fulfillment'] },
	cancelled: { stage: 'cancelled', open: [], notOpen: ['not_sent_to_fulfillment', 'tracking_missing'] },
};

/** A Code node emitting one item per case: `{ orderKey, case, observations }`. */
export function observationsNode(cases: Array<{ caseName: CaseName; orderKey: string }>): WorkflowNode {
	return {
		name: 'Observations',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode: `${BUILD_OBSERVATIONS_JS}
const cases = ${JSON.stringify(cases)};
return cases.map((c) => ({
  json: { orderKey: c.orderKey, case: c.caseName, observations: build(c.caseName, c.orderKey) },
}));`,
		},
	};
}

/** A Code node turning a webhook body `{ case, orderKey }` into the same item shape. */
export function observationsFromBodyNode(): WorkflowNode {
	return {
		name: 'Observations',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode: `${BUILD_OBSERVATIONS_JS}
return $input.all().map((item) => ({
  json: {
    orderKey: item.json.body.orderKey,
    case: item.json.body.case,
    observations: build(item.json.body.case, item.json.body.orderKey),
  },
}));`,
		},
	};
}

/** The node under test, Reconcile operation, reading `observations` from each item. */
export const ORDER_STATE_NODE: WorkflowNode = {
	name: 'Order State',
	type: nodeTypeName('orderState'),
	typeVersion: 1,
	parameters: { operation: 'reconcile' },
};

/** Pulls the reconciled record out of one Order State output item. */
export function recordOf(json: Record<string, unknown>): {
	orderKey: string;
	stage: string;
	openExceptionTypes: string[];
} {
	const record = (json.record ?? json) as { orderKey: string; stage: string; openExceptionTypes: string[] };
	return record;
}

/** Checks one Order State output item against the case it came from. */
export function expectCase(json: Record<string, unknown>, caseName: CaseName, orderKey: string) {
	const record = recordOf(json);
	const expected = EXPECTED[caseName];
	expect({ orderKey: record.orderKey, stage: record.stage }).toEqual({ orderKey, stage: expected.stage });
	for (const type of expected.open) expect(record.openExceptionTypes).toContain(type);
	for (const type of expected.notOpen) expect(record.openExceptionTypes).not.toContain(type);
}

/** A webhook request for one case plus the check of its response. */
export function orderCase(caseName: CaseName, orderKey: string) {
	return {
		body: { case: caseName, orderKey },
		expectResponse: (json: Record<string, unknown>) => expectCase(json, caseName, orderKey),
	};
}

/** The observation builder, exposed for a jest-side sanity check of the fixture itself. */
export function buildObservationsInJest(caseName: CaseName, orderKey: string): unknown[] {
	const build = new Function(`${BUILD_OBSERVATIONS_JS}; return build;`)() as (c: string, k: string) => unknown[];
	return build(caseName, orderKey);
}
