/**
 * Each crash the fuzz harness found at the start of issue 15, as the input that caused it, now refused
 * with an error naming the field (and never a TypeError). Vendor bodies are the vendor-native fixtures
 * with one field broken.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../../nodes/lib/http/errors';
import { LedgerError } from '../../../nodes/lib/ledger/errors';
import { validateOrderRecord } from '../../../nodes/lib/ledger/validate';
import { defaultPolicy, reconcile, validateObservation } from '../../../nodes/lib/order';
import type { OrderRecord } from '../../../nodes/lib/order/types';
import { normaliseUpsResponse } from '../../../nodes/lib/connectors/ups/normalise';
import { normaliseDhlShipments } from '../../../nodes/lib/connectors/dhl/normalise';
import { normaliseUspsDetail, USPS_TRACKING_DETAIL } from '../../../nodes/lib/connectors/usps/normalise';
import { FEDEX_TRACK_RESPONSE } from '../../../nodes/lib/connectors/fedex/normalise';
import { expectShape } from '../../../nodes/lib/connectors/shape';
import { orderToObservation, shipmentToObservation } from '../../../nodes/lib/connectors/shipstation';
import { observationsFromOrder } from '../../../nodes/lib/connectors/shopify';
import { readOrderRecord } from '../../../nodes/lib/connectors/klaviyo/postPurchase';
import { countryCodeOf } from '../../../nodes/lib/connectors/carriers/zones';
import { trackingUrlFor } from '../../../nodes/lib/connectors/carriers/urls';

const ROOT = join(__dirname, '../../fixtures/vendor-native');
const fixture = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const NOW = '2026-12-09T12:00:00Z';

/** The error `run` throws; fails the test when it throws nothing or a TypeError. */
function errorOf(run: () => unknown): Error {
	try {
		run();
	} catch (error) {
		expect(error).not.toBeInstanceOf(TypeError);
		return error as Error;
	}
	throw new Error('expected an error, got none');
}

describe('validateObservation accepts only what derive and reconcile can read', () => {
	const shipment = {
		source: 'shipstation',
		sourceId: '55',
		orderKey: '1001',
		kind: 'shipment',
		occurredAt: NOW,
		receivedAt: NOW,
		key: 'ss:55',
		data: { shipmentId: '55', trackingNumber: '1Z999', carrier: 'UPS', lines: [{ sku: 'A', quantity: 1 }] },
	};
	it('takes the well-formed shipment', () => expect(validateObservation(shipment).ok).toBe(true));
	it.each([
		['data.trackingNumber', { trackingNumber: 1234567 }, 'must be text (got number 1234567)'],
		['data.carrier', { carrier: 7 }, 'must be text'],
		['data.lines', { lines: { sku: 'A' } }, 'must be a list'],
		['data.lines[0].quantity', { lines: [{ sku: 'A' }] }, 'missing (required)'],
		['data.lines[0]', { lines: [null] }, 'must be an object'],
	])('refuses %s of the wrong type, naming it', (field, change, problem) => {
		const result = validateObservation({ ...shipment, data: { ...shipment.data, ...change } });
		expect(result.ok).toBe(false);
		const errors = (result as { errors: string[] }).errors;
		expect(errors.some((e) => e.startsWith(`${field}: `) && e.includes(problem))).toBe(true);
		// ...and reconcile rejects it by name instead of crashing in derive.ts.
		const folded = reconcile(
			null,
			[
				{ ...shipment, key: 'ok' },
				{ ...shipment, data: { ...shipment.data, ...change } },
			],
			defaultPolicy(),
			NOW,
		);
		expect(folded.rejected[0].errors.join(' ')).toContain(field);
	});
});

