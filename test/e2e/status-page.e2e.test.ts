/**
 * The order status page as a customer meets it (issue 17): the template 08-order-status-page-postgres
 * running in a real n8n, orders in a real PostgreSQL ledger, and headless Chromium (Debian's, driven by
 * playwright-core) looking orders up, following signed links, switching language, on a 375 px phone, with
 * axe-core run in the same browser. Then the hostile side: enumeration (one answer, rate limit), forged and
 * expired links, a form posted without a token our page issued or from another site, and markup in the order.
 *
 * PP_SCREENSHOT_DIR=docs/img/customer-pages writes the pictures docs/customer-pages.md shows.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { openLedger, type LedgerStore } from '../../nodes/lib/ledger';
import { issueFormToken, issueStatusLink } from '../../nodes/lib/pages/access';
import { PAGE_NOW, statusPageOrders } from '../helpers/statusPageOrders';
import type { Template } from '../unit/templates/checks';
import { renameEveryNode } from '../unit/templates/rename';
import { axeChecker, browserGate, CHROMIUM, dropSchema, openPage, screenshot, SHOTS, testPostgres } from './browser';
import { E2E_SETUP_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, e2eGate, N8nInstance, REPO_ROOT } from './harness';

jest.setTimeout(2 * E2E_TEST_TIMEOUT_MS);
const gate = e2eGate();
const SECRET = randomBytes(36).toString('base64');
const LOOKUPS_PER_ORDER = 6;
const run = browserGate(gate.run);

(run ? describe : describe.skip)('Order status page in real n8n and Chromium', () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let ledger: LedgerStore;
	let pageUrl: string;
	const schema = `pp_status_${randomBytes(4).toString('hex')}`;
	const orders = statusPageOrders();
	const axe = axeChecker();

	const connection = testPostgres();

	beforeAll(async () => {
		ledger = await openLedger({ backend: 'postgres', connection: { ...connection, schema } });
		const hostile = structuredClone(orders[0].record);
		hostile.orderKey = '1066';
		hostile.name = '#1066';
		hostile.customer.email = 'mallory@example.com';
		hostile.shippingAddress = {
			...hostile.shippingAddress,
			city: '<script>window.__pwned=1</script>',
			provinceCode: '"><img src=x onerror="window.__pwned=2">',
		};
		hostile.lineItems = [{ title: '<img src=x onerror=alert(1)>', quantity: 1 }];
		const written = await ledger.upsertOrders([...orders.map((o) => o.record), hostile], PAGE_NOW);
		for (const w of written) if (w instanceof Error) throw w;
		// The observations as the pipeline stores them: the page reads the carrier scans from them.
		const stored = await ledger.appendEvents(
			orders.flatMap((o) =>
				o.observations.map((obs) => ({
					key: obs.key,
					source: obs.source,
					orderKey: o.orderKey,
					payload: { observations: [obs] },
				})),
			),
			PAGE_NOW,
		);
		for (const s of stored) if (s instanceof Error) throw s;

		n8n = await N8nInstance.create({ install: gate.install });
		const server = await n8n.startServer();
		pageUrl = `${server.baseUrl}/webhook/order-status`;
		await n8n.importCredentials([
			{
				id: 'e2ePagesCred00001',
				name: 'Customer pages',
				type: 'postPurchaseCustomerPagesApi',
				data: {
					pageUrl,
					linkSecret: SECRET,
					linkLifetimeDays: 30,
					accentColor: '#2e6b3a',
					supportEmail: 'help@trailhead.example',
					supportUrl: 'https://trailhead.example/contact',
					lookupsPerClient: 50,
					lookupsPerOrder: LOOKUPS_PER_ORDER,
				},
			},
			{
				id: 'e2ePagesProfile01',
				name: 'Store profile',
				type: 'postPurchaseStoreProfileApi',
				data: { storeName: 'Trailhead Outfitters', timeZone: 'America/New_York' },
			},
			{
				id: 'e2ePagesPg0000001',
				name: 'Ledger',
				type: 'postPurchasePostgresApi',
				data: { ...connection, ssl: 'disable' },
			},
		]);
		// Every node renamed (as a user may on the canvas): the template names no node, so it must work unchanged.
		const shipped = JSON.parse(
			readFileSync(join(REPO_ROOT, 'workflows/08-order-status-page-postgres.json'), 'utf8'),
		) as Template;
		const template = renameEveryNode(shipped);
		expect(template.nodes.filter((n) => shipped.nodes.some((o) => o.name === n.name))).toEqual([]);
		for (const node of template.nodes)
			if (node.type.endsWith('.customerPages')) {
				// The pages judge links and delays at the fixture's time, not today's.
				node.parameters = { ...node.parameters, schema, now: PAGE_NOW };
				node.credentials = {
					postPurchaseCustomerPagesApi: { id: 'e2ePagesCred00001', name: 'Customer pages' },
					postPurchaseStoreProfileApi: { id: 'e2ePagesProfile01', name: 'Store profile' },
					postPurchasePostgresApi: { id: 'e2ePagesPg0000001', name: 'Ledger' },
				};
			}
		// The public API takes the workflow's own fields only (not meta, pinData, tags).
		const { name, nodes, connections, settings } = template;
		await n8n.activateWorkflow({ name, nodes, connections, settings });
		// Activation registers the webhook asynchronously: wait until the page answers.
		await n8n.callWebhook('order-status', undefined, { method: 'GET' });
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
		if (SHOTS) mkdirSync(SHOTS, { recursive: true });
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await ledger?.close();
		await dropSchema(connection, schema);
		console.log(axe.summary());
	});

	async function lookUp(page: Page, orderNumber: string, email: string) {
		await page.goto(pageUrl);
		await page.getByLabel(/order number/i).fill(orderNumber);
		await page.getByLabel(/email/i).fill(email);
		await Promise.all([page.waitForLoadState('load'), page.getByRole('button').click()]);
	}

	const linkFor = (orderKey: string, expiresAt = new Date(Date.parse(PAGE_NOW) + 86_400_000)) =>
		`${pageUrl}?t=${encodeURIComponent(issueStatusLink(orderKey, { secret: SECRET, expiresAt }))}`;

	it("shows the lookup form, accessible and without a script, inside n8n's sandbox", async () => {
		const { page, close } = await openPage(browser);
		const res = await page.goto(pageUrl);
		expect(res?.status()).toBe(200);
		// n8n 2.x answers webhook HTML in a CSP sandbox of its own; the page's policy is in its meta tag.
		expect(res?.headers()['content-security-policy']).toMatch(/^sandbox /);
		expect(res?.headers()['x-frame-options']).toBe('DENY');
		expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toMatch(
			/^default-src 'none'/,
		);
		expect(await page.locator('script').count()).toBe(0);
		expect(await page.locator('input[name="csrf"]').count()).toBe(1);
		await axe.check(page, 'lookup form');
		await screenshot(page, 'lookup');
		await close();
	});

	it("looks an order up by number and email, lands on its signed link, in the order's language", async () => {
		const { page, close } = await openPage(browser, { width: 375 });
		const o = orders[1]; // in transit, customer locale es-MX
		await lookUp(page, o.name, o.email.toUpperCase());
		expect(page.url()).toMatch(/[?&]t=v1\./);
		const html = await page.content();
		expect(await page.locator('html').getAttribute('lang')).toBe('es');
		expect(html).toContain(o.expect.trackingNumber!);
		expect(html).toContain('Ontario');
		// The timeline has the carrier's scans, from the stored events.
		expect(await page.locator('ol.timeline li').count()).toBeGreaterThan(2);
		// Masked: the street and the phone the customer did not type here are not shown.
		expect(html).not.toContain('1200 Sunset');
		expect(html).not.toContain('555 0100');
		// Readable on a 375 px phone: nothing wider than the screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
		await axe.check(page, 'status page, in transit (es, 375 px)');
		await screenshot(page, 'in-transit-es-phone');
		await close();
	});

	it.each([
		['1001', 'en', /order/i],
		['1003', 'fr', /livr/i],
		['1004', 'de', /Sendung|Paket|Lieferung/i],
	])('opens order %s from its link in %s', async (orderKey, lang, words) => {
		const { page, close } = await openPage(browser);
		const res = await page.goto(linkFor(orderKey));
		expect(res?.status()).toBe(200);
		expect(await page.locator('html').getAttribute('lang')).toBe(lang);
		expect(await page.locator('main').innerText()).toMatch(words);
		await axe.check(page, `status page ${orderKey} (${lang})`);
		await screenshot(page, `order-${orderKey}-${lang}`);
		await close();
	});

	it('tells about an open delay in customer words and never shows internal cases', async () => {
		const { page, close } = await openPage(browser);
		await page.goto(`${linkFor('1004')}&lang=en`);
		const text = await page.locator('main').innerText();
		expect(text).toMatch(/late|delay/i);
		expect(text).not.toMatch(/notification_late|tracking_missing|delivery_late|status_mismatch|Slack|case/i);
		await screenshot(page, 'delayed-en');
		await close();
	});

	it('switches language from the page and keeps the order', async () => {
		const { page, close } = await openPage(browser);
		await page.goto(linkFor('1002'));
		await page.locator('a[hreflang="de"]').first().click();
		await page.waitForLoadState('load');
		expect(await page.locator('html').getAttribute('lang')).toBe('de');
		expect(await page.content()).toContain('1Z999AA10123456784');
		await close();
	});

	it('gives one answer for an unknown order and a wrong email', async () => {
		const { page, close } = await openPage(browser);
		await lookUp(page, '#1001', 'someone.else@example.com');
		const wrongEmail = await page.locator('main').innerText();
		await lookUp(page, '#9999', 'ana@example.com');
		const unknown = await page.locator('main').innerText();
		expect(wrongEmail).toBe(unknown);
		expect(wrongEmail).toMatch(/could not find/i);
		await axe.check(page, 'not found');
		await close();
	});

	it('refuses a forged link, and says when a real one has expired', async () => {
		const { page, close } = await openPage(browser);
		const forged = issueStatusLink('1001', { secret: `x${SECRET}`, expiresAt: new Date('2030-01-01T00:00:00Z') });
		const bad = await page.goto(`${pageUrl}?t=${encodeURIComponent(forged)}`);
		expect(bad?.status()).toBe(400);
		expect(await page.content()).not.toContain('ana@example.com');
		const expired = await page.goto(linkFor('1001', new Date(Date.parse(PAGE_NOW) - 1000)));
		expect(expired?.status()).toBe(410);
		expect(await page.locator('form').count()).toBe(1);
		await close();
	});

	it('refuses a form posted without a token our page issued, or from another site', async () => {
		const form = (extra: Record<string, string>) =>
			new URLSearchParams({ orderNumber: '1001', email: 'ana@example.com', ...extra }).toString();
		const post = (body: string, headers: Record<string, string> = {}) =>
			fetch(pageUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
				body,
				redirect: 'manual',
			});
		expect((await post(form({}))).status).toBe(403);
		expect((await post(form({ csrf: issueFormToken(`y${SECRET}`, new Date(PAGE_NOW)) }))).status).toBe(403);
		// A token our page issued, but posted by another site's page.
		const field = /name="csrf" value="([^"]+)"/.exec(await (await fetch(pageUrl)).text())?.[1] ?? '';
		expect(field).not.toBe('');
		expect((await post(form({ csrf: field }), { origin: 'https://evil.example' })).status).toBe(403);
		const ours = await post(form({ csrf: field }), { origin: 'null' });
		expect(ours.status).toBe(303);
		expect(ours.headers.get('location')).toMatch(/[?&]t=v1\./);
		expect(ours.headers.get('referrer-policy')).toBe('same-origin');
	});

	it('renders markup from the order inert', async () => {
		const { page, dialogs, close } = await openPage(browser);
		await page.goto(linkFor('1066'));
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		expect(dialogs).toEqual([]);
		expect(await page.locator('script').count()).toBe(0);
		expect(await page.locator('img[onerror]').count()).toBe(0);
		await close();
	});

	it('slows down guessing at one order: the same answer until the limit, then 429', async () => {
		const { page, close } = await openPage(browser);
		const statuses: number[] = [];
		for (let i = 0; i < LOOKUPS_PER_ORDER + 1; i++) {
			await page.goto(pageUrl);
			await page.getByLabel(/order number/i).fill('1005');
			await page.getByLabel(/email/i).fill(`guess${i}@example.com`);
			const [res] = await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'POST'),
				page.getByRole('button').click(),
			]);
			statuses.push(res.status());
		}
		expect(statuses).toEqual([...Array(LOOKUPS_PER_ORDER).fill(404), 429]);
		expect(await page.locator('main').innerText()).toMatch(/too many|try again/i);
		// The right email is refused too while the order is locked: the limit is not an oracle.
		await lookUp(page, '1005', 'sam@example.com');
		expect(page.url()).not.toMatch(/[?&]t=/);
		await close();
	});
});
