/**
 * Upsert Orders on the SQL ledgers writes a batch in one transaction (issue 14: one transaction per order cost
 * five round trips each in the processor's Save order). It must leave the ledger exactly as writing the orders one
 * by one does: the same results, the same stored records, the same tracking-number links, an invalid record
 * failing alone, an order given twice written in input order, and a row another writer changed since the batch
 * read it merged again rather than overwritten. Statements are counted, never timed.
 */
import { createPgDriver } from '../../../nodes/lib/ledger/sql/pgDriver';
import { createPgliteDriver } from '../../../nodes/lib/ledger/sql/pgliteDriver';
import type { SqlDriver } from '../../../nodes/lib/ledger/sql/driver';
import { SqlLedgerStore } from '../../../nodes/lib/ledger/sqlStore';
import type { UpsertResult } from '../../../nodes/lib/ledger/types';
import { mergeRecords, type OrderRecord } from '../../../nodes/lib/order';
import { dropSchema, POSTGRES_URL, postgresAvailable, uniqueSchema } from './backends';
import { at, bareRecord, delivered, placed, recordFrom, shipped } from './fixtures';

jest.setTimeout(120_000);

/** A driver that counts every statement, inside transactions too. */
function counting(driver: SqlDriver) {
	const statements: string[] = [];
	const wrapped: SqlDriver = {
		...driver,
		close: async () => undefined,
		query: (async (sql: string, params?: unknown[]) => {
			statements.push(sql);
			return await driver.query(sql, params);
		}) as SqlDriver['query'],
		transaction: (fn) =>
			driver.transaction((tx) =>
				fn({
					...tx,
					query: (async (sql: string, params?: unknown[]) => {
						statements.push(sql);
						return await tx.query(sql, params);
					}) as typeof tx.query,
				}),
			),
	};
	return { driver: wrapped, statements };
}

type Merge = ConstructorParameters<typeof SqlLedgerStore>[3];

interface Backend {
	name: 'embedded' | 'postgres';
	/** Two independent ledgers (one written one by one, one in batches) and a way to drop them. */
	open(): Promise<{ a: Opened; b: Opened; close(): Promise<void> }>;
}

interface Opened {
	driver: SqlDriver;
	store(driver?: SqlDriver, merge?: Merge): SqlLedgerStore;
}

const keep = (driver: SqlDriver): SqlDriver => ({ ...driver, close: async () => undefined });

const backends: Backend[] = [
	{
		name: 'embedded',
		async open() {
			const [a, b] = await Promise.all([createPgliteDriver(undefined), createPgliteDriver(undefined)]);
			const opened = (driver: SqlDriver): Opened => ({
				driver,
				store: (d = driver, merge) => new SqlLedgerStore(keep(d), 'embedded', undefined, merge),
			});
			return { a: opened(a), b: opened(b), close: async () => void (await Promise.all([a.close(), b.close()])) };
		},
	},
	{
		name: 'postgres',
		async open() {
			const schemas = [uniqueSchema('ppbatch'), uniqueSchema('ppbatch')];
			const drivers = schemas.map((schema) => createPgDriver({ connectionString: POSTGRES_URL!, schema }));
			const opened = (i: number): Opened => ({
				driver: drivers[i],
				store: (d = drivers[i], merge) => new SqlLedgerStore(keep(d), 'postgres', schemas[i], merge),
			});
			return {
				a: opened(0),
				b: opened(1),
				close: async () => {
					await Promise.all(drivers.map((d) => d.close()));
					for (const s of schemas) await dropSchema(s);
				},
			};
		},
	},
];

const show = (r: UpsertResult | Error) =>
	r instanceof Error ? `error: ${r.message}` : `${r.status} v${r.record.version} ${r.record.stage}`;

/** What a batch meets: new orders, an order moving on, a stale copy, an unchanged one, a bad one, a repeat. */
function batchAndHistory() {
	const before: OrderRecord[] = [
		recordFrom([placed('B1', 0)], 1),
		recordFrom([placed('B2', 0), shipped('B2', 24, '1ZBATCHOLD0002')], 25),
		recordFrom([placed('B3', 0), shipped('B3', 24), delivered('B3', 60)], 61),
		recordFrom([placed('B4', 0)], 1),
	];
	const invalid = { ...bareRecord('B9', 'placed', at(1)), stage: 'teleported' } as unknown as OrderRecord;
	const batch: OrderRecord[] = [
		recordFrom([placed('B1', 0), shipped('B1', 24, '1ZBATCHNEW0001')], 25), // moves on, gains a parcel
		recordFrom([placed('B2', 0), shipped('B2', 24, '1ZBATCHNEW0002')], 25), // the same shipment, relabelled
		recordFrom([placed('B3', 0), shipped('B3', 24)], 25), // stale: merged, never back from delivered
		recordFrom([placed('B4', 0)], 1), // unchanged
		recordFrom([placed('N1', 0)], 1), // new
		invalid,
		recordFrom([placed('N2', 0), shipped('N2', 24, '1ZBATCHNEWN002')], 25), // new, with a parcel
		// B1 again, delivered: written after its first copy
		recordFrom([placed('B1', 0), shipped('B1', 24, '1ZBATCHNEW0001'), delivered('B1', 50, '1ZBATCHNEW0001')], 51),
	];
	return { before, batch };
}

