/** What to read again before a held case opens: each rule of planReread on a small case. */
import type { ExceptionType, ToConfirm } from '../../../nodes/lib/order';
import { planReread } from '../../../nodes/lib/pipeline';
import { NOW, record } from './fixtures';

const held = (sources: string[], keys: string[], type: ExceptionType = 'tracking_stalled'): ToConfirm => ({
	type,
	orderKey: '1001',
	dueAt: NOW,
	sources,
	keys,
});
const stored = record({ shopifyId: 'gid://shopify/Order/55', name: '#1001' });

describe('planReread', () => {
	it('nothing held: nothing to re-read, with the keys of the order', () => {
		expect(planReread({ record: stored, toConfirm: [] })).toEqual({
			orderKey: '1001',
			trackingNumbers: [],
			askWarehouse: false,
			shopifyOrderId: 'gid://shopify/Order/55',
			orderName: '#1001',
		});
	});

	it('a stalled parcel: its carrier by tracking number, each number once', () => {
		const plan = planReread({
			record: stored,
			toConfirm: [held(['ups'], ['1ZA', '1ZB']), held(['ups'], ['1ZB', '1ZC'])],
		});
		expect(plan).toMatchObject({ trackingNumbers: ['1ZA', '1ZB', '1ZC'], askWarehouse: false });
	});

	it('a not-sent order: the warehouses by every key of the order, never the keys as tracking numbers', () => {
		const plan = planReread({
			record: stored,
			toConfirm: [held(['shipbob'], ['1001', '#1001', '55'], 'not_sent_to_fulfillment')],
		});
		expect(plan).toMatchObject({ trackingNumbers: [], askWarehouse: true });
	});

	it('no source named: every warehouse the store uses', () => {
		expect(
			planReread({ record: stored, toConfirm: [held([], ['1001'], 'not_sent_to_fulfillment')] }).askWarehouse,
		).toBe(true);
	});

	it('a carrier the re-read cannot track (kept from the Code node): taken for a warehouse, its numbers unread', () => {
		// A stall on a parcel of another carrier names that carrier ("ontrac"): the warehouses are asked,
		// which cannot confirm a stall, so it stays held; the first pass tracks the parcel again next run.
		expect(planReread({ record: stored, toConfirm: [held(['ontrac'], ['C123'])] })).toMatchObject({
			trackingNumbers: [],
			askWarehouse: true,
		});
		expect(planReread({ record: stored, toConfirm: [held(['ontrac', 'ups'], ['C123', '1ZA'])] })).toMatchObject({
			trackingNumbers: ['C123', '1ZA'],
			askWarehouse: true,
		});
	});

	it("a record without the order's name or Shopify id gives '' for them", () => {
		expect(planReread({ record: record(), toConfirm: [] })).toMatchObject({ shopifyOrderId: '', orderName: '' });
	});
});
