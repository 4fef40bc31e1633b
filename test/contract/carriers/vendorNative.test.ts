/**
 * Every clean-room carrier fixture (test/fixtures/vendor-native/{fedex,ups,usps,dhl}, and the carrier answers
 * the scenarios keep in scenarios/<name>/) run through the
 * carrier's own tracker and normaliser, compared with the facts its .meta.json writes down from the
 * vendor's documentation. The folder is read at run time, so a new fixture is covered without editing
 * this file; a read without expectations, or with expectations the code does not meet, fails.
 * Pushed payloads (kind "webhook") belong to the Carrier Tracking Trigger's tests.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { DateTime } from 'luxon';
import type { HttpRequest, HttpResponse, Transport } from '../../../nodes/lib/http';
import { createTracker, type CarrierCode, type TrackResult } from '../../../nodes/lib/connectors/carriers';

const ROOT = path.resolve(__dirname, '../../fixtures/vendor-native');
const CARRIERS: CarrierCode[] = ['fedex', 'ups', 'usps', 'dhl'];
/** The tracking read each carrier's tracker makes (the fixture's meta.http.url). */
const TRACK_READ: Record<CarrierCode, RegExp> = {
	fedex: /\/track\/v1\/trackingnumbers/,
	ups: /\/track\/v1\/details\//,
	usps: /\/tracking\/v3r?2?\/tracking/,
	dhl: /\/track\/shipments/,
};

interface Meta {
	vendor?: string;
	kind?: string;
	http?: { method?: string; url?: string; status?: number; requestBody?: unknown };
	expect?: ExpectedParcel & { parcels?: ExpectedParcel[] };
}

interface ExpectedEvent {
	utc?: string;
	local?: string;
	zone?: string | null;
	status?: string;
	atUncertain?: boolean;
	latestUtc?: string;
	physicalScan?: boolean;
}

type Promised = { date?: string; instantUtc?: string } | null;

interface ExpectedParcel {
	trackingNumber?: string;
	found?: boolean;
	status?: string | null;
	deliveredAtUtc?: string | null;
	events?: ExpectedEvent[];
	estimate?: Promised;
	commitment?: Promised;
	estimatedWindow?: { fromUtc?: string; toUtc?: string; from?: string; to?: string } | null;
	destinationZone?: string | null;
	estimateEndsUtc?: string;
}

function bodiesIn(dir: string, prefix: string): Array<{ name: string; body: unknown; meta: Meta | null }> {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json') && !file.endsWith('.meta.json'))
		.sort()
		.map((file) => {
			const metaPath = path.join(dir, file.replace(/\.json$/, '.meta.json'));
			return {
				name: `${prefix}${file}`,
				body: JSON.parse(readFileSync(path.join(dir, file), 'utf8')),
				meta: existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as Meta) : null,
			};
		});
}

/**
 * The carrier's folder, plus the carrier answers a scenario keeps beside itself (scenarios/<name>/<carrier>-*.json).
 */
function fixturesOf(carrier: CarrierCode): Array<{ name: string; body: unknown; meta: Meta | null }> {
	const own = bodiesIn(path.join(ROOT, carrier), '');
	const scenarios = path.join(ROOT, 'scenarios');
	const inScenarios = existsSync(scenarios)
		? readdirSync(scenarios, { withFileTypes: true })
				.filter((entry) => entry.isDirectory())
				.flatMap((entry) => bodiesIn(path.join(scenarios, entry.name), `scenarios/${entry.name}/`))
				.filter((f) => (f.meta?.vendor ?? path.basename(f.name).split('-')[0]) === carrier)
		: [];
	return [...own, ...inScenarios];
}

/** Answers the tracker's token request, then every track request with the fixture as recorded. */
function fixtureTransport(status: number, body: unknown): Transport {
	return (async (request: HttpRequest): Promise<HttpResponse> => {
		if (/token/.test(request.operation ?? ''))
			return {
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: { access_token: 'fixture-token', token_type: 'Bearer', expires_in: 3599 },
			};
		return { status, headers: { 'content-type': 'application/json' }, body };
	}) as unknown as Transport;
}

function utc(iso: string | null | undefined): string | null {
	if (!iso) return null;
	const dt = DateTime.fromISO(iso, { setZone: true });
	return dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: true })!.replace('.000', '') : `invalid:${iso}`;
}

