/**
 * answerCancelRequest: the customer's cancellation, one request at a time, with the ledger's counter and event
 * log in memory and the cancellation itself as a fake that counts its calls (the steps are applyCancellation,
 * tested on its own against the simulators). The browser test runs the same through n8n.
 */
import type { AttemptOptions, NewEvent } from '../../../nodes/lib/ledger/types';
import type { EditRequestData, Observation } from '../../../nodes/lib/order/types';
import { issueFormToken, issueStatusLink } from '../../../nodes/lib/pages/access';
import { answerCancelRequest, type CancelDeps, type CancelResult } from '../../../nodes/lib/pages/cancelRequest';
import { defaultPageSettings, type PageSettings } from '../../../nodes/lib/pages/settings';
import type { PageRequest } from '../../../nodes/lib/pages/statusRequest';
import {
	defaultSelfServiceRules,
	newestOutcomeOf,
	type LiveStatus,
	type SelfServiceRules,
} from '../../../nodes/lib/selfservice';
import { addressChangeOrders, CHANGE_NOW } from '../../helpers/addressChangeOrders';

const SECRET = 'k'.repeat(48);
const CANCEL_URL = 'https://n8n.example.com/webhook/order-cancel';
const now = new Date(CHANGE_NOW);
const settings: PageSettings = {
	...defaultPageSettings(),
	pageUrl: 'https://n8n.example.com/webhook/order-status',
	cancelUrl: CANCEL_URL,
	linkSecret: SECRET,
	lookupsPerOrder: 4,
};
const orders = addressChangeOrders();
const byKey = (key: string) => orders.find((o) => o.orderKey === key)!;

function store(options: { rules?: Partial<SelfServiceRules>; warehouse?: LiveStatus['status']; fail?: boolean } = {}) {
	const counts = new Map<string, number>();
	const events: NewEvent[] = [];
	const cancels: string[] = [];
	const deps: CancelDeps = {
		settings,
		rules: { ...defaultSelfServiceRules(), windowMinutes: 60, ...options.rules },
		storeName: 'Trailhead Outfitters',
		storeTimeZone: 'America/New_York',
		now,
		getOrder: async (key) => orders.find((o) => o.orderKey === key)?.record ?? null,
		countAttempt: async (o: AttemptOptions) => {
			const count = (counts.get(o.subject) ?? 0) + 1;
			counts.set(o.subject, count);
			return { allowed: count <= o.limit, count, limit: o.limit, retryAfterSeconds: 0 };
		},
		readWarehouse: async () => ({ status: options.warehouse ?? 'received', observedAt: CHANGE_NOW }),
		applyCancel: async (_record, decision, handle): Promise<CancelResult> => {
			cancels.push(handle);
			return options.fail
				? {
						outcome: 'failed',
						decision,
						heldFulfillmentOrders: ['gid://shopify/FulfillmentOrder/1'],
						failedStep: 'shopify',
						error: 'The warehouse has cancelled the order but Shopify has not: cancel it in Shopify by hand.',
						steps: [],
						warehouse: 'cancelled',
						shopifyCancelled: false,
					}
				: {
						outcome: 'applied',
						decision,
						heldFulfillmentOrders: [],
						failedStep: null,
						error: null,
						steps: [],
						warehouse: 'cancelled',
						shopifyCancelled: true,
					};
		},
		recordRequest: async (event) => {
			if (events.some((e) => e.key === event.key)) return { duplicate: true };
			events.push(event);
			return { duplicate: false };
		},
		requestOutcome: async (_orderKey, requestId) => newestOutcomeOf(events, requestId),
		newNonce: () => 'nonce-1',
	};
	const recorded = () =>
		events.map((e) => (e.payload as { observations: Observation[] }).observations[0].data as EditRequestData);
	return { deps, events, cancels, recorded };
}

const linkOf = (orderKey: string) =>
	issueStatusLink(orderKey, { secret: SECRET, expiresAt: new Date(now.getTime() + 86_400_000) });
let nonce = 0;
function post(orderKey: string, fields: Record<string, string> = {}, csrf?: string): PageRequest {
	return {
		query: {},
		body: {
			csrf: csrf ?? issueFormToken(SECRET, now, `c${++nonce}`),
			t: linkOf(orderKey),
			email: byKey(orderKey).email,
			confirm: '1',
			reason: 'ordered_by_mistake',
			...fields,
		},
		headers: { origin: 'null' },
	};
}
const get = (orderKey: string): PageRequest => ({ query: { t: linkOf(orderKey) }, body: {}, headers: {} });

