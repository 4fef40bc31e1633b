/**
 * Privacy by default (issue 15): with "Include Customer Details" off, the customer's names, phones, e-mails and
 * street lines never reach Slack, also not through free text a vendor or a person wrote. For EVERY exception type
 * in the catalogue, a case whose evidence has the shape its rule writes (nodes/lib/order/rules.ts) gets customer
 * data planted in every text field, in the spellings vendors use (upper case, USPS abbreviations, phones in any
 * formatting, "Last, First"); the whole Slack payload (blocks, fallback text, metadata), the thread replies and
 * the weekly report are scanned. The same payload with the switch on shows the data: the planting is not vacuous.
 *
 * The customer is #1001's from the clean-room fixtures (shopify/orders-create-1001.json, shipstation/
 * ship-notify-resource-1001.json): Emily Carter, 4127 N Lincoln Ave Apt 2B, +1 312-555-0147.
 */
import {
	buildExceptionMessage,
	buildThreadReply,
	formatEvidence,
	type AlertOrder,
} from '../../../nodes/lib/connectors/slack/exceptionMessage';
import { customerDataOf, customerRedactor } from '../../../nodes/lib/connectors/slack/privacy';
import { buildWeeklyReportMessage } from '../../../nodes/lib/connectors/slack/report';
import { postException, type AlertLedger } from '../../../nodes/lib/connectors/slack/alerts';
import type { SlackMessage } from '../../../nodes/lib/connectors/slack/blocks';
import type { ExceptionReport, LedgerException } from '../../../nodes/lib/ledger/types';
import { EXCEPTION_CATALOGUE } from '../../../nodes/lib/order/catalogue';
import {
	EXCEPTION_TYPES,
	type ExceptionCase,
	type ExceptionType,
	type OrderRecord,
} from '../../../nodes/lib/order/types';

const NOW = '2026-12-03T15:00:00.000Z';

const order: AlertOrder = {
	orderKey: '1001',
	name: '#1001',
	shopifyId: 'gid://shopify/Order/5012345678901',
	customer: { name: 'Emily Carter', email: 'emily.carter@example.com', phone: '+1 312-555-0147' },
	shippingAddress: {
		name: 'Zoë O’Brien',
		company: 'Northwind Outfitters',
		address1: '4127 North Lincoln Avenue',
		address2: 'Apt 2B',
		phone: '+13125550147',
		city: 'Chicago',
		province: 'Illinois',
		zip: '60618',
		country: 'US',
	},
};

/** Customer data in the spellings vendors and people write it in. */
const PLANTED = [
	'Customer EMILY  CARTER asked to hold the parcel',
	'call (312) 555-0147 before delivery',
	'Ship to 4127 N LINCOLN AVE APT 2B, CHICAGO IL 60618-3012',
	'contact Emily.Carter@Example.com',
	'left with carter at 4127 north lincoln avenue',
	'phone +1.312.555.0147',
	'recipient zoe obrien',
	'Carter, Emily',
	'4127 n. lincoln ave #2B not found',
	'3125550147',
	'gift for Zoë O’Brien from Northwind Outfitters',
];

/** What must never be in a payload with the switch off. */
const FORBIDDEN: Array<[string, RegExp]> = [
	['first name', /emily/i],
	['last name', /carter/i],
	['recipient first name', /zo[eë]/i],
	['recipient last name', /o.?brien/i],
	['company', /northwind/i],
	['e-mail', /example\.com/i],
	['phone', /312\D{0,4}555\D{0,4}0147/],
	['house number', /4127/],
	['street', /lincoln/i],
];