/** The carrier's promise in the corpus' words: a date, or an instant in UTC. */
function promiseOf(value: string | null | undefined): Promised {
	if (!value) return null;
	return /^\d{4}-\d{2}-\d{2}$/.test(value) ? { date: value } : { instantUtc: utc(value)! };
}

function expectedPromise(value: Promised | undefined): Promised {
	if (!value) return null;
	return value.date ? { date: value.date } : { instantUtc: utc(value.instantUtc)! };
}

interface EventFact {
	at?: string | null;
	status?: string;
	local?: string | null;
	zone?: string | null;
	uncertain?: boolean;
	physicalScan?: boolean;
}

/**
 * Each expected event in the corpus' vocabulary: `at` is its instant (for an unresolved zone, the latest
 * instant it can mean); a date-only event (no time of day) is compared by its date and zone alone.
 */
function expectedEvent(e: ExpectedEvent & { dateOnly?: boolean }): EventFact {
	const physical = e.physicalScan === undefined ? {} : { physicalScan: e.physicalScan };
	if (e.dateOnly) return { status: e.status, local: e.local, zone: e.zone ?? null, ...physical };
	if (e.atUncertain)
		return { at: utc(e.latestUtc), status: e.status, local: e.local, zone: null, uncertain: true, ...physical };
	if (e.local !== undefined) {
		const at = e.utc ?? (e.zone ? DateTime.fromISO(e.local, { zone: e.zone }).toISO() : null);
		return { at: utc(at), status: e.status, local: e.local, zone: e.zone ?? null, uncertain: false, ...physical };
	}
	return { at: utc(e.utc), status: e.status, uncertain: false, ...physical };
}

/** Our event shown with the keys the expectation has, so the diff names only what differs. */
function shownEvent(event: TrackResult['events'][number], like: EventFact): EventFact {
	const shown: EventFact = {};
	if ('at' in like) shown.at = utc(event.at);
	shown.status = event.status;
	if ('local' in like) shown.local = event.localTime ?? null;
	if ('zone' in like) shown.zone = event.timeZone ?? null;
	if ('uncertain' in like) shown.uncertain = event.atUncertain === true;
	if ('physicalScan' in like) shown.physicalScan = event.physicalScan ?? event.status !== 'pre_transit';
	return shown;
}

/** Pairs each expected event with ours by its wall time (or instant); ours left over are shown as extra. */
function pairEvents(result: TrackResult, expected: ExpectedEvent[]): { shown: unknown[]; wanted: unknown[] } {
	const unused = [...result.events];
	const shown: unknown[] = [];
	const wanted: unknown[] = [];
	for (const e of expected) {
		const like = expectedEvent(e);
		wanted.push(like);
		const index = unused.findIndex((a) => (e.local !== undefined ? a.localTime === e.local : utc(a.at) === like.at));
		if (index < 0) shown.push({ missing: like });
		else shown.push(shownEvent(unused.splice(index, 1)[0], like));
	}
	for (const extra of unused)
		shown.push({ extra: { at: extra.at, status: extra.status, local: extra.localTime ?? null } });
	return { shown, wanted };
}

function compare(result: TrackResult, expected: ExpectedParcel) {
	const shown: Record<string, unknown> = {};
	const wanted: Record<string, unknown> = {};
	if (expected.found === false) {
		expect({ found: result.found, events: result.events }).toEqual({ found: false, events: [] });
		return;
	}
	expect(result.found).toBe(true);
	if ('status' in expected) {
		shown.status = result.status;
		wanted.status = expected.status;
	}
	if ('deliveredAtUtc' in expected) {
		shown.deliveredAtUtc = utc(result.deliveredAt);
		wanted.deliveredAtUtc = utc(expected.deliveredAtUtc);
	}
	if ('estimate' in expected) {
		shown.estimate = promiseOf(result.estimatedDelivery);
		wanted.estimate = expectedPromise(expected.estimate);
	}
	if ('commitment' in expected) {
		shown.commitment = promiseOf(result.commitment);
		wanted.commitment = expectedPromise(expected.commitment);
	}
	if ('destinationZone' in expected) {
		shown.destinationZone = result.destinationTimeZone ?? null;
		wanted.destinationZone = expected.destinationZone;
	}
	if ('estimatedWindow' in expected) {
		const w = expected.estimatedWindow;
		shown.estimatedWindow = result.estimatedWindow
			? { from: promiseOf(result.estimatedWindow.from), to: promiseOf(result.estimatedWindow.to) }
			: null;
		wanted.estimatedWindow = w
			? {
					from: w.fromUtc ? { instantUtc: utc(w.fromUtc) } : promiseOf(w.from),
					to: w.toUtc ? { instantUtc: utc(w.toUtc) } : promiseOf(w.to),
				}
			: null;
	}
	if (expected.estimateEndsUtc && expected.estimate?.date && expected.destinationZone) {
		// A date estimate ends at the end of that day where the parcel is going.
		const end = DateTime.fromISO(expected.estimate.date, { zone: result.destinationTimeZone ?? 'invalid' }).plus({
			days: 1,
		});
		shown.estimateEndsUtc = end.isValid ? utc(end.toISO()) : null;
		wanted.estimateEndsUtc = utc(expected.estimateEndsUtc);
	}
	if (expected.events) {
		const pairs = pairEvents(result, expected.events);
		shown.events = pairs.shown;
		wanted.events = pairs.wanted;
	}
	expect(shown).toEqual(wanted);
}

