/**
 * answerAddressRequest: the customer's address change, one request at a time, with the ledger's counter and
 * event log in memory, a carrier check, and Shopify and the warehouse as fakes that keep state (the steps
 * themselves are applyAddressChange, tested on its own). The browser test runs the same through n8n.
 */
import type { AddressCheck } from '../../../nodes/lib/connectors/carriers/address';
import type { AttemptOptions, NewEvent } from '../../../nodes/lib/ledger/types';
import type { Address, EditRequestData, Observation } from '../../../nodes/lib/order/types';
import { issueFormToken, issueStatusLink } from '../../../nodes/lib/pages/access';
import { answerAddressRequest, requestIdOf, type AddressChangeDeps } from '../../../nodes/lib/pages/addressRequest';
import { defaultPageSettings, type PageSettings } from '../../../nodes/lib/pages/settings';
import type { PageRequest } from '../../../nodes/lib/pages/statusRequest';
import {
	applyAddressChange,
	holdHandleOf,
	newestOutcomeOf,
	defaultSelfServiceRules,
	type LiveStatus,
	type SelfServiceRules,
} from '../../../nodes/lib/selfservice';
import { addressChangeOrders, CHANGE_NOW, OLD_ADDRESS } from '../../helpers/addressChangeOrders';

const SECRET = 'k'.repeat(48);
const PAGE_URL = 'https://n8n.example.com/webhook/order-status';
const CHANGE_URL = 'https://n8n.example.com/webhook/order-address';
const now = new Date(CHANGE_NOW);
const settings: PageSettings = {
	...defaultPageSettings(),
	pageUrl: PAGE_URL,
	addressChangeUrl: CHANGE_URL,
	linkSecret: SECRET,
	lookupsPerOrder: 4,
};
const rules: SelfServiceRules = { ...defaultSelfServiceRules(), windowMinutes: 60 };
const orders = addressChangeOrders();
const byKey = (key: string) => orders.find((o) => o.orderKey === key)!;

const NEW_ADDRESS = {
	name: 'Ana García',
	address1: '77 Vine St',
	address2: '',
	city: 'Los Angeles',
	provinceCode: 'CA',
	zip: '90028',
	countryCode: 'US',
	phone: '',
};

/** One store: the ledger's counter and log, the warehouse and Shopify with their addresses and holds. */
/** The carrier says "valid" unless told otherwise; 'none': the store checks no address. */
function store(options: { warehouse?: LiveStatus['status'][]; check?: Partial<AddressCheck> | 'down' | 'none' } = {}) {
	const counts = new Map<string, number>();
	const events: NewEvent[] = [];
	const calls: string[] = [];
	const statuses = [...(options.warehouse ?? ['received'])];
	const state = {
		warehouseAddress: { ...OLD_ADDRESS } as Address,
		shopifyAddress: { ...OLD_ADDRESS } as Address,
		holds: new Set<string>(),
		failWarehouseWrite: false,
		warehouseDown: false,
	};
	const nextStatus = (): LiveStatus['status'] => (statuses.length > 1 ? statuses.shift()! : statuses[0]);
	const checked: Address[] = [];
	const deps: AddressChangeDeps = {
		settings,
		rules,
		storeName: 'Trailhead Outfitters',
		storeTimeZone: 'America/New_York',
		now,
		getOrder: async (key) => orders.find((o) => o.orderKey === key)?.record ?? null,
		countAttempt: async (o: AttemptOptions) => {
			const key = `${o.subject}|${Math.floor(Date.parse(o.now) / 1000 / o.windowSeconds)}`;
			const count = (counts.get(key) ?? 0) + 1;
			counts.set(key, count);
			return { allowed: count <= o.limit, count, limit: o.limit, retryAfterSeconds: 0 };
		},
		readWarehouse: async () => {
			calls.push('warehouse.read');
			if (state.warehouseDown) throw new Error('ShipStation: 503');
			return { status: nextStatus(), observedAt: CHANGE_NOW };
		},
		validateAddress:
			options.check === 'none'
				? undefined
				: async (address) => {
						checked.push(address);
						if (options.check === 'down') throw new Error('UPS: 503');
						return {
							carrier: 'ups',
							verdict: 'valid',
							suggestion: null,
							candidates: [],
							changes: [],
							residential: true,
							messages: [],
							...(options.check as Partial<AddressCheck> | undefined),
						} as AddressCheck;
					},
		applyChange: (_record, address, decision, handle) =>
			applyAddressChange(
				{ decision, address, handle },
				{
					now: () => now,
					shopify: {
						fulfillmentOrders: async () => [{ id: 'fo1', status: 'OPEN' }],
						hold: async (_id, h) => {
							calls.push('shopify.hold');
							state.holds.add(h);
							return { adopted: false };
						},
						updateAddress: async (a) => {
							calls.push('shopify.update');
							state.shopifyAddress = { ...a };
							return state.shopifyAddress;
						},
						readAddress: async () => state.shopifyAddress,
						release: async (_id, h) => {
							calls.push('shopify.release');
							state.holds.delete(h);
						},
					},
					warehouse: {
						read: async () => ({
							status: { status: nextStatus(), observedAt: CHANGE_NOW },
							address: state.warehouseAddress,
						}),
						changeAddress: async (a) => {
							calls.push('warehouse.change');
							if (state.failWarehouseWrite) throw new Error('ShipStation refused: 500');
							state.warehouseAddress = { ...a };
							return { address: state.warehouseAddress, adopted: false };
						},
					},
				},
			),
		// The ledger's unique event key: a second append of one key is a duplicate.
		recordRequest: async (event) => {
			if (events.some((e) => e.key === event.key)) return { duplicate: true };
			events.push(event);
			return { duplicate: false };
		},
		requestOutcome: async (_orderKey, requestId) => newestOutcomeOf(events, requestId),
		newNonce: () => 'nonce-1',
	};
	/** The outcomes recorded (each request is first recorded as asked, without an outcome). */
	const recorded = () =>
		events
			.map((e) => (e.payload as { observations: Observation[] }).observations[0].data as EditRequestData)
			.filter((d) => d.outcome !== undefined);
	return { deps, events, recorded, calls, state, checked };
}

