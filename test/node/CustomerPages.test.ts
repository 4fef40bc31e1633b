/**
 * Customer Pages through n8n's execution engine, on an embedded ledger in a temporary folder: the Webhook
 * node's items in, pages on the Page output and redirects on the Redirect output, pairedItem kept; a failure of
 * ours (the ledger unreachable) stops the node with what to do, or with Continue On Fail still answers the
 * customer with a page (503). The browser test runs the same in a real n8n.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PostPurchaseCustomerPagesApi } from '../../credentials/PostPurchaseCustomerPagesApi.credentials';
import { PostPurchasePostgresApi } from '../../credentials/PostPurchasePostgresApi.credentials';
import { PostPurchaseStoreProfileApi } from '../../credentials/PostPurchaseStoreProfileApi.credentials';
import { CustomerPages } from '../../nodes/CustomerPages/CustomerPages.node';
import { openLedger } from '../../nodes/lib/ledger';
import { issueFormToken } from '../../nodes/lib/pages/access';
import { runNode } from '../helpers/n8n';
import { PAGE_NOW, statusPageOrders } from '../helpers/statusPageOrders';

const SECRET = 'n'.repeat(44);
const pages = {
	pageUrl: 'https://n8n.example.com/webhook/order-status',
	linkSecret: SECRET,
	linkLifetimeDays: 30,
	accentColor: '#1f4e79',
	lookupsPerClient: 10,
	lookupsPerOrder: 10,
	trustedProxies: 1,
};
const credentials = {
	postPurchaseCustomerPagesApi: pages,
	postPurchaseStoreProfileApi: { storeName: 'Trailhead Outfitters', timeZone: 'America/New_York' },
};
const credentialTypes = [new PostPurchaseCustomerPagesApi(), new PostPurchaseStoreProfileApi()];
const dataDirectory = mkdtempSync(join(tmpdir(), 'pp-node-pages-'));
const orders = statusPageOrders();

beforeAll(async () => {
	const ledger = await openLedger({ backend: 'embedded', dataDir: dataDirectory });
	for (const w of await ledger.upsertOrders(
		orders.map((o) => o.record),
		PAGE_NOW,
	))
		if (w instanceof Error) throw w;
	await ledger.close();
});
afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

const webhookItem = (json: Record<string, unknown>) => ({
	json: { headers: {}, params: {}, query: {}, body: {}, ...json },
});

describe('Customer Pages, Status Page', () => {
	it('answers each request on its output, paired with it', async () => {
		const token = issueFormToken(SECRET, new Date(PAGE_NOW));
		const { outputs, error } = await runNode({
			nodeType: new CustomerPages(),
			parameters: { operation: 'statusPage', backend: 'embedded', dataDirectory, now: PAGE_NOW },
			input: [
				webhookItem({ headers: { 'accept-language': 'fr-FR,fr;q=0.9' } }),
				webhookItem({ body: { csrf: token, orderNumber: '#1002', email: 'LUCIA@example.com' } }),
				webhookItem({ body: { csrf: 'forged', orderNumber: '1002', email: 'lucia@example.com' } }),
			],
			credentials,
			credentialTypes,
		});
		expect(error).toBeUndefined();
		const [page, redirect] = outputs;
		expect(page.map((p) => [p.json.statusCode, p.json.outcome, p.pairedItem])).toEqual([
			[200, 'lookup_form', { item: 0 }],
			[403, 'csrf_failed', { item: 2 }],
		]);
		expect(page[0].json.locale).toBe('fr');
		expect(page[0].json.headers).toMatchObject({
			'Content-Type': 'text/html; charset=utf-8',
			'X-Frame-Options': 'DENY',
		});
		expect(String(page[0].json.body)).toMatch(/^<!DOCTYPE html>/);
		expect(redirect).toHaveLength(1);
		expect(redirect[0].json).toMatchObject({ statusCode: 303, outcome: 'found', orderKey: '1002' });
		expect(redirect[0].pairedItem).toEqual({ item: 1 });
		expect(String(redirect[0].json.location)).toMatch(/^https:\/\/n8n\.example\.com\/webhook\/order-status\?t=v1\./);
		// What the item says of the request (beside the page, which shows the customer what they typed): never
		// the email, never the secret.
		const facts = JSON.stringify(outputs.flat().map(({ json: { body, ...rest } }) => (void body, rest)));
		expect(facts).not.toMatch(/lucia@example\.com|LUCIA/i);
		expect(JSON.stringify(outputs)).not.toContain(SECRET);
	});

	const unreachable = {
		operation: 'statusPage',
		backend: 'postgres',
		schema: 'public',
		now: PAGE_NOW,
	};
	const pgCredentials = {
		...credentials,
		postPurchasePostgresApi: {
			host: '127.0.0.1',
			port: 1,
			database: 'x',
			user: 'x',
			password: 'pw-not-shown',
			ssl: 'disable',
		},
	};

	// A lookup reaches the ledger (the form alone does not).
	const lookup = () =>
		webhookItem({
			headers: { 'accept-language': 'de' },
			body: { csrf: issueFormToken(SECRET, new Date(PAGE_NOW)), orderNumber: '1001', email: 'ana@example.com' },
		});

	it('stops with what to do when the ledger cannot be reached', async () => {
		const { error } = await runNode({
			nodeType: new CustomerPages(),
			parameters: unreachable,
			input: [lookup()],
			credentials: pgCredentials,
			credentialTypes: [...credentialTypes, new PostPurchasePostgresApi()],
		});
		expect(error?.message).toBeTruthy();
		expect(JSON.stringify(error)).not.toContain('pw-not-shown');
	});

	it("with Continue On Fail still answers: a 503 page in the customer's language, the error beside it", async () => {
		const { outputs, error } = await runNode({
			nodeType: new CustomerPages(),
			parameters: unreachable,
			input: [lookup()],
			credentials: pgCredentials,
			credentialTypes: [...credentialTypes, new PostPurchasePostgresApi()],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ statusCode: 503, locale: 'de', error: expect.any(String) });
		expect(String(outputs[0][0].json.body)).toContain('lang="de"');
	});
});
