/**
 * The clean-room push corpus (test/fixtures/vendor-native/{ups,usps}, meta kind "webhook"), written from
 * the carriers' documentation by people who had not read this code: each push must verify or be refused
 * as its meta says (expect.signatureValid), and a valid one must mean what its meta says it means.
 * The raw file bytes are what the carrier sent; the headers and the secret come from the meta.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { DateTime } from 'luxon';
import { handleCarrierPush, type PushConfig, type PushItem } from '../../../nodes/lib/connectors/carriers/pushHandler';
import type { UpsPushAuth } from '../../../nodes/lib/connectors/ups/trackAlert';

const CORPUS = path.resolve(__dirname, '../../fixtures/vendor-native');

interface Meta {
	kind: string;
	receivedAt?: string;
	http: { headers: Record<string, string> };
	secret?: string;
	auth?: { clientId?: string; accessToken?: string };
	expect: {
		signatureValid: boolean;
		trackingNumber: string;
		status?: string;
		deliveredAtUtc?: string | null;
		events?: Array<{ utc?: string; local?: string; zone?: string | null; status: string; physicalScan?: boolean }>;
		estimate?: { date?: string; instantUtc?: string } | null;
		commitment?: { date?: string; instantUtc?: string } | null;
		destinationZone?: string;
	};
}

function pushes(carrier: 'ups' | 'usps'): Array<[string, Meta, Buffer]> {
	const dir = path.join(CORPUS, carrier);
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.meta.json'))
		.map((f) => [f.replace(/\.meta\.json$/, ''), JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Meta] as const)
		.filter(([name, meta]) => meta.kind === 'webhook' && existsSync(path.join(dir, `${name}.json`)))
		.map(([name, meta]) => [name, meta, readFileSync(path.join(dir, `${name}.json`))]);
}

/** What the fixture's author says proves the push: v1 echoes the credential, v2 sends a bearer token and x-api-key. */
function upsAuthOf(meta: Meta): UpsPushAuth {
	const hasCredentialHeader = Object.keys(meta.http.headers).some((h) => h.toLowerCase() === 'credential');
	if (hasCredentialHeader || !meta.auth) return { scheme: 'credential', credential: meta.secret ?? '' };
	return { scheme: 'bearer', accessToken: meta.auth.accessToken ?? meta.secret ?? '', clientId: meta.auth.clientId };
}

/** The trigger's own path (handleCarrierPush), judged at the instant the push was received. */
function deliver(carrier: 'ups' | 'usps', meta: Meta, raw: Buffer) {
	const config: PushConfig =
		carrier === 'ups' ? { carrier, auth: upsAuthOf(meta) } : { carrier, secret: meta.secret ?? '' };
	return handleCarrierPush(config, {
		rawBody: raw,
		headers: meta.http.headers,
		nowMs: Date.parse(meta.receivedAt ?? ''),
	});
}

const sameInstant = (a: string | null | undefined, b: string) =>
	a !== null && a !== undefined && Date.parse(a) === Date.parse(b);

function expectMeaning(item: PushItem, expected: Meta['expect']): void {
	const { observation } = item;
	const result = { ...item, events: observation.data.events ?? [] };
	expect(item.trackingNumber).toBe(expected.trackingNumber);
	expect(observation.data.trackingNumber).toBe(expected.trackingNumber);
	if (expected.status) {
		expect(result.status).toBe(expected.status);
		expect(observation.data.status).toBe(expected.status);
	}
	if ('deliveredAtUtc' in expected) {
		if (expected.deliveredAtUtc === null) expect(result.deliveredAt ?? null).toBeNull();
		else expect(sameInstant(result.deliveredAt, expected.deliveredAtUtc!)).toBe(true);
	}
	for (const event of expected.events ?? []) {
		const found = result.events.find((e) =>
			event.utc
				? sameInstant(e.at, event.utc)
				: DateTime.fromISO(e.at, { setZone: true }).toFormat("yyyy-MM-dd'T'HH:mm:ss") === event.local,
		);
		expect(
			found ? { at: event.utc ?? event.local, status: found.status } : `no event at ${event.utc ?? event.local}`,
		).toEqual({ at: event.utc ?? event.local, status: event.status });
		// A label-created / information-received event is not the carrier handling the parcel (no stall clock).
		if (found && event.physicalScan !== undefined)
			expect(found.physicalScan ?? found.status !== 'pre_transit').toBe(event.physicalScan);
		// The wall time the carrier printed, at the zone the documentation says it is in.
		if (found && event.local && event.zone) {
			const wall = DateTime.fromISO(found.at, { setZone: true }).setZone(event.zone).toFormat("yyyy-MM-dd'T'HH:mm:ss");
			expect(wall).toBe(event.local);
		}
	}
	const promise = (
		value: string | null | undefined,
		wanted: { date?: string; instantUtc?: string } | null | undefined,
	) => {
		if (wanted === undefined) return;
		if (wanted === null) expect(value ?? null).toBeNull();
		else if (wanted.date) expect(value).toBe(wanted.date);
		else expect(sameInstant(value, wanted.instantUtc!)).toBe(true);
	};
	promise(result.estimatedDelivery, expected.estimate);
	promise(observation.data.commitment, expected.commitment);
	// A push alone may not say where the parcel is going (Track Alert has no destination); when the
	// observation does name a zone, it must be the documented one.
	if (expected.destinationZone && observation.data.destinationTimeZone)
		expect(observation.data.destinationTimeZone).toBe(expected.destinationZone);
}

describe.each(['ups', 'usps'] as const)('clean-room %s pushes', (carrier) => {
	const all = pushes(carrier);
	if (all.length === 0) {
		it.skip(`skipped: no ${carrier} webhook fixtures in test/fixtures/vendor-native/${carrier}`, () => undefined);
		return;
	}

	it('the corpus has at least one genuine and one forged push', () => {
		expect(all.some(([, meta]) => meta.expect.signatureValid)).toBe(true);
		expect(all.some(([, meta]) => !meta.expect.signatureValid)).toBe(true);
	});

	it.each(all)('%s: verified as its meta says, and read as it means', (_name, meta, raw) => {
		const answer = deliver(carrier, meta, raw);
		if (!meta.expect.signatureValid) {
			expect(answer).toMatchObject({ status: 401 });
			expect(answer.item).toBeUndefined();
			return;
		}
		expect(answer).toMatchObject({ status: 200, body: { received: true } });
		expectMeaning(answer.item!, meta.expect);
	});
});
