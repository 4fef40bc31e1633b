/**
 * Every push in the clean-room corpus (each <vendor>/<name>.meta.json of kind "webhook"), recorded as a
 * capture entry with its own URL, headers and exact bytes and replayed with the secret its meta documents:
 * the replay must recognise the vendor from the push itself, take every genuine one (200, something stored)
 * and refuse every one the corpus documents as forged or badly authenticated (expect.signatureValid false:
 * 401, nothing stored), through the triggers' own verification. The reads a trigger makes after a push are
 * answered by the corpus's read fixtures of that vendor. Pushes the product cannot take yet are
 * listed in known-gaps.json ("scenario": "pushes") with the reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyExchange, type ReplayVendor } from '../../../nodes/lib/replay/classify';
import { harDocument, harEntry, parseHar } from '../../../nodes/lib/replay/har';
import { replayCapture } from '../../../nodes/lib/replay/run';
import { CORPUS_ROOT, loadKnownGaps } from './corpus';

interface WebhookMeta {
	vendor: string;
	kind: string;
	receivedAt?: string;
	http: { method?: string; url: string; headers?: Record<string, string> };
	secret?: string;
	expect?: { signatureValid?: boolean };
}

function webhookFixtures(): Array<{ fixture: string; meta: WebhookMeta }> {
	if (!existsSync(CORPUS_ROOT)) return [];
	const out: Array<{ fixture: string; meta: WebhookMeta }> = [];
	for (const vendor of readdirSync(CORPUS_ROOT, { withFileTypes: true }).filter(
		(d) => d.isDirectory() && d.name !== 'scenarios',
	)) {
		for (const file of readdirSync(join(CORPUS_ROOT, vendor.name))
			.filter((f) => f.endsWith('.meta.json'))
			.sort()) {
			const meta = JSON.parse(readFileSync(join(CORPUS_ROOT, vendor.name, file), 'utf8')) as WebhookMeta;
			if (meta.kind === 'webhook')
				out.push({ fixture: `${vendor.name}/${file.replace(/\.meta\.json$/, '.json')}`, meta });
		}
	}
	return out;
}

/**
 * What the vendor answers when the trigger reads after a push (ShipStation's resource_url, the order a
 * ShipMonk or Shopify return push names): every read fixture of that vendor in the corpus, recorded a
 * second before the push.
 */
function vendorReads(vendor: string, at: string) {
	const dir = join(CORPUS_ROOT, vendor);
	return readdirSync(dir)
		.filter((f) => f.endsWith('.meta.json'))
		.sort()
		.map((f) => ({
			f,
			meta: JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
				kind: string;
				http: { method?: string; url: string; status?: number; requestBody?: unknown };
			},
		}))
		.filter(({ meta }) => meta.kind === 'response')
		.map(({ f, meta }) =>
			harEntry({
				at,
				method: meta.http.method ?? 'GET',
				url: meta.http.url,
				requestBody: meta.http.requestBody === undefined ? undefined : JSON.stringify(meta.http.requestBody),
				status: meta.http.status ?? 200,
				responseHeaders: { 'content-type': 'application/json' },
				responseBody: readFileSync(join(dir, f.replace(/\.meta\.json$/, '.json')), 'utf8'),
			}),
		);
}

const fixtures = webhookFixtures();
const gaps = loadKnownGaps().filter((g) => g.scenario === 'pushes');
const describeOrSkip = fixtures.length ? describe : describe.skip;
if (!fixtures.length) process.stdout.write('skipped: clean-room corpus not present (test/fixtures/vendor-native)\n');

describeOrSkip('every clean-room push through the replay', () => {
	it('covers forged ones too', () => {
		expect(fixtures.some((f) => f.meta.expect?.signatureValid === false)).toBe(true);
	});

	for (const { fixture, meta } of fixtures) {
		const genuine = meta.expect?.signatureValid !== false;
		const gap = gaps.find((g) => g.fixture === fixture);
		const outcome = genuine ? 'taken' : 'refused with 401, nothing stored';
		it(`${fixture}: ${outcome}${gap ? ' (known gap)' : ''}`, async () => {
			const body = readFileSync(join(CORPUS_ROOT, fixture), 'utf8');
			const headers = meta.http.headers ?? {};
			const at = meta.receivedAt ?? headers['X-Shopify-Triggered-At'] ?? '2026-12-01T12:00:00Z';
			const atIso = new Date(Date.parse(at)).toISOString();
			const push = harEntry({
				at: atIso,
				method: meta.http.method ?? 'POST',
				url: meta.http.url,
				requestHeaders: headers,
				requestBody: body,
				status: 200,
			});
			const before = new Date(Date.parse(atIso) - 1000).toISOString();
			const capture = parseHar(harDocument([...vendorReads(meta.vendor, before), push]));
			const entry = capture.exchanges.find((e) => e.request.bodyText === body)!;
			expect(classifyExchange(entry)).toMatchObject({ role: 'push', vendor: meta.vendor as ReplayVendor });
			const secrets = meta.secret ? { [meta.vendor]: meta.secret } : {};
			const result = await replayCapture(capture, { at: atIso, config: { secrets } });
			const delivery = result.deliveries[0];
			const ok = genuine
				? delivery.status === 200 && !delivery.problem && delivery.observations.length > 0
				: delivery.status === 401 && delivery.observations.length === 0;
			const seen = { status: delivery.status, stored: delivery.observations.length, problem: delivery.problem ?? null };
			if (gap) expect({ fixture, stillWrong: !ok, seen }).toEqual({ fixture, stillWrong: true, seen });
			else expect({ fixture, ok, seen }).toEqual({ fixture, ok: true, seen });
		});
	}
});