/** Evidence shaped as each rule writes it (rules.ts), with realistic values; text fields get planted below. */
const EVIDENCE: Record<ExceptionType, Record<string, unknown>> = {
	not_sent_to_fulfillment: {
		placedAt: '2026-11-30T15:02:11Z',
		paidAt: '2026-11-30T15:02:12Z',
		financialStatus: 'PAID',
		fulfillmentOrders: [{ id: 'gid://shopify/FulfillmentOrder/1', status: 'OPEN', requestStatus: null, location: 'x' }],
		thresholdBusinessHours: 4,
		notSent: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/1', location: 'x', status: 'OPEN' }],
		lookup: { source: 'shipstation', at: '2026-11-30T20:00:00Z', keys: ['1001', 'x'], found: false },
	},
	fulfillment_stuck: {
		warehouse: 'shipbob',
		location: null,
		status: 'on_hold',
		rawStatus: 'OnHold',
		holdReason: 'other',
		holdDetail: 'x',
		sentToFulfillmentAt: '2026-11-30T15:04:02Z',
		clockStart: 'received',
		clockStartedAt: '2026-11-30T15:04:02Z',
		thresholdBusinessHours: 16,
		warehouses: [{ warehouse: 'shipbob', location: null, status: 'on_hold', rawStatus: 'OnHold', clockStartedAt: 'x' }],
	},
	backordered: { source: 'shiphero', rawStatus: 'backorder', holdDetail: 'x', since: '2026-12-01T10:00:00Z' },
	address_invalid: {
		source: 'ups',
		messages: ['x', 'x'],
		address: { name: 'Emily Carter', address1: '4127 N Lincoln Ave', address2: 'Apt 2B', phone: '+13125550147' },
		rawStatus: 'x',
		holdDetail: 'x',
	},
	status_mismatch: {
		disagreement: 'x',
		disagreements: ['x', 'x'],
		shopify: { financialStatus: 'PAID', fulfillmentStatus: 'UNFULFILLED', cancelledAt: null, observedAt: 'x' },
		warehouse: { source: 'shipstation', status: 'shipped', rawStatus: 'x', observedAt: 'x' },
		graceMinutes: 60,
		lines: [{ sku: 'NW-SOCK-3PK', shopify: 2, warehouse: 1 }],
		addresses: { shopify: { address1: '4127 N Lincoln Ave' }, warehouse: { address1: '4127 N LINCOLN AVE' } },
	},
	tracking_missing: {
		parcels: [{ trackingNumber: '1Z4R8W290310010012', carrier: 'UPS', seenBy: ['shipstation'], shippedAt: null }],
		shopifyFulfillmentStatus: 'UNFULFILLED',
		graceMinutes: 120,
	},
	tracking_stalled: {
		parcels: [
			{
				trackingNumber: '1Z4R8W290310010012',
				carrier: 'UPS',
				trackingStatus: 'in_transit',
				lastScanAt: '2026-12-01T05:10:00Z',
				lastEventDescription: 'x',
				location: 'x',
			},
		],
	},
	delivery_late: {
		promisedBy: null,
		parcels: [{ trackingNumber: '1Z4R8W290310010012', carrier: 'UPS', promise: '2026-12-02', deadline: 'x' }],
	},
	delivery_failed: {
		parcels: [{ trackingNumber: '9400111899221007001014', carrier: 'USPS', rawStatus: 'x', since: 'x' }],
	},
	returned_to_sender: {
		parcels: [{ trackingNumber: '9400111899221007001014', carrier: 'USPS', rawStatus: 'x', since: 'x' }],
	},
	notification_late: {
		missing: [{ milestone: 'shipped', reachedAt: 'x', expectedEvent: 'order_shipped', trackingNumber: '1Z4R' }],
		thresholdBusinessHours: 2,
	},
	edit_after_cutoff: {
		edits: [{ field: 'shippingAddress', requestedAt: 'x', reason: 'x', source: 'shopify' }],
		cutoff: '2026-11-30T17:00:00Z',
	},
};

/** Every string in the evidence (values, not keys) replaced by a planted sentence, cycling through PLANTED. */
function plant(value: unknown, counter: { n: number }): unknown {
	if (typeof value === 'string') return PLANTED[counter.n++ % PLANTED.length];
	if (Array.isArray(value)) return value.map((v) => plant(v, counter));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plant(v, counter)]));
	return value;
}

function plantedCase(type: ExceptionType, state: 'open' | 'resolved', offset: number): ExceptionCase {
	return {
		id: `1001:${type}:2026-12-01T10:00:00.000Z`,
		orderKey: '1001',
		type,
		severity: EXCEPTION_CATALOGUE[type].defaultSeverity,
		openedAt: '2026-12-01T10:00:00.000Z',
		evidence: plant(EVIDENCE[type], { n: offset }) as Record<string, unknown>,
		owner: 'U0OPS1',
		ackedAt: state === 'resolved' ? '2026-12-01T11:00:00.000Z' : null,
		resolvedAt: state === 'resolved' ? '2026-12-02T11:00:00.000Z' : null,
		resolution: state === 'resolved' ? `Spoke to ${PLANTED[offset % PLANTED.length]}; ${PLANTED[2]}` : null,
	};
}

function leaks(payload: string): string[] {
	return FORBIDDEN.filter(([, re]) => re.test(payload)).map(([what]) => what);
}

const info = (type: ExceptionType) => ({
	title: EXCEPTION_CATALOGUE[type].title,
	plainWords: EXCEPTION_CATALOGUE[type].plainWords,
	nextStep: EXCEPTION_CATALOGUE[type].nextStep,
});