const linkOf = (orderKey: string, expiresAt = new Date(now.getTime() + 86_400_000)) =>
	issueStatusLink(orderKey, { secret: SECRET, expiresAt });
let nonce = 0;
/** A post of the form, with a token of its own (each rendered form has one), or the one given. */
function post(
	orderKey: string,
	fields: Record<string, string>,
	extra: { csrf?: string; headers?: Record<string, string> } = {},
): PageRequest {
	const csrf = extra.csrf ?? issueFormToken(SECRET, now, `n${++nonce}`);
	return {
		query: {},
		body: { csrf, t: linkOf(orderKey), email: byKey(orderKey).email, ...NEW_ADDRESS, ...fields },
		headers: { origin: 'null', ...extra.headers },
	};
}
/** A page view as n8n's Webhook node hands it over: an empty body, the link in the query. */
const get = (orderKey: string, query: Record<string, string> = {}): PageRequest => ({
	query: { t: linkOf(orderKey), ...query },
	body: {},
	headers: { 'accept-language': 'en-US' },
});

describe('the address change form (GET)', () => {
	it('opens from the signed link with a fresh form token and the link carried, in the order language', async () => {
		const s = store();
		const a = await answerAddressRequest(get('2002'), s.deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'form', orderKey: '2002', locale: 'es', request: null });
		expect(a.body).toContain(`value="${issueFormToken(SECRET, now, 'nonce-1')}"`);
		expect(a.body).toContain(`name="t" value="${linkOf('2002')}"`);
		expect(a.body).toMatch(/<form[^>]+method="post"/);
		expect(a.body).toContain(`action="${CHANGE_URL}?t=`);
		expect(a.headers['Cache-Control']).toBe('no-store');
		expect(a.body).not.toMatch(/<script/i);
		expect(s.calls).toEqual(['warehouse.read']);
	});

	it('says at once when nothing can be changed any more (a cancelled order), without a form', async () => {
		const a = await answerAddressRequest(get('2006'), store().deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'refused' });
		expect(a.body).not.toContain('name="address1"');
	});

	it('offers the form when the window has passed: a person may still do it', async () => {
		const a = await answerAddressRequest(get('2005'), store().deps);
		expect(a.outcome).toBe('form');
	});

	it.each([
		['forged', linkOf('2001').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 400, 'bad_link'],
		['expired', linkOf('2001', new Date(now.getTime() - 1000)), 410, 'expired_link'],
		['missing', undefined, 400, 'bad_link'],
	])('refuses a %s link with the lookup form', async (_label, t, statusCode, outcome) => {
		const a = await answerAddressRequest({ query: t ? { t } : {}, headers: {} }, store().deps);
		expect(a).toMatchObject({ statusCode, outcome, orderKey: null });
		expect(a.body).toContain('name="orderNumber"');
	});
});

