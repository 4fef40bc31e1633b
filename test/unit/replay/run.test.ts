/**
 * When the replay reads and what it reports: discovery, sweeps
 * at checkpoints, pushes before a sweep at the same instant.
 */
import { signShopifyWebhook } from '../../helpers/webhookSigners';
import { harDocument, harEntry, parseHar, type HarEntryInput } from '../../../nodes/lib/replay/har';
import { parseReplayConfig, replayCapture } from '../../../nodes/lib/replay/run';

const SHOP = 'https://northwind-outfitters.myshopify.com/admin/api/2026-10/graphql.json';
const order = (status: string, updatedAt: string) => ({
	id: 'gid://shopify/Order/5012345678901',
	name: '#1001',
	createdAt: '2026-11-30T15:02:11Z',
	updatedAt,
	displayFinancialStatus: 'PAID',
	displayFulfillmentStatus: status,
	fulfillments: [],
});
const read = (at: string, body: unknown): HarEntryInput => ({
	at,
	method: 'POST',
	url: SHOP,
	requestBody: JSON.stringify({
		query: 'query O($id: ID!) { order(id: $id) { id name } }',
		variables: { id: 'gid://shopify/Order/5012345678901' },
	}),
	status: 200,
	responseBody: JSON.stringify({ data: { order: body } }),
});

function capture(entries: HarEntryInput[]) {
	return parseHar(harDocument(entries.map(harEntry)));
}

describe('replayCapture', () => {
	it(
		'knows an order from the first recorded read naming it, ' + 'and reports it at each checkpoint from then on',
		async () => {
			const result = await replayCapture(
				capture([read('2026-11-30T15:05:00Z', order('UNFULFILLED', '2026-11-30T15:02:11Z'))]),
				{
					at: '2026-11-30T16:00:00Z',
					checkpoints: ['2026-11-30T15:00:00Z'],
				},
			);
			expect(result.snapshots.map((s) => [s.at, s.orders.map((o) => o.orderKey)])).toEqual([
				['2026-11-30T15:00:00.000Z', []],
				['2026-11-30T16:00:00.000Z', ['1001']],
			]);
		},
	);

	it('answers each sweep with what the vendor said as of that instant', async () => {
		const result = await replayCapture(
			capture([
				read('2026-11-30T15:05:00Z', order('UNFULFILLED', '2026-11-30T15:02:11Z')),
				read('2026-11-30T17:00:00Z', {
					...order('UNFULFILLED', '2026-11-30T17:00:00Z'),
					cancelledAt: '2026-11-30T17:00:00Z',
					cancelReason: 'CUSTOMER',
				}),
			]),
			{ at: '2026-11-30T18:00:00Z', checkpoints: ['2026-11-30T16:00:00Z'] },
		);
		expect(result.snapshots.map((s) => s.orders[0]?.stage)).toEqual([
			expect.not.stringMatching(/^cancelled$/),
			'cancelled',
		]);
	});

	it('does not play entries after --at, and delivers a push before a sweep at the same instant', async () => {
		const body = JSON.stringify({
			id: 5012345678901,
			admin_graphql_api_id: 'gid://shopify/Order/5012345678901',
			name: '#1001',
			created_at: '2026-11-30T10:02:11-05:00',
			updated_at: '2026-11-30T10:02:11-05:00',
			financial_status: 'paid',
			fulfillment_status: null,
			line_items: [],
		});
		const push = (at: string): HarEntryInput => ({
			at,
			method: 'POST',
			url: 'https://n8n.example.com/webhook/shopify',
			requestHeaders: {
				'X-Shopify-Topic': 'orders/create',
				'X-Shopify-Hmac-Sha256': signShopifyWebhook(body, 's'),
				'X-Shopify-Event-Id': at,
			},
			requestBody: body,
			status: 200,
		});
		const result = await replayCapture(capture([push('2026-11-30T16:00:00Z'), push('2026-11-30T19:00:00Z')]), {
			at: '2026-11-30T16:00:00Z',
			config: { secrets: { shopify: 's' } },
		});
		expect(result.deliveries.map((d) => [d.at, d.status])).toEqual([['2026-11-30T16:00:00.000Z', 200]]);
		expect(result.snapshots[0].orders.map((o) => o.orderKey)).toEqual(['1001']);
	});

	it('refuses an instant without a zone, naming the option', async () => {
		await expect(replayCapture(capture([]), { at: '2026-11-30 16:00' })).rejects.toThrow(
			/--at: "2026-11-30 16:00" is not an ISO 8601 instant/,
		);
		await expect(
			replayCapture(capture([]), { at: '2026-11-30T16:00:00Z', checkpoints: ['2026-11-30T12:00:00'] }),
		).rejects.toThrow(/--checkpoint 1: .* with its zone/);
	});

	it('checks the replay config, naming every bad field', () => {
		expect(
			parseReplayConfig({
				secrets: { shopify: ['a', 'b'], ups: 'c' },
				baseUrls: { shopify: 'http://127.0.0.1:8787/shopify' },
				warehouses: ['shipstation'],
			}),
		).toBeDefined();
		expect(() =>
			parseReplayConfig({
				secrets: { shopfy: 'x', shipbob: 3 },
				baseUrls: { dhl: 'not a url' },
				warehouses: ['amazon'],
				extra: 1,
			}),
		).toThrow(
			/config\.extra: unknown[\s\S]*config\.secrets\.shopfy: not a vendor[\s\S]*config\.secrets\.shipbob: must be a secret[\s\S]*config\.baseUrls\.dhl: "not a url" is not an absolute URL[\s\S]*config\.warehouses/,
		);
	});
});
