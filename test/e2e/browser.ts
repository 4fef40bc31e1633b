/**
 * What the browser tests of the customer pages share: Debian's Chromium (driven by playwright-core), axe-core
 * run inside the page, screenshots for the docs, and the PostgreSQL ledger the templates run on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** PP_SCREENSHOT_DIR=docs/img/customer-pages writes the pictures docs/customer-pages.md shows. */
export const SHOTS = process.env.PP_SCREENSHOT_DIR;
export const AXE_VERSION = (
	JSON.parse(readFileSync(require.resolve('axe-core/package.json'), 'utf8')) as { version: string }
).version;
/** WCAG 2.0/2.1 A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Whether a browser suite runs: the e2e gate, and Chromium present. Without Chromium it is skipped with a line
 * that says so, unless PP_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
 */
export function browserGate(e2eRuns: boolean): boolean {
	const missing = !existsSync(CHROMIUM);
	if (e2eRuns && missing && process.env.PP_REQUIRE_BROWSER === '1')
		throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
	if (e2eRuns && missing) console.log(`skipped: Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
	return e2eRuns && !missing;
}

/** The test PostgreSQL (PP_TEST_POSTGRES_URL) as the ledger's and pg's connection fields. */
export function testPostgres() {
	const url = new URL(process.env.PP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
	return {
		host: url.hostname,
		port: Number(url.port || 5432),
		database: url.pathname.slice(1),
		user: decodeURIComponent(url.username),
		password: decodeURIComponent(url.password),
	};
}

export async function dropSchema(connection: ReturnType<typeof testPostgres>, schema: string): Promise<void> {
	const pg = new Client(connection);
	await pg.connect();
	try {
		await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
	} finally {
		await pg.end();
	}
}

/** A fresh context (its own viewport and browser language) and page; dialogs are recorded and dismissed. */
export async function openPage(browser: Browser, options: { width?: number; locale?: string } = {}) {
	const context = await browser.newContext({
		viewport: { width: options.width ?? 1024, height: 900 },
		locale: options.locale ?? 'en-US',
	});
	const page = await context.newPage();
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	return { page, dialogs, close: () => context.close() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
	if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

interface AxeResult {
	violations: Array<{ id: string; impact: string | null; help: string }>;
	passes: unknown[];
}

/**
 * axe-core in the page itself (evaluated over CDP, so the page's CSP, which forbids scripts, stays on). Each
 * run fails the test on a serious or critical violation; `summary` prints every page's counts.
 */
export function axeChecker() {
	const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
	const findings: Array<{ page: string; serious: string[]; all: number }> = [];
	return {
		async check(page: Page, name: string): Promise<void> {
			await page.evaluate(source);
			const result = (await page.evaluate(
				`axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(AXE_TAGS)} } })`,
			)) as AxeResult;
			const serious = result.violations
				.filter((v) => v.impact === 'serious' || v.impact === 'critical')
				.map((v) => `${v.id}: ${v.help}`);
			findings.push({ page: name, serious, all: result.violations.length });
			expect(result.passes.length).toBeGreaterThan(10);
			expect(serious).toEqual([]);
		},
		summary(): string {
			return `axe-core ${AXE_VERSION}: ${findings
				.map((f) => `${f.page}: ${f.serious.length} serious/critical of ${f.all} violations`)
				.join('; ')}`;
		},
	};
}
