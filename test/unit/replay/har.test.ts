import { harDocument, harEntry, HarError, parseHar } from '../../../nodes/lib/replay/har';

function entry(overrides: Record<string, unknown> = {}) {
	return {
		...harEntry({
			at: '2026-12-01T15:00:00Z',
			method: 'GET',
			url: 'https://ssapi.shipstation.com/orders?orderNumber=1001',
			status: 200,
			responseBody: '{"orders":[]}',
		}),
		...overrides,
	};
}

function problemsOf(doc: unknown): string[] {
	try {
		parseHar(doc);
	} catch (error) {
		if (error instanceof HarError) return error.problems;
		throw error;
	}
	return [];
}

describe('parseHar', () => {
	it('reads what harEntry writes: instant in UTC, lower-cased headers, query, verbatim bodies', () => {
		const doc = harDocument([
			harEntry({
				at: '2026-12-01T10:00:00-05:00',
				method: 'POST',
				url: 'https://n8n.example.com/webhook/shopify?x=1',
				requestHeaders: { 'X-Shopify-Topic': 'orders/create' },
				requestBody: '{"id":1,  "name":"#1001"}',
				status: 200,
			}),
		]);
		const capture = parseHar(JSON.stringify(doc));
		expect(capture.exchanges).toHaveLength(1);
		const [e] = capture.exchanges;
		expect(e.at).toBe('2026-12-01T15:00:00.000Z');
		expect(e.request.headers['x-shopify-topic']).toBe('orders/create');
		expect(e.request.query).toEqual([{ name: 'x', value: '1' }]);
		// Signatures are over the exact bytes: whitespace must survive.
		expect(e.request.bodyText).toBe('{"id":1,  "name":"#1001"}');
	});

	it('decodes base64 response content', () => {
		const e = entry();
		(e.response as Record<string, unknown>).content = {
			mimeType: 'application/json',
			text: Buffer.from('{"a":1}').toString('base64'),
			encoding: 'base64',
		};
		expect(parseHar(harDocument([e])).exchanges[0].response.bodyText).toBe('{"a":1}');
	});

	it('names every problem with its entry and field, all at once', () => {
		const bad1 = entry({ startedDateTime: '2026-12-01 15:00:00' });
		const bad2 = entry();
		(bad2.request as Record<string, unknown>).url = 'not a url';
		(bad2.response as Record<string, unknown>).status = 'ok';
		const bad3 = entry();
		(bad3.request as Record<string, unknown>).headers = { 'x-a': 'b' };
		const problems = problemsOf(harDocument([entry(), bad1, bad2, bad3]));
		expect(problems).toEqual([
			expect.stringMatching(/^log\.entries\[1\]\.startedDateTime: .*offset/),
			expect.stringMatching(/^log\.entries\[2\]\.request\.url: .*absolute URL/),
			expect.stringMatching(/^log\.entries\[2\]\.response\.status: /),
			expect.stringMatching(/^log\.entries\[3\]\.request\.headers: must be a list/),
		]);
	});

	it('refuses a file that is not a HAR, saying what one looks like', () => {
		expect(problemsOf('{')).toEqual([expect.stringMatching(/^file: not JSON/)]);
		expect(problemsOf({ entries: [] })).toEqual([expect.stringMatching(/^log: missing/)]);
		expect(problemsOf({ log: { version: '2.0', creator: { name: 'x' }, entries: [] } })).toEqual([
			expect.stringMatching(/^log\.version: "2\.0" is not HAR 1\.x/),
		]);
	});

	it('plays entries in time order; entries of the same instant keep their file order', () => {
		const a = harEntry({ at: '2026-12-01T16:00:00Z', method: 'GET', url: 'https://api-eu.dhl.com/a', status: 200 });
		const b = harEntry({ at: '2026-12-01T15:00:00Z', method: 'GET', url: 'https://api-eu.dhl.com/b', status: 200 });
		const c = harEntry({ at: '2026-12-01T15:00:00Z', method: 'GET', url: 'https://api-eu.dhl.com/c', status: 200 });
		expect(parseHar(harDocument([a, b, c])).exchanges.map((e) => e.index)).toEqual([1, 2, 0]);
	});
});
