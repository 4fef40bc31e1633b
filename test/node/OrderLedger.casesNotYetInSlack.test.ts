/**
 * List Exceptions with "Only Cases Not Yet in Slack": the stuck-order alerts' catch-up for cases the event
 * processor saved while Slack could not be reached. Through n8n's engine on the embedded ledger: a case with a
 * message is never listed, a case changed within "Unchanged For (Minutes)" is left to the run posting it, and a
 * quiet time that is not a number of minutes stops the node with the parameter's name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openLedger } from '../../nodes/lib/ledger';
import { closeIdleEmbedded } from '../../nodes/lib/ledger/sql/pgliteDriver';
import { OrderLedger } from '../../nodes/OrderLedger/OrderLedger.node';
import { runNode } from '../helpers/n8n';
import { at } from '../integration/ledger/fixtures';

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'pp-ledger-not-in-slack-'));
afterAll(async () => {
	await closeIdleEmbedded();
	rmSync(dir, { recursive: true, force: true });
});

const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const T = at(10);

const listCases = (parameters: Record<string, unknown>, now = T) =>
	runNode({
		nodeType: new OrderLedger(),
		parameters: {
			backend: 'embedded',
			dataDirectory: dir,
			now,
			operation: 'listExceptions',
			caseState: 'open',
			caseLimit: 100,
			...parameters,
		},
	});
const ids = (res: Awaited<ReturnType<typeof listCases>>) => res.outputs[0].map((i) => i.json.id).sort();

beforeAll(async () => {
	const ledger = await openLedger({ backend: 'embedded', dataDir: dir });
	try {
		// Each problem started a day before T (openedAt): the quiet time is judged by when the case was saved.
		const open = (id: string, savedAt: string) =>
			ledger.openException(
				{
					id,
					orderKey: id.split(':')[0],
					type: 'fulfillment_stuck',
					severity: 'high',
					openedAt: minutesAfter(T, -24 * 60),
				},
				savedAt,
			);
		// saved 2 h before T and posted; saved 2 h before T and never posted; saved 3 minutes before T, not posted yet
		await open('1001:fulfillment_stuck', minutesAfter(T, -120));
		await ledger.setExceptionMessageRef(
			'1001:fulfillment_stuck',
			{ channel: 'C1', ts: '1.000100' },
			minutesAfter(T, -119),
		);
		await open('1002:fulfillment_stuck', minutesAfter(T, -120));
		await open('1003:fulfillment_stuck', minutesAfter(T, -3));
		// and one posted-never case that was resolved: the catch-up lists open cases only
		await open('1004:fulfillment_stuck', minutesAfter(T, -120));
		await ledger.resolveException('1004:fulfillment_stuck', 'cleared', minutesAfter(T, -100));
	} finally {
		await ledger.close();
	}
});

describe('List Exceptions, Only Cases Not Yet in Slack', () => {
	it('off: every open case, posted or not', async () => {
		const res = await listCases({});
		expect(res.error).toBeUndefined();
		expect(ids(res)).toEqual(['1001:fulfillment_stuck', '1002:fulfillment_stuck', '1003:fulfillment_stuck']);
	});

	it('on: the open cases without a message that nobody changed for 10 minutes (the default)', async () => {
		const res = await listCases({ notYetInSlack: true });
		expect(res.error).toBeUndefined();
		expect(ids(res)).toEqual(['1002:fulfillment_stuck']);
		expect(res.outputs[0][0].json.slack).toBeNull();
	});

	it('a case saved 3 minutes ago is left to its run, and listed once the quiet time has passed', async () => {
		expect(ids(await listCases({ notYetInSlack: true, unpostedQuietMinutes: 0 }))).toEqual([
			'1002:fulfillment_stuck',
			'1003:fulfillment_stuck',
		]);
		expect(ids(await listCases({ notYetInSlack: true }, minutesAfter(T, 8)))).toEqual([
			'1002:fulfillment_stuck',
			'1003:fulfillment_stuck',
		]);
	});

	it('a quiet time that is not 0 or more stops the node and names the parameter', async () => {
		const res = await listCases({ notYetInSlack: true, unpostedQuietMinutes: -5 });
		expect(res.error?.message).toBe('"Unchanged For (Minutes)" must be 0 or more (got -5)');
		expect(res.error?.description).toMatch(/10 by default/);
	});
});