describe('a change inside the window', () => {
	it('is carried out: the warehouse and Shopify changed, the hold released, the request recorded once', async () => {
		const s = store({ check: { verdict: 'valid' } });
		const a = await answerAddressRequest(post('2001', {}), s.deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'applied', orderKey: '2001' });
		expect(a.request).toMatchObject({ outcome: 'applied', failedStep: null, heldFulfillmentOrders: [] });
		expect(s.state.warehouseAddress.address1).toBe('77 Vine St');
		expect(s.state.shopifyAddress.address1).toBe('77 Vine St');
		expect(s.state.shopifyAddress.address2).toBeNull();
		expect(s.state.holds.size).toBe(0);
		expect(s.calls).toEqual([
			'warehouse.read',
			'shopify.hold',
			'warehouse.change',
			'shopify.update',
			'shopify.release',
		]);
		// The request as asked, before anything was touched, then its outcome: two events, one request.
		expect(s.events.map((e) => e.key.split(':').pop())).toEqual(['pending', 'applied']);
		for (const e of s.events)
			expect(e).toMatchObject({ source: 'customer', topic: 'self_service/address_change', orderKey: '2001' });
		expect(s.recorded()).toHaveLength(1);
		expect(s.recorded()[0]).toMatchObject({
			field: 'shipping_address',
			applied: true,
			outcome: 'applied',
			decidedBy: 'self_service',
			beforeShipping: true,
			requestedAt: CHANGE_NOW,
		});
		expect(s.checked).toHaveLength(1);
		expect((s.events[1].payload as { request: { newAddress: Address } }).request.newAddress).toMatchObject({
			address1: '77 Vine St',
			address2: null,
			zip: '90028',
		});
		expect(a.body).toContain('77 Vine St');
	});

	it('names our Shopify hold after the request, and the request after its form', async () => {
		const csrf = issueFormToken(SECRET, now, 'the-form');
		const s = store();
		const a = await answerAddressRequest(post('2001', {}, { csrf }), s.deps);
		expect(a.request?.requestId).toBe(requestIdOf(csrf, '2001', 'address_change'));
		expect(holdHandleOf(a.request!.requestId)).toMatch(/^pp-address-[A-Za-z0-9_-]{22}$/);
		// The same token for another order, or for the cancellation page, is another request.
		expect(requestIdOf(csrf, '2002', 'address_change')).not.toBe(a.request?.requestId);
		expect(requestIdOf(csrf, '2001', 'cancel')).not.toBe(a.request?.requestId);
	});

	it('a request waiting in the ledger (not yet on the record) is answered as pending, no second one', async () => {
		const s = store({ check: 'none' });
		s.deps.requestEvents = async () => s.events;
		// No carrier check: a person approves the first request.
		const first = await answerAddressRequest(post('2001', {}), s.deps);
		expect(first.outcome).toBe('pending_review');
		const second = await answerAddressRequest(post('2001', { address1: '1 Other St' }), s.deps);
		expect(second.outcome).toBe('pending');
		expect(s.recorded()).toHaveLength(1);
		const view = await answerAddressRequest(get('2001'), s.deps);
		expect(view.outcome).toBe('pending');
	});

	it('the same form posted twice changes the address once', async () => {
		const s = store();
		const csrf = issueFormToken(SECRET, now, 'double-click');
		const first = await answerAddressRequest(post('2001', {}, { csrf }), s.deps);
		const second = await answerAddressRequest(post('2001', {}, { csrf }), s.deps);
		expect(first.outcome).toBe('applied');
		expect(second).toMatchObject({ statusCode: 200, outcome: 'repeated', request: null });
		expect(s.calls.filter((c) => c === 'warehouse.change')).toHaveLength(1);
		expect(s.recorded()).toHaveLength(1);
		// The first post had ended: the second (a refresh after its answer) shows how, not "in hand".
		const changed = /<h1[^>]*>([^<]+)</.exec(first.body)?.[1];
		expect(/<h1[^>]*>([^<]+)</.exec(second.body)?.[1]).toBe(changed);
	});

	it('a form posted again while its request is still being carried out answers "in hand"', async () => {
		const s = store();
		const csrf = issueFormToken(SECRET, now, 'still-running');
		// The first post's request is on record as asked, its outcome not yet.
		s.deps.requestOutcome = async () => null;
		await answerAddressRequest(post('2001', {}, { csrf }), s.deps);
		const inHand = await answerAddressRequest(post('2001', {}, { csrf }), s.deps);
		const first = await answerAddressRequest(post('2001', {}, { csrf: issueFormToken(SECRET, now, 'other') }), s.deps);
		expect(inHand.outcome).toBe('repeated');
		expect(/<h1[^>]*>([^<]+)</.exec(inHand.body)?.[1]).not.toBe(/<h1[^>]*>([^<]+)</.exec(first.body)?.[1]);
	});

	it('loses the race to a warehouse that starts picking: nothing changed, hold off, a person decides', async () => {
		const s = store({ warehouse: ['received', 'picked'] });
		const a = await answerAddressRequest(post('2003', {}), s.deps);
		expect(a).toMatchObject({ outcome: 'pending_review', locale: 'fr' });
		expect(a.request).toMatchObject({ outcome: 'approval', reasons: ['warehouse_picking'] });
		expect(s.state.warehouseAddress).toEqual(OLD_ADDRESS);
		expect(s.state.shopifyAddress).toEqual(OLD_ADDRESS);
		expect(s.state.holds.size).toBe(0);
		expect(s.recorded()[0]).toMatchObject({ applied: false, outcome: 'approval', decidedBy: null });
	});

	it('a request waiting for a person is answered as such: no second change is taken around it', async () => {
		const s = store({ check: { verdict: 'valid' } });
		const record = structuredClone(byKey('2001').record);
		record.facts = [
			...(record.facts ?? []),
			{
				slot: 'customer|edit_request|earlier',
				source: 'customer',
				kind: 'edit_request',
				sourceId: 'earlier',
				at: CHANGE_NOW,
				key: 'k',
				firstAt: CHANGE_NOW,
				data: { field: 'shipping_address', requestedAt: CHANGE_NOW, applied: false, outcome: 'approval' },
			} as never,
		];
		s.deps.getOrder = async () => record;
		for (const request of [get('2001'), post('2001', {})]) {
			const a = await answerAddressRequest(request, s.deps);
			expect(a).toMatchObject({ statusCode: 200, outcome: 'pending', request: null });
		}
		expect(s.calls).toEqual([]);
		expect(s.events).toEqual([]);
	});

	it('keeps the phone and company the order has when the customer leaves them empty', async () => {
		const s = store();
		await answerAddressRequest(post('2001', { phone: '' }), s.deps);
		expect(s.state.warehouseAddress.phone).toBe(OLD_ADDRESS.phone);
	});

	it('records where a failure stopped and what it holds, beside the address asked for', async () => {
		const s = store();
		s.state.failWarehouseWrite = true;
		await answerAddressRequest(post('2001', {}), s.deps);
		expect(s.events[1].payload).toMatchObject({
			request: {
				failedStep: 'warehouse',
				heldFulfillmentOrders: ['fo1'],
				holdHandle: expect.stringMatching(/^pp-address-/),
				steps: expect.arrayContaining([expect.objectContaining({ step: 'warehouse', ok: false })]),
			},
		});
	});

	it('a failure midway leaves the order held and recorded for a person; the customer hears it is in hand', async () => {
		const s = store();
		s.state.failWarehouseWrite = true;
		const a = await answerAddressRequest(post('2004', {}), s.deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'received', locale: 'de' });
		expect(a.request).toMatchObject({ outcome: 'failed', failedStep: 'warehouse', heldFulfillmentOrders: ['fo1'] });
		expect(s.state.holds.size).toBe(1);
		expect(s.state.shopifyAddress).toEqual(OLD_ADDRESS);
		expect(s.recorded()[0]).toMatchObject({ outcome: 'failed', held: true, applied: false });
		expect(s.recorded()[0].reason).toContain('ShipStation refused');
		expect(a.body).not.toContain('ShipStation');
	});
});

