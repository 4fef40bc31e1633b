/**
 * answerSwapRequest: the customer's item swap, one request at a time, with the ledger's counter and event log in
 * memory, Shopify's lines as data and the swap itself as a fake that counts its calls (the steps are applySwap,
 * tested on its own in swapFlow.test.ts). Which variants are offered, what a hostile form gets, and what is kept
 * with the request for a person deciding later.
 */
import type { AttemptOptions, NewEvent } from '../../../nodes/lib/ledger/types';
import type { EditRequestData, Observation } from '../../../nodes/lib/order/types';
import { issueFormToken, issueStatusLink } from '../../../nodes/lib/pages/access';
import { answerSwapRequest, type SwapDeps, type SwapPageResult } from '../../../nodes/lib/pages/swapRequest';
import { defaultPageSettings, type PageSettings } from '../../../nodes/lib/pages/settings';
import type { PageRequest } from '../../../nodes/lib/pages/statusRequest';
import {
	defaultSelfServiceRules,
	newestOutcomeOf,
	type EditableLine,
	type LineSwap,
	type LiveStatus,
	type SelfServiceRules,
} from '../../../nodes/lib/selfservice';
import { addressChangeOrders, CHANGE_NOW } from '../../helpers/addressChangeOrders';

const SECRET = 'k'.repeat(48);
const SWAP_URL = 'https://n8n.example.com/webhook/order-swap';
const now = new Date(CHANGE_NOW);
const settings: PageSettings = {
	...defaultPageSettings(),
	pageUrl: 'https://n8n.example.com/webhook/order-status',
	swapUrl: SWAP_URL,
	linkSecret: SECRET,
	lookupsPerOrder: 4,
};
const orders = addressChangeOrders();

const price = (amount: string) => ({ amount, currencyCode: 'USD' });
const variant = (id: number, title: string, amount = '89.00', forSale = true) => ({
	variantId: `gid://shopify/ProductVariant/${id}`,
	sku: `TR-${title}`,
	variantTitle: title,
	price: price(amount),
	availableForSale: forSale,
});
/** One pair of shoes in L (M and S offered; XL costs more, XS is sold out), and a cap with no other variant. */
const LINES: EditableLine[] = [
	{
		lineItemId: 'gid://shopify/LineItem/456',
		variantId: 'gid://shopify/ProductVariant/11',
		productId: 'gid://shopify/Product/1',
		sku: 'TR-L',
		title: 'Trail Runner',
		variantTitle: 'L',
		currentQuantity: 1,
		unfulfilledQuantity: 1,
		unitPrice: price('89.00'),
		requiresShipping: true,
		choices: [variant(12, 'M'), variant(13, 'S', '89'), variant(14, 'XL', '99.00'), variant(15, 'XS', '89.00', false)],
	},
	{
		lineItemId: 'gid://shopify/LineItem/457',
		variantId: 'gid://shopify/ProductVariant/21',
		productId: 'gid://shopify/Product/2',
		sku: 'CAP-1',
		title: 'Cap <b>"bold"</b>',
		variantTitle: null,
		currentQuantity: 2,
		unfulfilledQuantity: 2,
		unitPrice: price('20.00'),
		requiresShipping: true,
		choices: [],
	},
];
const byKey = (key: string) => orders.find((o) => o.orderKey === key)!;

