/** Pure rules of the ledger: back-off, durations, percentiles, "stuck", report buckets, validation, errors. */
import fc from 'fast-check';

import { checkBaseSchema, EXPECTED_TABLES } from '../../../nodes/lib/ledger/airtable/schema';
import { chunk10, formulaString } from '../../../nodes/lib/ledger/airtable/client';
import { addSeconds, isExhausted, retryDelaySeconds } from '../../../nodes/lib/ledger/backoff';
import { classifyPostgresError, LedgerError } from '../../../nodes/lib/ledger/errors';
import { defaultEmbeddedDir } from '../../../nodes/lib/ledger';
import {
	buildExceptionReport,
	isStuck,
	median,
	percentile,
	summariseStuck,
	withDurations,
} from '../../../nodes/lib/ledger/report';
import type { LedgerException } from '../../../nodes/lib/ledger/types';
import { assertNoNul, canonicalJson, sameOrderContent } from '../../../nodes/lib/ledger/validate';
import { bareRecord } from '../../integration/ledger/fixtures';

describe('back-off', () => {
	it('stays within [ceiling/2, ceiling], doubles per attempt and respects the cap', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempts, r) => {
				const ceiling = Math.min(3600, 60 * 2 ** (attempts - 1));
				const d = retryDelaySeconds(attempts, 60, 3600, () => r);
				return d >= ceiling / 2 && d <= ceiling;
			}),
		);
		expect(retryDelaySeconds(1, 60, 3600, () => 0)).toBe(30);
		expect(retryDelaySeconds(4, 60, 3600, () => 0)).toBe(240);
		expect(retryDelaySeconds(30, 60, 3600, () => 0.999999)).toBeLessThanOrEqual(3600);
	});
	it('is exhausted at max attempts, and adds seconds to ISO times', () => {
		expect(isExhausted(2, 3)).toBe(false);
		expect(isExhausted(3, 3)).toBe(true);
		expect(addSeconds('2026-01-01T00:00:00.000Z', 90.4)).toBe('2026-01-01T00:01:30.400Z');
	});
});

describe('statistics', () => {
	it('median and nearest-rank p90', () => {
		expect(median([])).toBeNull();
		expect(median([5])).toBe(5);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(percentile([], 90)).toBeNull();
		expect(
			percentile(
				Array.from({ length: 10 }, (_, i) => i + 1),
				90,
			),
		).toBe(9);
		expect(
			percentile(
				Array.from({ length: 100 }, (_, i) => i + 1),
				90,
			),
		).toBe(90);
		expect(percentile([7], 90)).toBe(7);
	});
});

describe('stuck', () => {
	const now = '2026-03-10T00:00:00.000Z';
	it('open exception always; non-terminal stage only past the threshold; terminal stages never', () => {
		expect(isStuck(bareRecord('a', 'awaiting_fulfillment', '2026-03-08T00:00:00.000Z'), false, now, 48 * 3600)).toBe(
			true,
		);
		expect(isStuck(bareRecord('a', 'awaiting_fulfillment', '2026-03-08T00:00:01.000Z'), false, now, 48 * 3600)).toBe(
			false,
		);
		expect(isStuck(bareRecord('a', 'delivered', '2026-01-01T00:00:00.000Z'), false, now, 1)).toBe(false);
		expect(isStuck(bareRecord('a', 'delivered', now, ['delivery_failed']), false, now, 1e9)).toBe(true);
		expect(isStuck(bareRecord('a', 'shipped', now), true, now, 1e9)).toBe(true);
	});
	it('summary counts an order once, and every open type (record or ledger case) once per order', () => {
		const s = summariseStuck(
			[bareRecord('a', 'shipped', now, ['tracking_missing']), bareRecord('b', 'shipped', now)],
			new Map([['a', ['tracking_missing', 'delivery_late']]]) as never,
			now,
			3600,
		);
		expect(s).toMatchObject({
			total: 1,
			byStage: { shipped: 1 },
			byExceptionType: { tracking_missing: 1, delivery_late: 1 },
		});
	});
});