const PARCELS = ['1ZBATCHOLD0002', '1ZBATCHNEW0001', '1ZBATCHNEW0002', '1ZBATCHNEWN002', '1ZB3'];

describe.each(backends)('Upsert Orders in one transaction ($name)', (backend) => {
	let available = true;
	beforeAll(async () => {
		if (backend.name === 'postgres') available = await postgresAvailable();
	});

	it('leaves the ledger as writing the orders one by one does, in a handful of statements', async () => {
		if (!available) return console.warn('skipped: PostgreSQL not available (PP_TEST_POSTGRES_URL)');
		const { a, b, close } = await backend.open();
		try {
			const oneByOne = a.store();
			const counted = counting(b.driver);
			const batched = b.store(counted.driver);
			const { before, batch } = batchAndHistory();
			for (const store of [oneByOne, batched]) for (const r of before) await store.upsertOrder(r, at(70));

			const expected: Array<UpsertResult | Error> = [];
			for (const r of batch) expected.push(await oneByOne.upsertOrder(r, at(80)).catch((e: Error) => e));
			counted.statements.length = 0;
			const got = await batched.upsertOrders(batch, at(80));

			expect(got.map(show)).toEqual(expected.map(show));
			// Every path was taken: new, changed, unchanged, refused, and the repeat of B1 after its first copy.
			expect(got.map((r) => (r instanceof Error ? 'error' : r.status))).toEqual([
				'updated',
				'unchanged',
				'updated',
				'unchanged',
				'created',
				'error',
				'created',
				'updated',
			]);
			const keys = ['B1', 'B2', 'B3', 'B4', 'N1', 'N2', 'B9'];
			expect(await batched.getOrders(keys)).toEqual(await oneByOne.getOrders(keys));
			expect(await batched.findParcelOrders(PARCELS)).toEqual(await oneByOne.findParcelOrders(PARCELS));
			// The links were written: B1's parcel (an update) and N2's (a new order) find their orders.
			const links = await batched.findParcelOrders(['1ZBATCHNEW0001', '1ZBATCHNEWN002']);
			expect([...links].map(([n, l]) => [n, l.orderKeys]).sort()).toEqual([
				['1ZBATCHNEW0001', ['B1']],
				['1ZBATCHNEWN002', ['N2']],
			]);
			// One transaction for the six distinct valid orders (begin, read, insert, update, links, commit), then
			// B1's second copy alone (begin, read, update, links, commit): 10 statements and the BEGIN/COMMITs the
			// driver sends itself. One by one it is at least 3 statements per order.
			expect(counted.statements.length).toBeLessThanOrEqual(10);
		} finally {
			await close();
		}
	});

	// PostgreSQL only: embedded has one connection, held by the batch's transaction, so no writer can come between.
	if (backend.name !== 'postgres') return;
	it('a row another writer changed after the batch read it is merged again, not overwritten', async () => {
		if (!available) return console.warn('skipped: PostgreSQL not available (PP_TEST_POSTGRES_URL)');
		const { a, b, close } = await backend.open();
		try {
			void a;
			const other = b.store();
			let raced = false;
			// The merge runs between the batch's read and its write: the other writer delivers R1 right then.
			const racingMerge = async (stored: OrderRecord, incoming: OrderRecord) => {
				if (!raced && incoming.orderKey === 'R1') {
					raced = true;
					await other.upsertOrder(recordFrom([placed('R1', 0), shipped('R1', 24), delivered('R1', 60)], 61), at(61));
				}
				return mergeRecords(stored, incoming);
			};
			const batched = b.store(b.driver, racingMerge);
			await batched.upsertOrders([recordFrom([placed('R1', 0)], 1), recordFrom([placed('R2', 0)], 1)], at(1));
			const got = await batched.upsertOrders(
				[recordFrom([placed('R1', 0), shipped('R1', 24)], 25), recordFrom([placed('R2', 0), shipped('R2', 24)], 25)],
				at(70),
			);
			expect(raced).toBe(true);
			expect(got.map(show)).toEqual(['updated v3 delivered', 'updated v2 shipped']);
			const stored = await batched.getOrder('R1');
			expect([stored!.stage, stored!.version]).toEqual(['delivered', 3]);
		} finally {
			await close();
		}
	});
});
