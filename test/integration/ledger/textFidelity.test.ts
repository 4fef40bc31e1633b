/**
 * Ledger text fidelity (issue 15): every text the ledger is given is either stored exactly (read back
 * equal, character for character) or refused with a LedgerError naming the field, on all three
 * backends. Before: a lone surrogate in source, worker, replayed-by or a Slack ts came back as U+FFFD,
 * and a key over PostgreSQL's index limit failed with an "index row size" error naming no field.
 * PostgreSQL runs when PP_TEST_POSTGRES_URL is set (postgres://postgres@127.0.0.1:5432/test).
 */
import type { LedgerStore, NewEvent } from '../../../nodes/lib/ledger/types';
import { LedgerError } from '../../../nodes/lib/ledger/errors';
import { MAX_KEY_BYTES, MAX_TRACKING_NUMBER_BYTES } from '../../../nodes/lib/ledger/validate';
import {
	airtableBackend,
	embeddedBackend,
	POSTGRES_URL,
	postgresAvailable,
	postgresBackend,
	type BackendHandle,
} from './backends';
import { at, bareRecord } from './fixtures';

jest.setTimeout(120_000);

const NOW = at(0);
const LONE = 'half \uD83D of an emoji';
/** Text every backend must keep exactly: astral characters, combining marks, quotes, RTL, a long line. */
const EXACT = 'Zoë 📦 𝄞 «ünïcödé» \u05E9\u05DC\u05D5\u05DD e\u0301 "quoted" \\ back';

function event(overrides: Partial<NewEvent> = {}): NewEvent {
	return { key: 'evt-1', source: 'shopify', topic: 'orders/create', orderKey: '1001', payload: { a: 1 }, ...overrides };
}

/** A string of exactly `bytes` UTF-8 bytes, written in 4-byte characters where it can be. */
function ofBytes(bytes: number): string {
	return '📦'.repeat(Math.floor(bytes / 4)) + 'k'.repeat(bytes % 4);
}

async function refusal(promise: Promise<unknown>): Promise<LedgerError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(LedgerError);
	expect((error as LedgerError).code).toBe('invalid_input');
	return error as LedgerError;
}

const backends: Array<[string, () => Promise<BackendHandle | null>]> = [
	['embedded (PGlite)', embeddedBackend],
	['PostgreSQL', async () => (POSTGRES_URL && (await postgresAvailable()) ? postgresBackend() : null)],
	['Airtable (fake)', airtableBackend],
];

