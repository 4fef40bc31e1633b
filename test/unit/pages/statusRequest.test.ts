/**
 * answerStatusRequest: what a customer's request to the status page gets, with the ledger and the attempt
 * counter in memory. The browser test (test/e2e/status-page.e2e.test.ts) runs the same through n8n.
 */
import type { AttemptOptions } from '../../../nodes/lib/ledger/types';
import { issueFormToken, issueStatusLink, verifyStatusLink } from '../../../nodes/lib/pages/access';
import { defaultPageSettings, type PageSettings } from '../../../nodes/lib/pages/settings';
import {
	answerStatusRequest,
	cancelledByRequest,
	pendingRequestNow,
	pendingRequestOf,
	selfServiceActions,
	type PageAnswer,
	type PageRequest,
} from '../../../nodes/lib/pages/statusRequest';
import type { EditRequestData, OrderFact } from '../../../nodes/lib/order/types';
import { defaultSelfServiceRules, kindOfField, requestEvent } from '../../../nodes/lib/selfservice';
import { NOW, recordOf } from './fixtures';
import { PAGE_NOW, statusPageOrders } from '../../helpers/statusPageOrders';

const SECRET = 's'.repeat(48);
const NONCE = 'fixed-nonce';
const PAGE_URL = 'https://n8n.example.com/webhook/order-status';
const settings: PageSettings = {
	...defaultPageSettings(),
	pageUrl: PAGE_URL,
	linkSecret: SECRET,
	lookupsPerClient: 3,
	lookupsPerOrder: 2,
	supportEmail: 'help@example.com',
};
const orders = statusPageOrders();
const now = new Date(PAGE_NOW);

/** A counter like the ledger's: per subject, per fixed window. */
function memoryCounter() {
	const counts = new Map<string, number>();
	const calls: AttemptOptions[] = [];
	return {
		calls,
		countAttempt: async (o: AttemptOptions) => {
			calls.push(o);
			const window = Math.floor(Date.parse(o.now) / 1000 / o.windowSeconds);
			const key = `${o.subject}|${window}`;
			const count = (counts.get(key) ?? 0) + 1;
			counts.set(key, count);
			return { allowed: count <= o.limit, count, limit: o.limit, retryAfterSeconds: count <= o.limit ? 0 : 60 };
		},
	};
}

function deps(counter = memoryCounter(), overrides: Partial<PageSettings> = {}) {
	const records = new Map(orders.map((o) => [o.orderKey, o.record]));
	return {
		settings: { ...settings, ...overrides },
		storeName: 'Trailhead Outfitters',
		storeTimeZone: 'America/New_York',
		now,
		getOrder: async (key: string) => records.get(key) ?? null,
		countAttempt: counter.countAttempt,
		newNonce: () => NONCE,
	};
}

const token = issueFormToken(SECRET, now);
const form = (fields: Record<string, string>, headers: Record<string, string> = {}): PageRequest => ({
	query: {},
	body: { csrf: token, ...fields },
	headers,
});

const page = (a: PageAnswer) => {
	if (a.kind !== 'page') throw new Error(`expected a page, got a redirect to ${a.location}`);
	return a;
};

describe('the lookup form', () => {
	it('is served with a fresh form token and the security headers, and no script', async () => {
		const a = page(await answerStatusRequest({ query: {}, headers: {} }, deps()));
		expect(a).toMatchObject({ statusCode: 200, outcome: 'lookup_form', locale: 'en' });
		expect(a.body).toContain(`value="${issueFormToken(SECRET, now, NONCE)}"`);
		expect(a.body).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
		expect(a.headers['X-Frame-Options']).toBe('DENY');
		expect(a.headers['Referrer-Policy']).toBe('same-origin');
		expect(a.headers['Cache-Control']).toBe('no-store');
		expect(a.body).not.toMatch(/<script/i);
	});

	it("speaks the browser's language, or the one chosen", async () => {
		const de = page(await answerStatusRequest({ headers: { 'accept-language': 'de-CH,de;q=0.9,en;q=0.5' } }, deps()));
		expect(de.locale).toBe('de');
		expect(de.headers['Content-Language']).toBe('de');
		const fr = page(await answerStatusRequest({ query: { lang: 'fr' }, headers: { 'accept-language': 'de' } }, deps()));
		expect(fr.locale).toBe('fr');
	});
});

