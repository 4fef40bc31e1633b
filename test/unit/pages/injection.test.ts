/**
 * Hostile strings in every field that reaches a page (record, store settings, request) render inert: no
 * script, no event-handler attribute, no javascript:/data: URL, no tag or attribute of their own. And the
 * same for any string fast-check can think of.
 */
import fc from 'fast-check';
import type { OrderRecord } from '../../../nodes/lib/order';
import {
	renderCancelPage,
	renderErrorPage,
	renderLookupPage,
	renderStatusPage,
	statusViewOf,
	translator,
	type Branding,
} from '../../../nodes/lib/pages';
import { HOSTILE, NOW, recordOf, shipmentOf, STORE_ZONE, trackingFactOf } from './fixtures';
import { assertInert, tagsOf, textOf, urlsOf } from './htmlScan';

/** A record with `s` in every text field a page can show, and in the ones it must not. */
function recordWith(s: string): OrderRecord {
	return recordOf({
		orderKey: s,
		name: s,
		stage: 'in_transit',
		customer: { email: `${s}@${s}`, phone: s, name: s, locale: s },
		shippingAddress: {
			name: s,
			address1: s,
			address2: s,
			city: s,
			province: s,
			provinceCode: s,
			zip: s,
			country: s,
			countryCode: s,
			phone: s,
		},
		shipments: [
			shipmentOf({ key: s, trackingNumber: s, carrier: s, trackingUrl: s, lastScanAt: s }),
			shipmentOf({ key: 'b', trackingNumber: 'TN2', carrier: 'UPS', trackingUrl: `https://x.example/${s}` }),
		],
		facts: [
			trackingFactOf({
				trackingNumber: s,
				carrier: s,
				destinationTimeZone: s,
				estimatedDelivery: s,
				commitment: s,
				estimatedWindow: { from: s, to: s },
				events: [
					{ at: '2026-03-09T10:00:00Z', status: 'in_transit', location: s, timeZone: s, localTime: s },
					{ at: s, status: 'delivered', location: s },
				],
			}),
		],
		exceptions: [
			{
				id: s,
				orderKey: s,
				type: 'delivery_late',
				severity: 'high',
				openedAt: NOW,
				evidence: { note: s },
				owner: s,
				resolution: s,
			},
		],
		openExceptionTypes: ['delivery_late'],
		dates: { placedAt: s, promisedBy: s, cancelledAt: s, sentToFulfillmentAt: s },
	});
}

function brandingWith(s: string): Branding {
	return { storeName: s, logoUrl: s, accentColor: s, supportEmail: s, supportUrl: s };
}

function pagesWith(s: string, locale = 'en'): string[] {
	const t = translator(locale);
	const branding = brandingWith(s);
	const langLinks = [
		{ locale: s, href: s },
		{ locale: 'de', href: s },
		{ locale: 'fr', href: `?lang=${s}` },
	];
	const view = statusViewOf(recordWith(s), {
		now: NOW,
		storeTimeZone: s,
		observations: [{ kind: 'tracking', data: s }],
	});
	return [
		renderStatusPage(view, { t, branding, lookupUrl: s, langLinks }),
		renderStatusPage(statusViewOf(recordWith(s), { now: s, storeTimeZone: STORE_ZONE }), {
			t,
			branding: { ...branding, logoUrl: `https://cdn.example/${s}`, supportUrl: `https://help.example/?q=${s}` },
			lookupUrl: `/status?q=${s}`,
			langLinks,
		}),
		renderLookupPage({
			t,
			branding,
			action: s,
			csrfField: { name: s, value: s },
			notice: s as never,
			orderNumber: s,
			email: s,
			langLinks,
		}),
		renderErrorPage({ t, branding, status: s as never }),
		// The cancel form: every value it shows or sends back (items, email, hidden entries, the order's name).
		renderCancelPage({
			t,
			branding,
			langLinks,
			action: s,
			hidden: { [s]: s, csrf_token: s },
			orderName: s,
			items: [
				{ title: s, quantity: 3 },
				{ title: `${s}${s}`, quantity: s as never },
			],
			email: s,
			reason: s as never,
			fieldErrors: { email: s as never },
			notice: s as never,
			closesAt: s,
			timeZone: s,
			statusUrl: s,
		}),
		renderStatusPage(view, {
			t,
			branding,
			lookupUrl: s,
			langLinks,
			actions: [
				{ kind: 'cancel', href: s, closesAt: s },
				{ kind: 'cancel', href: `/cancel?t=${s}`, closesAt: s },
			],
		}),
	];
}