describe('privacy by default: no customer data in Slack unless Include Customer Details is on', () => {
	it('has an evidence sample for every exception type in the catalogue', () => {
		expect(Object.keys(EVIDENCE).sort()).toEqual([...EXCEPTION_TYPES].sort());
		expect(Object.keys(EXCEPTION_CATALOGUE).sort()).toEqual([...EXCEPTION_TYPES].sort());
	});

	describe.each([...EXCEPTION_TYPES])('%s', (type) => {
		it.each(PLANTED.map((_, offset) => [offset]))(
			'planting from variant %i: message (blocks, text, metadata) and thread replies are clean',
			(offset) => {
				for (const state of ['open', 'resolved'] as const) {
					const c = plantedCase(type, state, offset);
					const off = buildExceptionMessage({ exception: c, order, info: info(type), includePii: false, now: NOW });
					expect(leaks(JSON.stringify(off.message))).toEqual([]);
					const on = buildExceptionMessage({ exception: c, order, info: info(type), includePii: true, now: NOW });
					// With the switch on the planted data is there: the scan above looked at real customer data.
					expect(leaks(JSON.stringify(on.message)).length).toBeGreaterThan(0);

					const redact = customerRedactor(customerDataOf(order, c.evidence));
					for (const change of ['acknowledged', 'resolved', 'assigned', 'cleared'] as const)
						expect(leaks(buildThreadReply(c, change, 'U0OPS1', NOW, redact))).toEqual([]);
				}
			},
		);
	});

	it('the weekly report and its stuck-orders section carry no customer data from any case', () => {
		const cases = EXCEPTION_TYPES.map((type, i) => plantedCase(type, 'open', i));
		const report: ExceptionReport = {
			now: NOW,
			weeks: 2,
			windowStart: '2026-11-19T15:00:00.000Z',
			countsByType: Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, 1])),
			trend: [
				{
					weekStart: '2026-11-23T00:00:00.000Z',
					weekEnd: '2026-11-30T00:00:00.000Z',
					opened: 0,
					resolved: 0,
					openedByType: {},
					openedChangePct: null,
				},
				{
					weekStart: '2026-11-30T00:00:00.000Z',
					weekEnd: '2026-12-07T00:00:00.000Z',
					opened: cases.length,
					resolved: 0,
					openedByType: Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, 1])),
					openedChangePct: null,
				},
			],
			timeToResolveSeconds: { count: 0, median: null, p90: null },
			openCases: cases.map((c) => ({
				id: c.id,
				orderKey: c.orderKey,
				type: c.type,
				severity: c.severity,
				owner: c.owner ?? null,
				openedAt: c.openedAt,
				ageSeconds: 172800,
				acknowledged: false,
			})),
		};
		const stuck = {
			now: NOW,
			olderThanSeconds: 86400,
			total: 3,
			byStage: { in_transit: 2, on_hold: 1 },
			byExceptionType: { tracking_stalled: 2, fulfillment_stuck: 1 },
		};
		const { message } = buildWeeklyReportMessage({ report, stuck, storeName: 'Acme' });
		expect(leaks(JSON.stringify(message))).toEqual([]);
		expect(JSON.stringify(message)).toContain('#1001');
	});

	it('postException through the ledger redacts against the stored order (phones, street lines too)', async () => {
		const c = plantedCase('fulfillment_stuck', 'open', 0);
		const record = {
			orderKey: '1001',
			name: '#1001',
			shopifyId: order.shopifyId,
			customer: { ...order.customer, locale: 'en-US' },
			shippingAddress: order.shippingAddress,
		} as unknown as OrderRecord;
		const posted: SlackMessage[] = [];
		const ledger: AlertLedger = {
			getException: async () => ({ ...c, slack: null }) as unknown as LedgerException,
			getOrder: async () => record,
			setExceptionMessageRef: async (_id, ref) => ({ ...c, slack: ref }) as unknown as LedgerException,
			replaceExceptionMessageRef: async () => null as unknown as LedgerException,
		};
		const target = { kind: 'webhook' as const, post: async (m: SlackMessage) => void posted.push(m) };
		await postException(ledger, target, c.id, { routing: { defaultChannel: 'C0X' }, includePii: false, now: NOW });
		expect(posted).toHaveLength(1);
		expect(leaks(JSON.stringify(posted[0]))).toEqual([]);
	});
});

describe('the redaction itself', () => {
	const redact = customerRedactor(customerDataOf(order));

	it.each([
		['a tracking number that ends in the phone digits', 'UPS 1Z4R8W2903125550147 scanned'],
		['a town that shares no word with the street', 'Arrived at LINCOLNSHIRE IL facility'],
		['the house number alone', 'Order has 4127 points'],
		['a SKU and a quantity', 'NW-SOCK-3PK 2 in Shopify, 1 at shipstation'],
	])('leaves what is not customer data alone: %s', (_, text) => {
		expect(redact(text)).toBe(text);
	});

	it('hides each kind with its own label, keeping the words around it', () => {
		expect(
			redact('Customer EMILY  CARTER, call (312) 555-0147, 4127 N LINCOLN AVE APT 2B, emily.carter@example.com'),
		).toBe('Customer [name hidden], call [phone hidden], [address hidden], [email hidden]');
	});

	it('without the order it still hides every e-mail and what the evidence holds under customer keys', () => {
		const text = formatEvidence(
			{
				address: { name: 'Emily Carter', address1: '4127 N Lincoln Ave' },
				note: 'EMILY CARTER at 4127 n lincoln ave, a@b.co',
			},
			false,
		);
		expect(text).not.toMatch(/emily|carter|4127|lincoln|a@b\.co/i);
		expect(text).toContain('1 customer detail(s) hidden');
	});

	it('stays linear on 1 MB of text full of near-misses (no catastrophic backtracking)', () => {
		const hostile = '3125 550 14 4127 N LINCOLN Em Car '.repeat(30000);
		const out = redact(hostile);
		expect(out.length).toBeGreaterThan(0);
		expect(out).not.toMatch(/LINCOLN/);
	});
});