describe('exception report', () => {
	const mk = (id: string, openedAt: string, resolvedAt: string | null = null): LedgerException =>
		({
			...withDurations(
				{ id, orderKey: id, type: 'delivery_late', severity: 'low', openedAt, evidence: {}, resolvedAt },
				'2026-03-22T00:00:00.000Z',
			),
			slack: null,
			updatedAt: openedAt,
		}) as LedgerException;
	it('ignores cases opened before the window but keeps them as open cases; percent change from 0 is null', () => {
		const r = buildExceptionReport(
			[mk('old', '2026-01-01T00:00:00.000Z'), mk('w2', '2026-03-20T00:00:00.000Z', '2026-03-20T06:00:00.000Z')],
			'2026-03-22T00:00:00.000Z',
			2,
		);
		expect(r.countsByType).toEqual({ delivery_late: 1 });
		expect(r.trend.map((w) => w.opened)).toEqual([0, 1]);
		expect(r.trend[1].openedChangePct).toBeNull();
		expect(r.openCases.map((c) => c.id)).toEqual(['old']);
		expect(r.timeToResolveSeconds).toEqual({ count: 1, median: 6 * 3600, p90: 6 * 3600 });
	});
	it('durations are derived from timestamps', () => {
		expect(
			withDurations(
				{ openedAt: '2026-01-01T00:00:00Z', ackedAt: '2026-01-01T01:00:00Z', resolvedAt: null },
				'2026-01-01T03:00:00Z',
			),
		).toMatchObject({
			secondsToAcknowledge: 3600,
			secondsToResolve: null,
			ageSeconds: 3 * 3600,
		});
	});
});

describe('validation', () => {
	it('names the path of a NUL character', () => {
		expect(() => assertNoNul({ a: [{ b: 'x\u0000' }] }, 'payload')).toThrow(/payload\.a\[0\]\.b/);
		expect(() => assertNoNul({ ok: 'fine 📦 𝄞' }, 'payload')).not.toThrow();
		expect(() => assertNoNul({ t: ['ok', 'half \ud83d of an emoji'] }, 'payload')).toThrow(
			/payload\.t\[1\].*unpaired UTF-16 surrogate/,
		);
	});
	it('canonical JSON ignores key order, and records differing only in version/updatedAt are the same content', () => {
		expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
		const r = bareRecord('x', 'placed', '2026-01-01T00:00:00.000Z');
		expect(sameOrderContent(r, { ...r, version: 9, updatedAt: 'later' })).toBe(true);
		expect(sameOrderContent(r, { ...r, stage: 'shipped' })).toBe(false);
	});
});

describe('PostgreSQL error classification', () => {
	it.each([
		[
			{ code: 'ECONNREFUSED', address: '127.0.0.1', port: 5432, message: 'connect ECONNREFUSED 127.0.0.1:5432' },
			'connection_failed',
			/connection refused at 127\.0\.0\.1:5432/,
		],
		[
			{ code: '57P01', message: 'terminating connection due to administrator command' },
			'connection_failed',
			/administrator/,
		],
		[{ code: '28P01', message: 'password authentication failed' }, 'auth_failed', /password/],
		[{ code: '3D000', message: 'database "x" does not exist' }, 'database_missing', /does not exist/],
		[{ code: '42501', message: 'permission denied for schema s' }, 'permission_denied', /permission/],
		[{ code: '42P01', message: 'relation "pp_events" does not exist' }, 'table_missing', /pp_events/],
		[{ code: '23505', message: 'duplicate key' }, 'backend_error', /duplicate/],
	])('%o -> %s', (err, code, message) => {
		const e = classifyPostgresError(err, 'test');
		expect(e).toBeInstanceOf(LedgerError);
		expect(e.code).toBe(code);
		expect(e.message).toMatch(message);
		expect(e.message).not.toMatch(/ECONNREFUSED/);
		expect(e.hint.length).toBeGreaterThan(20);
	});
});

