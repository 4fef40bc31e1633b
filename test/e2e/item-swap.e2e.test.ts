/**
 * The customer's own item swap (issue 17) as a customer meets it: templates 08 (status page), 12 (item swap) and
 * 11 (the approval queue), PostgreSQL variants with every node renamed, in a real n8n, the ledger in a real
 * PostgreSQL, Shopify (order editing), ShipStation, Slack and Klaviyo simulated (test/sandbox), and headless
 * Chromium (Debian's, driven by playwright-core) following the link from the status page, picking another size
 * and confirming the email, in English, Spanish (on a 375 px phone), French and German. What changed is checked
 * where it changed: Shopify's order (the old line emptied, the new variant a line of its own), ShipStation's items,
 * and the ledger. Then a swap past the cut-off, approved in the simulated Slack, and a forged choice (a dearer
 * variant) that changes nothing. axe-core runs in the same browser.
 *
 * PP_SCREENSHOT_DIR=docs/img/customer-pages writes the pictures docs/customer-pages.md shows.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

import { postException, SlackClient } from '../../nodes/lib/connectors/slack';
import { createFetchTransport } from '../../nodes/lib/http';
import { openLedger, type LedgerStore } from '../../nodes/lib/ledger';
import { defaultPolicy, reconcile, type Observation } from '../../nodes/lib/order';
import { issueStatusLink } from '../../nodes/lib/pages/access';
import { startSandbox, type RunningSandbox } from '../sandbox/http';
import { ShipStationSim } from '../sandbox/vendors/shipstation';
import { ShopifySim, variantById, variantOfSku, type SimOrder } from '../sandbox/vendors/shopify';
import { createKlaviyoSim } from '../sandbox/vendors/klaviyo';
import { createSlackSim } from '../sandbox/vendors/slack';
import { blockActionsPayload, formBody, signedHeaders } from '../unit/slack/interactionFixture';
import { axeChecker, browserGate, CHROMIUM, dropSchema, openPage, screenshot, SHOTS, testPostgres } from './browser';
import { E2E_SETUP_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, e2eGate, N8nInstance } from './harness';
import {
	activateApprovalQueue,
	activatePageTemplates,
	importStoreCredentials,
	openOrderInSims,
	recordedRequests,
	seedLedgerFromShopify,
	SLACK_SIGNING_SECRET,
	storeCredentialRefs,
} from './selfServiceWorld';

jest.setTimeout(2 * E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();
const SECRET = randomBytes(36).toString('base64');
const NOW = '2026-03-05T20:00:00.000Z';
const NOW_MS = Date.parse(NOW);
const run = browserGate(gate.run);

/** The orders of this test: Shopify's order index, the customer's language, minutes since it was placed. */
const CUSTOMERS = [
	{ index: 0, lang: 'en', placedMinutesAgo: 20 },
	{ index: 1, lang: 'es', placedMinutesAgo: 15 },
	{ index: 2, lang: 'fr', placedMinutesAgo: 10 },
	{ index: 3, lang: 'de', placedMinutesAgo: 25 },
	{ index: 4, lang: 'en', placedMinutesAgo: 180 }, // past the 60-minute cut-off: a person decides
	{ index: 5, lang: 'en', placedMinutesAgo: 12 }, // a forged choice
] as const;

