/**
 * Reads the clean-room vendor corpus (test/fixtures/vendor-native/<vendor>/, see its README): each body
 * with its .meta.json, whose `expect` holds the facts the payload means, written from the vendor's
 * documentation by someone who has not read our normalisers. The tests iterate the folders, so a
 * fixture added later is checked without anyone touching a test.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import path from 'path';

export const VENDOR_NATIVE = path.resolve(__dirname, '../../fixtures/vendor-native');

export interface NativeMeta {
	vendor: string;
	kind: 'response' | 'webhook';
	summary?: string;
	http?: { method?: string; url?: string; status?: number; headers?: Record<string, string>; requestBody?: unknown };
	secret?: string;
	documentation?: string[];
	meaning?: string[];
	expect: Record<string, unknown>;
}

export interface NativeFixture {
	/** File name without .json ("orders-1001"). */
	name: string;
	vendor: string;
	body: unknown;
	/** The body exactly as stored (signatures are computed over it). */
	raw: string;
	meta: NativeMeta;
}

/** Every fixture of one vendor that has its .meta.json; [] when the folder is absent. */
export function nativeFixtures(vendor: string): NativeFixture[] {
	const dir = path.join(VENDOR_NATIVE, vendor);
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter(
			(f) =>
				f.endsWith('.json') &&
				!f.endsWith('.meta.json') &&
				existsSync(path.join(dir, f.replace(/\.json$/, '.meta.json'))),
		)
		.sort()
		.map((file) => {
			const raw = readFileSync(path.join(dir, file), 'utf8');
			const meta = JSON.parse(
				readFileSync(path.join(dir, file.replace(/\.json$/, '.meta.json')), 'utf8'),
			) as NativeMeta;
			return { name: file.replace(/\.json$/, ''), vendor, body: raw.trim() ? JSON.parse(raw) : null, raw, meta };
		});
}

/** it.each over the fixtures, or one skipped test saying there are none yet (jest refuses an empty table). */
export function eachFixture(
	fixtures: NativeFixture[],
	title: string,
	run: (fixture: NativeFixture) => void | Promise<void>,
): void {
	if (!fixtures.length) {
		it.skip(`${title}: no fixtures yet`, () => undefined);
		return;
	}
	it.each(fixtures.map((f) => [f.name, f] as const))(title, (_name, fixture) => run(fixture));
}

/**
 * An instant compared as an instant, to the second: the corpus writes UTC to the second ("…:02Z"),
 * vendors may send fractions (ShipStation's 7 digits), and "…Z" vs "….000Z" are the same time.
 */
export function instant(value: unknown): number | null {
	if (typeof value !== 'string' || !value) return null;
	const at = Date.parse(value);
	return Number.isNaN(at) ? null : Math.floor(at / 1000);
}

/** expect's lines [{sku, quantity}] in a stable order, for comparing with what a normaliser made. */
export function sortedLines(
	lines: Array<{ sku?: string | null; quantity: number }> | null | undefined,
): Array<{ sku: string | null; quantity: number }> | null {
	if (!lines) return null;
	return lines
		.map((l) => ({ sku: l.sku ?? null, quantity: l.quantity }))
		.sort((a, b) => String(a.sku).localeCompare(String(b.sku)));
}

/**
 * Differences between a canonical Address and expect's {address1, address2, city, province, zip,
 * country}. Verbatim comparison (nothing normalised): province and country may be held as a name or
 * a code, so either matches.
 */
export function addressDifferences(
	actual: Record<string, unknown> | null | undefined,
	expected: Record<string, unknown>,
): string[] {
	if (!actual) return ['no address'];
	const out: string[] = [];
	const same = (field: string, ...candidates: unknown[]) => {
		const want = expected[field] ?? null;
		if (!candidates.some((c) => (c ?? null) === want))
			out.push(`${field}: expected ${JSON.stringify(want)}, got ${JSON.stringify(candidates)}`);
	};
	for (const field of ['address1', 'address2', 'city', 'zip']) if (field in expected) same(field, actual[field]);
	if ('province' in expected) same('province', actual.provinceCode, actual.province);
	if ('country' in expected) same('country', actual.countryCode, actual.country);
	return out;
}

/** Keys of `expect` a test did not check: it fails on them, so a new fact in the corpus is never ignored. */
export function unchecked(expectation: Record<string, unknown>, checked: string[]): string[] {
	return Object.keys(expectation).filter((k) => !checked.includes(k));
}