function store(
	options: {
		rules?: Partial<SelfServiceRules>;
		warehouse?: LiveStatus['status'];
		fail?: boolean;
		lines?: EditableLine[];
		warehouseCanSwap?: boolean;
	} = {},
) {
	const counts = new Map<string, number>();
	const events: NewEvent[] = [];
	const swaps: Array<{ handle: string; swaps: LineSwap[] }> = [];
	const deps: SwapDeps = {
		settings,
		rules: { ...defaultSelfServiceRules(), windowMinutes: 60, allowItemSwap: true, ...options.rules },
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
		readLines: async () => options.lines ?? LINES,
		warehouseCanSwap: options.warehouseCanSwap,
		applySwap: async (_record, decision, chosen, handle): Promise<SwapPageResult> => {
			swaps.push({ handle, swaps: chosen });
			return {
				outcome: options.fail ? 'failed' : 'applied',
				decision,
				heldFulfillmentOrders: options.fail ? ['gid://shopify/FulfillmentOrder/1'] : [],
				failedStep: options.fail ? 'shopify' : null,
				error: options.fail ? 'The warehouse has the new items but Shopify still lists the old ones' : null,
				steps: [],
				warehouse: 'swapped',
				shopifySwapped: !options.fail,
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
	return { deps, events, swaps, recorded };
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
			...fields,
		},
		headers: { origin: 'null' },
	};
}
const get = (orderKey: string): PageRequest => ({ query: { t: linkOf(orderKey) }, body: {}, headers: {} });

describe('the item swap page', () => {
	it('offers each line the variants for sale at its own price, and no others', async () => {
		const a = await answerSwapRequest(get('2003'), store().deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'form', orderKey: '2003' });
		expect(a.body).toContain(`action="${SWAP_URL}?t=`);
		expect(a.body).toContain('name="line_456"');
		expect(a.body).toMatch(/<option[^>]+value="12"/);
		expect(a.body).toMatch(/<option[^>]+value="13"/);
		// Dearer (XL) and sold out (XS): never offered as an even swap.
		expect(a.body).not.toMatch(/value="14"/);
		expect(a.body).not.toMatch(/value="15"/);
		// A line with nothing to swap to has no select; its hostile title is shown inert.
		expect(a.body).not.toContain('name="line_457"');
		expect(a.body).not.toContain('<b>"bold"</b>');
	});

	it('inside the window: swapped once, recorded as asked and as applied, the lines kept for a person', async () => {
		const s = store();
		const a = await answerSwapRequest(post('2001', { line_456: '12' }), s.deps);
		expect(a).toMatchObject({ statusCode: 200, outcome: 'applied' });
		expect(s.swaps).toHaveLength(1);
		expect(s.swaps[0].handle).toBe(`pp-swap-${a.request!.requestId}`);
		expect(s.swaps[0].swaps).toEqual([
			{
				lineItemId: 'gid://shopify/LineItem/456',
				quantity: 1,
				from: { variantId: 'gid://shopify/ProductVariant/11', sku: 'TR-L', title: 'Trail Runner', variantTitle: 'L' },
				to: { variantId: 'gid://shopify/ProductVariant/12', sku: 'TR-M', title: 'Trail Runner', variantTitle: 'M' },
			},
		]);
		expect(s.events.map((e) => [e.topic, e.key.split(':').pop()])).toEqual([
			['self_service/swap', 'pending'],
			['self_service/swap', 'applied'],
		]);
		expect(s.recorded()[1]).toMatchObject({ field: 'line_items', applied: true, items: '1 × Trail Runner: L → M' });
		expect((s.events[0].payload as { request: { swaps: LineSwap[] } }).request.swaps).toEqual(s.swaps[0].swaps);
	});

	it('past the cut-off, or a warehouse whose API cannot change items: a person decides, nothing swapped', async () => {
		const late = store();
		const a = await answerSwapRequest(post('2005', { line_456: '12' }), late.deps);
		expect(a.outcome).toBe('pending_review');
		expect(late.swaps).toEqual([]);
		const manual = store({ warehouseCanSwap: false });
		const b = await answerSwapRequest(post('2001', { line_456: '12' }), manual.deps);
		expect(b.request).toMatchObject({ outcome: 'approval', reasons: ['warehouse_manual'] });
		expect(manual.swaps).toEqual([]);
	});

	it('refuses before the form when swaps are off or the order is past the point of no return', async () => {
		const off = await answerSwapRequest(get('2001'), store({ rules: { allowItemSwap: false } }).deps);
		expect(off.outcome).toBe('refused');
		expect(off.body).not.toContain('name="line_456"');
		const cancelled = await answerSwapRequest(get('2006'), store().deps);
		expect(cancelled.outcome).toBe('refused');
	});

	it('nothing chosen, a variant not offered, a line not on the form, a wrong email: said, none recorded', async () => {
		const s = store();
		const none = await answerSwapRequest(post('2001', { line_456: '' }), s.deps);
		expect(none).toMatchObject({ statusCode: 400, outcome: 'invalid_input' });
		// Each from a store of its own: the per-order limit (4 posts) is not what is tested here.
		const forgeries: Array<Record<string, string>> = [
			{ line_456: '14' },
			{ line_456: '15' },
			{ line_999: '12' },
			{ line_456: '<script>' },
		];
		for (const forged of forgeries) {
			const own = store();
			const a = await answerSwapRequest(post('2001', forged), own.deps);
			expect(a).toMatchObject({ statusCode: 400, outcome: 'invalid_input' });
			expect(a.body).not.toContain('<script>');
			expect(own.events).toEqual([]);
		}
		const wrong = await answerSwapRequest(post('2001', { line_456: '12', email: 'x@else.example' }), s.deps);
		expect(wrong).toMatchObject({ statusCode: 403, outcome: 'email_mismatch' });
		expect(s.events).toEqual([]);
		expect(s.swaps).toEqual([]);
	});

	it('a failure midway is in hand for the customer and on record with where each system stands', async () => {
		const s = store({ fail: true });
		const a = await answerSwapRequest(post('2001', { line_456: '13' }), s.deps);
		expect(a.outcome).toBe('received');
		expect(s.recorded()[1]).toMatchObject({ outcome: 'failed', held: true });
		expect((s.events[1].payload as { request: Record<string, unknown> }).request).toMatchObject({
			warehouse: 'swapped',
			shopifySwapped: false,
			failedStep: 'shopify',
		});
	});

	it('a discounted line, or two lines of one SKU, are not offered: a warehouse could not tell them apart', async () => {
		const discounted = await answerSwapRequest(get('2001'), store({ lines: [{ ...LINES[0], discounted: true }] }).deps);
		expect(discounted.body).not.toContain('name="line_456"');
		const engraved = { ...LINES[0], lineItemId: 'gid://shopify/LineItem/460', currentQuantity: 1 };
		const twins = await answerSwapRequest(get('2001'), store({ lines: [LINES[0], engraved] }).deps);
		expect(twins.body).not.toContain('name="line_456"');
		expect(twins.body).not.toContain('name="line_460"');
		// And a post naming one anyway changes nothing.
		const s = store({ lines: [LINES[0], engraved] });
		const forced = await answerSwapRequest(post('2001', { line_456: '12' }), s.deps);
		expect(forced).toMatchObject({ statusCode: 400, outcome: 'invalid_input' });
		expect(s.swaps).toEqual([]);
	});

	it('two lines changed to one new variant: said on the form with both choices kept, nothing recorded', async () => {
		const small = {
			...LINES[0],
			lineItemId: 'gid://shopify/LineItem/458',
			variantId: 'gid://shopify/ProductVariant/13',
			sku: 'TR-S',
			variantTitle: 'S',
			choices: [variant(11, 'L'), variant(12, 'M')],
		};
		const s = store({ lines: [LINES[0], small] });
		const a = await answerSwapRequest(post('2001', { line_456: '12', line_458: '12' }), s.deps);
		expect(a).toMatchObject({ statusCode: 400, outcome: 'invalid_input' });
		expect(a.body).toMatch(/<option[^>]+value="12"[^>]*selected/);
		expect(a.body.match(/aria-invalid="true"/g)?.length).toBe(2);
		expect(s.events).toEqual([]);
		expect(s.swaps).toEqual([]);
	});

	it("the store's value limit: an order above it, or whose value cannot be read, waits for a person", async () => {
		const limited = { rules: { approveAboveValue: { USD: 100 } } };
		const above = store(limited);
		const asked: string[] = [];
		above.deps.orderValue = async (record) => {
			asked.push(record.orderKey);
			return { amount: '178.00', currencyCode: 'USD' };
		};
		const a = await answerSwapRequest(post('2001', { line_456: '12' }), above.deps);
		expect(a.request).toMatchObject({ outcome: 'approval', reasons: ['order_value_above_limit'] });
		expect(asked).toEqual(['2001']);
		expect(above.swaps).toEqual([]);
		const unknown = store(limited);
		unknown.deps.orderValue = async () => {
			throw new Error('Shopify is down (503)');
		};
		const b = await answerSwapRequest(post('2001', { line_456: '12' }), unknown.deps);
		expect(b.request).toMatchObject({ outcome: 'approval', reasons: ['order_value_unknown'] });
		expect(b.warnings).toEqual([expect.stringMatching(/order's value could not be read.*503/)]);
		// Below the limit it is applied; without a limit the value is never asked for.
		const below = store(limited);
		below.deps.orderValue = async () => ({ amount: '99.99', currencyCode: 'USD' });
		expect((await answerSwapRequest(post('2001', { line_456: '12' }), below.deps)).outcome).toBe('applied');
		const free = store();
		free.deps.orderValue = async () => {
			throw new Error('must not be asked');
		};
		expect((await answerSwapRequest(post('2001', { line_456: '12' }), free.deps)).outcome).toBe('applied');
	});

	it('the same form posted twice swaps once', async () => {
		const s = store();
		const csrf = issueFormToken(SECRET, now, 'twice');
		const first = await answerSwapRequest(post('2002', { line_456: '12' }, csrf), s.deps);
		const second = await answerSwapRequest(post('2002', { line_456: '12' }, csrf), s.deps);
		expect(first.outcome).toBe('applied');
		expect(second.outcome).toBe('repeated');
		expect(s.swaps).toHaveLength(1);
	});
});