/**
 * Fixtures whose expectation disagrees with the other fixtures of the same carrier and with what the
 * vendor documents; each says why. Never edited here: reported to the corpus' authors.
 */
const DISAGREEMENTS: Record<string, string> = {
	'scenarios/1001-shipstation-date-only-ship-date/ups-1Z4R8W290310010012-in-transit.json':
		'expects commitment null with SDD 2026-12-07 present; Tracking.yaml DeliveryDate calls SDD the Scheduled ' +
		'Delivery Date and ups/track-1ZA8V2690348150728-in-transit expects it as the commitment (the first promise)',
	'scenarios/1009-return-parcel/ups-1Z4R8W290310090016-delivered.json':
		'expects the SDD as the estimate of a delivered parcel (DEL present); ups/track-1ZA8V2690348150728-delivered ' +
		'expects no estimate once DEL is there and the SDD as commitment',
};

function expectedParcels(meta: Meta): ExpectedParcel[] {
	const expectation = meta.expect ?? {};
	return expectation.parcels ?? [expectation];
}

describe.each(CARRIERS)('%s: the clean-room corpus read by our tracker', (carrier) => {
	const fixtures = fixturesOf(carrier);
	// Tracking reads only: pushes and subscription calls belong to the Carrier Tracking Trigger's tests.
	const reads = fixtures.filter((f) => f.meta?.kind !== 'webhook' && TRACK_READ[carrier].test(f.meta?.http?.url ?? ''));

	if (fixtures.length === 0) {
		it.skip(`skipped: no fixtures under test/fixtures/vendor-native/${carrier} yet`, () => undefined);
		return;
	}

	it.each(fixtures.map((f) => [f.name, f] as const))('%s has its documented expectations', (_name, fixture) => {
		expect(fixture.meta).not.toBeNull();
		expect(fixture.meta!.expect).toEqual(expect.any(Object));
	});

	for (const fixture of reads.filter((f) => f.meta?.expect)) {
		// A fixture whose expectation contradicts the rest of the corpus and the vendor's words is kept as is (the
		// clean-room writers own it) and runs as a known failure: when it is corrected, this turns red to be removed.
		const disagreement = DISAGREEMENTS[fixture.name];
		(disagreement ? it.failing : it)(
			disagreement ? `${fixture.name} (known disagreement: ${disagreement})` : fixture.name,
			() => readMatches(carrier, fixture),
		);
	}
});

async function readMatches(carrier: CarrierCode, fixture: { body: unknown; meta: Meta | null }) {
	{
		const meta = fixture.meta!;
		const parcels = expectedParcels(meta);
		expect(parcels.length).toBeGreaterThan(0);
		for (const parcel of parcels) {
			expect(parcel.trackingNumber).toEqual(expect.any(String));
			const tracker = createTracker(carrier, fixtureTransport(meta.http?.status ?? 200, fixture.body), {
				clientId: 'id',
				clientSecret: 'secret',
				apiKey: 'key',
				baseUrl: 'https://fixture.test',
			});
			const [result] = await tracker.trackBatch([parcel.trackingNumber!]);
			expect(result.trackingNumber).toBe(parcel.trackingNumber);
			compare(result, parcel);
		}
	}
}
