/**
 * After Reconcile: the work item's fields ride along, and an order holding a case back goes round the read
 * nodes once (its reads become the re-read plan), never twice.
 */
import type { ExceptionType, ToConfirm } from '../../../nodes/lib/order';
import { afterReconcile } from '../../../nodes/lib/pipeline';
import { NOW, record } from './fixtures';

const held = (sources: string[], keys: string[], type: ExceptionType = 'tracking_stalled'): ToConfirm => ({
	type,
	orderKey: '1001',
	dueAt: NOW,
	sources,
	keys,
});
const stored = record({ shopifyId: 'gid://shopify/Order/55', name: '#1001' });
const events = [{ id: 'e1', key: 'shopify:1', leaseToken: 'L', source: 'shopify', topic: 'orders/create' }];
const firstPass = {
	orderKey: '1001',
	events,
	previous: null,
	observations: [{ kind: 'order' }],
	hints: { shopifyInHand: true, warehouseInHand: false, notificationsOnly: false },
	problems: [],
	reads: { askVendors: true, askShopify: false, askWarehouse: true, shopifyOrderId: '', orderName: '' },
	error: null,
	somethingElse: 'not carried',
};

describe('afterReconcile', () => {
	it('nothing held: the result with the work item carried, its read plan unchanged, no re-read', () => {
		const out = afterReconcile(firstPass, { record: stored, toConfirm: [], opened: [], resolved: [] });
		expect(out).toMatchObject({
			orderKey: '1001',
			events,
			previous: null,
			observations: firstPass.observations,
			reads: firstPass.reads,
			record: stored,
			opened: [],
			reread: false,
			rereadDone: false,
		});
		expect(out).not.toHaveProperty('somethingElse');
		expect(out).not.toHaveProperty('error');
	});

	it('a stalled parcel held: goes round again asking that carrier, not Shopify, not the warehouse', () => {
		const out = afterReconcile(firstPass, { record: stored, toConfirm: [held(['ups'], ['1ZA'])] });
		expect(out.reread).toBe(true);
		expect(out.reads).toEqual({
			askVendors: true,
			askShopify: false,
			askWarehouse: false,
			shopifyOrderId: 'gid://shopify/Order/55',
			orderName: '#1001',
			trackingNumbers: ['1ZA'],
			rereading: true,
		});
	});

	it('a not-sent order held: the warehouse by every key, no carrier', () => {
		const out = afterReconcile(firstPass, {
			record: stored,
			toConfirm: [held(['shipbob'], ['1001'], 'not_sent_to_fulfillment')],
		});
		expect(out).toMatchObject({ reread: true, reads: { askVendors: false, askWarehouse: true, askShopify: false } });
	});

	it('the pass after a re-read is saved whatever it still holds: never a second round', () => {
		const again = afterReconcile(firstPass, { record: stored, toConfirm: [held(['ups'], ['1ZA'])] });
		const second = afterReconcile(again, { record: stored, toConfirm: [held(['ups'], ['1ZA'])] });
		expect(second).toMatchObject({ reread: false, rereadDone: true, events });
	});
});