describe('validateOrderRecord refuses a record the merge could not read, naming the field', () => {
	const record = reconcile(
		null,
		[
			{
				source: 'shopify',
				sourceId: 'gid://shopify/Order/1',
				orderKey: '1001',
				kind: 'order',
				occurredAt: NOW,
				receivedAt: NOW,
				key: 'o1',
				data: { name: '#1001', createdAt: NOW },
			},
		],
		defaultPolicy(),
		NOW,
	).record;
	it('takes the record reconcile made', () => expect(() => validateOrderRecord(record)).not.toThrow());
	it.each([
		['order.shipments', (r: Record<string, unknown>) => delete r.shipments, 'missing (required)'],
		['order.exceptions', (r: Record<string, unknown>) => (r.exceptions = {}), 'must be a list'],
		['order.lastSeen', (r: Record<string, unknown>) => (r.lastSeen = null), 'missing (required)'],
		['order.customer.email', (r: Record<string, unknown>) => (r.customer = { email: 5 }), 'must be text'],
		['order.facts', (r: Record<string, unknown>) => (r.facts = 'x'), 'must be a list'],
	])('%s', (field, breakIt, problem) => {
		const broken = structuredClone(record) as unknown as Record<string, unknown>;
		breakIt(broken);
		const error = errorOf(() => validateOrderRecord(broken as unknown as OrderRecord));
		expect(error).toBeInstanceOf(LedgerError);
		expect(error.message.startsWith(`${field}: ${problem}`)).toBe(true);
		expect(error.message).not.toMatch(/PostgreSQL/);
	});
	it('Klaviyo reads the same shape: a shipment without its key is named', () => {
		const broken = { ...record, shipments: [{ trackingNumber: '1Z1', seenBy: ['ups'] }] };
		const error = errorOf(() => readOrderRecord(broken as unknown as Record<string, unknown>));
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).field).toBe('record.shipments[0].key');
	});
	it('Klaviyo refuses an item that is not an object by name (the fuzz found null read as an object)', () => {
		for (const item of [null, undefined, 7, 'x']) {
			const error = errorOf(() => readOrderRecord(item as unknown as Record<string, unknown>));
			expect(error).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).field).toBe('orderKey');
		}
	});
});

describe('every normaliser names the field of a vendor answer it cannot read', () => {
	const ups = fixture('ups/track-1ZA8V2690348150728-delivered.json');
	it.each([
		[
			'UPS activity as an object',
			() => {
				ups.trackResponse.shipment[0].package[0].activity = { date: '20261201' };
				return normaliseUpsResponse('1ZA8V2690348150728', ups);
			},
			'trackResponse.shipment[0].package[0].activity',
		],
		[
			'UPS status description as a number',
			() => {
				const body = fixture('ups/track-1ZA8V2690348150728-delivered.json');
				body.trackResponse.shipment[0].package[0].activity[0].status.description = 7;
				return normaliseUpsResponse('1ZA8V2690348150728', body);
			},
			'trackResponse.shipment[0].package[0].activity[0].status.description',
		],
		[
			'DHL events as a number',
			() => {
				const body = fixture('dhl/track-4829301756-delivered.json');
				body.shipments[0].events = 3;
				return normaliseDhlShipments('4829301756', body);
			},
			'shipments[0].events',
		],
		[
			'USPS event code as a number',
			() => {
				const body = fixture('usps/tracking-9400111899561234587128-delivered.json');
				const detail = Array.isArray(body) ? body[0] : body;
				detail.trackingEvents[0].eventCode = 1;
				expectShape(detail, USPS_TRACKING_DETAIL, 'The USPS tracking answer');
				return normaliseUspsDetail('9400111899561234587128', detail);
			},
			'trackingEvents[0].eventCode',
		],
		[
			'FedEx scan events as an object',
			() => {
				const body = fixture('fedex/track-394807125563-delivered.json');
				body.output.completeTrackResults[0].trackResults[0].scanEvents = {};
				return expectShape(body, FEDEX_TRACK_RESPONSE, 'The FedEx tracking answer');
			},
			'output.completeTrackResults[0].trackResults[0].scanEvents',
		],
		[
			'ShipStation order items as an object',
			() => {
				const order = fixture('shipstation/orders-1001.json').orders[0];
				order.items = { sku: 'A' };
				return orderToObservation(order, NOW);
			},
			'order.items',
		],
		[
			'ShipStation shipment date as a number',
			() => {
				const shipment = fixture('shipstation/shipments-1001.json').shipments[0];
				shipment.shipDate = 20261201;
				return shipmentToObservation(shipment, NOW);
			},
			'shipment.shipDate',
		],
		[
			'Shopify line items without nodes',
			() => {
				const order = fixture('shopify/graphql-order-1001-open.json').data.order;
				order.lineItems = { edges: [] };
				return observationsFromOrder(order, { receivedAt: NOW });
			},
			'order.lineItems.nodes',
		],
		[
			'Shopify tracking info as an object',
			() => {
				const order = fixture('shopify/graphql-order-1009-fulfilled.json').data.order;
				order.fulfillments[0].trackingInfo = { number: '1Z' };
				return observationsFromOrder(order, { receivedAt: NOW });
			},
			'order.fulfillments[0].trackingInfo',
		],
	])('%s', (_what, run, field) => {
		const error = errorOf(run);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).field).toBe(field);
		expect(error.message).toContain(field);
	});

	it('a place called "constructor" is no country, and a broken tracking number is named, not a URIError', () => {
		expect(countryCodeOf('constructor')).toBeNull();
		const error = errorOf(() => trackingUrlFor('ups', '1Z\uD800'));
		expect((error as ValidationError).field).toBe('trackingNumber');
	});
});