describe('the carrier check', () => {
	const suggestion = {
		...NEW_ADDRESS,
		address1: '77 VINE ST',
		zip: '90028-5101',
		address2: null,
		name: null,
		phone: null,
	};

	it('offers its standard form first; nothing is changed or recorded until the customer picks', async () => {
		const s = store({ check: { verdict: 'corrected', suggestion } });
		const a = await answerAddressRequest(post('2001', {}), s.deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'suggestion', request: null });
		expect(a.body).toContain('name="s_address1" value="77 VINE ST"');
		expect(a.body).toContain('name="s_name" value="Ana García"');
		expect(a.body).toContain('name="choice" value="suggestion"');
		expect(s.calls).toEqual([]);
		expect(s.events).toEqual([]);
	});

	it('applies the suggestion the customer picked', async () => {
		const s = store({ check: { verdict: 'corrected', suggestion } });
		const picked = Object.fromEntries(
			Object.entries({ ...NEW_ADDRESS, ...suggestion, name: 'Ana García' }).map(([k, v]) => [`s_${k}`, v ?? '']),
		);
		const a = await answerAddressRequest(post('2001', { choice: 'suggestion', ...picked }), s.deps);
		expect(a.outcome).toBe('applied');
		expect(s.state.warehouseAddress).toMatchObject({ address1: '77 VINE ST', zip: '90028-5101', name: 'Ana García' });
		expect(s.checked[0]).toMatchObject({ address1: '77 VINE ST' });
	});

	it('an edited "suggestion" the carrier does not find gets no free pass, even with insist', async () => {
		const s = store({ check: { verdict: 'invalid' } });
		const forged = Object.fromEntries(Object.entries(NEW_ADDRESS).map(([k, v]) => [`s_${k}`, v]));
		const a = await answerAddressRequest(post('2001', { choice: 'suggestion', insist: '1', ...forged }), s.deps);
		expect(a.outcome).toBe('pending_review');
		expect(a.request?.reasons).toEqual(['address_unverified']);
		expect(s.state.warehouseAddress).toEqual(OLD_ADDRESS);
	});

	it('sends the address the customer keeps over the suggestion to a person', async () => {
		const s = store({ check: { verdict: 'corrected', suggestion } });
		const a = await answerAddressRequest(post('2001', { choice: 'typed' }), s.deps);
		expect(a.outcome).toBe('pending_review');
		expect(a.request?.reasons).toEqual(['address_unverified']);
		expect(s.state.warehouseAddress).toEqual(OLD_ADDRESS);
	});

	it.each([
		['invalid', 'address_invalid'],
		['ambiguous', 'address_ambiguous'],
	] as const)(
		'an %s address gets the form again with a way to insist, then goes to a person',
		async (verdict, notice) => {
			const s = store({ check: { verdict } });
			const a = await answerAddressRequest(post('2001', {}), s.deps);
			expect(a).toMatchObject({ statusCode: 422, outcome: 'invalid_input' });
			expect(a.body).toContain('name="insist"');
			expect(a.body).toContain('77 Vine St');
			// The confirmed email comes back with the form: only the address needs another look.
			expect(a.body).toContain('name="email" value="ana@example.com"');
			void notice;
			const insisted = await answerAddressRequest(post('2001', { insist: '1' }), s.deps);
			expect(insisted.outcome).toBe('pending_review');
			expect(insisted.request?.reasons).toEqual(['address_unverified']);
		},
	);

	it('without a carrier check every address waits for a person (by default)', async () => {
		const s = store({ check: 'none' });
		const a = await answerAddressRequest(post('2001', {}), s.deps);
		expect(a.outcome).toBe('pending_review');
		expect(a.request?.reasons).toEqual(['address_not_validated']);
	});

	it('a carrier that cannot be reached leaves the address unvalidated: a person looks (by default)', async () => {
		const s = store({ check: 'down' });
		const a = await answerAddressRequest(post('2001', {}), s.deps);
		expect(a.outcome).toBe('pending_review');
		expect(a.request?.reasons).toEqual(['address_not_validated']);
		expect(a.warnings).toEqual(['The carrier could not check the address: UPS: 503']);
	});
});