(run ? describe : describe.skip)('Item swap by the customer in real n8n and Chromium', () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let ledger: LedgerStore;
	let sandbox: RunningSandbox;
	let statusUrl: string;
	let swapUrl: string;
	let approvalsWorkflowId: string;
	let swapWorkflowId: string;
	let slackWebhookId: string;
	const shopify = new ShopifySim({ seed: 11, orders: 6 });
	const shipstation = new ShipStationSim({ seed: 11, orders: 6 });
	const slack = createSlackSim();
	const klaviyo = createKlaviyoSim();
	const schema = `pp_swap_${randomBytes(4).toString('hex')}`;
	const axe = axeChecker();
	const connection = testPostgres();

	const shopifyOrder = (index: number): SimOrder => shopify.orderAt(index);
	const orderKeyOf = (index: number) => shopifyOrder(index).name.replace(/^#/, '');
	const shipStationOrder = (index: number) =>
		shipstation.orders.find((o) => o.orderNumber === shopifyOrder(index).name)!;

	beforeAll(async () => {
		for (const c of CUSTOMERS) openOrderInSims(shopify, shipstation, c, NOW, { withItems: true });
		sandbox = await startSandbox([shopify, shipstation, slack, klaviyo]);
		ledger = await openLedger({ backend: 'postgres', connection: { ...connection, schema } });
		await seedLedgerFromShopify(
			ledger,
			shopify,
			sandbox,
			CUSTOMERS.map((c) => c.index),
			NOW,
		);

		n8n = await N8nInstance.create({ install: gate.install });
		const server = await n8n.startServer();
		statusUrl = `${server.baseUrl}/webhook/order-status`;
		swapUrl = `${server.baseUrl}/webhook/order-swap`;
		const creds = storeCredentialRefs('e2eSwap');
		await importStoreCredentials(n8n, creds, {
			sandbox,
			shopify,
			connection,
			pages: {
				pageUrl: statusUrl,
				swapUrl,
				allowItemSwap: true,
				linkSecret: SECRET,
				linkLifetimeDays: 30,
				supportEmail: 'help@trailhead.example',
				lookupsPerClient: 50,
				lookupsPerOrder: 20,
			},
			profile: {
				storeName: 'Trailhead Outfitters',
				timeZone: 'America/New_York',
				editCutoffMinutes: 60,
				slackChannelCustomerCare: '#order-exceptions',
				sendCustomerMessages: true,
			},
		});
		const pages = await activatePageTemplates(
			n8n,
			['08-order-status-page-postgres.json', '12-order-item-swap-postgres.json'],
			{
				schema,
				now: NOW,
				creds,
				vendorsFor: (operation): Record<string, { id: string; name: string }> =>
					operation === 'swap'
						? { shopifyAdminPostPurchaseApi: creds.shopify, shipStationPostPurchaseApi: creds.shipstation }
						: {},
			},
		);
		swapWorkflowId = pages['12-order-item-swap-postgres.json'];
		({ workflowId: approvalsWorkflowId, slackWebhookId } = await activateApprovalQueue(n8n, { schema, creds }));
		await n8n.callWebhook('order-status', undefined, { method: 'GET' });
		await n8n.callWebhook('order-swap', undefined, { method: 'GET' });
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
		if (SHOTS) mkdirSync(SHOTS, { recursive: true });
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await ledger?.close();
		await sandbox?.close();
		await dropSchema(connection, schema);
		console.log(axe.summary());
	});

	const tokenOf = (index: number) =>
		issueStatusLink(orderKeyOf(index), { secret: SECRET, expiresAt: new Date(NOW_MS + 86_400_000) });
	const statusLink = (index: number) => `${statusUrl}?t=${encodeURIComponent(tokenOf(index))}`;
	const swapLink = (index: number) => `${swapUrl}?t=${encodeURIComponent(tokenOf(index))}`;

	const recorded = (index: number) => recordedRequests(ledger, orderKeyOf(index));

	/** The swap the customer picks on the form: the first line's first offered variant. */
	async function pickFirstChoice(page: import('playwright-core').Page) {
		const select = page.locator('select[name^="line_"]').first();
		const field = (await select.getAttribute('name'))!;
		const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
		const chosen = values.find((v) => v !== '')!;
		await select.selectOption(chosen);
		return { lineNumber: field.replace(/^line_/, ''), variant: variantById(`gid://shopify/ProductVariant/${chosen}`)! };
	}

	async function submit(page: import('playwright-core').Page) {
		const [res] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.locator('form button[type="submit"]').first().click(),
		]);
		await page.waitForLoadState('load');
		return res.status();
	}

	/** Shopify's and ShipStation's own records show the swap: old line 0, the new variant its own line, the SKU. */
	function expectSwapped(index: number, lineNumber: string, newSku: string, quantity: number) {
		const order = shopifyOrder(index);
		const old = order.lineItems.find((l) => l.id.endsWith(`/${lineNumber}`))!;
		expect(old.currentQuantity).toBe(0);
		expect(
			order.lineItems.filter((l) => l.sku === newSku && l.currentQuantity > 0).map((l) => l.currentQuantity),
		).toEqual([quantity]);
		expect(order.fulfillmentOrders.every((fo) => fo.fulfillmentHolds.length === 0)).toBe(true);
		const items = shipStationOrder(index).items.map((i) => [i.sku, i.quantity]);
		expect(items).toContainEqual([newSku, quantity]);
		expect(items.map(([sku]) => sku)).not.toContain(old.sku);
	}

	it.each([
		[0, 'en', /change|size/i],
		[1, 'es', /cambia|talla/i],
		[2, 'fr', /modif|taille/i],
		[3, 'de', /ändern|größe/i],
	] as const)(
		'%s (%s): the customer swaps a size from the status page: ShipStation and Shopify, once',
		async (index, lang, word) => {
			const { page, close } = await openPage(browser, { width: index === 1 ? 375 : 1024 });
			expect((await page.goto(statusLink(index)))?.status()).toBe(200);
			const link = page.locator(`a[href^="${swapUrl}"]`);
			expect(await link.count()).toBe(1);
			await Promise.all([page.waitForLoadState('load'), link.click()]);
			if (process.env.PP_DEBUG) console.log(JSON.stringify(await n8n.waitForExecution(swapWorkflowId)).slice(0, 4000));
			expect(await page.locator('html').getAttribute('lang')).toBe(lang);
			expect(await page.locator('h1').innerText()).toMatch(word);
			await axe.check(page, `swap form (${lang})`);
			if (index === 0) await screenshot(page, 'swap-form-en');
			const { lineNumber, variant } = await pickFirstChoice(page);
			const before = shopifyOrder(index).lineItems.find((l) => l.id.endsWith(`/${lineNumber}`))!;
			// Only an even swap is offered: the same product, the same price, for sale.
			expect(variant.price).toBe(variantOfSku(before.sku)!.price);
			expect(variant.availableForSale).toBe(true);
			await page.locator('input[name="email"]').fill(shopifyOrder(index).email!);
			const editsBefore = shopify.orderEdits.length;
			expect(await submit(page)).toBe(200);
			await axe.check(page, `swapped (${lang})`);
			if (index === 1) {
				expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
				await screenshot(page, 'swapped-es-phone');
			}
			// The ledger says how it ended first: a failure there names its step and why.
			const ended = (await recorded(index)).map((d) => [d.field, d.outcome, d.decidedBy, d.reason ?? null]);
			expect(ended).toEqual([['line_items', 'applied', 'self_service', null]]);
			expectSwapped(index, lineNumber, variant.sku, before.quantity);
			expect(shopify.orderEdits.length - editsBefore).toBe(1);
			const events = await ledger.listEvents({ orderKey: orderKeyOf(index), source: 'customer' });
			expect(events.map((e) => e.topic)).toEqual(['self_service/swap', 'self_service/swap']);
			await close();
		},
	);

	it('approval queue: a swap past the cut-off waits, approved in the simulated Slack, made once', async () => {
		const index = 4;
		const { page, close } = await openPage(browser);
		await page.goto(swapLink(index));
		const { lineNumber, variant } = await pickFirstChoice(page);
		const quantity = shopifyOrder(index).lineItems.find((l) => l.id.endsWith(`/${lineNumber}`))!.currentQuantity;
		await page.locator('input[name="email"]').fill(shopifyOrder(index).email!);
		expect(await submit(page)).toBe(200);
		await axe.check(page, 'swap being reviewed');
		await close();
		expect((await recorded(index)).map((d) => d.outcome)).toEqual(['approval']);
		expect(shopifyOrder(index).lineItems.some((l) => l.sku === variant.sku)).toBe(false);

		// The event processor reconciles the request and posts its case; done here the way it does it.
		const orderKey = orderKeyOf(index);
		const observations = (await ledger.listEvents({ orderKey, source: 'customer' })).flatMap(
			(e) => (e.payload as { observations: Observation[] }).observations,
		);
		const result = reconcile((await ledger.getOrder(orderKey))!, observations, defaultPolicy(), NOW);
		const opened = result.opened.find((c) => c.type === 'edit_after_cutoff')!;
		// The person sees what changes, in words (titles and sizes, no customer data).
		expect(opened.evidence.edits).toEqual([
			expect.objectContaining({ field: 'line_items', outcome: 'approval', items: expect.stringContaining(' → ') }),
		]);
		await ledger.upsertOrder(result.record, NOW);
		await ledger.openException(opened, NOW);
		const client = new SlackClient({
			transport: createFetchTransport(),
			token: 'xoxb-sandbox-token',
			baseUrl: `${sandbox.baseUrl('slack')}/api`,
		});
		const posted = await postException(ledger, { kind: 'bot', client }, opened.id, {
			routing: { defaultChannel: '#order-exceptions' },
			includePii: false,
			now: new Date().toISOString(),
		});
		const message = slack.messages.find((m) => m.ts === posted.ts)!;
		expect(JSON.stringify(message.blocks)).toContain(`→ ${variant.title}`);
		const approve = (message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
			.filter((b) => b.type === 'actions')
			.flatMap((b) => b.elements ?? [])
			.find((b) => b.action_id.startsWith('ppx:approve:'))!;
		const payload = blockActionsPayload([{ action: 'approve', caseId: opened.id }], {
			id: 'U024BE7LH',
			username: 'maya',
			name: 'maya',
			team_id: 'T0SANDBOX1',
		});
		Object.assign(payload.actions[0], { action_id: approve.action_id, value: approve.value });
		const press = formBody(payload);
		const editsBefore = shopify.orderEdits.length;
		const answer = await n8n.callWebhook(`${slackWebhookId}/slack-interactions`, press, {
			headers: signedHeaders(press, SLACK_SIGNING_SECRET, Math.floor(Date.now() / 1000)),
		});
		expect(answer.status).toBe(200);
		const execution = await n8n.waitForExecution(approvalsWorkflowId);
		expect(execution.status).toBe('success');
		expectSwapped(index, lineNumber, variant.sku, quantity);
		expect(shopify.orderEdits.length - editsBefore).toBe(1);
		expect((await recorded(index)).map((d) => [d.outcome, d.decidedBy ?? null])).toEqual([
			['approval', null],
			['approved', 'maya'],
		]);
		expect((await ledger.getException(opened.id))?.resolution).toBe(
			'Approved by maya: the new items are in Shopify and at the warehouse.',
		);
		const told = klaviyo.accepted.filter((e) => e.metric === 'Request Decided');
		expect(told).toHaveLength(1);
		expect(told[0].properties).toMatchObject({ OrderKey: orderKey, RequestKind: 'swap', RequestOutcome: 'approved' });
	});

	it('a forged choice (a dearer variant of the same product) is refused, and nothing changes anywhere', async () => {
		const index = 5;
		const { page, close } = await openPage(browser);
		await page.goto(swapLink(index));
		const select = page.locator('select[name^="line_"]').first();
		const field = (await select.getAttribute('name'))!;
		const line = shopifyOrder(index).lineItems.find((l) => l.id.endsWith(`/${field.replace(/^line_/, '')}`))!;
		const own = variantOfSku(line.sku)!;
		const dearer = own.product.variants.find((v) => Number(v.price) > Number(own.price))!;
		const html = await page.content();
		await close();
		const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
		const res = await fetch(swapUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
			body: new URLSearchParams({
				csrf,
				t: tokenOf(index),
				email: shopifyOrder(index).email!,
				[field]: dearer.legacyResourceId,
			}).toString(),
		});
		expect(res.status).toBe(400);
		expect(line.currentQuantity).toBeGreaterThan(0);
		expect(shopifyOrder(index).lineItems.some((l) => l.sku === dearer.sku)).toBe(false);
		expect(shipStationOrder(index).items.map((i) => i.sku)).not.toContain(dearer.sku);
		expect(await recorded(index)).toEqual([]);
	});
});