describe('a lookup', () => {
	it("redirects to the order's signed link when number and email match", async () => {
		const o = orders[1];
		const a = await answerStatusRequest(form({ orderNumber: ` ${o.name} `, email: o.email.toUpperCase() }), deps());
		if (a.kind !== 'redirect') throw new Error(`expected a redirect, got ${a.outcome}`);
		expect(a).toMatchObject({ statusCode: 303, outcome: 'found', orderKey: o.orderKey });
		const token = new URL(a.location).searchParams.get('t');
		expect(verifyStatusLink(token, { secret: SECRET, now })).toMatchObject({ ok: true, orderKey: o.orderKey });
		// The link lasts the credential's lifetime.
		expect(verifyStatusLink(token, { secret: SECRET, now: new Date(now.getTime() + 61 * 86_400_000) })).toEqual({
			ok: false,
			reason: 'expired',
		});
	});

	it('gives the same status and page for an unknown order and a wrong email', async () => {
		const wrong = page(await answerStatusRequest(form({ orderNumber: '1001', email: 'x@example.com' }), deps()));
		const unknown = page(await answerStatusRequest(form({ orderNumber: '9999', email: 'x@example.com' }), deps()));
		expect(wrong.statusCode).toBe(404);
		expect(unknown.statusCode).toBe(404);
		expect(wrong.outcome).toBe('not_found');
		expect(wrong.body).toBe(unknown.body.replace(/9999/g, '1001'));
	});

	it('refuses a post without a token we issued, with an old one, or from another origin', async () => {
		const fields = { orderNumber: '1001', email: 'ana@example.com' };
		const noToken = page(await answerStatusRequest({ body: fields, headers: {} }, deps()));
		expect(noToken).toMatchObject({ statusCode: 403, outcome: 'csrf_failed' });
		const forged = page(
			await answerStatusRequest(form({ ...fields, csrf: issueFormToken('f'.repeat(48), now) }), deps()),
		);
		expect(forged).toMatchObject({ statusCode: 403, outcome: 'csrf_failed' });
		const old = issueFormToken(SECRET, new Date(now.getTime() - 3 * 3_600_000));
		expect(page(await answerStatusRequest(form({ ...fields, csrf: old }), deps()))).toMatchObject({ statusCode: 403 });
		const crossSite = page(await answerStatusRequest(form(fields, { origin: 'https://evil.example' }), deps()));
		expect(crossSite).toMatchObject({ statusCode: 403, outcome: 'csrf_failed' });
		const sameSite = await answerStatusRequest(form(fields, { origin: 'https://n8n.example.com' }), deps());
		expect(sameSite.kind).toBe('redirect');
		// n8n's sandbox makes our own page an opaque origin: its posts say "Origin: null", and the token decides.
		expect((await answerStatusRequest(form(fields, { origin: 'null' }), deps())).kind).toBe('redirect');
		const nullWithoutToken = page(
			await answerStatusRequest(form({ ...fields, csrf: 'x' }, { origin: 'null' }), deps()),
		);
		expect(nullWithoutToken.outcome).toBe('csrf_failed');
		// The refusal is the form again, with a new token the customer's next try carries.
		expect(crossSite.body).toContain(`value="${issueFormToken(SECRET, now, NONCE)}"`);
	});

	it('names a missing field with 400', async () => {
		const a = page(await answerStatusRequest(form({ orderNumber: '1001', email: '' }), deps()));
		expect(a).toMatchObject({ statusCode: 400, outcome: 'bad_request' });
	});

	it('counts tries per order and per client, and refuses past either limit, even with the right email', async () => {
		const counter = memoryCounter();
		const d = deps(counter);
		const headers = { 'x-forwarded-for': '203.0.113.7' };
		const outcomes: string[] = [];
		for (const email of ['a@x.com', 'b@x.com', 'ana@example.com'])
			outcomes.push((await answerStatusRequest(form({ orderNumber: '1001', email }, headers), d)).outcome);
		expect(outcomes).toEqual(['not_found', 'not_found', 'rate_limited']);
		expect(counter.calls.map((c) => c.subject.split(':').slice(0, 2).join(':'))).toContain('lookup:client');
		expect(counter.calls.every((c) => !c.subject.includes('203.0.113.7') && !c.subject.includes('1001'))).toBe(true);
		// The client has used 3 of 3: another order is refused for it too.
		const other = page(
			await answerStatusRequest(form({ orderNumber: '1002', email: 'lucia@example.com' }, headers), d),
		);
		expect(other).toMatchObject({ statusCode: 429, outcome: 'rate_limited' });
	});
});