describe('the cancellation page', () => {
	it('opens from the signed link with the items, the deadline and a form posting to itself', async () => {
		const a = await answerCancelRequest(get('2003'), store().deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'form', orderKey: '2003', locale: 'fr' });
		expect(a.body).toContain(`action="${CANCEL_URL}?t=`);
		expect(a.body).toContain('name="confirm"');
		expect(a.body).toContain('name="reason"');
		expect(a.body).toMatch(/<time[^>]+datetime="2026-03-05T20:50/);
	});

	it('inside the window: cancelled once, recorded as asked and as applied with the reason kept', async () => {
		const s = store();
		const a = await answerCancelRequest(post('2001'), s.deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'applied' });
		expect(a.request).toMatchObject({ outcome: 'applied', reasons: ['within_minutes'] });
		expect(s.cancels).toEqual([`pp-cancel-${a.request!.requestId}`]);
		expect(s.events.map((e) => [e.topic, e.key.split(':').pop()])).toEqual([
			['self_service/cancel', 'pending'],
			['self_service/cancel', 'applied'],
		]);
		expect(s.recorded()[1]).toMatchObject({ field: 'cancel', applied: true, decidedBy: 'self_service' });
		expect((s.events[1].payload as { request: { reason: string } }).request.reason).toBe('ordered_by_mistake');
	});

	it('past the cut-off: waits for a person, nothing cancelled; the page says it is being reviewed', async () => {
		const s = store();
		const a = await answerCancelRequest(post('2005'), s.deps);
		expect(a.outcome).toBe('pending_review');
		expect(a.request).toMatchObject({ outcome: 'approval', reasons: ['minutes_passed'] });
		expect(s.cancels).toEqual([]);
	});

	it('refuses what cannot be cancelled: already cancelled, and cancellations switched off', async () => {
		const cancelled = await answerCancelRequest(get('2006'), store().deps);
		expect(cancelled).toMatchObject({ outcome: 'refused' });
		expect(cancelled.body).not.toContain('name="confirm"');
		const off = await answerCancelRequest(get('2001'), store({ rules: { allowCancellation: false } }).deps);
		expect(off.outcome).toBe('refused');
	});

	it('a failure midway is in hand for the customer and on record for a person, with what is held', async () => {
		const s = store({ fail: true });
		const a = await answerCancelRequest(post('2001'), s.deps);
		expect(a.outcome).toBe('received');
		expect(s.recorded()[1]).toMatchObject({ outcome: 'failed', held: true });
		expect((s.events[1].payload as { request: Record<string, unknown> }).request).toMatchObject({
			warehouse: 'cancelled',
			shopifyCancelled: false,
			failedStep: 'shopify',
		});
	});

	it('the box not ticked, a forged reason, a wrong email, no form token: nothing recorded, each said', async () => {
		const s = store();
		const unticked = await answerCancelRequest(post('2001', { confirm: '' }), s.deps);
		expect(unticked).toMatchObject({ statusCode: 400, outcome: 'invalid_input' });
		expect(unticked.body).toContain('aria-invalid="true"');
		const forged = await answerCancelRequest(post('2001', { reason: '<script>x</script>' }), s.deps);
		expect(forged.statusCode).toBe(400);
		expect(forged.body).not.toContain('<script>x');
		const wrong = await answerCancelRequest(post('2001', { email: 'someone@else.example' }), s.deps);
		expect(wrong).toMatchObject({ statusCode: 403, outcome: 'email_mismatch' });
		expect(wrong.body).not.toContain('someone@else.example');
		const noToken = await answerCancelRequest(post('2001', {}, 'not-our-token'), s.deps);
		expect(noToken).toMatchObject({ statusCode: 403, outcome: 'csrf_failed' });
		expect(s.events).toEqual([]);
		expect(s.cancels).toEqual([]);
	});

	it('the same form posted twice cancels once, and the second answer says how it ended', async () => {
		const s = store();
		const csrf = issueFormToken(SECRET, now, 'twice');
		const first = await answerCancelRequest(post('2002', {}, csrf), s.deps);
		const second = await answerCancelRequest(post('2002', {}, csrf), s.deps);
		expect(first.outcome).toBe('applied');
		expect(second.outcome).toBe('repeated');
		expect(s.cancels).toHaveLength(1);
		const heading = (body: string) => /<h1[^>]*>([^<]+)</.exec(body)?.[1];
		expect(heading(second.body)).toBe(heading(first.body));
	});
});