describe.each(backends)('ledger text fidelity on %s', (name, make) => {
	let handle: BackendHandle | null;
	let store: LedgerStore;
	beforeAll(async () => {
		handle = await make();
		if (!handle) console.warn(`skipped: ${name} (PP_TEST_POSTGRES_URL not set or unreachable)`);
		else store = await handle.open();
	});
	afterAll(async () => {
		await store?.close();
		await handle?.dispose();
	});
	beforeEach(async () => {
		await handle?.reset();
		if (handle) store = await handle.open();
	});
	const live = () => handle !== null;

	it('stores source, key, order key, topic, payload, worker and Slack ts exactly', async () => {
		if (!live()) return;
		const key = `key ${EXACT}`;
		const appended = await store.appendEvent(
			event({ key, source: `src ${EXACT}`, topic: EXACT, orderKey: `1001 ${EXACT}`, payload: { text: EXACT } }),
			NOW,
		);
		expect(appended.status).toBe('new');
		const [claimed] = await store.claimBatch({
			worker: `worker ${EXACT}`,
			limit: 1,
			leaseSeconds: 60,
			maxAttempts: 3,
			now: NOW,
		});
		expect(claimed).toMatchObject({
			key,
			source: `src ${EXACT}`,
			topic: EXACT,
			orderKey: `1001 ${EXACT}`,
			payload: { text: EXACT },
		});
		const opened = await store.openException(
			{ id: `case ${EXACT}`, orderKey: '1001', type: 'tracking_stalled', severity: 'high', openedAt: NOW },
			NOW,
		);
		expect(opened.exception.id).toBe(`case ${EXACT}`);
		const withRef = await store.setExceptionMessageRef(
			`case ${EXACT}`,
			{ channel: 'C1', ts: '1712345678.000100' },
			NOW,
		);
		expect(withRef.slack).toMatchObject({ channel: 'C1', ts: '1712345678.000100' });
	});

	it.each([
		['source', () => event({ source: `shopify${LONE}` })],
		['key', () => event({ key: `evt${LONE}` })],
		['orderKey', () => event({ orderKey: `1001${LONE}` })],
		['topic', () => event({ topic: `orders/create${LONE}` })],
		['payload.note', () => event({ payload: { note: LONE } })],
		['source', () => event({ source: 'shop\u0000ify' })],
		['key', () => event({ key: 'evt\u0000' })],
	])('refuses an event whose %s is not storable text, naming it', async (field, make) => {
		if (!live()) return;
		const error = await refusal(store.appendEvent(make(), NOW));
		expect(error.message.startsWith(`${field}:`)).toBe(true);
		expect(error.message).toMatch(/NUL|unpaired UTF-16 surrogate/);
		expect(await store.listEvents({ limit: 10 })).toEqual([]);
	});

	it(`takes a key of exactly ${MAX_KEY_BYTES} UTF-8 bytes and refuses one byte more, stating the limit`, async () => {
		if (!live()) return;
		const longest = ofBytes(MAX_KEY_BYTES);
		expect((await store.appendEvent(event({ key: longest }), NOW)).status).toBe('new');
		expect((await store.listEvents({ limit: 5 }))[0].key).toBe(longest);
		const error = await refusal(store.appendEvent(event({ key: `${longest}x` }), NOW));
		expect(error.message).toMatch(
			new RegExp(`^key: is ${MAX_KEY_BYTES + 1} bytes long; .*at most ${MAX_KEY_BYTES} bytes`),
		);
		const orderKey = await refusal(store.appendEvent(event({ key: 'k2', orderKey: ofBytes(4000) }), NOW));
		expect(orderKey.message).toMatch(/^orderKey: is 4000 bytes long/);
	});

	it('refuses a worker, a replayed-by and a Slack ts with a broken character, naming each', async () => {
		if (!live()) return;
		await store.appendEvent(event(), NOW);
		const claim = { limit: 1, leaseSeconds: 60, maxAttempts: 3, now: NOW };
		expect((await refusal(store.claimBatch({ ...claim, worker: `w${LONE}` }))).message).toMatch(/^worker:/);
		const [e] = await store.claimBatch({ ...claim, worker: 'w' });
		expect((await refusal(store.replay([e.id], `ops${LONE}`, NOW))).message).toMatch(/^replayed by:/);
		await store.openException({ id: 'c1', orderKey: '1001', type: 'tracking_stalled', severity: 'high' }, NOW);
		const ts = await refusal(store.setExceptionMessageRef('c1', { channel: 'C1', ts: `1712345678.0001${LONE}` }, NOW));
		expect(ts.message).toMatch(/^slack ts:/);
		const owner = await refusal(store.acknowledgeException('c1', `U1${LONE}`, NOW));
		expect(owner.message).toMatch(/^owner:/);
		expect((await store.getException('c1', NOW))?.slack ?? null).toBeNull();
	});

	it('refuses a record with an over-long key or tracking number, and an exception id over the limit', async () => {
		if (!live()) return;
		const record = bareRecord(ofBytes(MAX_KEY_BYTES + 4), 'placed', NOW);
		expect((await refusal(store.upsertOrder(record, NOW))).message).toMatch(/^order\.orderKey: is 1004 bytes/);
		const parcel = bareRecord('1001', 'shipped', NOW);
		parcel.shipments = [{ key: 'p1', seenBy: ['shipstation'], trackingNumber: ofBytes(MAX_TRACKING_NUMBER_BYTES + 1) }];
		const tn = await refusal(store.upsertOrder(parcel, NOW));
		expect(tn.message).toMatch(
			/^order\.shipments\[0\]\.trackingNumber: is 501 bytes long; a tracking number may be at most 500/,
		);
		const id = await refusal(
			store.openException({ id: ofBytes(2000), orderKey: '1001', type: 'tracking_stalled', severity: 'high' }, NOW),
		);
		expect(id.message).toMatch(/^exception\.id: is 2000 bytes/);
		expect(await store.getOrder('1001')).toBeNull();
	});
});
