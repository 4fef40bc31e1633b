/**
 * Pictures of each template's canvas for workflows/README.md, taken from the REAL n8n editor:
 * starts n8n with the packed package (the e2e harness), imports the embedded-storage templates, logs
 * in as the owner, opens each workflow in the editor with Chromium, fits the canvas to the window and
 * saves docs/img/templates/<template>.png.
 *
 * Run: npm run build && npx tsx scripts/template-screenshots.ts [08 ...]   (only the templates whose file
 * names start with the given prefixes; all of them without)
 * Needs the pinned n8n (bash scripts/e2e/install-n8n.sh) and Debian's chromium at /usr/bin/chromium
 * (or set CHROMIUM_PATH).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { chromium } from 'playwright-core';

import { N8nInstance } from '../test/e2e/harness';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'docs/img/templates');
const WORKFLOWS = join(ROOT, 'workflows');

/** One picture per template: the embedded-storage file (the variants have the same canvas). */
function templates(prefixes: string[]): Array<{ name: string; json: Record<string, unknown> }> {
	return readdirSync(WORKFLOWS)
		.filter((f) => f.endsWith('.json') && !/-(postgres|airtable)\.json$/.test(f))
		.filter((f) => prefixes.length === 0 || prefixes.some((p) => f.startsWith(p)))
		.sort()
		.map((f) => ({
			name: f.replace(/\.json$/, ''),
			json: JSON.parse(readFileSync(join(WORKFLOWS, f), 'utf8')) as Record<string, unknown>,
		}));
}

async function main() {
	mkdirSync(OUT, { recursive: true });
	const list = templates(process.argv.slice(2));
	const n8n = await N8nInstance.create();
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const ids = await n8n.importWorkflows(list.map((t) => t.json));
		const server = await n8n.startServer();
		const [cookieName, ...rest] = server.cookie.split('=');
		const context = await browser.newContext({ viewport: { width: 2400, height: 1350 }, deviceScaleFactor: 1 });
		await context.addCookies([{ name: cookieName, value: rest.join('='), url: server.baseUrl }]);
		const page = await context.newPage();
		for (const [i, template] of list.entries()) {
			await page.goto(`${server.baseUrl}/workflow/${ids[i]}`, { waitUntil: 'networkidle' });
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
			await page.waitForTimeout(1500);
			// close anything floating over the canvas (toasts, the node creator, NDV)
			await page.keyboard.press('Escape');
			// "1" is the editor's zoom-to-fit shortcut
			await page
				.locator('[data-test-id="canvas-wrapper"], .vue-flow')
				.first()
				.click({ position: { x: 5, y: 5 }, force: true })
				.catch(() => undefined);
			await page.keyboard.press('1');
			await page.waitForTimeout(1200);
			const file = join(OUT, `${template.name}.png`);
			await page.screenshot({ path: file });
			const nodes = await page.locator('[data-test-id="canvas-node"]').count();
			process.stdout.write(`${template.name}: ${nodes} nodes on the canvas -> ${file}\n`);
		}
	} finally {
		await browser.close();
		await n8n.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
