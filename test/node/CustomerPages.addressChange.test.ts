/**
 * Customer Pages, Address Change, through n8n's execution engine on an embedded ledger: the form for a page
 * view (the warehouse read live: ShipStation answered by its simulator through nock), a post that reaches a
 * decision recorded in the ledger, each paired with its request; and what a misconfigured node says. The
 * browser test (test/e2e/address-change.e2e.test.ts) runs the whole change in a real n8n.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import nock from 'nock';

import { PostPurchaseCustomerPagesApi } from '../../credentials/PostPurchaseCustomerPagesApi.credentials';
import { PostPurchaseStoreProfileApi } from '../../credentials/PostPurchaseStoreProfileApi.credentials';
import { ShipStationPostPurchaseApi } from '../../credentials/ShipStationPostPurchaseApi.credentials';
import { CustomerPages } from '../../nodes/CustomerPages/CustomerPages.node';
import { openLedger } from '../../nodes/lib/ledger';
import type { EditRequestData, Observation } from '../../nodes/lib/order/types';
import { issueFormToken, issueStatusLink } from '../../nodes/lib/pages/access';
import { runNode } from '../helpers/n8n';
import { addressChangeOrders, CHANGE_NOW } from '../helpers/addressChangeOrders';
import { createShipStationSim } from '../sandbox/vendors/shipstation';
import { nockShipStation } from '../unit/shipstation/nockSim';

const SECRET = 'c'.repeat(44);
const pages = {
	pageUrl: 'https://n8n.example.com/webhook/order-status',
	addressChangeUrl: 'https://n8n.example.com/webhook/order-address',
	linkSecret: SECRET,
	lookupsPerOrder: 10,
};
const credentials = {
	postPurchaseCustomerPagesApi: pages,
	postPurchaseStoreProfileApi: {
		storeName: 'Trailhead Outfitters',
		timeZone: 'America/New_York',
		editCutoffMinutes: 60,
	},
	shipStationPostPurchaseApi: { apiKey: 'ss-key', apiSecret: 'ss-secret', v2ApiKey: '' },
};
const credentialTypes = [
	new PostPurchaseCustomerPagesApi(),
	new PostPurchaseStoreProfileApi(),
	new ShipStationPostPurchaseApi(),
];
const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-node-address-'));
const orders = addressChangeOrders();
const now = new Date(CHANGE_NOW);
const link = (orderKey: string) =>
	issueStatusLink(orderKey, { secret: SECRET, expiresAt: new Date(now.getTime() + 86_400_000) });
const parameters = {
	operation: 'addressChange',
	backend: 'embedded',
	dataDirectory,
	warehouse: 'shipstation',
	addressCarrier: 'none',
	now: CHANGE_NOW,
};
const webhookItem = (json: Record<string, unknown>) => ({
	json: { headers: {}, params: {}, query: {}, body: {}, ...json },
});

beforeAll(async () => {
	const ledger = await openLedger({ backend: 'embedded', dataDir: dataDirectory });
	for (const w of await ledger.upsertOrders(
		orders.map((o) => o.record),
		CHANGE_NOW,
	))
		if (w instanceof Error) throw w;
	await ledger.close();
	// ShipStation does not have these orders yet: the window is open until it starts on them.
	nockShipStation(createShipStationSim({ orders: 0 }));
});
afterAll(() => {
	nock.cleanAll();
	rmSync(dataDirectory, { recursive: true, force: true });
});

describe('Customer Pages, Address Change', () => {
	it('answers a page view with the form, a post with its decision, each paired, the request recorded', async () => {
		const post = {
			csrf: issueFormToken(SECRET, now, 'node-test'),
			t: link('2001'),
			email: 'ana@example.com',
			name: 'Ana García',
			address1: '77 Vine St',
			city: 'Los Angeles',
			provinceCode: 'CA',
			zip: '90028',
			countryCode: 'US',
		};
		const { outputs, error } = await runNode({
			nodeType: new CustomerPages(),
			parameters,
			input: [
				webhookItem({ query: { t: link('2002') } }),
				webhookItem({ body: post, headers: { origin: 'null' } }),
				webhookItem({ query: { t: 'v1.forged.1.x' } }),
			],
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		const [page, redirect] = outputs;
		expect(redirect).toHaveLength(0);
		expect(page.map((p) => [p.json.statusCode, p.json.outcome, p.json.orderKey, p.pairedItem])).toEqual([
			[200, 'form', '2002', { item: 0 }],
			// No carrier check is set up: by default a person approves the address.
			[200, 'pending_review', '2001', { item: 1 }],
			[400, 'bad_link', null, { item: 2 }],
		]);
		expect(page[0].json.locale).toBe('es');
		expect(String(page[0].json.body)).toContain('name="address1"');
		expect(page[1].json.request).toMatchObject({ outcome: 'approval', reasons: ['address_not_validated'] });
		// The item says what happened, never what the customer typed.
		expect(JSON.stringify(page[1].json.request)).not.toContain('Vine');

		const ledger = await openLedger({ backend: 'embedded', dataDir: dataDirectory });
		try {
			const events = await ledger.listEvents({ orderKey: '2001', source: 'customer' });
			// The request as asked (before anything was touched), then its outcome.
			const data = events.map(
				(e) => (e.payload as { observations: Observation[] }).observations[0].data as EditRequestData,
			);
			expect(data.map((d) => [d.field, d.applied, d.outcome ?? 'asked'])).toEqual([
				['shipping_address', false, 'asked'],
				['shipping_address', false, 'approval'],
			]);
		} finally {
			await ledger.close();
		}
	});

	it('stops with what to set when the credential has no Address Change Page URL', async () => {
		const { error } = await runNode({
			nodeType: new CustomerPages(),
			parameters,
			input: [webhookItem({ query: { t: link('2001') } })],
			credentials: { ...credentials, postPurchaseCustomerPagesApi: { ...pages, addressChangeUrl: '' } },
			credentialTypes,
		});
		expect(error?.message).toMatch(/no Address Change Page URL/);
		expect(JSON.stringify(error)).toMatch(/Address Change Page URL to this workflow's Webhook production URL/);
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});

	it('with Continue On Fail still answers the customer: a 503 page beside the error', async () => {
		const { outputs, error } = await runNode({
			nodeType: new CustomerPages(),
			parameters: { ...parameters, addressCarrier: 'ups' },
			input: [webhookItem({ query: { t: link('2001') }, headers: { 'accept-language': 'fr' } })],
			credentials,
			credentialTypes,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ statusCode: 503, locale: 'fr', error: expect.stringMatching(/UPS/) });
	});
});