describe('Airtable helpers', () => {
	it('formula strings escape quotes and backslashes', () => {
		expect(formulaString("O'Brien \\ x")).toBe("'O\\'Brien \\\\ x'");
	});
	it('chunks writes into groups of at most 10', () => {
		expect(chunk10(Array.from({ length: 23 }, (_, i) => i)).map((c) => c.length)).toEqual([10, 10, 3]);
		expect(chunk10([])).toEqual([]);
	});
	it('Setup check reports wrong field types and a wrong primary field with the fix', () => {
		const tables = Object.entries(EXPECTED_TABLES).map(([name, fields], t) => ({
			id: `tbl${t}`,
			name,
			primaryFieldId: `f${t}_0`,
			fields: fields.map((f, i) => ({ id: `f${t}_${i}`, name: f.name, type: f.types[0] })),
		}));
		expect(checkBaseSchema(tables)).toEqual([]);
		tables[0].fields[5].type = 'checkbox';
		tables[1].primaryFieldId = 'f1_1';
		const problems = checkBaseSchema(tables);
		expect(problems).toEqual([
			expect.objectContaining({
				table: tables[0].name,
				field: tables[0].fields[5].name,
				problem: 'wrong_type',
				fix: expect.stringContaining('from checkbox to'),
			}),
			expect.objectContaining({
				table: tables[1].name,
				problem: 'wrong_primary',
				fix: expect.stringContaining('primary (first) field'),
			}),
		]);
	});
});

describe('embedded default directory', () => {
	it('lives beside n8n data: N8N_USER_FOLDER/.n8n or ~/.n8n', () => {
		expect(defaultEmbeddedDir({ N8N_USER_FOLDER: '/data' })).toBe('/data/.n8n/post-purchase-ledger');
		expect(defaultEmbeddedDir({})).toMatch(/\.n8n\/post-purchase-ledger$/);
	});
});

describe('Airtable pacing as the server counts it', () => {
	it('never lets 6 requests arrive within one second, whatever the latency (simulated clock)', async () => {
		const { ArrivalSafePacer } = await import('../../../nodes/lib/ledger/airtable/client');
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.record({ up: fc.integer({ min: 0, max: 400 }), down: fc.integer({ min: 0, max: 400 }) }), {
					minLength: 20,
					maxLength: 40,
				}),
				fc.integer({ min: 1, max: 4 }),
				async (latencies, concurrency) => {
					let clock = 0;
					// A tiny discrete-event loop: sleeping advances the simulated clock.
					const timers: Array<{ at: number; resolve: () => void }> = [];
					const wait = (ms: number) => new Promise<void>((resolve) => timers.push({ at: clock + ms, resolve }));
					const pacer = new ArrivalSafePacer(5, () => clock, wait);
					const arrivals: number[] = [];
					let next = 0;
					const worker = async () => {
						while (next < latencies.length) {
							const { up, down } = latencies[next++];
							await pacer.acquire();
							await wait(up);
							arrivals.push(clock);
							await wait(down);
							pacer.release();
						}
					};
					const done = Promise.all(Array.from({ length: concurrency }, worker));
					let finished = false;
					void done.then(() => (finished = true));
					while (!finished) {
						await new Promise((r) => setImmediate(r));
						if (timers.length === 0) continue;
						timers.sort((a, b) => a.at - b.at);
						const t = timers.shift()!;
						clock = Math.max(clock, t.at);
						t.resolve();
					}
					arrivals.sort((a, b) => a - b);
					for (let i = 5; i < arrivals.length; i++) if (arrivals[i] - arrivals[i - 5] < 1000) return false;
					return true;
				},
			),
			{ numRuns: 30 },
		);
	});
});