describe('guessing', () => {
	it('one email against many order numbers is limited, whoever asks', async () => {
		const d = deps();
		const outcomes: string[] = [];
		for (const n of ['2001', '2002', '2003'])
			outcomes.push((await answerStatusRequest(form({ orderNumber: n, email: 'ana@example.com' }), d)).outcome);
		expect(outcomes).toEqual(['not_found', 'not_found', 'rate_limited']);
	});

	it("a client writing its own X-Forwarded-For gets no fresh budget: our proxy's entry counts", async () => {
		const d = deps();
		const outcomes: string[] = [];
		for (let i = 0; i < 4; i++) {
			const spoofed = { 'x-forwarded-for': `10.9.9.${i}, 203.0.113.7` };
			outcomes.push(
				(await answerStatusRequest(form({ orderNumber: `300${i}`, email: `x${i}@example.com` }, spoofed), d)).outcome,
			);
		}
		// lookupsPerClient is 3 here; each try used a new order number and email, so only the client limit bites.
		expect(outcomes).toEqual(['not_found', 'not_found', 'not_found', 'rate_limited']);
	});

	it('an order number that names no order gets the form again (400), nothing counted or read', async () => {
		const counter = memoryCounter();
		const a = page(await answerStatusRequest(form({ orderNumber: '#', email: 'ana@example.com' }), deps(counter)));
		expect(a).toMatchObject({ statusCode: 400, outcome: 'bad_request' });
		expect(counter.calls).toEqual([]);
	});

	it("an unsupported ?lang never overrides the customer's language on their page", async () => {
		const o = orders[1];
		const request = form({ orderNumber: o.name, email: o.email });
		const a = await answerStatusRequest({ ...request, query: { lang: 'xx' } }, deps());
		if (a.kind !== 'redirect') throw new Error(a.outcome);
		expect(new URL(a.location).searchParams.has('lang')).toBe(false);
	});
});

describe('a signed link', () => {
	const link = (orderKey: string, expiresAt = new Date(now.getTime() + 86_400_000)) =>
		issueStatusLink(orderKey, { secret: SECRET, expiresAt });

	it("opens the order's page in the customer's language", async () => {
		for (const o of orders) {
			const a = page(await answerStatusRequest({ query: { t: link(o.orderKey) }, headers: {} }, deps()));
			expect(a).toMatchObject({ statusCode: 200, outcome: 'status_page', orderKey: o.orderKey });
			expect(a.locale).toBe(o.locale.slice(0, 2));
			if (o.expect.trackingNumber) expect(a.body).toContain(o.expect.trackingNumber);
		}
	});

	it("reads the order's stored observations for the carrier scans the record does not keep", async () => {
		const timelineSteps = (body: string) =>
			(/<ol class="timeline">([\s\S]*?)<\/ol>/.exec(body)?.[1] ?? '').split('<li').length - 1;
		const request = { query: { t: link('1002') }, headers: {} };
		const asked: string[] = [];
		const withScans = page(
			await answerStatusRequest(request, {
				...deps(),
				getObservations: async (key: string) => {
					asked.push(key);
					return orders[1].observations;
				},
			}),
		);
		const without = page(await answerStatusRequest(request, deps()));
		expect(asked).toEqual(['1002']);
		expect(timelineSteps(without.body)).toBe(2);
		expect(timelineSteps(withScans.body)).toBeGreaterThan(timelineSteps(without.body));
	});

	it('never shows internal cases or the street and phone', async () => {
		const a = page(await answerStatusRequest({ query: { t: link('1004'), lang: 'en' }, headers: {} }, deps()));
		expect(a.body).not.toMatch(/notification_late|tracking_missing|status_mismatch/);
		expect(a.body).not.toContain('1200 Sunset');
		expect(a.body).not.toContain('555 0100');
		expect(a.body).not.toContain('jonas@example.de');
	});

	it('answers a forged, malformed or expired link with the lookup form', async () => {
		const forged = issueStatusLink('1001', { secret: 'f'.repeat(48), expiresAt: new Date('2030-01-01T00:00:00Z') });
		expect(page(await answerStatusRequest({ query: { t: forged } }, deps()))).toMatchObject({
			statusCode: 400,
			outcome: 'bad_link',
		});
		expect(page(await answerStatusRequest({ query: { t: ['a', 'b'] } }, deps()))).toMatchObject({
			statusCode: 400,
			outcome: 'bad_link',
		});
		const expired = page(
			await answerStatusRequest({ query: { t: link('1001', new Date(now.getTime() - 1)) } }, deps()),
		);
		expect(expired).toMatchObject({ statusCode: 410, outcome: 'expired_link' });
		expect(expired.body).toContain(`value="${issueFormToken(SECRET, now, NONCE)}"`);
	});

	it('says not found for a signed order the ledger no longer has', async () => {
		expect(page(await answerStatusRequest({ query: { t: link('4242') } }, deps()))).toMatchObject({
			statusCode: 404,
			outcome: 'not_found',
		});
	});
});