describe('hostile strings in every field', () => {
	it.each(HOSTILE)('%s renders inert on every page', (s) => {
		for (const page of pagesWith(s)) {
			assertInert(page);
			expect(page).not.toMatch(/<script/i);
			// "onerror=" may appear as escaped text, even inside an alt text, but never as an attribute.
			expect(tagsOf(page).filter((tag) => 'onerror' in tag.attributes)).toEqual([]);
			expect(tagsOf(page).filter((tag) => tag.name === 'img').length).toBeLessThanOrEqual(1);
			expect(urlsOf(page).filter((url) => /^\s*javascript:/i.test(url))).toEqual([]);
		}
	});

	it('markup arrives as text: visible, escaped, and only where the customer may see it', () => {
		const [status, , form] = pagesWith('<script>alert(1)</script>');
		expect(status).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		const text = textOf(status);
		// The order name, carrier, tracking number, scan place, city and store name show as written.
		expect(text).toContain('Order <script>alert(1)</script>');
		expect(text).toContain('Carrier <script>alert(1)</script>');
		expect(text).toContain('Last scan <script>alert(1)</script>');
		expect(form).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
		// Street lines, phone, name and case text never reach the page at all.
		expect(text.match(/<script>alert\(1\)<\/script>/g)?.length).toBeLessThan(20);
	});

	it('javascript: and data: URLs from the record or the settings are dropped, not linked', () => {
		for (const s of [
			'javascript:alert(1)',
			' JaVaScRiPt:alert(1)',
			'java\tscript:alert(1)',
			'data:text/html,x',
			'//evil.example',
		]) {
			for (const page of pagesWith(s)) {
				assertInert(page);
				for (const url of urlsOf(page))
					expect(url.replace(/[\s]/g, '').toLowerCase()).not.toMatch(/^(javascript|data):/);
			}
		}
	});

	it('an attribute-breaking value stays inside its attribute', () => {
		const [, , form, , cancel] = pagesWith('"><img src=x onerror=alert(1)>');
		expect(form).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
		expect(form).toContain('name="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
		expect(cancel).toContain(
			'<input type="hidden" name="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" value="&quot;&gt;&lt;img src=x',
		);
		expect(cancel).toContain('id="email" name="email" value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
	});

	it('on the cancel page, markup in an item, the order name or the email arrives as visible text', () => {
		const s = '<script>alert(1)</script>';
		const [, , , , cancel, status] = pagesWith(s);
		const text = textOf(cancel);
		expect(text).toContain(`Order ${s}`);
		expect(text).toContain(`3 × ${s}`);
		expect(text).toContain(`${s}${s}`);
		expect(cancel).toContain('<li>3 × &lt;script&gt;alert(1)&lt;/script&gt;</li>');
		expect(cancel).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
		// The reason, the notice and the error are codes the page knows or nothing: no option, alert or error of their own.
		expect(tagsOf(cancel).filter((tag) => tag.name === 'option' && !tag.closing)).toHaveLength(6);
		expect(cancel).not.toContain('selected');
		expect(cancel).not.toContain('role="alert"');
		// The status page's cancel link keeps a path as a path (escaped) and drops the javascript: one.
		expect(urlsOf(status)).toContain(`/cancel?t=${s}`);
		const scripted = pagesWith('javascript:alert(1)')[5];
		expect(urlsOf(scripted).filter((url) => /^\s*javascript:/i.test(url))).toEqual([]);
		expect(scripted.match(/>Cancel the order<\/a>/g)).toHaveLength(1);
	});
});

describe('property: any string in any field comes out escaped', () => {
	const anyText = fc.oneof(
		fc.string({ unit: 'grapheme', maxLength: 40 }),
		fc.string({ unit: 'binary', maxLength: 40 }),
		fc
			.array(
				fc.constantFrom(
					'<',
					'>',
					'"',
					"'",
					'`',
					'&',
					'=',
					' ',
					'/',
					'script',
					'on',
					'javascript:',
					'img',
					'\t',
					'\n',
					'\u0000',
				),
				{ maxLength: 12 },
			)
			.map((parts) => parts.join('')),
	);

	it('every page stays well-formed and inert, and the value is readable as text', () => {
		fc.assert(
			fc.property(anyText, fc.constantFrom('en', 'de', 'es', 'fr'), (s, locale) => {
				for (const page of pagesWith(s, locale)) assertInert(page);
				// The lookup form gives back what was typed, exactly (the one field that is not cleaned up).
				const form = pagesWith(s, locale)[2];
				expect(textOf(`<p>${/id="order-number"[^>]*value="([^"]*)"/.exec(form)?.[1] ?? ''}</p>`).trim()).toBe(
					s.slice(0, 256).replace(/\s+/g, ' ').trim(),
				);
			}),
			{ numRuns: 300 },
		);
	});
});