describe('outside the window and refusals', () => {
	it('after the cut-off the request waits for a person, with nothing changed', async () => {
		const s = store({ check: { verdict: 'valid' } });
		const a = await answerAddressRequest(post('2005', {}), s.deps);
		expect(a.outcome).toBe('pending_review');
		expect(a.request?.reasons).toEqual(['minutes_passed']);
		expect(s.calls).toEqual(['warehouse.read']);
		expect(s.recorded()[0]).toMatchObject({ outcome: 'approval', applied: false });
	});

	it('a warehouse that cannot be asked keeps the window shut: a person decides', async () => {
		const s = store({ check: { verdict: 'valid' } });
		s.state.warehouseDown = true;
		const a = await answerAddressRequest(post('2001', {}), s.deps);
		expect(a.outcome).toBe('pending_review');
		expect(a.request?.reasons).toEqual(['warehouse_unknown']);
		expect(a.warnings).toEqual(["The warehouse could not be asked for the order's status: ShipStation: 503"]);
	});

	it('a cancelled order is refused and recorded as refused', async () => {
		const s = store({ check: { verdict: 'valid' } });
		const a = await answerAddressRequest(post('2006', {}), s.deps);
		expect(a.outcome).toBe('refused');
		expect(a.request?.reasons).toEqual(['cancelled']);
		expect(s.recorded()[0]).toMatchObject({ outcome: 'refused', decidedBy: 'self_service' });
	});

	it('the same address as now is refused as unchanged', async () => {
		const s = store({ check: { verdict: 'valid' } });
		const a = await answerAddressRequest(post('2001', { ...OLD_ADDRESS }), s.deps);
		expect(a.outcome).toBe('refused');
		expect(a.request?.reasons).toEqual(['address_unchanged']);
	});

	it('a new country goes to a person', async () => {
		const s = store({ check: { verdict: 'valid' } });
		const a = await answerAddressRequest(
			post('2001', { city: 'Toronto', provinceCode: 'ON', zip: 'M5J 2X5', countryCode: 'ca' }),
			s.deps,
		);
		expect(a.outcome).toBe('pending_review');
		expect(a.request?.reasons).toEqual(['country_change']);
	});
});