describe('the self-service links the status page offers', () => {
	const record = recordOf({ dates: { placedAt: '2026-03-10T17:00:00.000Z' } });
	const open = { ...defaultSelfServiceRules(), windowMinutes: 120, allowItemSwap: true };
	const hrefs = { addressChange: '/a', cancel: '/c', swap: '/s' };
	const urls = { addressChangeUrl: 'https://x.example/a', cancelUrl: 'https://x.example/c' };
	const swapUrl = 'https://x.example/s';
	const kinds = (
		overrides: Partial<PageSettings>,
		rules = open,
		links: typeof hrefs | Omit<typeof hrefs, 'swap'> = hrefs,
	) =>
		selfServiceActions(record, { ...settings, ...urls, ...overrides }, rules, new Date(NOW), links).map((a) => a.kind);

	it('offers the swap after the others, while the window is open, with the same deadline', () => {
		const actions = selfServiceActions(record, { ...settings, ...urls, swapUrl }, open, new Date(NOW), hrefs);
		expect(actions).toEqual([
			{ kind: 'address_change', href: '/a', closesAt: '2026-03-10T19:00:00.000Z' },
			{ kind: 'cancel', href: '/c', closesAt: '2026-03-10T19:00:00.000Z' },
			{ kind: 'swap', href: '/s', closesAt: '2026-03-10T19:00:00.000Z' },
		]);
		expect(kinds({ swapUrl }, { ...open, windowMinutes: 30 })).toEqual([]);
	});

	it('offers the swap only with a swap page in the settings, the rules allowing it, and a link to it', () => {
		expect(kinds({ swapUrl: '' })).toEqual(['address_change', 'cancel']);
		expect(kinds({ swapUrl }, { ...open, allowItemSwap: false })).toEqual(['address_change', 'cancel']);
		expect(kinds({ swapUrl }, open, { addressChange: '/a', cancel: '/c' })).toEqual(['address_change', 'cancel']);
		// Swaps are off unless the store turns them on.
		expect(defaultSelfServiceRules().allowItemSwap).toBe(false);
		expect(kinds({ swapUrl }, { ...defaultSelfServiceRules(), windowMinutes: 120 })).toEqual([
			'address_change',
			'cancel',
		]);
	});

	it('a signed link shows the swap link to the swap page, signed for the same order', async () => {
		const [{ orderKey, record: shown }] = orders;
		const token = issueStatusLink(orderKey, { secret: SECRET, expiresAt: new Date(now.getTime() + 86_400_000) });
		const answer = await answerStatusRequest(
			{ query: { t: token } },
			{
				...deps(memoryCounter(), { swapUrl }),
				getOrder: async () => ({
					...shown,
					stage: 'awaiting_fulfillment',
					shipments: [],
					dates: { placedAt: PAGE_NOW },
				}),
				rules: { ...open, windowMinutes: 60 },
			},
		);
		const body = answer.kind === 'page' ? answer.body : '';
		expect(body).toContain(`<a href="${swapUrl}?t=${token.replace(/&/g, '&amp;')}">Change size or color</a>`);
	});

	it('words a waiting line-item edit as the customer’s swap', () => {
		expect(kindOfField('line_items')).toBe('swap');
		expect(kindOfField('cancel')).toBe('cancel');
		expect(kindOfField('shipping_address')).toBe('address_change');
		expect(kindOfField(undefined)).toBe('address_change');
		const fact = (field: string, outcome: string): OrderFact =>
			({ kind: 'edit_request', data: { field, requestedAt: NOW, applied: false, outcome } }) as never;
		expect(pendingRequestOf(recordOf({ facts: [fact('line_items', 'approval')] }))).toEqual({
			kind: 'swap',
			outcome: 'pending_review',
			requestId: null,
		});
	});
});

describe('a request waiting for a person, as of now', () => {
	const REQUEST = 'req-status-000000000001';
	const asked: EditRequestData = {
		field: 'shipping_address',
		requestedAt: NOW,
		applied: false,
		requestId: REQUEST,
		outcome: 'approval',
		reasons: ['minutes_passed'],
		decidedAt: NOW,
		durationMs: 500,
		decidedBy: null,
	};
	const decidedAt = new Date(Date.parse(NOW) + 3_600_000).toISOString();
	const waitingEvent = requestEvent('1001', REQUEST, asked, NOW, {});
	const approvedEvent = requestEvent(
		'1001',
		REQUEST,
		{ ...asked, applied: true, outcome: 'approved', decidedAt, decidedBy: 'maya' },
		decidedAt,
		{},
		1,
	);
	/** The record as the event processor left it: the request reconciled while it waited. */
	const reconciledWhileWaiting = recordOf({ facts: [{ kind: 'edit_request', data: asked } as unknown as OrderFact] });

	it('a decision in the ledger since the processor last ran ends "being reviewed" at once', () => {
		expect(pendingRequestNow(reconciledWhileWaiting, [waitingEvent, approvedEvent])).toBeUndefined();
		// Without the events (or before the decision) the record's word stands.
		expect(pendingRequestNow(reconciledWhileWaiting)).toEqual({ kind: 'address_change', outcome: 'pending_review' });
		expect(pendingRequestNow(reconciledWhileWaiting, [waitingEvent])).toEqual({
			kind: 'address_change',
			outcome: 'pending_review',
		});
	});

	it('a request taken since the processor last ran waits already; a record whose events are gone still counts', () => {
		expect(pendingRequestNow(recordOf({ facts: [] }), [waitingEvent])).toEqual({
			kind: 'address_change',
			outcome: 'pending_review',
		});
		expect(pendingRequestNow(reconciledWhileWaiting, [])).toEqual({
			kind: 'address_change',
			outcome: 'pending_review',
		});
	});

	it('the signed page drops the "being reviewed" section once the ledger has the decision', async () => {
		const [{ orderKey, record: shown }] = orders;
		const token = issueStatusLink(orderKey, { secret: SECRET, expiresAt: new Date(now.getTime() + 86_400_000) });
		const withRequest = { ...shown, facts: [...(shown.facts ?? []), { kind: 'edit_request', data: asked }] };
		const body = async (events: unknown[] | undefined) => {
			const answer = await answerStatusRequest(
				{ query: { t: token } },
				{
					...deps(),
					getOrder: async () => withRequest as typeof shown,
					...(events ? { requestEvents: async () => events as never } : {}),
				},
			);
			return page(answer).body;
		};
		const reviewing = 'Your request to change the address is being reviewed';
		expect(await body(undefined)).toContain(reviewing);
		expect(await body([waitingEvent])).toContain(reviewing);
		expect(await body([waitingEvent, approvedEvent])).not.toContain(reviewing);
	});

	it('no change links once the ledger holds the cancellation asked for, before the record does', async () => {
		const cancel: EditRequestData = { ...asked, field: 'cancel', requestId: 'req-status-cancel-0001' };
		const cancelled = (outcome: 'applied' | 'approved' | 'rejected') =>
			requestEvent(
				'1001',
				cancel.requestId!,
				{ ...cancel, outcome, applied: outcome !== 'rejected', decidedAt },
				decidedAt,
				{},
				1,
			);
		const asking = requestEvent('1001', cancel.requestId!, cancel, NOW, {});
		expect(cancelledByRequest([asking, cancelled('applied')])).toBe(true);
		expect(cancelledByRequest([asking, cancelled('approved')])).toBe(true);
		expect(cancelledByRequest([asking, cancelled('rejected')])).toBe(false);
		expect(cancelledByRequest([waitingEvent, approvedEvent])).toBe(false);
		expect(cancelledByRequest(undefined)).toBe(false);

		const [{ orderKey, record: shown }] = orders;
		const token = issueStatusLink(orderKey, { secret: SECRET, expiresAt: new Date(now.getTime() + 86_400_000) });
		const body = async (events: unknown[]) =>
			page(
				await answerStatusRequest(
					{ query: { t: token } },
					{
						...deps(memoryCounter(), { cancelUrl: 'https://n8n.example.com/webhook/order-cancel' }),
						getOrder: async () => ({
							...shown,
							stage: 'awaiting_fulfillment',
							shipments: [],
							dates: { placedAt: PAGE_NOW },
						}),
						rules: { ...defaultSelfServiceRules(), allowCancellation: true, windowMinutes: 60 },
						requestEvents: async () => events as never,
					},
				),
			).body;
		expect(await body([])).toContain('order-cancel?t=');
		expect(await body([asking, cancelled('applied')])).not.toContain('order-cancel?t=');
	});
});