describe('what the page refuses to take', () => {
	it('a post without our form token, or from another site, changes nothing', async () => {
		const s = store();
		const noToken = await answerAddressRequest(post('2001', {}, { csrf: 'x.y.z' }), s.deps);
		const foreign = await answerAddressRequest(
			post('2001', {}, { headers: { origin: 'https://evil.example' } }),
			s.deps,
		);
		for (const a of [noToken, foreign]) expect(a).toMatchObject({ statusCode: 403, outcome: 'csrf_failed' });
		expect(s.calls).toEqual([]);
	});

	it('a wrong email gets the form again, and guessing is limited per order', async () => {
		const s = store();
		const answers = [];
		for (let i = 0; i < 5; i++)
			answers.push(await answerAddressRequest(post('2001', { email: `guess${i}@example.com` }), s.deps));
		expect(answers.slice(0, 4).map((a) => a.outcome)).toEqual(Array(4).fill('email_mismatch'));
		expect(answers[4]).toMatchObject({ statusCode: 429, outcome: 'rate_limited' });
		// A wrong email is never echoed back.
		expect(answers[0].body).not.toContain('guess0@example.com');
		const right = await answerAddressRequest(post('2001', {}), s.deps);
		expect(right.outcome).toBe('rate_limited');
		expect(s.calls).toEqual([]);
	});

	it('the email is compared as the lookup compares it (case and spaces aside)', async () => {
		const a = await answerAddressRequest(post('2001', { email: '  ANA@Example.com ' }), store().deps);
		expect(a.outcome).toBe('applied');
	});

	it('missing or over-long fields get the form again, naming each field', async () => {
		const s = store();
		const a = await answerAddressRequest(
			post('2001', { address1: '', countryCode: 'USA', zip: '9'.repeat(30) }),
			s.deps,
		);
		expect(a).toMatchObject({ statusCode: 400, outcome: 'invalid_input' });
		expect(a.body).toMatch(/name="address1"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="address1"/);
		expect(a.body).toMatch(/name="countryCode"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="countryCode"/);
		expect(a.body).toMatch(/name="zip"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="zip"/);
		expect(s.calls).toEqual([]);
	});

	it('markup typed into a field comes back inert', async () => {
		const a = await answerAddressRequest(
			post('2001', { address1: '', city: '<script>alert(1)</script>', address2: '"><img src=x onerror=alert(1)>' }),
			store().deps,
		);
		expect(a.outcome).toBe('invalid_input');
		expect(a.body).not.toMatch(/<script>alert/);
		expect(a.body).not.toMatch(/<img src=x/);
		expect(a.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
	});
});
